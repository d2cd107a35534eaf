import { blobPath } from '../../ground/blob-path.js'
import type { Platform } from '../../ground/platform.js'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { UserError } from '../../ground/errors.js'
import { materialiseLayer, type MaterialisedLayer } from '../materialise.js'
import type { LayerKind, RootfsPlan } from '../rootfs.js'
import type { ImageFile } from '../types.js'
import {
  dockerSaveManifest,
  imageConfig,
  imageManifest,
  layoutIndex,
  MEDIA_TYPE,
  OCI_LAYOUT,
  sha256Digest,
  type ContainerConfig,
  type Descriptor
} from './config.js'
import { unpackedSize } from './entries.js'
import { fileMember } from './archive-member.js'
import { DEFAULT_GZIP_LEVEL, writeLayer, type LayerBlob } from './layer.js'
import { feedLoadArchive } from './load-feed.js'
import { encodeHeader, endOfArchive } from './tar.js'

export interface OciImageInput {
  readonly plan: RootfsPlan
  /** From `containerConfig()`: the same settings the Dockerfile is rendered from. */
  readonly config: ContainerConfig
  /** Full references, e.g. `ghcr.io/acme/api:1.2.3`. */
  readonly tags: readonly string[]
  /** SOURCE_DATE_EPOCH: every mtime and `created`. */
  readonly epoch: number
  /** The config's os and architecture. */
  readonly platform: Platform
  /** Gets `oci/` (the layout) and `image.tar` (for `docker load`); created when missing. */
  readonly outDir: string
  /** zlib level for the layers; the default matches what BuildKit pushes. */
  readonly gzipLevel?: number
  /**
   * Where `docker load` reads from, once it is known whether a daemon answers
   * and how it stores images: the writer starts before that is asked, and
   * feeds docker when it knows. null: nothing is loaded.
   */
  readonly load?: Promise<LoadTarget | null>
}

export interface LoadTarget {
  /**
   * `docker load`'s input, ended when the image is in it (destroyed when
   * writing fails). A reader that stops early (destroys it) does not stop the writer.
   */
  readonly feed: Writable
  /**
   * The plain layers, streamed while the gzip for the layout runs (see
   * load-feed.ts), for an engine with the classic image store; else the
   * layout's archive, teed into the feed while `image.tar` is written.
   */
  readonly plainLayers: boolean
}

export interface OciLayer {
  readonly kind: LayerKind
  readonly diffId: string
  readonly digest: string
  /** Bytes of the gzip blob. */
  readonly size: number
  /** Bytes of the tar. */
  readonly uncompressedSize: number
  /** Regular files of this layer, in plan order (an extra's `bytes` is their sum). */
  readonly files: readonly ImageFile[]
}

export interface WrittenImage {
  /** OCI image layout folder: `oci-layout`, `index.json`, `blobs/sha256/…`. */
  readonly layoutDir: string
  /** A `docker save` archive (the layout plus `manifest.json`) that `docker load -i` takes. */
  readonly archivePath: string
  readonly manifestDigest: string
  readonly manifestSize: number
  /** `sha256:` of the config: the image id docker shows. */
  readonly configDigest: string
  readonly configSize: number
  readonly layers: readonly OciLayer[]
  /** Bytes of the unpacked image as dockerd 20.10 counts them (`docker images` SIZE). */
  readonly size: number
  /** config + compressed layers (DESIGN.md), exact. */
  readonly pullSize: number
  /** Every regular file in the image with its size, for the report. */
  readonly files: readonly ImageFile[]
}

async function writeBlob(
  layoutDir: string,
  bytes: Buffer
): Promise<{ digest: string; size: number }> {
  const digest = sha256Digest(bytes)
  await writeFile(blobPath(layoutDir, digest), bytes)
  return { digest, size: bytes.length }
}

/** The archive's entries: folders, then files streamed from the layout. */
async function* archiveChunks(
  files: readonly { readonly name: string; readonly path: string }[],
  epoch: number
): AsyncGenerator<Buffer> {
  for (const dir of ['blobs/', 'blobs/sha256/']) {
    yield encodeHeader({
      name: dir,
      type: 'dir',
      mode: 0o755,
      size: 0,
      uid: 0,
      gid: 0,
      mtime: epoch,
      linkname: ''
    })
  }
  for (const file of files) yield* fileMember(file.name, file.path, epoch)
  yield endOfArchive()
}

/** Writes to a second reader, waiting while it is behind; nothing once it is gone. */
async function feedChunk(feed: Writable, chunk: Buffer): Promise<void> {
  if (feed.destroyed || feed.writableEnded) return
  if (feed.write(chunk)) return
  await new Promise<void>((resolve) => {
    const done = (): void => {
      feed.off('drain', done)
      feed.off('close', done)
      resolve()
    }
    feed.on('drain', done)
    feed.on('close', done)
  })
}

/** Passes the archive through, and to `feed` as well. */
function teeTo(feed: Writable): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      feedChunk(feed, chunk).then(
        () => done(null, chunk),
        (error: Error) => done(error)
      )
    }
  })
}

/**
 * The `docker load` / OCI archive of a layout: its folders, the blobs listed
 * (once each, sorted), then index.json, manifest.json and oci-layout; teed into
 * `feed` when given. Equal files give equal bytes.
 */
export async function writeArchive(
  layoutDir: string,
  archivePath: string,
  digests: readonly string[],
  epoch: number,
  feed?: Writable
): Promise<void> {
  const blobs = [...new Set(digests)].sort().map((digest) => ({
    name: `blobs/sha256/${digest.slice('sha256:'.length)}`,
    path: blobPath(layoutDir, digest)
  }))
  const rest = ['index.json', 'manifest.json', 'oci-layout'].map((name) => ({
    name,
    path: join(layoutDir, name)
  }))
  const temporary = `${archivePath}.partial`
  const chunks = Readable.from(archiveChunks([...blobs, ...rest], epoch))
  await (feed
    ? pipeline(chunks, teeTo(feed), createWriteStream(temporary))
    : pipeline(chunks, createWriteStream(temporary)))
  await rename(temporary, archivePath)
}

