import { UserError } from '../ground/errors.js'
import type { ImageResult } from './types.js'

/**
 * A push failed after the image was built (and smoke-tested). It is a
 * UserError like any other; `result` is there for a report of the local
 * image, and never has a digest.
 */
export class ImagePushError extends UserError {
  constructor(
    message: string,
    details: readonly string[],
    readonly result: ImageResult
  ) {
    super(message, details)
  }
}
