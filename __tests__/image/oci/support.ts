import { basename, resolve } from 'node:path'
import type { Inspection } from '../../../src/elf/types.js'
import { findHostFiles } from '../../../src/image/context.js'
import { chooseExtras } from '../../../src/image/include.js'
import { containerConfig } from '../../../src/image/oci/config.js'
import type { OciImageInput } from '../../../src/image/oci/write.js'
import { validateImageName } from '../../../src/image/reference.js'
import { parseUser, planRootfs } from '../../../src/image/rootfs.js'
import { ociLabels, resolveTags } from '../../../src/image/tags.js'
import type { GitContext, ImageSettings } from '../../../src/image/types.js'

/**
 * The writer's input for the settings `buildImage` gets, computed the way
 * build.ts's private prepare() computes plan, tags and labels, until the
 * orchestrator wires `builder: oci` in and exports one function for both.
 */
export async function ociInputFor(
  settings: ImageSettings,
  inspection: Inspection,
  git: GitContext,
  outDir: string
): Promise<OciImageInput> {
  validateImageName(settings.image)
  const tags = resolveTags(settings.image, settings.tags, git)
  const labels = ociLabels(git, settings.image, settings.sourceDateEpoch, settings.labels)
  const user = parseUser(settings.user)
  const plan = planRootfs({
    binaryName: settings.binaryName ?? basename(inspection.path),
    extras: chooseExtras(settings.include, inspection.findings),
    user,
    files: settings.files.map((file) => ({
      src: resolve(settings.workingDirectory, file.src),
      dest: file.dest
    })),
    host: await findHostFiles(resolve(inspection.path))
  })
  const config = containerConfig({
    binaryName: plan.binaryName,
    user,
    entrypointArgs: settings.entrypointArgs,
    expose: settings.expose,
    labels
  })
  return { plan, config, tags, epoch: settings.sourceDateEpoch, outDir }
}
