import { copyFile, link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { blobPath } from '../ground/blob-path.js'
import type { Exec, ExecResult } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { platformName, type Platform } from '../ground/platform.js'
import {
  extraReports,
  findingExtras,
  imageSizeOf,
  localImageId,
  logExtras,
  pushFailure,
  smokePlatform,
  type SmokeRun
} from './engine-steps.js'
import { checkLoaded, startDockerLoad } from './oci-engine.js'
import {
  dockerSaveManifests,
  imageIndex,
  layoutIndex,
  MEDIA_TYPE,
  OCI_LAYOUT,
  sha256Digest
} from './oci/config.js'
import { writeArchive, writeOciImage, type LoadTarget, type WrittenImage } from './oci/write.js'
import type { Prepared } from './prepare.js'
import type { EngineProbe } from './probe.js'
import { pushLayout } from './registry/push.js'
import { enginePlatform } from './smoke.js'
import type { ImageResult, ImageSettings, PlatformBinary } from './types.js'

/** One platform's binary with its image plan. */
export interface PreparedPlatform extends PlatformBinary {
  readonly prepared: Prepared
}

/**
 * Which platform's image docker gets under the tags: the engine's own when it
 * is among them (what `docker run TAG` would pick from the pushed index), else
 * the first (primary). Pure.
 */
export function taggedPlatform(platforms: readonly Platform[], engine: Platform | null): number {
  if (engine === null) return 0
  const found = platforms.findIndex((p) => platformName(p) === platformName(engine))
  return found < 0 ? 0 : found
}

/**
 * What each platform is loaded into docker as: the tags for `tagged`, a
 * temporary name for another one that is to be smoke-tested (removed again
 * after its run), nothing for the rest. Pure.
 */
export function loadNames(
  platforms: readonly Platform[],
  tagged: number,
  tags: readonly string[],
  smoke: boolean,
  temporary: (platform: Platform) => string
): (readonly string[] | null)[] {
  return platforms.map((platform, index) => {
    if (index === tagged) return tags
    return smoke ? [temporary(platform)] : null
  })
}

/** A blob into the shared layout: a hard link where the file system allows one, else a copy. */
async function placeBlob(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    await copyFile(from, to)
  }
}

interface Loaded {
  readonly names: readonly string[]
  readonly localId: string
  /** Loaded under a temporary name, removed once its smoke run is over. */
  readonly temporary: boolean
}

