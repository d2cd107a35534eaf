import { blobArchivePath } from '../ground/blob-path.js'
import { createReadStream } from 'node:fs'
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip, gzipSync } from 'node:zlib'
import { messageOf } from '../ground/errors.js'
import { DEFAULT_PLATFORM, entryIsFor, platformName, type Platform } from '../ground/platform.js'
import type { Exec } from '../ground/exec.js'
import type { ImageFile, ImageResult } from '../image/types.js'
import type { Log } from '../ground/log.js'
import {
  chooseManifest,
  isCompressed,
  ManifestError,
  parseManifest,
  parseSaveManifests,
  configPlatform,
  pinnedReference,
  pullSizeOf,
  savedImageOf,
  type SavedImage
} from './measure-manifest.js'
import {
  applyPending,
  BLOCK,
  isExtendedHeader,
  normalizeTarPath,
  paddedSize,
  parseTarHeader,
  readExtended,
  resolveEntry,
  TarFormatError,
  type Pending,
  type TarEntry
} from '../ground/tar-format.js'

/**
 * The image's sizes as DESIGN.md "Sizes, defined once" defines them.
 *
 * Failure policy: measuring never throws and never fails the job, because the
 * report must be written even when a number is missing. A pushed image whose
 * manifest cannot be read falls back to the estimate (with a warning); when
 * the estimate fails too (`docker save` failed, the archive is unreadable),
 * `pullSize` is null with a warning, and gates on `pull` say it was not
 * measured instead of judging a made-up number.
 */
export interface ImageMeasure {
  /** Sum of the file bytes in the layers, from the engine (never the daemon's .Size). */
  readonly size: number
  /** Config + compressed layers; null when neither the registry nor the saved image gave it. */
  readonly pullSize: number | null
  /** True only when summed from the manifest the registry holds. */
  readonly pullSizeExact: boolean
  readonly files: readonly ImageFile[]
}

const MANIFEST_TIMEOUT_MS = 60_000
const SAVE_TIMEOUT_MS = 15 * 60_000
/** manifest.json, index.json and OCI manifests are a few KB; anything bigger is not one. */
const MAX_JSON_BYTES = 4 * 1024 * 1024
const MAX_INDEX_DEPTH = 4

/** Why a measurement could not be made; turned into a warning, never thrown out of measureImage. */
class MeasureError extends Error {
  override readonly name = 'MeasureError'
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 3).join(' | ')
}

// ---- exact: from the registry ------------------------------------------------------------

async function fetchManifest(exec: Exec, reference: string): Promise<string> {
  // imagetools reads with the docker login (config.json and credential helpers)
  // and works with every buildx driver, the docker driver included.
  const result = await exec.run('docker', ['buildx', 'imagetools', 'inspect', '--raw', reference], {
    timeoutMs: MANIFEST_TIMEOUT_MS
  })
  if (result.exitCode !== 0 || result.timedOut) {
    throw new MeasureError(
      `docker buildx imagetools inspect --raw ${reference} failed${result.timedOut ? ' (timed out)' : ''}: ${firstLines(result.stderr)}`
    )
  }
  return result.stdout
}

/** Sums config and layers of the manifest the registry holds for this digest. */
export async function exactPullSize(
  exec: Exec,
  tag: string,
  digest: string,
  platform: Platform = DEFAULT_PLATFORM
): Promise<{ pullSize: number; reference: string }> {
  let reference = pinnedReference(tag, digest)
  for (let depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
    const manifest = parseManifest(await fetchManifest(exec, reference), reference)
    if (manifest.kind === 'manifest') return { pullSize: pullSizeOf(manifest), reference }
    const chosen = chooseManifest(manifest.manifests, platform)
    if (chosen === null)
      throw new MeasureError(`${reference} is an index without a ${platformName(platform)} image`)
    reference = pinnedReference(tag, chosen.digest)
  }
  throw new MeasureError(`${tag}: indexes nested deeper than ${MAX_INDEX_DEPTH}`)
}

// ---- estimate: from docker save -----------------------------------------------------------

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let filled = 0
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, offset + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return buffer.subarray(0, filled)
}

/**
 * Every entry of a tar file with where its data starts. Headers are read
 * with positional reads and data is skipped, so memory stays at a few blocks
 * whatever the image weighs; `manifest.json` comes last in the legacy
 * layout, so the layers are known only after the whole index is read.
 */