/** The values when every outcome is fulfilled; else the first failure in list order. */
function firstFailure<T>(outcomes: readonly PromiseSettledResult<T>[]): T[] {
  const values: T[] = []
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason
    values.push(outcome.value)
  }
  return values
}

/** Streams the plain layers into the feed and ends it; the config digest docker got. */
async function feedPlainLayers(
  feed: Writable,
  input: OciImageInput,
  materialised: readonly MaterialisedLayer[],
  blobs: readonly Promise<LayerBlob>[],
  layoutDir: string
): Promise<string> {
  const digest = await feedLoadArchive(
    {
      layers: materialised.map((layer, index) => ({
        kind: layer.kind,
        entries: layer.entries,
        blob: async () => {
          const blob = await blobs[index]
          return { path: blobPath(layoutDir, blob.digest), diffId: blob.diffId }
        }
      })),
      config: input.config,
      tags: input.tags,
      epoch: input.epoch,
      platform: input.platform
    },
    (chunk) => feedChunk(feed, chunk)
  )
  feed.end()
  return digest
}

/**
 * Writes the image for a rootfs plan without any daemon: one gzip layer per
 * planned layer (as the Dockerfile path makes them), the config, the manifest,
 * an OCI layout and a `docker load` archive. Equal inputs give equal bytes.
 */
export async function writeOciImage(input: OciImageInput): Promise<WrittenImage> {
  try {
    const written = await writeImage(input)
    const target = await input.load
    if (target && !target.feed.writableEnded) target.feed.end()
    return written
  } catch (error) {
    // The target may never come (its own failure is the caller's to report).
    const target = await input.load?.catch(() => null)
    target?.feed.destroy(error instanceof Error ? error : new Error(String(error)))
    throw error
  }
}

async function writeImage(input: OciImageInput): Promise<WrittenImage> {
  const layoutDir = join(input.outDir, 'oci')
  const blobsDir = join(layoutDir, 'blobs', 'sha256')
  await rm(layoutDir, { recursive: true, force: true })
  await mkdir(blobsDir, { recursive: true })
  const level = input.gzipLevel ?? DEFAULT_GZIP_LEVEL
  const materialised = firstFailure(
    await Promise.allSettled(input.plan.layers.map((layer) => materialiseLayer(layer)))
  )
  // Layers are independent: they compress at once (the small ones beside the binary's),
  // each into its own blob, and are listed in plan order; a failure is the first in that order.
  const blobs = materialised.map((layer) => writeLayer(layer.entries, input.epoch, blobsDir, level))
  const settled = Promise.allSettled(blobs)
  const load = input.load ?? Promise.resolve(null)
  const fed = load.then((target) =>
    target?.plainLayers ? feedPlainLayers(target.feed, input, materialised, blobs, layoutDir) : null
  )
  // Whatever fails first below, the feed's own failure is not left unhandled.
  fed.catch(() => undefined)
  const layers: OciLayer[] = firstFailure(await settled).map((blob, index) => ({
    kind: materialised[index].kind,
    ...blob,
    files: materialised[index].files
  }))
  const files = materialised.flatMap((layer) => layer.files)
  const size = materialised.reduce((sum, layer) => sum + unpackedSize(layer.entries), 0)
  const config = await writeBlob(
    layoutDir,
    imageConfig({
      config: input.config,
      layers,
      epoch: input.epoch,
      platform: input.platform
    })
  )
  const configDescriptor: Descriptor = {
    mediaType: MEDIA_TYPE.config,
    digest: config.digest,
    size: config.size
  }
  const layerDescriptors = layers.map((layer) => ({
    mediaType: MEDIA_TYPE.layer,
    digest: layer.digest,
    size: layer.size
  }))
  const manifest = await writeBlob(layoutDir, imageManifest(configDescriptor, layerDescriptors))
  await writeFile(
    join(layoutDir, 'index.json'),
    layoutIndex(
      { mediaType: MEDIA_TYPE.manifest, digest: manifest.digest, size: manifest.size },
      input.tags
    )
  )
  await writeFile(join(layoutDir, 'oci-layout'), OCI_LAYOUT)
  const blobName = (digest: string): string => `blobs/sha256/${digest.slice('sha256:'.length)}`
  await writeFile(
    join(layoutDir, 'manifest.json'),
    dockerSaveManifest(
      blobName(config.digest),
      input.tags,
      layers.map((layer) => blobName(layer.digest))
    )
  )
  const archivePath = join(input.outDir, 'image.tar')
  const target = await load
  await writeArchive(
    layoutDir,
    archivePath,
    [config.digest, manifest.digest, ...layers.map((layer) => layer.digest)],
    input.epoch,
    target && !target.plainLayers ? target.feed : undefined
  )
  const loadedConfig = await fed
  if (loadedConfig !== null && loadedConfig !== config.digest) {
    // Only a file rewritten (same size, other bytes) between the two reads gets here.
    throw new UserError('A file of the image changed while the image was written.', [
      `docker loaded an image with config ${loadedConfig}, the OCI layout has ${config.digest}; build again once nothing writes to the files.`
    ])
  }
  return {
    layoutDir,
    archivePath,
    manifestDigest: manifest.digest,
    manifestSize: manifest.size,
    configDigest: config.digest,
    configSize: config.size,
    layers,
    size,
    pullSize: config.size + layers.reduce((sum, layer) => sum + layer.size, 0),
    files
  }
}
