import { createReadStream } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { systemExec, type Exec } from '../../ground/exec.js'
import { UserError } from '../../ground/errors.js'
import type { Log } from '../../ground/log.js'
import { RegistrySession, RegistryUnreachableError, type Fetch } from './client.js'
import { describeCredentials, type CredentialSource } from './credentials.js'
import { credentialsFromDockerConfig } from './docker-config.js'
import { readLayoutTop, type LayoutBlob, type LayoutImage } from './layout.js'
import { shortDigest } from './messages.js'
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryDelayMs,
  type RetryPolicy
} from '../../ground/retry.js'
import { groupTargets, type RepositoryTarget } from './target.js'
import {
  blobUrl,
  manifestUrl,
  registryBase,
  repositoryScope,
  schemeFor,
  uploadCompleteUrl,
  uploadStartUrl,
  type Scheme
} from './url.js'

export interface PushInput {
  /** An OCI image layout folder holding exactly one image manifest, or one image index and its images. */
  readonly layoutDir: string
  /** Full references, e.g. `127.0.0.1:5000/team/app:1.2.3`; several registries and repositories may mix. */
  readonly references: readonly string[]
  /** Used for every registry in `references`; without it, the runner's docker config is read. */
  readonly credentials?: { readonly username: string; readonly password: string }
  readonly log: Log
  /** Defaults to the global fetch; tests wrap it to inject faults. */
  readonly fetch?: Fetch
  /** Runs `docker-credential-*` helpers; defaults to the system one. */
  readonly exec?: Exec
  /** For `DOCKER_CONFIG`; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Home folder for `~/.docker/config.json`; defaults to the user's. */
  readonly home?: string
  /** Force http or https; by default http for localhost and 127.0.0.0/8 (as docker), https elsewhere. */
  readonly scheme?: Scheme
  readonly retry?: Partial<RetryPolicy>
}

export interface PushResult {
  /** The manifest (or index) digest every pushed tag now points to. */
  readonly digest: string
  /** The references that were tagged, in the order given (repeats dropped). */
  readonly pushed: string[]
}

export interface Repo {
  readonly target: RepositoryTarget
  readonly session: RegistrySession
  readonly base: string
  /** `127.0.0.1:5000/team/app`, as messages name it. */
  readonly name: string
}

const UPLOAD_HEADERS = { 'content-type': 'application/octet-stream' }

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * Pushes one image, or one image index with its images, from an OCI layout to
 * every reference: all blobs to every repository first (HEAD, skip present
 * ones, mount across repositories of one registry, else upload), then an
 * index's image manifests by digest, then the top manifest once per tag.
 * Because tags are written last, a push that fails part-way never leaves a
 * tag pointing at a manifest whose blobs or images are missing.
 */
export async function pushLayout(input: PushInput): Promise<PushResult> {
  const top = await readLayoutTop(input.layoutDir)
  const images = top.kind === 'image' ? [top.image] : top.images
  const tagged = top.kind === 'image' ? top.image.manifest : top.index
  const blobs = [...new Map(images.flatMap((i) => i.blobs).map((b) => [b.digest, b])).values()]
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...input.retry }
  const repos = await openRepositories(input, retry)

  // Which repository of a registry already holds a blob, so the next one can mount it.
  const holders = new Map<string, string>()
  for (const repo of repos) {
    for (const blob of blobs) {
      const key = `${repo.target.apiHost} ${blob.digest}`
      await ensureBlob(repo, blob, holders.get(key) ?? null, retry, input.log)
      if (!holders.has(key)) holders.set(key, repo.target.repository)
    }
  }

  if (top.kind === 'index') {
    for (const repo of repos) {
      for (const image of top.images) {
        await putManifest(repo, image.manifest, image.manifest.digest)
      }
    }
  }

  const pushed: string[] = []
  for (const repo of repos) {
    for (const [i, tag] of repo.target.tags.entries()) {
      await putManifest(repo, tagged, tag)
      pushed.push(repo.target.references[i] ?? `${repo.name}:${tag}`)
      input.log.info(`${repo.name}:${tag} → ${tagged.digest}`)
    }
  }
  return { digest: tagged.digest, pushed }
}

/** One session per registry host, one entry per repository of `input.references`. */
export async function openRepositories(
  input: Omit<PushInput, 'layoutDir'>,
  retry: RetryPolicy
): Promise<Repo[]> {
  const targets = groupTargets(input.references)
  const fetchImpl: Fetch = input.fetch ?? ((url, init) => fetch(url, init))
  const sessions = new Map<string, RegistrySession>()
  const repos: Repo[] = []
  for (const target of targets) {
    const base = registryBase(schemeFor(target.apiHost, input.scheme), target.apiHost)
    let session = sessions.get(target.apiHost)
    if (!session) {
      const credentials = await credentialsFor(target.registry, input)
      input.log.info(`${target.registry}: pushing with ${describeCredentials(credentials)}`)
      session = new RegistrySession({
        registry: target.registry,
        origin: base,
        credentials,
        fetch: fetchImpl,
        retry,
        warn: (message) => input.log.warning(message)
      })
      sessions.set(target.apiHost, session)
    }
    repos.push({ target, session, base, name: `${target.registry}/${target.repository}` })
  }
  return repos
}

