import { createHash } from 'node:crypto'
import type { Platform } from '../../ground/platform.js'
import type { RootfsEntry } from '../entry-list.js'
import type { LayerKind } from '../rootfs.js'
import { dockerSaveManifest, imageConfig, sha256Digest, type ContainerConfig } from './config.js'
import { bytesMember, fileMember, memberHeader } from './archive-member.js'
import { tarChunks, tarSize } from './layer.js'
import { dataPadding, endOfArchive } from './tar.js'

// What `docker load` gets from the writer when the engine keeps images in the
// classic store: a `docker save` archive whose layers are the plain tars,
// streamed as soon as the files are listed. The engine needs no gzip to take
// them (it keys an image by its config, and the config names DiffIDs only), so
// the layers' gzip for the OCI layout runs beside the load instead of before it.
// The containerd image store keeps an archive's manifest and blobs as they
// come, so it gets the layout's archive, compressed, as a registry would.

/**
 * Above this a layer reaches docker as its gzip blob: the engine writes an
 * uncompressed layer to disk twice (the archive, then the layer), which for a
 * large, compressible layer costs more than waiting for its gzip
 * (bench/e2e's 100 MB binary: 1.5–2.0 s loaded plain against 1.2–1.4 s gzipped).
 */
export const PLAIN_LAYER_MAX = 32 * 1024 * 1024

export interface FeedLayer {
  readonly kind: LayerKind
  readonly entries: readonly RootfsEntry[]
  /** The layer's gzip blob and DiffID, once written: what a layer over PLAIN_LAYER_MAX sends. */
  readonly blob: () => Promise<{ readonly path: string; readonly diffId: string }>
}

export interface LoadArchiveInput {
  readonly layers: readonly FeedLayer[]
  readonly config: ContainerConfig
  readonly tags: readonly string[]
  readonly epoch: number
  readonly platform: Platform
  /** Bytes above which a layer goes as its gzip blob; PLAIN_LAYER_MAX unless a test says. */
  readonly plainMax?: number
}

/** Where the archive's chunks go; settles once they are all taken. */
export type ChunkSink = (chunk: Buffer) => Promise<void>

/**
 * Streams the archive into `sink` (layers, then the config, then
 * `manifest.json`) and returns the config's digest: the image ID the classic
 * store gives it, which must be the layout's own.
 */
export async function feedLoadArchive(input: LoadArchiveInput, sink: ChunkSink): Promise<string> {
  const diffIds: string[] = []
  const names: string[] = []
  for (const [index, layer] of input.layers.entries()) {
    const size = tarSize(layer.entries, input.epoch)
    if (size <= (input.plainMax ?? PLAIN_LAYER_MAX)) {
      const name = `layer-${index}.tar`
      const hash = createHash('sha256')
      await sink(memberHeader(name, size, input.epoch))
      for await (const chunk of tarChunks(layer.entries, input.epoch)) {
        hash.update(chunk)
        await sink(chunk)
      }
      await sink(dataPadding(size))
      diffIds.push(`sha256:${hash.digest('hex')}`)
      names.push(name)
    } else {
      const name = `layer-${index}.tar.gz`
      const blob = await layer.blob()
      for await (const chunk of fileMember(name, blob.path, input.epoch)) await sink(chunk)
      diffIds.push(blob.diffId)
      names.push(name)
    }
  }
  const config = imageConfig({
    config: input.config,
    layers: input.layers.map((layer, index) => ({ kind: layer.kind, diffId: diffIds[index] })),
    epoch: input.epoch,
    platform: input.platform
  })
  const manifest = dockerSaveManifest('config.json', input.tags, names)
  for (const chunk of [
    ...bytesMember('config.json', config, input.epoch),
    ...bytesMember('manifest.json', manifest, input.epoch)
  ]) {
    await sink(chunk)
  }
  await sink(endOfArchive())
  return sha256Digest(config)
}
