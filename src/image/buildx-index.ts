import type { Exec } from '../ground/exec.js'
import { UserError } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import type { ImageResult, ImageSettings } from './types.js'
import type { PreparedPlatform } from './oci-index.js'
import type { ImageStore } from './probe.js'

/**
 * buildx for several platforms: one `--platform a,b` build from the per-platform
 * binaries; see buildIndex for what the results share.
 */
export async function buildIndexWithBuildx(
  settings: ImageSettings,
  parts: readonly PreparedPlatform[],
  exec: Exec,
  log: Log,
  options: {
    readonly store: ImageStore
    readonly rewritesTimestamps: boolean
    readonly whileWaiting?: () => void
  }
): Promise<readonly ImageResult[]> {
  void [settings, parts, exec, log, options]
  throw new UserError('buildx does not build an index of several platforms here yet.', [])
}
