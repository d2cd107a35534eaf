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
  /**
   * The engine's own BuildKit can rewrite the files' timestamps in the layers to
   * SOURCE_DATE_EPOCH (`rewrite-timestamp=true`, BuildKit 0.13): a buildx build is then
   * reproducible, image ID and all. Older ones stamp the folders they create with the clock.
   */
  readonly rewritesTimestamps: boolean
}

/** A probe's answer, or the reason it got none. */
type Answer = ExecResult | ProgramNotFoundError | Error

/** `docker version` prints the server's version and API version, or fails when no daemon answers. */
export const VERSION_FORMAT = '{{.Server.Version}} {{.Server.APIVersion}}'
/** `docker info` prints the storage driver's status as JSON. */
export const DRIVER_FORMAT = '{{json .DriverStatus}}'

/**
 * The first Docker Engine that can keep images in the containerd store (24.0,
 * behind a feature flag; the default for fresh installs from 29). Older
 * engines have the classic store only, and are not asked: `docker info` runs
 * the buildx plugin's metadata command, 0.2 s of CPU beside the compile.
 */
export const FIRST_CONTAINERD_STORE_ENGINE = 24

/**
 * The first engine API whose embedded BuildKit rewrites timestamps: 1.45 is Engine 26.0,
 * which embeds BuildKit 0.13. Read from the API version rather than from BuildKit's own:
 * distributions' builds of dockerd report BuildKit as `v0.0.0+unknown` (Debian's 26.1
 * does; its 20.10 says `v0.8+unknown`), and the release string is no better a guide.
 */
export const FIRST_TIMESTAMP_REWRITE_API = [1, 45] as const

/** Whether an engine API version (`1.45`) is one whose BuildKit rewrites timestamps. */
export function rewritesTimestamps(apiVersion: string): boolean {
  const parts = /^(\d+)\.(\d+)$/.exec(apiVersion.trim())
  if (parts === null) return false
  const [major, minor] = [Number(parts[1]), Number(parts[2])]
  const [firstMajor, firstMinor] = FIRST_TIMESTAMP_REWRITE_API
  return major > firstMajor || (major === firstMajor && minor >= firstMinor)
}

/** The store from `DriverStatus`: the containerd store names its snapshotter there. */
export function storeOf(driverStatus: string): ImageStore {
  if (driverStatus.includes('io.containerd.snapshotter')) return 'containerd'
  try {
    return Array.isArray(JSON.parse(driverStatus)) ? 'classic' : 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Whether an engine of this version can only have the classic store. */
export function onlyClassicStore(serverVersion: string): boolean {
  const major = /^(\d+)\./.exec(serverVersion.trim())
  return major !== null && Number(major[1]) < FIRST_CONTAINERD_STORE_ENGINE
}

/**
 * The probe's verdict from `docker version`'s answer and, for engines that
 * may have the containerd store, `docker info`'s (null when not asked). Pure.
 * The first thing missing is named.
 */
export function probeVerdict(version: Answer, info: Answer | null): EngineProbe {
  const none = { daemon: false, store: 'unknown', rewritesTimestamps: false } as const
  if (version instanceof ProgramNotFoundError) {
    return { dockerProblem: missingError('docker-cli', ''), ...none }
  }
  if (version instanceof Error) {
    return { dockerProblem: missingError('daemon', version.message), ...none }
  }
  const [serverVersion = '', apiVersion = ''] = version.stdout.trim().split(/\s+/)
  const daemon = version.exitCode === 0 && !version.timedOut && serverVersion !== ''
  if (!daemon) {
    return { dockerProblem: missingError('daemon', version.stderr), ...none }
  }
  const known = { dockerProblem: null, daemon, rewritesTimestamps: rewritesTimestamps(apiVersion) }
  if (onlyClassicStore(serverVersion)) return { ...known, store: 'classic' }
  const answered = info !== null && !(info instanceof Error) && info.exitCode === 0
  return { ...known, store: answered ? storeOf(info.stdout.trim()) : 'unknown' }
}

async function ask(exec: Exec, args: readonly string[]): Promise<Answer> {
  try {
    return await exec.run('docker', args, { timeoutMs: QUICK_TIMEOUT_MS })
  } catch (error) {
    return error instanceof Error ? error : new Error(messageOf(error))
  }
}

/**
 * Asks the local Docker whether a daemon answers and, where the engine is new
 * enough to have a choice, how it stores images. Never rejects: a probe that
 * fails is an answer. Started beside the compile, so it costs no wall time of its own.
 */
export async function probeEngines(exec: Exec): Promise<EngineProbe> {
  const version = await ask(exec, ['version', '--format', VERSION_FORMAT])
  const known = probeVerdict(version, null)
  if (!known.daemon || known.store === 'classic') return known
  return probeVerdict(version, await ask(exec, ['info', '--format', DRIVER_FORMAT]))
}
