import { blobPath } from '../../ground/blob-path.js'
import { UserError } from '../../ground/errors.js'
import { DEFAULT_RETRY, type RetryPolicy } from '../../ground/retry.js'
import { MEDIA_TYPE, canonicalJson } from '../oci/config.js'
import { referrerDescriptor, referrersTag, type ArtifactManifest } from '../oci/referrer.js'
import { shortDigest } from './messages.js'
import { ensureBlob, openRepositories, type PushInput, type Repo } from './push.js'
import { manifestUrl, repositoryScope } from './url.js'

export interface ReferrerPushInput extends Omit<PushInput, 'layoutDir'> {
  /** The artifact manifest; its blobs lie in `blobsLayout` (an OCI layout folder). */
  readonly manifest: ArtifactManifest
  readonly blobsLayout: string
  /** Its `org.opencontainers.image.created`, repeated in the fallback index entry. */
  readonly epoch: number
}

const MANIFEST_TYPES = [
  MEDIA_TYPE.manifest,
  MEDIA_TYPE.index,
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
]

/**
 * The descriptor of a manifest already in the registry (what buildx pushed):
 * its media type and size, asked with HEAD in the first repository of `references`.
 */
export async function remoteManifest(
  input: Omit<PushInput, 'layoutDir'>,
  digest: string
): Promise<{ mediaType: string; digest: string; size: number }> {
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...input.retry }
  const [repo] = await openRepositories(input, retry)
  if (repo === undefined) throw new UserError('No reference to find the pushed image in.')
  const step = `reading the pushed manifest ${shortDigest(digest)} in ${repo.name}`
  const head = await repo.session.expect(
    {
      method: 'HEAD',
      url: manifestUrl(repo.base, repo.target.repository, digest),
      step,
      scopes: [repositoryScope(repo.target.repository, ['pull'])],
      headers: { accept: MANIFEST_TYPES.join(', ') }
    },
    [200]
  )
  await head.body?.cancel().catch(() => undefined)
  const size = Number(head.headers.get('content-length') ?? '')
  const mediaType = (head.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
  if (!Number.isSafeInteger(size) || size <= 0 || !MANIFEST_TYPES.includes(mediaType)) {
    throw new UserError(
      `Registry ${repo.target.registry}: ${step}: no manifest size or type in the answer.`
    )
  }
  return { mediaType, digest, size }
}

/** How the referrer was made findable in one repository. */
export interface ReferrerPushed {
  readonly repository: string
  /** `api`: the registry answered with OCI-Subject (OCI 1.1 referrers API); `tag`: the `sha256-<hex>` index. */
  readonly via: 'api' | 'tag'
}

/** Only a few manifests hang off one image; an index bigger than this is not a referrers index. */
const MAX_INDEX = 4 << 20

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Subject of an artifact manifest, read back from its own bytes. */
function subjectOf(manifest: ArtifactManifest): string {
  const parsed = JSON.parse(manifest.bytes.toString('utf8')) as { subject?: { digest?: string } }
  const digest = parsed.subject?.digest
  if (typeof digest !== 'string') throw new Error('an artifact manifest without a subject')
  return digest
}

/**
 * Pushes an artifact (an SBOM) so the image's referrers list it, to every
 * repository of `references` (tags are not used: a referrer is stored by
 * digest). The manifest is put by digest; a registry that implements the OCI
 * 1.1 referrers API answers with `OCI-Subject` and that is all. Otherwise
 * (distribution 2.8, older registries) the referrers tag schema: the index
 * tagged `sha256-<subject hex>` is read, the referrer added, and written back.
 */
export async function pushReferrer(input: ReferrerPushInput): Promise<ReferrerPushed[]> {
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...input.retry }
  const repos = await openRepositories(input, retry)
  const subject = subjectOf(input.manifest)
  const out: ReferrerPushed[] = []
  for (const repo of repos) {
    for (const blob of input.manifest.blobs) {
      await ensureBlob(
        repo,
        {
          kind: 'layer',
          digest: blob.descriptor.digest,
          size: blob.descriptor.size,
          mediaType: blob.descriptor.mediaType,
          path: blobPath(input.blobsLayout, blob.descriptor.digest)
        },
        null,
        retry,
        input.log
      )
    }
    const via = await putReferrer(repo, input, subject)
    input.log.info(
      `${repo.name}: ${input.manifest.artifactType} ${shortDigest(input.manifest.digest)} refers to ${shortDigest(subject)} (${via === 'api' ? 'referrers API' : `tag ${referrersTag(subject)}`})`
    )
    out.push({ repository: repo.name, via })
  }
  return out
}

async function putReferrer(
  repo: Repo,
  input: ReferrerPushInput,
  subject: string
): Promise<'api' | 'tag'> {
  const scopes = [repositoryScope(repo.target.repository, ['pull', 'push'])]
  const manifest = input.manifest
  const put = await repo.session.expect(
    {
      method: 'PUT',
      url: manifestUrl(repo.base, repo.target.repository, manifest.digest),
      step: `putting the SBOM manifest ${shortDigest(manifest.digest)} into ${repo.name}`,
      scopes,
      headers: { 'content-type': MEDIA_TYPE.manifest },
      body: () => Buffer.from(manifest.bytes)
    },
    [200, 201]
  )
  await put.body?.cancel().catch(() => undefined)
  if (put.headers.get('oci-subject') === subject) return 'api'

  // The referrers tag schema (OCI distribution spec 1.1, "Pushing Manifests with Subject").
  const tag = referrersTag(subject)
  const step = `updating the referrers index ${repo.name}:${tag}`
  const got = await repo.session.expect(
    {
      method: 'GET',
      url: manifestUrl(repo.base, repo.target.repository, tag),
      step,
      scopes,
      headers: { accept: MEDIA_TYPE.index }
    },
    [200, 404]
  )
  let manifests: unknown[] = []
  let rest: Record<string, unknown> = {}
  if (got.status === 200) {
    const text = await got.text()
    if (text.length > MAX_INDEX)
      throw new UserError(`Registry ${repo.target.registry}: ${step}: the index is too large.`)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new UserError(`Registry ${repo.target.registry}: ${step}: the tag holds no JSON index.`)
    }
    if (!isRecord(parsed) || !Array.isArray(parsed.manifests)) {
      throw new UserError(
        `Registry ${repo.target.registry}: ${step}: the tag ${tag} holds something other than an image index; it was left alone.`
      )
    }
    manifests = parsed.manifests
    rest = parsed
  } else {
    await got.body?.cancel().catch(() => undefined)
  }
  if (manifests.some((m) => isRecord(m) && m.digest === manifest.digest)) return 'tag'
  const index = canonicalJson({
    ...rest,
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.index,
    manifests: [...manifests, referrerDescriptor(manifest, input.epoch)]
  })
  const tagged = await repo.session.expect(
    {
      method: 'PUT',
      url: manifestUrl(repo.base, repo.target.repository, tag),
      step,
      scopes,
      headers: { 'content-type': MEDIA_TYPE.index },
      body: () => Buffer.from(index)
    },
    [200, 201]
  )
  await tagged.body?.cancel().catch(() => undefined)
  return 'tag'
}
