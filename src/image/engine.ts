import type { UserError } from '../ground/errors.js'
import type { ImageEngine } from './types.js'

export interface EngineChoice {
  readonly engine: 'buildx' | 'oci'
  /** Said once in the log when `auto` falls back, so nobody wonders why. */
  readonly notice: string | null
}

/**
 * Which engine builds the image. Pure: `buildxProblem` is what stops docker
 * buildx here (no CLI, no daemon, no plugin), or null when it answers.
 */
export function chooseEngine(
  requested: ImageEngine,
  buildxProblem: UserError | null
): EngineChoice {
  switch (requested) {
    case 'oci':
      return { engine: 'oci', notice: null }
    case 'buildx':
      if (buildxProblem !== null) throw buildxProblem
      return { engine: 'buildx', notice: null }
    case 'auto':
      if (buildxProblem === null) return { engine: 'buildx', notice: null }
      return {
        engine: 'oci',
        notice: `docker buildx is not usable here (${buildxProblem.message.replace(/\.$/, '')}): building with the daemonless writer instead.`
      }
  }
}
