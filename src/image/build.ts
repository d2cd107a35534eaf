import type { Inspection } from '../elf/types.js'
import type { Exec } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { buildWithBuildx } from './buildx-engine.js'
import { BuildxUnusableError } from './buildx.js'
import { chooseEngine, fallbackNotice } from './engine.js'
import { buildWithWriter } from './oci-engine.js'
import { prepare } from './prepare.js'
import { probeEngines, type EngineProbe } from './probe.js'
import type { ImageResult, ImageSettings, PlatformBinary } from './types.js'
import { buildIndexWithBuildx } from './buildx-index.js'
import { buildIndexWithWriter } from './oci-index.js'
import type { GitContext } from '../ground/git-context.js'

export { ImagePushError } from './push-error.js'
export { probeEngines, type EngineProbe } from './probe.js'
export type { ImageResult, ImageSettings, PlatformBinary } from './types.js'
export type { GitContext } from '../ground/git-context.js'

/** The two engines for one build, each given what the probe found. */
interface Engines<T> {
  /** The daemonless writer; `local` is still being asked when it starts. */
  writer(local: Promise<EngineProbe>): Promise<T>
  buildx(local: EngineProbe): Promise<T>
}

/**
 * Runs the engine `settings.engine` asks for: the writer at once for `oci`;
 * for `auto` and `buildx` the probe's answer decides, and `auto` builds with
 * the writer where buildx turns out unusable.
 */
async function withEngine<T>(
  requested: ImageSettings['engine'],
  asked: Promise<EngineProbe>,
  log: Log,
  engines: Engines<T>
): Promise<T> {
  // The writer needs no daemon and starts at once; it loads its image into one where one answers.
  if (requested === 'oci') return engines.writer(asked)
  const local = await asked
  const choice = chooseEngine(requested, local.dockerProblem)
  if (choice.notice !== null) log.info(choice.notice)
  if (choice.engine === 'buildx') {
    try {
      return await engines.buildx(local)
    } catch (error) {
      // Only the build itself shows a missing plugin (or a store that cannot hold an
      // index); auto builds with the writer then.
      if (!(requested === 'auto' && error instanceof BuildxUnusableError)) throw error
      log.info(fallbackNotice(error))
    }
  }
  // auto gets here when buildx is not usable; a daemon without the plugin still loads the image.
  return engines.writer(asked)
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
  outputDir?: string,
  /** The engine probe, when the caller started it early (beside the compile). */
  probe?: Promise<EngineProbe>,
  /**
   * Called once docker has what it needs and works on its own (buildx
   * building, `docker load` holding its whole input): CPU work the report
   * needs can run on this thread then without holding the build up.
   */
  whileWaiting?: () => void
): Promise<ImageResult> {
  const prepared = await prepare(settings, inspection, git)
  return withEngine(settings.engine, probe ?? probeEngines(exec), log, {
    writer: (local) =>
      buildWithWriter(settings, prepared, inspection, exec, log, {
        outputDir,
        local,
        whileWaiting
      }),
    buildx: (local) =>
      buildWithBuildx(settings, prepared, inspection, exec, log, {
        store: local.store,
        rewritesTimestamps: local.rewritesTimestamps,
        whileWaiting
      })
  })
}

/**
 * Builds one image for each platform's binary, as one index when there is more
 * than one: the results come back in the order of `binaries`, one per platform,
 * sharing the name, tags, engine and (when pushed) the digest of what was pushed
 * (the index's). `settings.platform` is ignored: each binary carries its own.
 */
export async function buildIndex(
  settings: ImageSettings,
  binaries: readonly PlatformBinary[],
  git: GitContext,
  exec: Exec,
  log: Log,
  outputDir?: string,
  probe?: Promise<EngineProbe>,
  whileWaiting?: () => void
): Promise<readonly ImageResult[]> {
  if (binaries.length === 1) {
    const [only] = binaries
    const settingsFor = { ...settings, platform: only.platform }
    return [
      await buildImage(settingsFor, only.inspection, git, exec, log, outputDir, probe, whileWaiting)
    ]
  }
  const prepared = await Promise.all(
    binaries.map(({ platform, inspection }) => prepare({ ...settings, platform }, inspection, git))
  )
  const parts = binaries.map((binary, index) => ({ ...binary, prepared: prepared[index] }))
  return withEngine(settings.engine, probe ?? probeEngines(exec), log, {
    writer: (local) =>
      buildIndexWithWriter(settings, parts, exec, log, { outputDir, local, whileWaiting }),
    buildx: (local) =>
      buildIndexWithBuildx(settings, parts, exec, log, {
        store: local.store,
        rewritesTimestamps: local.rewritesTimestamps,
        whileWaiting
      })
  })
}
