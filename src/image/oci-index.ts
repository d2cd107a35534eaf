import type { Exec } from '../ground/exec.js'
import { UserError } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import type { Prepared } from './prepare.js'
import type { ImageResult, ImageSettings, PlatformBinary } from './types.js'
import type { EngineProbe } from './probe.js'

/** One platform's binary with its image plan. */
export interface PreparedPlatform extends PlatformBinary {
  readonly prepared: Prepared
}

/**
 * The daemonless writer for several platforms: one manifest per platform and an
 * OCI index over them; see buildIndex for what the results share.
 */
export async function buildIndexWithWriter(
  settings: ImageSettings,
  parts: readonly PreparedPlatform[],
  exec: Exec,
  log: Log,
  options: {
    readonly outputDir?: string
    readonly local: Promise<EngineProbe>
    readonly whileWaiting?: () => void
  }
): Promise<readonly ImageResult[]> {
  void [settings, parts, exec, log, options]
  throw new UserError('The writer does not build an index of several platforms yet.', [])
}