export async function indexTar(path: string): Promise<Map<string, TarEntry>> {
  const file = await open(path, 'r')
  try {
    const { size: total } = await file.stat()
    const entries = new Map<string, TarEntry>()
    let offset = 0
    let pending: Pending = {}
    while (offset < total) {
      const parsed = parseTarHeader(await readAt(file, offset, BLOCK))
      if (parsed.kind === 'end') return entries
      const dataOffset = offset + BLOCK
      const size = parsed.header.size
      if (dataOffset + size > total) {
        throw new TarFormatError(
          `${JSON.stringify(parsed.header.name)} runs past the end of the archive`
        )
      }
      if (isExtendedHeader(parsed.header.type)) {
        if (size > MAX_JSON_BYTES)
          throw new TarFormatError('an extended header is implausibly large')
        pending = readExtended(parsed.header.type, await readAt(file, dataOffset, size), pending)
      } else {
        const header = applyPending(parsed.header, pending)
        pending = {}
        const name = normalizeTarPath(header.name)
        entries.set(name, { ...header, name, offset: dataOffset })
      }
      offset = dataOffset + paddedSize(size)
    }
    // GNU tar and docker always end with zero blocks; a cut-off archive may not.
    throw new TarFormatError('the archive ends without its end-of-archive blocks')
  } finally {
    await file.close()
  }
}

async function readEntryText(path: string, entry: TarEntry): Promise<string> {
  if (entry.size > MAX_JSON_BYTES) throw new MeasureError(`${entry.name} is too large to be JSON`)
  const file = await open(path, 'r')
  try {
    return (await readAt(file, entry.offset, entry.size)).toString('utf8')
  } finally {
    await file.close()
  }
}

function mustResolve(entries: ReadonlyMap<string, TarEntry>, name: string): TarEntry {
  const entry = resolveEntry(entries, name)
  if (entry === null) throw new MeasureError(`the saved image has no file ${name}`)
  return entry
}

/** Config and layer paths: manifest.json when present, else the OCI index.json → manifest. */
async function savedImage(
  path: string,
  entries: ReadonlyMap<string, TarEntry>,
  platform: Platform
): Promise<SavedImage> {
  const legacy = resolveEntry(entries, 'manifest.json')
  if (legacy !== null) {
    // One entry per image: the one whose config names `platform` (a config that names
    // none is taken as it is). A lone entry of another platform (an index saved with only
    // the host's image listed) sends the search on to index.json.
    const images = parseSaveManifests(await readEntryText(path, legacy))
    for (const image of images) {
      const text = await readEntryText(path, mustResolve(entries, image.config))
      // A config that is not JSON says no platform; the sizes may still be counted.
      let config: { readonly os: string | null; readonly architecture: string | null }
      try {
        config = configPlatform(text)
      } catch {
        config = { os: null, architecture: null }
      }
      const silent = config.os === null && config.architecture === null
      if ((silent && images.length === 1) || entryIsFor(config, platform)) return image
    }
  }
  const index = resolveEntry(entries, 'index.json')
  if (index === null) {
    throw new MeasureError(
      legacy === null
        ? 'the saved image has neither manifest.json nor index.json'
        : `the saved images hold no ${platformName(platform)} image`
    )
  }
  let manifest = parseManifest(await readEntryText(path, index), 'index.json')
  for (let depth = 0; manifest.kind === 'index'; depth++) {
    const chosen = chooseManifest(manifest.manifests, platform)
    if (chosen === null || depth >= MAX_INDEX_DEPTH) {
      throw new MeasureError(`index.json holds no ${platformName(platform)} image`)
    }
    const blob = mustResolve(entries, blobArchivePath(chosen.digest))
    manifest = parseManifest(await readEntryText(path, blob), chosen.digest)
  }
  return savedImageOf(manifest)
}

function counter(): { sink: Writable; bytes: () => number } {
  let bytes = 0
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      done()
    }
  })
  return { sink, bytes: () => bytes }
}

/**
 * Bytes of one layer as a registry would store it: gzip at zlib's default
 * level, as BuildKit compresses layers for a push, counted while streaming;
 * a layer that is already compressed counts as it is.
 */
