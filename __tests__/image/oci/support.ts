import type { Inspection } from '../../../src/elf/types.js'
import type { OciImageInput } from '../../../src/image/oci/write.js'
import { prepare } from '../../../src/image/prepare.js'
import type { ImageSettings } from '../../../src/image/types.js'
import type { GitContext } from '../../../src/ground/git-context.js'

/**
 * The writer's input for the settings `buildImage` gets, from the same
 * prepare() both engines use, for tests and benches that call the writer
 * directly (to compare it with buildx, or to time it alone).
 */
export async function ociInputFor(
  settings: ImageSettings,
  inspection: Inspection,
  git: GitContext,
  outDir: string
): Promise<OciImageInput> {
  const { plan, config, tags } = await prepare(settings, inspection, git)
  return {
    plan,
    config,
    tags,
    epoch: settings.sourceDateEpoch,
    platform: settings.platform,
    outDir
  }
}
