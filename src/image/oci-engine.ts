import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { Inspection } from '../elf/types.js'
import { UserError } from '../ground/errors.js'
import type { Exec, ExecResult } from '../ground/exec.js'
import type { Log } from '../ground/log.js'
import { errorLines } from './buildx.js'
import {
  extraReports,
  findingExtras,
  imageSizeOf,
  localImageId,
  logExtras,
  pushFailure,
  type SmokeRun,
  smokePlatform
} from './engine-steps.js'
import { writeOciImage } from './oci/write.js'
import type { Prepared } from './prepare.js'
import type { EngineProbe } from './probe.js'
import { pushLayout } from './registry/push.js'
import type { ImageResult, ImageSettings } from './types.js'

const LOAD_TIMEOUT_MS = 10 * 60_000

/**
 * `docker load`, started now and reading the archive from its standard input
 * as the writer makes it: docker's start-up overlaps the layers' gzip, and
 * the archive is not read back from disk. `done` settles once it exited.
 */
export function startDockerLoad(exec: Exec): { feed: PassThrough; done: Promise<ExecResult> } {
  const feed = new PassThrough({ highWaterMark: 1 << 20 })
  // A failed write destroys the feed with its error, which the writer reports itself.
  feed.on('error', () => undefined)
  const done = exec.run('docker', ['load'], { input: feed, timeoutMs: LOAD_TIMEOUT_MS })
  // Once docker is gone nobody reads the feed: the writer must not wait for it.
  done.then(
    () => feed.destroy(),
    () => feed.destroy()
  )
  return { feed, done }
}

export function checkLoaded(result: ExecResult): void {
  if (result.exitCode !== 0 || result.timedOut) {
    throw new UserError(
      'docker load refused the image the writer made.',
      errorLines(`${result.stdout}\n${result.stderr}`)
    )
  }
}

/**
 * The daemonless engine: layers, config and manifest written by from-scratch
 * itself into an OCI layout and a `docker load` archive under `outputDir`.
 * Where a Docker daemon answers, the image is loaded (so it can be run and
 * smoke-tested like a buildx image); `push` goes to the registry over the
 * distribution API with the runner's docker login, manifests last.
 */
export async function buildWithWriter(
  settings: ImageSettings,
  prepared: Prepared,
  inspection: Inspection,
  exec: Exec,
  log: Log,
  options: {
    readonly outputDir?: string
    /**
     * Whether a daemon answers and how it stores images (the classic store
     * gets the plain layers). The layers are gzipped while this is asked.
     */
    readonly local: Promise<EngineProbe>
    /** See buildImage: called once docker load has its whole input. */
    readonly whileWaiting?: () => void
  }
): Promise<ImageResult> {
  const outDir = options.outputDir
    ? join(options.outputDir, 'image')
    : await mkdtemp(join(tmpdir(), 'from-scratch-oci-'))
  const load = options.local.then((local) => {
    if (!local.daemon) return null
    const target = { ...startDockerLoad(exec), plainLayers: local.store === 'classic' }
    if (options.whileWaiting) target.feed.once('finish', options.whileWaiting)
    return target
  })
  const writing = writeOciImage({
    plan: prepared.plan,
    config: prepared.config,
    tags: prepared.tags,
    epoch: settings.sourceDateEpoch,
    platform: settings.platform,
    outDir,
    load
  })
  // With plain layers docker is done before the gzip is: ask for the ID meanwhile.
  const loading = load.then(async (target) => {
    if (target === null) return undefined
    checkLoaded(await target.done)
    return localImageId(exec, prepared.tags[0] ?? '')
  })
  const [wrote, loaded] = await Promise.allSettled([writing, loading])
  // A writer that failed cut docker's input short: its error is the one that says why.
  if (wrote.status === 'rejected') throw wrote.reason
  if (loaded.status === 'rejected') throw loaded.reason
  const written = wrote.value
  // An extra weighs the file bytes of its layer, as `docker images` counts them.
  const extras = extraReports(prepared, (layer) =>
    written.layers[layer].files.reduce((sum, file) => sum + file.size, 0)
  )
  logExtras(extras, inspection, log)
  log.info(
    `image ${written.configDigest}: ${imageSizeOf(written.files)} bytes, pull size ${written.pullSize} bytes, manifest ${written.manifestDigest}`
  )
  log.info(`OCI layout: ${written.layoutDir}; docker load archive: ${written.archivePath}`)

  let smoke: SmokeRun = { output: null, verdict: null }
  // The config digest is the image's ID in every store; the engine may key it otherwise.
  const imageId = written.configDigest
  const localId = loaded.value
  if (localId !== undefined) {
    log.info(`loaded into docker as ${prepared.tags.join(', ')} (${localId})`)
    smoke = await smokePlatform(settings, prepared, localId, settings.platform, exec, log)
  } else if (settings.smokeTest !== null) {
    log.warning('No Docker daemon to run the smoke test in: it was skipped.')
    smoke = { output: null, verdict: { ran: false, why: 'no Docker daemon answers' } }
  }

  const base: ImageResult = {
    name: settings.image,
    tags: prepared.tags,
    imageId,
    ...(localId === undefined ? {} : { localId }),
    digest: null,
    size: imageSizeOf(written.files),
    extras,
    findingExtras: findingExtras(inspection),
    files: written.files,
    pushed: false,
    smokeOutput: smoke.output,
    smoke: smoke.verdict,
    builtWith: 'oci',
    pullSize: written.pullSize,
    manifest: {
      digest: written.manifestDigest,
      size: written.manifestSize,
      mediaType: 'application/vnd.oci.image.manifest.v1+json'
    },
    layout: { dir: written.layoutDir, archive: written.archivePath },
    platform: settings.platform
  }
  if (!settings.push) return base
  try {
    const pushed = await pushLayout({
      layoutDir: written.layoutDir,
      references: prepared.tags,
      log,
      exec
    })
    log.info(`pushed ${pushed.pushed.join(', ')} @ ${pushed.digest}`)
    return { ...base, digest: pushed.digest, pushed: true }
  } catch (error) {
    throw pushFailure(error, prepared.tags, base, [])
  }
}
