import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { blobPath } from '../../ground/blob-path.js'
import { UserError } from '../../ground/errors.js'
import { canonicalJson, MEDIA_TYPE, rfc3339, sha256Digest, type Descriptor } from './config.js'

/**
 * An OCI 1.1 artifact that refers to an image (an SBOM): a manifest whose
 * `subject` is the image manifest, its `artifactType` the document's media
 * type, the empty config, and the document as its one layer. This is what
 * `oras discover`, `cosign tree` and the referrers API list.
 */

/** The OCI empty descriptor's content (`{}`): the config of an artifact that needs none. */
export const EMPTY_CONFIG = Buffer.from('{}', 'utf8')
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json'

export interface Artifact {
  /** `application/spdx+json`, `application/vnd.cyclonedx+json`. */
  readonly artifactType: string
  /** The document's bytes, stored as they are. */
  readonly content: Buffer
  /** The file name tools that pull it save it as (`org.opencontainers.image.title`). */
  readonly title: string
}

export interface ArtifactManifest {
  readonly bytes: Buffer
  readonly digest: string
  readonly artifactType: string
  /** The blobs it names, with their bytes: the empty config and the document. */
  readonly blobs: readonly { readonly descriptor: Descriptor; readonly bytes: Buffer }[]
}

/** The artifact manifest for `artifact` about `subject`; `epoch` is its created annotation. Pure. */
export function artifactManifest(
  subject: Descriptor,
  artifact: Artifact,
  epoch: number
): ArtifactManifest {
  const config: Descriptor = {
    mediaType: EMPTY_MEDIA_TYPE,
    digest: sha256Digest(EMPTY_CONFIG),
    size: EMPTY_CONFIG.length
  }
  const layer: Descriptor = {
    mediaType: artifact.artifactType,
    digest: sha256Digest(artifact.content),
    size: artifact.content.length,
    annotations: { 'org.opencontainers.image.title': artifact.title }
  }
  const bytes = canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.manifest,
    artifactType: artifact.artifactType,
    config,
    layers: [layer],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { 'org.opencontainers.image.created': rfc3339(epoch) }
  })
  return {
    bytes,
    digest: sha256Digest(bytes),
    artifactType: artifact.artifactType,
    blobs: [
      { descriptor: config, bytes: EMPTY_CONFIG },
      { descriptor: layer, bytes: artifact.content }
    ]
  }
}

/** The tag the referrers tag schema keeps an image's referrers under: `sha256-<hex>`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-')
}

/** The descriptor an index lists a referrer by (artifactType and annotations copied, as the spec asks). */
export function referrerDescriptor(
  manifest: ArtifactManifest,
  epoch: number
): Descriptor & {
  readonly artifactType: string
} {
  return {
    mediaType: MEDIA_TYPE.manifest,
    digest: manifest.digest,
    size: manifest.bytes.length,
    artifactType: manifest.artifactType,
    annotations: { 'org.opencontainers.image.created': rfc3339(epoch) }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Writes the artifact's blobs into an OCI layout and lists its manifest in
 * index.json (with its artifactType, without a ref.name: it is no image to
 * run), after the image entries. A second call with the same artifact changes nothing.
 */
export async function addReferrerToLayout(
  layoutDir: string,
  manifest: ArtifactManifest,
  epoch: number
): Promise<void> {
  for (const blob of manifest.blobs) {
    await writeFile(blobPath(layoutDir, blob.descriptor.digest), blob.bytes)
  }
  await writeFile(blobPath(layoutDir, manifest.digest), manifest.bytes)
  const indexPath = join(layoutDir, 'index.json')
  let index: unknown
  try {
    index = JSON.parse(await readFile(indexPath, 'utf8'))
  } catch {
    throw new UserError(`${layoutDir} has no readable index.json to list the SBOM in.`)
  }
  if (!isRecord(index) || !Array.isArray(index.manifests)) {
    throw new UserError(`${layoutDir}/index.json has no manifests list.`)
  }
  const manifests = index.manifests as unknown[]
  if (manifests.some((m) => isRecord(m) && m.digest === manifest.digest)) return
  await writeFile(
    indexPath,
    canonicalJson({ ...index, manifests: [...manifests, referrerDescriptor(manifest, epoch)] })
  )
}
