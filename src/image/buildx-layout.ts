import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { blobPath } from '../ground/blob-path.js'
import { UserError } from '../ground/errors.js'
import { entryIsFor, platformName, type Platform } from '../ground/platform.js'

// What buildx's OCI exporter wrote for a build of several platforms, read back:
// index.json names the image index once per tag, the index names one manifest
// per platform (and, with provenance, an attestation manifest for each), and
// each manifest names its config, whose digest is that platform's image ID.

const DIGEST = /^sha256:[0-9a-f]{64}$/
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

/** A descriptor as the layout's JSON gives it. */
export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
}

/** One platform's manifest in the index. */
export interface IndexEntry extends Descriptor {
  readonly os: string | null
  readonly architecture: string | null
  /** An attestation manifest (provenance), which is no platform's image. */
  readonly attestation: boolean
}

/** The index and, for each platform asked for in order, its manifest and config digests. */
export interface IndexLayout {
  readonly index: Descriptor
  readonly platforms: readonly {
    readonly platform: Platform
    readonly manifestDigest: string
    readonly configDigest: string
  }[]
}

function bad(why: string): UserError {
  return new UserError(`docker buildx wrote an OCI archive that cannot be read: ${why}.`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw bad(`${what} is not JSON`)
  }
}

function descriptor(value: unknown, what: string): Descriptor {
  if (!isRecord(value)) throw bad(`${what} is not a descriptor`)
  const { mediaType, digest, size } = value
  if (typeof digest !== 'string' || !DIGEST.test(digest)) throw bad(`${what} has no sha256 digest`)
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw bad(`${what} has no size`)
  }
  return { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size }
}

function manifestsOf(parsed: unknown, what: string): unknown[] {
  if (!isRecord(parsed) || !Array.isArray(parsed.manifests)) throw bad(`${what} lists no manifests`)
  return parsed.manifests
}

/**
 * The image index `index.json` names: one entry per tag, every one the same
 * index (buildx writes it so). Pure.
 */
export function parseLayoutIndex(text: string): Descriptor {
  const entries = manifestsOf(parseJson(text, 'index.json'), 'index.json').map((entry, i) =>
    descriptor(entry, `index.json entry ${i + 1}`)
  )
  const first = entries[0]
  if (first === undefined) throw bad('index.json lists no image')
  if (entries.some((entry) => entry.digest !== first.digest)) {
    throw bad('index.json names more than one image')
  }
  if (!INDEX_TYPES.has(first.mediaType)) {
    throw bad(
      `index.json names a ${first.mediaType || 'descriptor without media type'}, not an image index`
    )
  }
  return first
}

/** The manifests an image index lists, with their platforms. Pure. */
export function parseImageIndex(text: string): IndexEntry[] {
  return manifestsOf(parseJson(text, 'the image index'), 'the image index').map((entry, i) => {
    const base = descriptor(entry, `image index entry ${i + 1}`)
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

/** The config digest an image manifest names. Pure. */
export function parseManifestConfig(text: string): string {
  const parsed = parseJson(text, 'an image manifest')
  if (!isRecord(parsed)) throw bad('an image manifest is not an object')
  return descriptor(parsed.config, "an image manifest's config").digest
}

/** Each platform's entry of the index, in the order asked; a missing one is an error. Pure. */
export function pickPlatforms(
  entries: readonly IndexEntry[],
  platforms: readonly Platform[]
): IndexEntry[] {
  const images = entries.filter((entry) => !entry.attestation)
  return platforms.map((platform) => {
    const found = images.find((entry) => entryIsFor(entry, platform))
    if (found === undefined) throw bad(`the image index has no ${platformName(platform)} image`)
    return found
  })
}

async function blob(layoutDir: string, digest: string): Promise<string> {
  try {
    return await readFile(blobPath(layoutDir, digest), 'utf8')
  } catch (error) {
    throw bad(`blob ${digest} is missing (${(error as NodeJS.ErrnoException).code ?? error})`)
  }
}

/** Reads an unpacked OCI archive of an index build: the index and each platform's digests. */
export async function readIndexLayout(
  layoutDir: string,
  platforms: readonly Platform[]
): Promise<IndexLayout> {
  let indexJson: string
  try {
    indexJson = await readFile(join(layoutDir, 'index.json'), 'utf8')
  } catch {
    throw bad('it has no index.json')
  }
  const index = parseLayoutIndex(indexJson)
  const entries = pickPlatforms(parseImageIndex(await blob(layoutDir, index.digest)), platforms)
  const found = []
  for (const [i, entry] of entries.entries()) {
    const configDigest = parseManifestConfig(await blob(layoutDir, entry.digest))
    found.push({ platform: platforms[i], manifestDigest: entry.digest, configDigest })
  }
  return { index, platforms: found }
}