/**
 * The daemonless writer for several platforms: one image per platform (its own
 * config with its architecture, its own layers from its plan), written as one
 * OCI layout under `outputDir/image` whose index.json names an OCI image index
 * over them, and a `docker load` archive of it all. The same inputs give the
 * same index digest. Where a daemon answers, the engine's own platform (else
 * the primary) is loaded under the tags, and every other platform that is to be
 * smoke-tested under a temporary name, removed after its run. `push` sends every
 * platform's blobs and manifests, then the index under each tag.
 * See buildIndex for what the results share.
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
  const outDir = options.outputDir
    ? join(options.outputDir, 'image')
    : await mkdtemp(join(tmpdir(), 'from-scratch-oci-'))
  await mkdir(outDir, { recursive: true })
  const tags = parts[0].prepared.tags
  const platforms = parts.map((part) => part.platform)
  // Which image gets the tags depends on the engine's platform: asked beside the probe.
  const local = await options.local
  const engine = local.daemon ? await enginePlatform(exec) : null
  const tagged = taggedPlatform(platforms, engine)
  const stamp = `${process.pid}-${Date.now().toString(36)}`
  const names = local.daemon
    ? loadNames(
        platforms,
        tagged,
        tags,
        settings.smokeTest !== null,
        (platform) => `from-scratch-smoke-${stamp}:${platform.architecture}`
      )
    : platforms.map(() => null)

  // Each platform is written on its own (its own layout, its own docker load), at once;
  // their blobs then make the one layout.
  const work = await mkdtemp(join(outDir, '.platforms-'))
  const loaded: (Loaded | null)[] = parts.map(() => null)
  try {
    const loads: Promise<ExecResult>[] = []
    const writing = parts.map((part, index) => {
      const as = names[index]
      let load: Promise<LoadTarget | null> = Promise.resolve(null)
      if (as !== null) {
        const started = startDockerLoad(exec)
        loads.push(started.done)
        if (index === tagged && options.whileWaiting) {
          started.feed.once('finish', options.whileWaiting)
        }
        load = Promise.resolve({ feed: started.feed, plainLayers: local.store === 'classic' })
      }
      return writeOciImage({
        plan: part.prepared.plan,
        config: part.prepared.config,
        tags: as ?? tags,
        epoch: settings.sourceDateEpoch,
        platform: part.platform,
        outDir: join(work, String(index)),
        load
      })
    })
    const wrote = await Promise.allSettled(writing)
    const loadsDone = await Promise.allSettled(loads)
    // A writer that failed cut docker's input short: its error is the one that says why.
    for (const outcome of wrote) if (outcome.status === 'rejected') throw outcome.reason
    const written = wrote.map((outcome) => (outcome as PromiseFulfilledResult<WrittenImage>).value)
    let next = 0
    for (const [index, as] of names.entries()) {
      if (as === null) continue
      const done = loadsDone[next++]
      if (done.status === 'rejected') throw done.reason
      checkLoaded(done.value)
      loaded[index] = {
        names: as,
        localId: await localImageId(exec, as[0] ?? ''),
        temporary: index !== tagged
      }
    }

    const layout = await writeIndexLayout(outDir, written, parts, tags, tagged, settings)
    const results = parts.map((part, index): ImageResult => {
      const image = written[index]
      const extras = extraReports(part.prepared, (layer) =>
        image.layers[layer].files.reduce((sum, file) => sum + file.size, 0)
      )
      const own = loaded[index]
      return {
        name: settings.image,
        tags,
        imageId: image.configDigest,
        ...(own !== null && !own.temporary ? { localId: own.localId } : {}),
        digest: null,
        size: imageSizeOf(image.files),
        extras,
        findingExtras: findingExtras(part.inspection),
        files: image.files,
        pushed: false,
        smokeOutput: null,
        smoke: null,
        builtWith: 'oci',
        pullSize: image.pullSize,
        manifest: {
          digest: image.manifestDigest,
          size: image.manifestSize,
          mediaType: MEDIA_TYPE.manifest
        },
        layout: { dir: layout.dir, archive: layout.archive },
        platform: part.platform
      }
    })
    for (const [index, result] of results.entries()) {
      log.info(
        `${platformName(result.platform)}: image ${result.imageId}: ${result.size} bytes, pull size ${result.pullSize} bytes, manifest ${result.manifest?.digest}`
      )
      logExtras(result.extras, parts[index].inspection, log)
    }
    log.info(`image index ${layout.digest} over ${platforms.map(platformName).join(', ')}`)
    log.info(`OCI layout: ${layout.dir}; docker load archive: ${layout.archive}`)
    const own = loaded[tagged]
    if (own !== null) {
      log.info(
        `loaded ${platformName(platforms[tagged])} into docker as ${tags.join(', ')} (${own.localId})`
      )
    }

    const smoked: ImageResult[] = []
    for (const [index, result] of results.entries()) {
      smoked.push({
        ...result,
        ...smokeFields(await smokeOne(settings, parts[index], loaded[index], exec, log))
      })
    }
    if (!settings.push) return smoked
    try {
      const pushed = await pushLayout({ layoutDir: layout.dir, references: tags, log, exec })
      log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest} (image index)`)
      return smoked.map((result) => ({ ...result, digest: pushed.digest, pushed: true }))
    } catch (error) {
      throw pushFailure(error, tags, smoked[0], [])
    }
  } finally {
    await rm(work, { recursive: true, force: true })
    // Every temporary name, loaded or not: a load may have gone through before another step failed.
    const temporary = names.flatMap((as, index) => (as !== null && index !== tagged ? as : []))
    if (temporary.length > 0) {
      await exec.run('docker', ['image', 'rm', '--force', ...temporary], { timeoutMs: 60_000 })
    }
  }
}

function smokeFields(run: SmokeRun): Pick<ImageResult, 'smokeOutput' | 'smoke'> {
  return { smokeOutput: run.output, smoke: run.verdict }
}

async function smokeOne(
  settings: ImageSettings,
  part: PreparedPlatform,
  loaded: Loaded | null,
  exec: Exec,
  log: Log
): Promise<SmokeRun> {
  if (settings.smokeTest === null) return { output: null, verdict: null }
  if (loaded === null) {
    log.warning(
      `No Docker daemon to run the smoke test of ${platformName(part.platform)} in: it was skipped.`
    )
    return { output: null, verdict: { ran: false, why: 'no Docker daemon answers' } }
  }
  return smokePlatform(settings, part.prepared, loaded.localId, part.platform, exec, log)
}

/**
 * The one layout of the index: every platform's blobs, the index blob, index.json
 * naming the index under the tags, and a `docker save` manifest.json whose entry
 * for the tagged platform carries the tags (the others load untagged), so the
 * archive loads into either store; then the archive itself.
 */
async function writeIndexLayout(
  outDir: string,
  written: readonly WrittenImage[],
  parts: readonly PreparedPlatform[],
  tags: readonly string[],
  tagged: number,
  settings: ImageSettings
): Promise<{ dir: string; archive: string; digest: string }> {
  const dir = join(outDir, 'oci')
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  const digests: string[] = []
  for (const image of written) {
    for (const digest of [
      image.configDigest,
      image.manifestDigest,
      ...image.layers.map((layer) => layer.digest)
    ]) {
      await placeBlob(blobPath(image.layoutDir, digest), blobPath(dir, digest))
      digests.push(digest)
    }
  }
  const index = imageIndex(
    written.map((image, i) => ({
      manifest: {
        mediaType: MEDIA_TYPE.manifest,
        digest: image.manifestDigest,
        size: image.manifestSize
      },
      platform: parts[i].platform
    }))
  )
  const digest = sha256Digest(index)
  await writeFile(blobPath(dir, digest), index)
  digests.push(digest)
  await writeFile(
    join(dir, 'index.json'),
    layoutIndex({ mediaType: MEDIA_TYPE.index, digest, size: index.length }, tags)
  )
  await writeFile(join(dir, 'oci-layout'), OCI_LAYOUT)
  const blobName = (d: string): string => `blobs/sha256/${d.slice('sha256:'.length)}`
  await writeFile(
    join(dir, 'manifest.json'),
    dockerSaveManifests(
      written.map((image, i) => ({
        configPath: blobName(image.configDigest),
        tags: i === tagged ? tags : [],
        layerPaths: image.layers.map((layer) => blobName(layer.digest))
      }))
    )
  )
  const archive = join(outDir, 'image.tar')
  await writeArchive(dir, archive, digests, settings.sourceDateEpoch)
  return { dir, archive, digest }
}