async function compressedLayerSize(path: string, entry: TarEntry): Promise<number> {
  if (entry.size === 0) return gzipSync(Buffer.alloc(0)).length
  const file = await open(path, 'r')
  let head: Buffer
  try {
    head = await readAt(file, entry.offset, Math.min(4, entry.size))
  } finally {
    await file.close()
  }
  if (isCompressed(head)) return entry.size
  const count = counter()
  await pipeline(
    createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 }),
    createGzip(),
    count.sink
  )
  return count.bytes()
}

/** Estimates the pull size from an archive written by `docker save`. */
export async function estimateFromArchive(
  path: string,
  platform: Platform = DEFAULT_PLATFORM
): Promise<{ pullSize: number; config: number; layers: number[] }> {
  const entries = await indexTar(path)
  const image = await savedImage(path, entries, platform)
  const config = mustResolve(entries, image.config).size
  const layers: number[] = []
  // A layer listed twice counts twice, as a pushed manifest's sum counts it; it is compressed once.
  const known = new Map<string, number>()
  for (const name of image.layers) {
    const entry = mustResolve(entries, name)
    const size = known.get(entry.name) ?? (await compressedLayerSize(path, entry))
    known.set(entry.name, size)
    layers.push(size)
  }
  return { pullSize: layers.reduce((sum, size) => sum + size, config), config, layers }
}

async function estimatePullSize(
  exec: Exec,
  imageId: string,
  platform: Platform,
  tempDir: string
): Promise<{ pullSize: number; config: number; layers: number[] }> {
  const dir = await mkdtemp(join(tempDir, 'from-scratch-measure-'))
  try {
    const archive = join(dir, 'image.tar')
    // -o: the daemon's stream goes to the file, never through our memory.
    const result = await exec.run('docker', ['save', '--output', archive, imageId], {
      timeoutMs: SAVE_TIMEOUT_MS
    })
    if (result.exitCode !== 0 || result.timedOut) {
      throw new MeasureError(
        `docker save ${imageId} failed${result.timedOut ? ' (timed out)' : ''}: ${firstLines(result.stderr)}`
      )
    }
    return await estimateFromArchive(archive, platform)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function reason(error: unknown): string {
  if (error instanceof MeasureError || error instanceof ManifestError) return error.message
  if (error instanceof TarFormatError)
    return `the saved image is not a readable tar: ${error.message}`
  return messageOf(error)
}

/**
 * Image size, pull size and files of a built image. Exact pull size from the
 * pushed manifest when the image was pushed; otherwise estimated from
 * `docker save`. Never throws: see ImageMeasure for what failures give.
 */
export async function measureImage(
  image: ImageResult,
  exec: Exec,
  log: Log,
  /** Where the saved image goes while it is read (removed after); default the system temp folder. */
  tempDir: string = tmpdir()
): Promise<ImageMeasure> {
  const measured = { size: image.size, files: image.files }
  if (image.pullSize !== null) {
    // The writer made the layers itself: their sizes are what a registry stores.
    log.info(`pull size: ${image.pullSize} bytes, exact, from the layers as written`)
    return { ...measured, pullSize: image.pullSize, pullSizeExact: true }
  }
  if (image.pushed && image.digest !== null && image.tags.length > 0) {
    try {
      const exact = await exactPullSize(exec, image.tags[0], image.digest, image.platform)
      log.info(`pull size: ${exact.pullSize} bytes, exact, from the manifest of ${exact.reference}`)
      return { ...measured, pullSize: exact.pullSize, pullSizeExact: true }
    } catch (error) {
      log.warning(
        `Could not read the pushed manifest (${reason(error)}); the pull size is estimated from the local image instead.`
      )
    }
  }
  if (image.pullSizeEstimate) {
    const estimate = image.pullSizeEstimate
    log.info(
      `pull size: ${estimate.pullSize} bytes, estimated (config ${estimate.config} + gzip of layers ${estimate.layers.join(', ')})`
    )
    return { ...measured, pullSize: estimate.pullSize, pullSizeExact: false }
  }
  try {
    const estimate = await estimatePullSize(
      exec,
      image.localId ?? image.imageId,
      image.platform,
      tempDir
    )
    log.info(
      `pull size: ${estimate.pullSize} bytes, estimated (config ${estimate.config} + gzip of layers ${estimate.layers.join(', ')})`
    )
    return { ...measured, pullSize: estimate.pullSize, pullSizeExact: false }
  } catch (error) {
    log.warning(`The pull size could not be measured: ${reason(error)}. The report leaves it out.`)
    return { ...measured, pullSize: null, pullSizeExact: false }
  }
}
