import { UserError, messageOf } from '../ground/errors.js'
import { ProgramNotFoundError, type Exec, type ExecResult } from '../ground/exec.js'
import { missingError } from './buildx.js'
import type { ImageEngine } from './types.js'

const QUICK_TIMEOUT_MS = 60_000

/** What the image stage needs to know of the local Docker before it picks an engine. */
export interface EngineProbe {
  /** What stops docker buildx here (no CLI, no daemon, no plugin), or null when it answers. */
  readonly buildxProblem: UserError | null
  /** A Docker daemon answers: the writer loads its image into it. */
  readonly daemon: boolean
}

/** A probe's answer, or the reason it got none. */
type Answer = ExecResult | ProgramNotFoundError | Error

async function ask(exec: Exec, args: readonly string[]): Promise<Answer> {
  try {
    return await exec.run('docker', args, { timeoutMs: QUICK_TIMEOUT_MS })
  } catch (error) {
    return error instanceof Error ? error : new Error(messageOf(error))
  }
}

/**
 * The probe's verdict from the two answers. Pure. The first thing missing is
 * named (CLI, then daemon, then plugin), so the error says what to install.
 */
export function probeVerdict(server: Answer, buildx: Answer | null): EngineProbe {
  if (server instanceof ProgramNotFoundError) {
    return { buildxProblem: missingError('docker-cli', ''), daemon: false }
  }
  if (server instanceof Error) {
    return { buildxProblem: missingError('daemon', server.message), daemon: false }
  }
  const daemon = server.exitCode === 0 && !server.timedOut && server.stdout.trim() !== ''
  if (!daemon) return { buildxProblem: missingError('daemon', server.stderr), daemon }
  if (buildx === null) return { buildxProblem: null, daemon }
  if (buildx instanceof Error)
    return { buildxProblem: missingError('buildx', buildx.message), daemon }
  if (buildx.exitCode !== 0 || buildx.timedOut) {
    return { buildxProblem: missingError('buildx', buildx.stderr), daemon }
  }
  return { buildxProblem: null, daemon }
}

/**
 * Asks the local Docker what the requested engine needs, both questions at
 * once. Never rejects: a probe that fails is an answer. Started beside the
 * compile, so its two docker round trips cost no wall time of their own.
 */
export async function probeEngines(exec: Exec, engine: ImageEngine): Promise<EngineProbe> {
  const [server, buildx] = await Promise.all([
    ask(exec, ['version', '--format', '{{.Server.Version}}']),
    engine === 'oci' ? Promise.resolve(null) : ask(exec, ['buildx', 'version'])
  ])
  return probeVerdict(server, buildx)
}
