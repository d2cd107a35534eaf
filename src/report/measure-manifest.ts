import { DEFAULT_PLATFORM, entryIsFor, type Platform } from '../ground/platform.js'
import { blobArchivePath } from '../ground/blob-path.js'
/**
 * Reading image manifests and `docker save` manifests into plain data.
 * Pure: JSON text in, descriptors out; nothing here fetches or reads files.
 */

/** A blob a manifest points at. */
export interface Descriptor {
  readonly digest: string
  readonly size: number
  readonly mediaType: string
}

/** An entry of an image index / manifest list. */
export interface IndexEntry extends Descriptor {
  readonly os: string | null
  readonly architecture: string | null
  /** BuildKit marks provenance/SBOM manifests this way; nodes never pull them. */
  readonly attestation: boolean
}

export type ParsedManifest =
  | {
      readonly kind: 'manifest'
      readonly config: Descriptor
      readonly layers: readonly Descriptor[]
    }
  | { readonly kind: 'index'; readonly manifests: readonly IndexEntry[] }

/** A manifest that cannot be used; the message says what is wrong with it. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError'
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function descriptor(value: unknown, where: string): Descriptor {
  if (!isRecord(value)) throw new ManifestError(`${where} is not an object`)
  const { digest, size, mediaType } = value
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw new ManifestError(`${where} has no valid digest`)
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestError(`${where} has no size in bytes`)
  }
  return { digest, size, mediaType: typeof mediaType === 'string' ? mediaType : '' }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ManifestError(`${what} is not JSON`)
  }
}

/**
 * An image manifest (Docker v2 schema 2 or OCI) or an index (OCI index or
 * Docker manifest list), told apart by their fields as well as by mediaType,
 * because OCI allows mediaType to be absent.
 */
export function parseManifest(text: string, what = 'the manifest'): ParsedManifest {
  const value = parseJson(text, what)
  if (!isRecord(value)) throw new ManifestError(`${what} is not a JSON object`)
  if (value.schemaVersion === 1) {
    throw new ManifestError(`${what} is schema 1, which has no blob sizes`)
  }
  if (Array.isArray(value.manifests)) {
    return {
      kind: 'index',
      manifests: value.manifests.map((entry: unknown, i): IndexEntry => {
        const base = descriptor(entry, `${what}: manifests[${i}]`)
        const record = entry as Record<string, unknown>
        const platform = isRecord(record.platform) ? record.platform : {}
        const annotations = isRecord(record.annotations) ? record.annotations : {}
        return {
          ...base,
          os: typeof platform.os === 'string' ? platform.os : null,
          architecture: typeof platform.architecture === 'string' ? platform.architecture : null,
          attestation: annotations['vnd.docker.reference.type'] === 'attestation-manifest'
        }
      })
    }
  }
  if (!Array.isArray(value.layers)) {
    throw new ManifestError(`${what} has neither layers nor manifests`)
  }
  return {
    kind: 'manifest',
    config: descriptor(value.config, `${what}: config`),
    layers: value.layers.map((layer: unknown, i) => descriptor(layer, `${what}: layers[${i}]`))
  }
}

/**
 * The manifest a node of the platform pulls from an index: the platform's entry
 * that is not an attestation; a lone entry without a platform (as
 * `docker save` writes in index.json) is taken as it is. Null when none fits.
 */
export function chooseManifest(
  manifests: readonly IndexEntry[],
  platform: Platform = DEFAULT_PLATFORM
): IndexEntry | null {
  const images = manifests.filter((entry) => !entry.attestation)
  const forPlatform = images.find((entry) => entryIsFor(entry, platform))
  if (forPlatform !== undefined) return forPlatform
  const unplaced = images.filter((entry) => entry.os === null && entry.architecture === null)
  return images.length === 1 && unplaced.length === 1 ? unplaced[0] : null
}

/** Pull size of an image manifest: what a registry stores and a node downloads for it. */
export function pullSizeOf(manifest: {
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
}): number {
  return manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size)
}

/**
 * `repo@digest` for a pushed tag: the tag is cut off (a colon after the last
 * slash), a registry port is kept. Pinning the digest reads the very
 * manifest that was pushed, even if the tag moved since.
 */
export function pinnedReference(tag: string, digest: string): string {
  const slash = tag.lastIndexOf('/')
  const at = tag.indexOf('@')
  let repository = at >= 0 ? tag.slice(0, at) : tag
  const colon = repository.lastIndexOf(':')
  if (colon > slash) repository = repository.slice(0, colon)
  return `${repository}@${digest}`
}

/** Archive paths of one image's config and layers inside a `docker save` tar. */
export interface SavedImage {
  readonly config: string
  readonly layers: readonly string[]
}

/**
 * `manifest.json` of `docker save`, which every daemon writes, in both
 * layouts: `[{ Config, RepoTags, Layers }]` with paths inside the archive
 * (`<id>.json` and `<id>/layer.tar` in the legacy layout, `blobs/sha256/…`
 * in the OCI one). One entry per image: one when one image was saved,
 * one per platform for an image index (the writer's archive of an index).
 */
export function parseSaveManifests(text: string): SavedImage[] {
  const value = parseJson(text, 'manifest.json')
  if (!Array.isArray(value) || value.length === 0) {
    throw new ManifestError('manifest.json lists no image')
  }
  return value.map((entry: unknown, i) => {
    if (!isRecord(entry)) throw new ManifestError(`manifest.json entry ${i} is not an object`)
    const { Config, Layers } = entry
    if (typeof Config !== 'string' || Config === '') {
      throw new ManifestError('manifest.json names no config')
    }
    if (!Array.isArray(Layers) || !Layers.every((layer) => typeof layer === 'string')) {
      throw new ManifestError('manifest.json has no list of layers')
    }
    return { config: Config, layers: Layers as string[] }
  })
}

/** The one image of a `docker save` of one image. */
export function parseSaveManifest(text: string): SavedImage {
  const images = parseSaveManifests(text)
  if (images.length !== 1)
    throw new ManifestError('manifest.json does not describe exactly one image')
  return images[0]
}

/** os and architecture of an image config; null fields when it does not say. */
export function configPlatform(text: string): {
  readonly os: string | null
  readonly architecture: string | null
} {
  const value = parseJson(text, 'the image config')
  if (!isRecord(value)) throw new ManifestError('the image config is not a JSON object')
  return {
    os: typeof value.os === 'string' ? value.os : null,
    architecture: typeof value.architecture === 'string' ? value.architecture : null
  }
}

/** The saved image of an OCI layout, from its image manifest (reached through index.json). */
export function savedImageOf(manifest: {
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
}): SavedImage {
  return {
    config: blobArchivePath(manifest.config.digest),
    layers: manifest.layers.map((layer) => blobArchivePath(layer.digest))
  }
}

/**
 * Whether a layer blob is already compressed (gzip or zstd magic): a daemon
 * with the containerd image store saves layers as they were pulled, and
 * compressing them again would count the wrong thing.
 */
export function isCompressed(head: Uint8Array): boolean {
  const gzip = head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08
  const zstd =
    head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd
  return gzip || zstd
}
