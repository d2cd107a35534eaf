import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Inspection } from '../elf/types.js'
import { UserError } from '../ground/errors.js'
import type { Exec } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { ImagePushError } from './push-error.js'
import {
  buildxArgv,
  errorLines,
  type BuildxArgs,
  missingError,
  parseIidFile,
  parseMetadata,
  saysBuildxIsMissing,
  saysSeveralPlatformsRefused,
  severalPlatformsError
} from './buildx.js'
import type { Platform } from '../ground/platform.js'
import { writeContext, type BuildContext } from './context.js'
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
import type { Prepared } from './prepare.js'
import type { ImageStore } from './probe.js'
import { pushLayout } from './registry/push.js'
import type { ImageResult, ImageSettings } from './types.js'

const BUILD_TIMEOUT_MS = 30 * 60_000

async function buildx(
  exec: Exec,
  log: Log,
  context: BuildContext,
  prepared: Prepared,
  settings: ImageSettings,
  output: BuildxArgs['output'],
  whileWaiting?: () => void
): Promise<{
  imageId: string
  digest: string | null
  configDigest: string | null
  output: string
}> {
  const label = typeof output === 'string' ? output : 'oci'
  const metadataFile = join(context.root, `metadata-${label}.json`)
  const iidFile = join(context.root, `iid-${label}`)
  const argv = buildxArgv({
    platforms: [settings.platform],
    tags: prepared.tags,
    labels: prepared.labels,
    output,
    builder: settings.builder,
    provenance: settings.provenance,
    sourceDateEpoch: settings.sourceDateEpoch,
    dockerfile: join(context.root, 'Dockerfile'),
    contextDir: context.contextDir,
    metadataFile,
    iidFile
  })
  const text = await runBuildx(
    exec,
    log,
    argv,
    output === 'push' ? 'push the image' : 'build the image',
    whileWaiting
  )
  const metadata = parseMetadata(await readFile(metadataFile, 'utf8'))
  const imageId = parseIidFile(await readFile(iidFile, 'utf8'))
  return { imageId, digest: metadata.digest, configDigest: metadata.configDigest, output: text }
}

/**
 * Runs `docker buildx` with `argv` and returns what it printed; a failure is a
 * UserError with buildx's own error lines: the missing plugin, and the docker
 * driver refusing several platforms, as the BuildxUnusableError `auto` falls back on.
 */
export async function runBuildx(
  exec: Exec,
  log: Log,
  argv: readonly string[],
  what: string,
  whileWaiting?: () => void,
  platforms: readonly Platform[] = []
): Promise<string> {
  log.info(`docker ${argv.join(' ')}`)
  const running = exec.run('docker', argv, { timeoutMs: BUILD_TIMEOUT_MS })
  whileWaiting?.()
  const result = await running
  const text = `${result.stdout}\n${result.stderr}`
  if (result.exitCode !== 0 || result.timedOut) {
    if (saysBuildxIsMissing(text)) throw missingError('buildx', errorLines(text).join('\n'))
    if (platforms.length > 1 && saysSeveralPlatformsRefused(text)) {
      throw severalPlatformsError(platforms, errorLines(text).join('\n'))
    }
    throw new UserError(`docker buildx could not ${what}.`, errorLines(text))
  }
  return text
}

const LOAD_TIMEOUT_MS = 10 * 60_000

/** `docker load` of the OCI archive a reproducible build left. */
export async function loadArchive(exec: Exec, archive: string): Promise<void> {
  const result = await exec.run('docker', ['load', '--input', archive], {
    timeoutMs: LOAD_TIMEOUT_MS
  })
  if (result.exitCode !== 0 || result.timedOut) {
    throw new UserError(
      'docker load refused the image docker buildx built.',
      errorLines(`${result.stdout}\n${result.stderr}`)
    )
  }
}

/** The OCI archive unpacked into a layout folder, for the registry client. */
export async function unpackArchive(exec: Exec, archive: string, layoutDir: string): Promise<void> {
  await mkdir(layoutDir, { recursive: true })
  const result = await exec.run('tar', ['-xf', archive, '-C', layoutDir], {
    timeoutMs: LOAD_TIMEOUT_MS
  })
  if (result.exitCode !== 0 || result.timedOut) {
    throw new UserError(`The OCI archive docker buildx wrote could not be unpacked.`, [
      result.stderr.trim()
    ])
  }
}

/**
 * The buildx engine: a build context holding only what goes into the image,
 * `docker buildx build --load`, a smoke run, and with `push` the same build
 * again with `--push` (the docker driver cannot load and push at once). On an
 * engine whose BuildKit rewrites timestamps (0.13, engine API 1.45) the build
 * writes an OCI archive with every timestamp at SOURCE_DATE_EPOCH instead,
 * which is loaded and, with `push`, pushed by the registry client: the same
 * input gives the same image ID, and the registry gets the image that was tested.
 */
