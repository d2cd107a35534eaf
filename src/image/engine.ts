import type { UserError } from '../ground/errors.js'
import type { ImageEngine } from './types.js'

export interface EngineChoice {
  readonly engine: 'buildx' | 'oci'
  /** Said once in the log when `auto` falls back, so nobody wonders why. */
  readonly notice: string | null
}

/** What `auto` says when it builds with the writer because buildx cannot. */
export function fallbackNotice(problem: UserError): string {
  return `docker buildx is not usable here (${problem.message.replace(/\.$/, '')}): building with the daemonless writer instead.`
}

/**
 * Which engine builds the image. Pure: `dockerProblem` is what stops docker
 * here (no CLI, no daemon), or null when a daemon answers. A missing buildx
 * plugin shows only when the build runs; `auto` falls back then.
 */
export function chooseEngine(
  requested: ImageEngine,
  dockerProblem: UserError | null
): EngineChoice {
  switch (requested) {
    case 'oci':
      return { engine: 'oci', notice: null }
    case 'buildx':
      if (dockerProblem !== null) throw dockerProblem
      return { engine: 'buildx', notice: null }
    case 'auto':
      if (dockerProblem === null) return { engine: 'buildx', notice: null }
      return { engine: 'oci', notice: fallbackNotice(dockerProblem) }
  }
}
