import { blobPath } from '../../ground/blob-path.js'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../ground/errors.js'

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+schema2+json'
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/

/** A blob the manifest references, and where it lies on disk. */
export interface LayoutBlob {
  readonly kind: 'config' | 'layer'
  readonly digest: string
  readonly size: number
  readonly mediaType: string
  readonly path: string
}

/** One image read from an OCI layout folder, checked against its own digests and sizes. */
export interface LayoutImage {
  readonly manifest: {
    readonly digest: string
    readonly mediaType: string
    /** Exactly the bytes the digest covers: they are pushed as they are, never re-serialised. */
    readonly bytes: Buffer
  }
  /** Config first, then layers in manifest order; a blob listed twice appears once. */
  readonly blobs: readonly LayoutBlob[]
}

interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
}

function bad(layoutDir: string, why: string): UserError {
  return new UserError(`${layoutDir} is not a usable OCI image layout: ${why}.`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function descriptor(value: unknown, where: string, layoutDir: string): Descriptor {
  if (!isRecord(value)) throw bad(layoutDir, `${where} is not a descriptor`)
  const { mediaType, digest, size } = value
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw bad(layoutDir, `${where} has no valid digest`)
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw bad(layoutDir, `${where} has no valid size`)
  }
  return { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size }
}

async function readJson(path: string, layoutDir: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw bad(layoutDir, `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? error})`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw bad(layoutDir, `${what} is not valid JSON`)
  }
}

/**
 * The one thing index.json names (one image or one image index, under any
 * number of ref.name entries). Referrers (an SBOM with its artifactType) sit
 * beside it: they are not what is pushed as it.
 */
export function pickTop(index: unknown, layoutDir: string): Descriptor {
  if (!isRecord(index) || !Array.isArray(index.manifests)) {
    throw bad(layoutDir, 'index.json has no manifests list')
  }
  const found = index.manifests
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => !(isRecord(m) && typeof m.artifactType === 'string'))
    .map(({ m, i }) => descriptor(m, `index.json manifests[${i}]`, layoutDir))
  const digests = [...new Set(found.map((d) => d.digest))]
  if (digests.length !== 1) {
    throw bad(layoutDir, `index.json names ${digests.length} images; exactly one is pushed`)
  }
  return found[0] as Descriptor
}

/** The single image manifest an index names (one image, any number of ref.name entries). */
export function pickManifest(index: unknown, layoutDir: string): Descriptor {
  const chosen = pickTop(index, layoutDir)
  if (INDEX_TYPES.has(chosen.mediaType)) {
    throw bad(layoutDir, `it holds an image index (${chosen.mediaType}); only one image is pushed`)
  }
  return chosen
}

/** A blob's bytes, checked against the digest and size its descriptor gives. */
async function readChecked(layoutDir: string, chosen: Descriptor, what: string): Promise<Buffer> {
  let bytes: Buffer
  try {
    bytes = await readFile(blobPath(layoutDir, chosen.digest))
  } catch {
    throw bad(layoutDir, `the ${what} blob ${chosen.digest} is missing`)
  }
  const [algorithm = 'sha256'] = chosen.digest.split(':')
  const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
  if (actual !== chosen.digest || bytes.length !== chosen.size) {
    throw bad(layoutDir, `the ${what} blob does not match its digest ${chosen.digest}`)
  }
  return bytes
}

async function readMarker(layoutDir: string): Promise<unknown> {
  const marker = await readJson(join(layoutDir, 'oci-layout'), layoutDir, 'oci-layout')
  if (!isRecord(marker) || typeof marker.imageLayoutVersion !== 'string') {
    throw bad(layoutDir, 'oci-layout has no imageLayoutVersion')
  }
  return readJson(join(layoutDir, 'index.json'), layoutDir, 'index.json')
}

/** Reads index.json → manifest → config and layer descriptors; checks every blob's size on disk. */
export async function readLayout(layoutDir: string): Promise<LayoutImage> {
  return readImage(layoutDir, pickManifest(await readMarker(layoutDir), layoutDir))
}

/** What a layout holds for a push: one image, or one image index and its images in its order. */
export type LayoutTop =
  | { readonly kind: 'image'; readonly image: LayoutImage }
  | {
      readonly kind: 'index'
      readonly index: LayoutImage['manifest']
      readonly images: readonly LayoutImage[]
    }

/**
 * What a layout holds for a push: one image, or one image index and its images
 * (an index of indexes is refused: the writer never makes one).
 */
export async function readLayoutTop(layoutDir: string): Promise<LayoutTop> {
  const chosen = pickTop(await readMarker(layoutDir), layoutDir)
  if (!INDEX_TYPES.has(chosen.mediaType)) {
    return { kind: 'image', image: await readImage(layoutDir, chosen) }
  }
  const bytes = await readChecked(layoutDir, chosen, 'index')
  let index: unknown
  try {
    index = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw bad(layoutDir, 'the image index is not valid JSON')
  }
  if (!isRecord(index) || !Array.isArray(index.manifests) || index.manifests.length === 0) {
    throw bad(layoutDir, 'the image index lists no manifests')
  }
  const images: LayoutImage[] = []
  for (const [i, entry] of index.manifests.entries()) {
    const child = descriptor(entry, `the index's manifests[${i}]`, layoutDir)
    if (INDEX_TYPES.has(child.mediaType)) throw bad(layoutDir, 'it holds an index of indexes')
    images.push(await readImage(layoutDir, child))
  }
  return {
    kind: 'index',
    index: { digest: chosen.digest, mediaType: chosen.mediaType, bytes },
    images
  }
}

async function readImage(layoutDir: string, chosen: Descriptor): Promise<LayoutImage> {
  const bytes = await readChecked(layoutDir, chosen, 'manifest')
  let manifest: unknown
  try {
    manifest = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw bad(layoutDir, 'the manifest is not valid JSON')
  }
  if (!isRecord(manifest)) throw bad(layoutDir, 'the manifest is not a JSON object')
  const mediaType =
    typeof manifest.mediaType === 'string' && manifest.mediaType !== ''
      ? manifest.mediaType
      : chosen.mediaType || OCI_MANIFEST
  if (mediaType !== OCI_MANIFEST && mediaType !== DOCKER_MANIFEST) {
    throw bad(layoutDir, `the manifest's media type ${mediaType} is not an image manifest`)
  }
  const config = descriptor(manifest.config, 'the manifest config', layoutDir)
  if (!Array.isArray(manifest.layers)) throw bad(layoutDir, 'the manifest has no layers list')
  const layers = manifest.layers.map((l, i) => descriptor(l, `manifest layers[${i}]`, layoutDir))
  const blobs: LayoutBlob[] = []
  for (const [kind, d] of [
    ['config', config] as const,
    ...layers.map((l) => ['layer', l] as const)
  ]) {
    if (blobs.some((b) => b.digest === d.digest)) continue
    const path = blobPath(layoutDir, d.digest)
    const size = await stat(path).then(
      (s) => s.size,
      () => null
    )
    if (size === null) throw bad(layoutDir, `${kind} blob ${d.digest} is missing`)
    if (size !== d.size) {
      throw bad(
        layoutDir,
        `${kind} blob ${d.digest} has ${size} bytes, the manifest says ${d.size}`
      )
    }
    blobs.push({ kind, digest: d.digest, size: d.size, mediaType: d.mediaType, path })
  }
  return { manifest: { digest: chosen.digest, mediaType, bytes }, blobs }
}
