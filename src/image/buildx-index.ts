import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Exec } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { platformName, type Platform } from '../ground/platform.js'
import { buildxArgv, severalPlatformsError } from './buildx.js'
import { loadArchive, runBuildx, unpackArchive } from './buildx-engine.js'
import { readIndexLayout } from './buildx-layout.js'
import { writeIndexContext } from './context.js'
import { renderIndexDockerfile } from './dockerfile.js'
import {
  extraReports,
  findingExtras,
  imageSizeOf,
  localImageId,
  logExtras,
  pushFailure,
  smokePlatform
} from './engine-steps.js'
import { estimatePullSize } from './oci/estimate.js'
import type { PreparedPlatform } from './oci-index.js'
import { pushLayout } from './registry/push.js'
import type { ImageStore } from './probe.js'
import type { ImageResult, ImageSettings } from './types.js'

/** The same log with every line about one platform prefixed by its name. */
export function platformLog(log: Log, platform: Platform): Log {
  const prefix = `${platformName(platform)}: `
  return {
    info: (message) => log.info(`${prefix}${message}`),
    warning: (message) => log.warning(`${prefix}${message}`),
    annotate: (annotation) =>
      log.annotate({ ...annotation, message: `${prefix}${annotation.message}` }),
    group: (title, work) => log.group(`${prefix}${title}`, work)
  }
}

/**
 * Whether buildx is known, from what the probe found, not to build an index of
 * several platforms on this engine. Pure. buildx's docker driver builds and exports several
 * platforms only into the containerd image store (on the classic store it
 * refuses a build, `--load` and `--output type=oci` alike); a named builder
 * still has to load the result into that store for the smoke runs and the
 * report. An engine whose store is unknown is tried: buildx says it if it refuses.
 */
export function indexRefusedOn(store: ImageStore): boolean {
  return store === 'classic'
}

/**
 * buildx for several platforms: one `docker buildx build --platform a,b` over a
 * context holding each platform's layers under its architecture, from one
 * Dockerfile that copies by TARGETARCH (no RUN, so nothing is emulated). The
 * build writes an OCI archive (with every timestamp at SOURCE_DATE_EPOCH where
 * the engine's BuildKit can: 0.13, engine API 1.45), which is loaded into the
 * engine, every platform at once, smoke-tested per platform, and with `push`
 * pushed by the registry client as it is: the index that was tested, and the
 * same index digest from the same input. buildx's own push cannot rewrite
 * timestamps on the docker driver ("rewrite-timestamp conflicts with unpack").
 * On the classic store this is a BuildxUnusableError: `auto` builds the index
 * with the writer instead. See buildIndex for what the results share.
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
  const platforms = parts.map((part) => part.platform)
  if (indexRefusedOn(options.store)) throw severalPlatformsError(platforms, '')
  const [primary] = parts
  // Tags and labels come from the same settings and git context for every platform.
  const { tags, labels } = primary.prepared
  const context = await writeIndexContext(
    parts.map((part) => ({ architecture: part.platform.architecture, plan: part.prepared.plan })),
    settings.sourceDateEpoch,
    settings.tempDir
  )
  try {
    const dockerfile = join(context.root, 'Dockerfile')
    await writeFile(
      dockerfile,
      renderIndexDockerfile(
        parts.map((part) => ({
          architecture: part.platform.architecture,
          input: {
            layers: part.prepared.plan.layers,
            binaryName: part.prepared.plan.binaryName,
            user: part.prepared.user,
            entrypointArgs: settings.entrypointArgs,
            expose: settings.expose
          }
        }))
      )
    )
    const extras = parts.map((part, i) => {
      const written = context.platforms[i].layers
      const reports = extraReports(part.prepared, (layer) => written[layer].bytes)
      logExtras(reports, part.inspection, platformLog(log, part.platform))
      return reports
    })
    // Without a push the pull sizes can only be estimated: worked out while buildx builds.
    const estimates = parts.map((part) =>
      settings.push
        ? Promise.resolve(null)
        : estimatePullSize(
            part.prepared.plan,
            part.prepared.config,
            settings.sourceDateEpoch,
            part.platform
          ).catch(() => null)
    )
    // A named builder's BuildKit is not known here; only the engine's own is probed.
    const rewriteTimestamp = options.rewritesTimestamps && settings.builder === null
    if (!rewriteTimestamp) {
      log.info(
        settings.builder === null
          ? "This engine's BuildKit (before 0.13, engine API before 1.45) stamps the folders it creates with the build's clock: two builds of the same input get different index digests. builder oci, or a newer engine, is reproducible."
          : `The builder ${settings.builder} is not asked to rewrite timestamps (its BuildKit is not known here): two builds of the same input may get different index digests.`
      )
    }
    const archive = join(context.root, 'index-oci.tar')
    const argv = buildxArgv({
      platforms,
      tags,
      labels,
      output: { ociArchive: archive, rewriteTimestamp },
      builder: settings.builder,
      provenance: settings.provenance,
      sourceDateEpoch: settings.sourceDateEpoch,
      dockerfile,
      contextDir: context.contextDir,
      metadataFile: join(context.root, 'metadata.json'),
      iidFile: join(context.root, 'iid')
    })
    await runBuildx(exec, log, argv, 'build the image index', options.whileWaiting, platforms)
    const layoutDir = join(context.root, 'oci-layout')
    await unpackArchive(exec, archive, layoutDir)
    const layout = await readIndexLayout(layoutDir, platforms)
    // The containerd store takes the whole index and keys it by the index digest;
    // `docker run --platform` picks a platform's image from it.
    await loadArchive(exec, archive)
    const localId = await localImageId(exec, tags[0] ?? layout.index.digest)
    log.info(
      `image index ${layout.index.digest}: ${platforms.map(platformName).join(', ')}, tags ${tags.join(', ')}`
    )
    const results: ImageResult[] = []
    for (const [i, part] of parts.entries()) {
      const found = layout.platforms[i]
      const files = context.platforms[i].layers.flatMap((layer) => layer.files)
      const size = imageSizeOf(files)
      const plog = platformLog(log, part.platform)
      plog.info(`image ${found.configDigest}: ${size} bytes, manifest ${found.manifestDigest}`)
      // The engine picks the platform's image from the index it loaded whole.
      const smoke = await smokePlatform(settings, part.prepared, localId, part.platform, exec, plog)
      results.push({
        name: settings.image,
        tags,
        imageId: found.configDigest,
        localId,
        digest: null,
        size,
        extras: extras[i],
        findingExtras: findingExtras(part.inspection),
        files,
        pushed: false,
        smokeOutput: smoke.output,
        smoke: smoke.verdict,
        builtWith: 'buildx',
        pullSize: null,
        pullSizeEstimate: await estimates[i],
        layout: null,
        platform: part.platform
      })
    }
    if (!settings.push) return results
    let pushed
    try {
      pushed = await pushLayout({ layoutDir, references: tags, log, exec })
    } catch (error) {
      throw pushFailure(error, tags, results[0], [])
    }
    log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`)
    return results.map((result) => ({ ...result, digest: pushed.digest, pushed: true }))
  } finally {
    await context.cleanup()
  }
}