export async function buildWithBuildx(
  settings: ImageSettings,
  prepared: Prepared,
  inspection: Inspection,
  exec: Exec,
  log: Log,
  local: {
    readonly store: ImageStore
    /** The engine's BuildKit rewrites timestamps: see EngineProbe. */
    readonly rewritesTimestamps: boolean
    /** See buildImage: called once buildx builds. */
    readonly whileWaiting?: () => void
  }
): Promise<ImageResult> {
  const context = await writeContext(prepared.plan, settings.sourceDateEpoch, settings.tempDir)
  try {
    await writeFile(join(context.root, 'Dockerfile'), prepared.dockerfile)
    const extras = extraReports(prepared, (layer) => context.layers[layer].bytes)
    logExtras(extras, inspection, log)
    // Without a push the pull size can only be estimated: gzip the same contents
    // while buildx works, rather than `docker save` and gzip after it.
    const estimate = settings.push
      ? Promise.resolve(null)
      : estimatePullSize(
          prepared.plan,
          prepared.config,
          settings.sourceDateEpoch,
          settings.platform
        ).catch(() => null)
    // Where the engine's own BuildKit rewrites timestamps, the build is reproducible:
    // it leaves an OCI archive, which is loaded, and pushed as it is (no second build).
    // Not with provenance: its attestation makes the archive an index, which the
    // registry client does not push; a named builder exports as it is set up to.
    const archive =
      local.rewritesTimestamps && settings.builder === null && !settings.provenance
        ? join(context.root, 'image-oci.tar')
        : null
    if (!local.rewritesTimestamps && settings.builder === null) {
      log.info(
        "This engine's BuildKit (before 0.13, engine API before 1.45) stamps the folders it creates with the build's clock: two builds of the same input get different image IDs. builder oci, or a newer engine, is reproducible."
      )
    }
    const loaded = await buildx(
      exec,
      log,
      context,
      prepared,
      settings,
      archive === null ? 'load' : { ociArchive: archive, rewriteTimestamp: true },
      local.whileWaiting
    )
    if (archive !== null) await loadArchive(exec, archive)
    // Size from what went into the layers; the daemon gives only its ID for the image.
    const files = context.layers.flatMap((layer) => layer.files)
    const size = imageSizeOf(files)
    // The config digest is the image's ID in every store: buildx's metadata, else its
    // --iidfile (the config digest with either store for a plain manifest; with a
    // provenance attestation on the containerd store only the index digest is reported,
    // and it stands in).
    const imageId = loaded.configDigest ?? loaded.imageId
    // The classic store keys the image by that digest; the containerd store by its
    // manifest's, so ask it there.
    const localId =
      local.store === 'classic'
        ? imageId
        : await localImageId(exec, prepared.tags[0] ?? loaded.imageId)
    log.info(`image ${imageId}: ${size} bytes, tags ${prepared.tags.join(', ')}`)
    const smoke = await smokePlatform(settings, prepared, localId, settings.platform, exec, log)
    const base: ImageResult = {
      name: settings.image,
      tags: prepared.tags,
      imageId,
      localId,
      digest: null,
      size,
      extras,
      findingExtras: findingExtras(inspection),
      files,
      pushed: false,
      smokeOutput: smoke.output,
      smoke: smoke.verdict,
      builtWith: 'buildx',
      pullSize: null,
      pullSizeEstimate: await estimate,
      layout: null,
      platform: settings.platform
    }
    if (!settings.push) return base
    if (archive !== null) {
      // The very bytes that were loaded and tested, through the registry client
      // (the engine's exporter cannot push a rewritten image).
      const layoutDir = join(context.root, 'oci-layout')
      let pushed
      try {
        await unpackArchive(exec, archive, layoutDir)
        pushed = await pushLayout({ layoutDir, references: prepared.tags, log, exec })
      } catch (error) {
        throw pushFailure(error, prepared.tags, base, [])
      }
      log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`)
      return { ...base, digest: pushed.digest, pushed: true }
    }
    // Second run of the same build: every step is cached, so this pushes the
    // image that was just tested; the docker driver cannot load and push at once.
    let pushed
    try {
      pushed = await buildx(exec, log, context, prepared, settings, 'push')
    } catch (error) {
      throw pushFailure(error, prepared.tags, base, [
        'Check `docker login` for the registry (e.g. docker/login-action) and that it is up.'
      ])
    }
    if (pushed.digest === null) {
      throw new ImagePushError('docker buildx pushed, but reported no manifest digest.', [], base)
    }
    if (pushed.configDigest !== null && pushed.configDigest !== imageId) {
      log.warning(
        `The pushed image config ${pushed.configDigest} differs from the tested image ${imageId}; the builder did not reuse its cache.`
      )
    }
    log.info(`pushed ${prepared.tags.join(', ')} @ ${pushed.digest}`)
    return { ...base, digest: pushed.digest, pushed: true }
  } finally {
    await context.cleanup()
  }
}
