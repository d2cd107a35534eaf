import { UserError, messageOf } from '../ground/errors.js'
import { ProgramNotFoundError, type Exec, type ExecResult } from '../ground/exec.js'
import { missingError } from './buildx.js'

const QUICK_TIMEOUT_MS = 60_000

/**
 * How the local engine stores images. The classic store (overlay2 and friends)
 * keys an image by its config digest and takes uncompressed layers in
 * `docker load` as they are; the containerd image store keeps the archive's
 * own manifest and blobs, so it must get the very blobs a registry would.
 */
export type ImageStore = 'classic' | 'containerd' | 'unknown'

/** What the image stage needs to know of the local Docker before it picks an engine. */
export interface EngineProbe {
  /**
   * What stops every docker-based step here (no CLI, no daemon), or null when a
   * daemon answers. Whether the buildx plugin is there is learnt from the build
   * itself: asking `docker buildx version` first costs a third of a second of CPU.
   */
  readonly dockerProblem: UserError | null
  /** A Docker daemon answers: the writer loads its image into it. */
  readonly daemon: boolean
  readonly store: ImageStore
}

/** A probe's answer, or the reason it got none. */
type Answer = ExecResult | ProgramNotFoundError | Error

/** `docker info` prints the server's version, then its storage driver's status as JSON. */
export const INFO_FORMAT = '{{.ServerVersion}}\n{{json .DriverStatus}}'

/** The store from `DriverStatus`: the containerd store names its snapshotter there. */
export function storeOf(driverStatus: string): ImageStore {
  if (driverStatus.includes('io.containerd.snapshotter')) return 'containerd'
  try {
    return Array.isArray(JSON.parse(driverStatus)) ? 'classic' : 'unknown'
  } catch {
    return 'unknown'
  }
}

/** The probe's verdict from `docker info`'s answer. Pure. The first thing missing is named. */
export function probeVerdict(info: Answer): EngineProbe {
  if (info instanceof ProgramNotFoundError) {
    return { dockerProblem: missingError('docker-cli', ''), daemon: false, store: 'unknown' }
  }
  if (info instanceof Error) {
    return { dockerProblem: missingError('daemon', info.message), daemon: false, store: 'unknown' }
  }
  const [version = '', driverStatus = ''] = info.stdout.trim().split('\n')
  const daemon = info.exitCode === 0 && !info.timedOut && version.trim() !== ''
  if (!daemon) {
    return { dockerProblem: missingError('daemon', info.stderr), daemon, store: 'unknown' }
  }
  return { dockerProblem: null, daemon, store: storeOf(driverStatus.trim()) }
}

/**
 * Asks the local Docker whether a daemon answers and how it stores images,
 * in one round trip. Never rejects: a probe that fails is an answer. Started
 * beside the compile, so it costs no wall time of its own.
 */
export async function probeEngines(exec: Exec): Promise<EngineProbe> {
  let info: Answer
  try {
    info = await exec.run('docker', ['info', '--format', INFO_FORMAT], {
      timeoutMs: QUICK_TIMEOUT_MS
    })
  } catch (error) {
    info = error instanceof Error ? error : new Error(messageOf(error))
  }
  return probeVerdict(info)
}
