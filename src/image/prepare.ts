import { basename, resolve } from 'node:path'
import type { Inspection } from '../elf/types.js'
import { findHostFiles } from './context.js'
import { renderDockerfile } from './dockerfile.js'
import { chooseExtras } from './include.js'
import { containerConfig, type ContainerConfig } from './oci/config.js'
import { validateImageName } from './reference.js'
import { parseUser, planRootfs, type RootfsPlan, type User } from './rootfs.js'
import { ociLabels, resolveTags } from './tags.js'
import type { ImageSettings } from './types.js'
import type { GitContext } from '../ground/git-context.js'
import { pathInWorkspace } from '../ground/workspace-path.js'

/**
 * Everything decided before anything runs, the same for both engines: a bad
 * input fails here, before any build. The Dockerfile (buildx) and the
 * container config (writer) come from the same settings, so they mean the same.
 */
export interface Prepared {
  readonly tags: string[]
  readonly labels: Record<string, string>
  readonly user: User
  readonly plan: RootfsPlan
  readonly dockerfile: string
  readonly config: ContainerConfig
}

export async function prepare(
  settings: ImageSettings,
  inspection: Inspection,
  git: GitContext
): Promise<Prepared> {
  validateImageName(settings.image)
  const tags = resolveTags(settings.image, settings.tags, git)
  const labels = ociLabels(git, settings.image, settings.sourceDateEpoch, settings.labels)
  const user = parseUser(settings.user)
  const extras = chooseExtras(settings.include, inspection.findings)
  const host = await findHostFiles(resolve(inspection.path))
  const plan = planRootfs({
    binaryName: settings.binaryName ?? basename(inspection.path),
    extras,
    user,
    files: await Promise.all(
      settings.files.map(async (file) => ({
        src: await pathInWorkspace({
          workspace: settings.workspace,
          base: settings.workingDirectory,
          written: file.src,
          what: 'files'
        }),
        dest: file.dest
      }))
    ),
    host
  })
  const dockerfile = renderDockerfile({
    layers: plan.layers,
    binaryName: plan.binaryName,
    user,
    entrypointArgs: settings.entrypointArgs,
    expose: settings.expose
  })
  const config = containerConfig({
    binaryName: plan.binaryName,
    user,
    entrypointArgs: settings.entrypointArgs,
    expose: settings.expose,
    labels
  })
  return { tags, labels, user, plan, dockerfile, config }
}
