import type { Inspection } from '../elf/types.js'
import { UserError } from '../ground/errors.js'
import { ProgramNotFoundError, type Exec } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { missingError } from './buildx.js'
import { buildWithBuildx } from './buildx-engine.js'
import { chooseEngine } from './engine.js'
import { buildWithWriter } from './oci-engine.js'
import { prepare } from './prepare.js'
import type { ImageResult, ImageSettings } from './types.js'
import type { GitContext } from '../ground/git-context.js'

export { ImagePushError } from './push-error.js'
export type { ImageResult, ImageSettings } from './types.js'
export type { GitContext } from '../ground/git-context.js'

const QUICK_TIMEOUT_MS = 60_000

/** docker CLI, daemon and buildx plugin, in that order, so the error names the first thing missing. */
export async function checkDocker(exec: Exec): Promise<void> {
  let server
  try {
    server = await exec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: QUICK_TIMEOUT_MS
    })
  } catch (error) {
    if (error instanceof ProgramNotFoundError) throw missingError('docker-cli', '')
    throw error
  }
  if (server.exitCode !== 0 || server.stdout.trim() === '')
    throw missingError('daemon', server.stderr)
  const buildx = await exec.run('docker', ['buildx', 'version'], { timeoutMs: QUICK_TIMEOUT_MS })
  if (buildx.exitCode !== 0) throw missingError('buildx', buildx.stderr)
}

/** Why docker buildx cannot be used here, or null when it can. */
async function buildxProblem(exec: Exec): Promise<UserError | null> {
  try {
    await checkDocker(exec)
    return null
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
}

/**
 * Builds the `FROM scratch` image around an inspected binary with the engine
 * `settings.engine` asks for (auto: buildx where it answers, else the
 * daemonless writer), runs it once when `smokeTest` is set, and pushes every
 * tag when `push` is set. All inputs are checked before anything runs.
 */
export async function buildImage(
  settings: ImageSettings,
  inspection: Inspection,
  git: GitContext,
  exec: Exec,
  log: Log,
  outputDir?: string
): Promise<ImageResult> {
  const prepared = await prepare(settings, inspection, git)
  const problem = settings.engine === 'oci' ? null : await buildxProblem(exec)
  const choice = chooseEngine(settings.engine, problem)
  if (choice.notice !== null) log.info(choice.notice)
  if (choice.engine === 'buildx') {
    return buildWithBuildx(settings, prepared, inspection, exec, log)
  }
  // The writer needs no daemon, but loads the image into one where it answers.
  // (auto only gets here when buildx did not answer; a daemon without buildx still loads.)
  const docker = await daemonAnswers(exec)
  return buildWithWriter(settings, prepared, inspection, exec, log, { outputDir, docker })
}

async function daemonAnswers(exec: Exec): Promise<boolean> {
  try {
    const server = await exec.run('docker', ['version', '--format', '{{.Server.Version}}'], {
      timeoutMs: QUICK_TIMEOUT_MS
    })
    return server.exitCode === 0 && server.stdout.trim() !== ''
  } catch (error) {
    if (error instanceof ProgramNotFoundError) return false
    throw error
  }
}