async function credentialsFor(
  registry: string,
  input: Omit<PushInput, 'layoutDir'>
): Promise<CredentialSource> {
  if (input.credentials) {
    return {
      credentials: { kind: 'basic', ...input.credentials },
      origin: 'the credentials given to the push'
    }
  }
  return credentialsFromDockerConfig(registry, {
    env: input.env ?? process.env,
    home: input.home,
    exec: input.exec ?? systemExec,
    log: input.log
  })
}

export async function ensureBlob(
  repo: Repo,
  blob: LayoutBlob,
  mountFrom: string | null,
  retry: RetryPolicy,
  log: Log
): Promise<void> {
  const { session, base, target } = repo
  const what = `${blob.kind} ${shortDigest(blob.digest)}`
  const scopes = [repositoryScope(target.repository, ['pull', 'push'])]
  const head = await session.expect(
    {
      method: 'HEAD',
      url: blobUrl(base, target.repository, blob.digest),
      step: `checking ${what} in ${repo.name}`,
      scopes
    },
    [200, 404]
  )
  await head.body?.cancel().catch(() => undefined)
  if (head.status === 200) {
    log.info(`${repo.name}: ${what} already there, skipped`)
    return
  }

  const step = `uploading ${what} to ${repo.name}`
  let pendingLocation: string | null = null
  if (mountFrom !== null) {
    const mount = await session.expect(
      {
        method: 'POST',
        url: uploadStartUrl(base, target.repository, { digest: blob.digest, from: mountFrom }),
        step: `mounting ${what} from ${target.registry}/${mountFrom} into ${repo.name}`,
        scopes: [...scopes, repositoryScope(mountFrom, ['pull'])]
      },
      [201, 202]
    )
    await mount.body?.cancel().catch(() => undefined)
    if (mount.status === 201) {
      log.info(`${repo.name}: ${what} mounted from ${target.registry}/${mountFrom}`)
      return
    }
    // 202: the registry declined the mount and opened an ordinary upload session instead.
    const location = mount.headers.get('location')
    pendingLocation = location ? new URL(location, mount.url || base).toString() : null
  }

  for (let attempt = 1; ; attempt++) {
    let location = pendingLocation
    pendingLocation = null
    if (location === null) {
      const start = await session.expect(
        { method: 'POST', url: uploadStartUrl(base, target.repository), step, scopes },
        [202]
      )
      await start.body?.cancel().catch(() => undefined)
      const header = start.headers.get('location')
      if (!header) {
        throw new UserError(
          `Registry ${target.registry}: ${step} failed: the upload session has no Location header.`
        )
      }
      location = new URL(header, start.url || uploadStartUrl(base, target.repository)).toString()
    }
    let failure: { readonly message: string; readonly error: UserError } | null = null
    try {
      const put = await session.send({
        method: 'PUT',
        url: uploadCompleteUrl(location, location, blob.digest),
        step,
        scopes,
        headers: { ...UPLOAD_HEADERS, 'content-length': String(blob.size) },
        body: () => createReadStream(blob.path),
        retry: false
      })
      if (put.status === 201 || put.status === 204) {
        await put.body?.cancel().catch(() => undefined)
        log.info(`${repo.name}: ${what} uploaded (${humanSize(blob.size)})`)
        return
      }
      const error = await session.failure(step, put)
      if (!isRetryableStatus(put.status)) throw error
      failure = { message: `HTTP ${put.status}`, error }
    } catch (error) {
      if (!(error instanceof RegistryUnreachableError)) throw error
      failure = { message: error.message, error }
    }
    if (attempt >= retry.attempts) throw failure.error
    const delay = retryDelayMs(attempt, retry, null)
    log.warning(
      `${repo.name}: ${step}: ${failure.message}; starting the upload again (try ${attempt + 1} of ${retry.attempts}) in ${delay} ms`
    )
    await sleep(delay)
  }
}

/** PUTs a manifest under `reference`: a tag, or its own digest for an index's image. */
async function putManifest(
  repo: Repo,
  manifest: LayoutImage['manifest'],
  reference: string
): Promise<void> {
  const step = reference.includes(':')
    ? `putting manifest ${shortDigest(manifest.digest)} into ${repo.name}`
    : `tagging ${repo.name}:${reference} (putting manifest ${shortDigest(manifest.digest)})`
  const response = await repo.session.expect(
    {
      method: 'PUT',
      url: manifestUrl(repo.base, repo.target.repository, reference),
      step,
      scopes: [repositoryScope(repo.target.repository, ['pull', 'push'])],
      headers: { 'content-type': manifest.mediaType },
      // A fresh copy per send: fetch may detach the buffer it sent, and a 307 or a retry sends again.
      body: () => Buffer.from(manifest.bytes)
    },
    [200, 201]
  )
  await response.body?.cancel().catch(() => undefined)
  const returned = response.headers.get('docker-content-digest')
  if (returned !== null && returned !== manifest.digest) {
    throw new UserError(
      `Registry ${repo.target.registry}: ${step}: the registry stored the manifest as ${returned}, not ${manifest.digest}.`,
      [
        'The registry rewrote the manifest; the pushed tag does not point at the image that was built.'
      ]
    )
  }
}
