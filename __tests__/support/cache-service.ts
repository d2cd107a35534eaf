import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startAzurite, type Azurite } from './azurite.js'

/*
 * A local GitHub Actions cache service on 127.0.0.1 that answers
 * @actions/cache 6 the way github.com does:
 *
 * - cache service v2 (`ACTIONS_CACHE_SERVICE_V2`, `ACTIONS_RESULTS_URL`): the
 *   Twirp JSON methods CreateCacheEntry, FinalizeCacheEntryUpload and
 *   GetCacheEntryDownloadURL, with blobs in Azurite behind SAS-signed URLs;
 * - v1 REST (`ACTIONS_CACHE_URL`, `_apis/artifactcache/…`), still used by
 *   GitHub Enterprise Server: reserve, chunked PATCH upload, commit, lookup.
 *
 * Matching follows GitHub's documented rules: for each scope the run may read,
 * in order (its own ref first, then the base/default branch): the key exactly,
 * then the newest entry the key prefixes, then each restore key the same way;
 * always the same version (a hash of the path list and the compression).
 * Scopes come from the runtime token like on GitHub: a JWT whose `ac` claim
 * lists `{Scope, Permission}` (1 read, 2 write). Keys are immutable per
 * scope and version: a second CreateCacheEntry is refused with 409.
 */

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'
const V1_PREFIX = '/_apis/artifactcache/'
const CONTAINER = 'actions-cache'

export type TwirpMethod =
  'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL'

/** One scope of a runtime token: a ref and what the run may do there (1 read, 2 write, 3 both). */
export interface ScopeGrant {
  readonly Scope: string
  readonly Permission: number
}

export interface CacheEntry {
  readonly id: number
  readonly key: string
  readonly version: string
  readonly scope: string
  readonly blob: string
  /** Set by FinalizeCacheEntryUpload (v1: commit); until then the entry is not found. */
  size: number | null
}

/** One request the service answered. */
export interface CacheRequest {
  /** The Twirp method, `v1 <verb> <resource>`, or `download`. */
  readonly operation: string
  readonly status: number
  readonly body: unknown
}

/** A failure the next matching requests get instead of an answer. */
export interface CacheFault {
  readonly operation: TwirpMethod | 'download'
  /** The HTTP status to answer; for `download`, 'cut' sends half the blob and drops the connection. */
  readonly status: number | 'cut'
  /** How many requests get it (default: every one). */
  readonly times?: number
}

const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  429: 'resource_exhausted',
  500: 'internal',
  503: 'unavailable'
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Runtime token scopes of a run on `ref` that may also read `readRefs` (GitHub: base branch, default branch). */
export function runScopes(ref: string, ...readRefs: string[]): ScopeGrant[] {
  const grants: ScopeGrant[] = [{ Scope: ref, Permission: 3 }]
  for (const read of readRefs) {
    if (!grants.some((g) => g.Scope === read)) grants.push({ Scope: read, Permission: 1 })
  }
  return grants
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url')
}

/** A JWT-shaped runtime token carrying `ac` scopes, like ACTIONS_RUNTIME_TOKEN on GitHub (unsigned: tests only). */
export function runtimeToken(scopes: readonly ScopeGrant[]): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))
  const payload = base64url(
    JSON.stringify({ ac: JSON.stringify(scopes), iss: 'from-scratch-test' })
  )
  return `${header}.${payload}.`
}

function scopesOf(request: IncomingMessage): ScopeGrant[] {
  const auth = request.headers.authorization ?? ''
  const token = /^Bearer (.+)$/.exec(auth)?.[1]
  if (!token) throw new Refusal(401, 'no bearer token')
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      ac?: unknown
    }
    const scopes = JSON.parse(String(payload.ac)) as ScopeGrant[]
    if (!Array.isArray(scopes)) throw new Error('ac is not a list')
    return scopes
  } catch {
    throw new Refusal(401, 'the runtime token carries no cache scopes')
  }
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function jsonOf(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // fall through
  }
  throw new Refusal(400, 'the body is not a JSON object')
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  if (typeof value !== 'string' || value === '') throw new Refusal(400, `${name} is required`)
  return value
}

export class CacheService {
  readonly entries: CacheEntry[] = []
  readonly requests: CacheRequest[] = []
  private faults: { fault: CacheFault; left: number }[] = []
  private nextId = 1
  /** v1 uploads in progress: the chunks PATCHed so far, by entry id. */
  private readonly uploads = new Map<number, Buffer[]>()

  private constructor(
    private readonly server: Server,
    private readonly azurite: Azurite,
    /** `http://127.0.0.1:<port>/`, the form ACTIONS_RESULTS_URL and ACTIONS_CACHE_URL have. */
    readonly url: string
  ) {}

  static async start(azurite: Azurite): Promise<CacheService> {
    await azurite.createContainer(CONTAINER)
    let service: CacheService | null = null
    const server = createServer((request, response) => {
      void service?.handle(request, response)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    service = new CacheService(server, azurite, `http://127.0.0.1:${port}/`)
    return service
  }

  /**
   * The environment the runner gives a step on github.com for a run with
   * these scopes (v2), or on GHES (`v1`: no v2 flag, a GHES server URL).
   */
  env(scopes: readonly ScopeGrant[], protocol: 'v2' | 'v1' = 'v2'): Record<string, string> {
    const token = runtimeToken(scopes)
    return protocol === 'v2'
      ? {
          ACTIONS_CACHE_SERVICE_V2: 'True',
          ACTIONS_RESULTS_URL: this.url,
          ACTIONS_CACHE_URL: '',
          ACTIONS_RUNTIME_TOKEN: token,
          GITHUB_SERVER_URL: 'https://github.com'
        }
      : {
          ACTIONS_CACHE_SERVICE_V2: '',
          ACTIONS_RESULTS_URL: '',
          ACTIONS_CACHE_URL: this.url,
          ACTIONS_RUNTIME_TOKEN: token,
          GITHUB_SERVER_URL: 'https://ghes.example.test'
        }
  }

  /** The next matching requests fail this way. */
  inject(fault: CacheFault): void {
    this.faults.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY })
  }

  clearFaults(): void {
    this.faults = []
  }

  /** Finalized entries, oldest first. */
  saved(): CacheEntry[] {
    return this.entries.filter((e) => e.size !== null)
  }

  /** The bytes stored for an entry, read from Azurite with the account key. */
  blobOf(entry: CacheEntry): Promise<Buffer> {
    return this.azurite.read(CONTAINER, entry.blob)
  }

  /** Puts `data` in place of an entry's stored archive: what whoever can write the cache could store. */
  async replaceBlob(entry: CacheEntry, data: Buffer): Promise<void> {
    await this.azurite.write(CONTAINER, entry.blob, data)
    entry.size = data.length
  }

  count(operation: string): number {
    return this.requests.filter((r) => r.operation === operation).length
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private takeFault(operation: string): CacheFault | null {
    const found = this.faults.find((f) => f.fault.operation === operation && f.left > 0)
    if (!found) return null
    found.left -= 1
    return found.fault
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url)
    try {
      if (url.pathname.startsWith(TWIRP_PREFIX)) {
        await this.twirp(url.pathname.slice(TWIRP_PREFIX.length), request, response)
      } else if (url.pathname.startsWith(V1_PREFIX)) {
        await this.v1(url, request, response)
      } else if (url.pathname.startsWith('/download/')) {
        await this.download(Number(url.pathname.slice('/download/'.length)), response)
      } else {
        response.writeHead(404).end()
      }
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' })
      response.end(String(error))
    }
  }

  // ---- v2: Twirp JSON ----

  private async twirp(method: string, request: IncomingMessage, response: ServerResponse) {
    const raw = await bodyOf(request)
    const answer = (status: number, body: unknown): void => {
      this.requests.push({ operation: method, status, body: raw.length ? safeJson(raw) : null })
      response.writeHead(status, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    const refuse = (status: number, msg: string): void =>
      answer(status, { code: TWIRP_CODES[status] ?? 'unknown', msg })
    try {
      if (request.method !== 'POST') throw new Refusal(400, 'Twirp takes POST')
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new Refusal(400, 'this service speaks Twirp JSON only')
      }
      const fault = this.takeFault(method)
      if (fault !== null && typeof fault.status === 'number') {
        if (fault.status === 429) response.setHeader('Retry-After', '60')
        throw new Refusal(fault.status, `injected ${fault.status}`)
      }
      const scopes = scopesOf(request)
      const body = jsonOf(raw)
      switch (method) {
        case 'CreateCacheEntry':
          return answer(200, await this.create(scopes, body))
        case 'FinalizeCacheEntryUpload':
          return answer(200, await this.finalize(scopes, body))
        case 'GetCacheEntryDownloadURL':
          return answer(200, this.lookup(scopes, body))
        default:
          throw new Refusal(404, `no method ${method}`)
      }
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.status, error.message)
      throw error
    }
  }

  private writeScope(scopes: readonly ScopeGrant[]): string {
    const scope = scopes.find((s) => (s.Permission & 2) !== 0)
    if (!scope) throw new Refusal(403, 'cache write denied: the runtime token is read-only')
    return scope.Scope
  }

  private async create(scopes: readonly ScopeGrant[], body: Record<string, unknown>) {
    const entry = this.reserve(scopes, stringField(body, 'key'), stringField(body, 'version'))
    return {
      ok: true,
      signed_upload_url: this.azurite.signedUrl(CONTAINER, entry.blob, 'cw')
    }
  }

  private reserve(scopes: readonly ScopeGrant[], key: string, version: string): CacheEntry {
    const scope = this.writeScope(scopes)
    if (key.length > 512) throw new Refusal(400, 'key is longer than 512 characters')
    const taken = this.entries.some(
      (e) => e.key === key && e.version === version && e.scope === scope
    )
    if (taken) {
      throw new Refusal(409, 'cache entry with the same key, version, and scope already exists')
    }
    const id = this.nextId++
    const entry: CacheEntry = { id, key, version, scope, blob: `${id}/cache`, size: null }
    this.entries.push(entry)
    return entry
  }

  private async finalize(scopes: readonly ScopeGrant[], body: Record<string, unknown>) {
    const scope = this.writeScope(scopes)
    const key = stringField(body, 'key')
    const version = stringField(body, 'version')
    const size = Number(body.size_bytes ?? body.sizeBytes)
    const entry = this.entries.find(
      (e) => e.key === key && e.version === version && e.scope === scope && e.size === null
    )
    if (!entry) throw new Refusal(404, 'no cache entry is waiting for this upload')
    const stored = await this.blobOf(entry).catch(() => null)
    if (stored === null) throw new Refusal(400, 'nothing was uploaded for this cache entry')
    if (stored.length !== size) {
      throw new Refusal(
        400,
        `size_bytes ${size} does not match the ${stored.length} bytes uploaded`
      )
    }
    entry.size = size
    return { ok: true, entry_id: String(entry.id) }
  }

  private lookup(scopes: readonly ScopeGrant[], body: Record<string, unknown>) {
    const key = stringField(body, 'key')
    const version = stringField(body, 'version')
    const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
    const entry = this.match(scopes, [key, ...restoreKeys], version)
    if (entry === null) return { ok: false, signed_download_url: '', matched_key: '' }
    return { ok: true, signed_download_url: this.downloadUrl(entry), matched_key: entry.key }
  }

  /** GitHub's matching: per readable scope in order, each key exactly, then the newest it prefixes. */
  private match(scopes: readonly ScopeGrant[], keys: string[], version: string): CacheEntry | null {
    const readable = scopes.filter((s) => (s.Permission & 1) !== 0)
    if (readable.length === 0) {
      throw new Refusal(403, 'cache read denied: the runtime token has no readable scope')
    }
    for (const { Scope } of readable) {
      const candidates = this.saved().filter((e) => e.scope === Scope && e.version === version)
      for (const key of keys) {
        const exact = candidates.find((e) => e.key === key)
        if (exact) return exact
        const newest = candidates.filter((e) => e.key.startsWith(key)).at(-1)
        if (newest) return newest
      }
    }
    return null
  }

  private downloadUrl(entry: CacheEntry): string {
    // A download the test wants to fail goes through this service, which fails it.
    if (this.faults.some((f) => f.fault.operation === 'download' && f.left > 0)) {
      return `${this.url}download/${entry.id}`
    }
    return this.azurite.signedUrl(CONTAINER, entry.blob, 'r')
  }

  /** A download that the test wants to fail: a status, or half the blob and a dropped connection. */
  private async download(id: number, response: ServerResponse): Promise<void> {
    const fault = this.takeFault('download')
    const entry = this.entries.find((e) => e.id === id)
    if (!entry || fault === null) {
      response.writeHead(404).end()
      return
    }
    this.requests.push({
      operation: 'download',
      status: fault.status === 'cut' ? 200 : fault.status,
      body: null
    })
    if (fault.status !== 'cut') {
      response.writeHead(fault.status).end()
      return
    }
    const blob = await this.blobOf(entry)
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(blob.length)
    })
    response.write(blob.subarray(0, Math.floor(blob.length / 2)), () => {
      response.socket?.destroy()
    })
  }

  // ---- v1: REST under _apis/artifactcache ----

  private async v1(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const resource = url.pathname.slice(V1_PREFIX.length)
    const raw = await bodyOf(request)
    const operation = `v1 ${request.method} ${resource.replace(/\/\d+$/, '/:id')}`
    const answer = (status: number, body?: unknown): void => {
      this.requests.push({ operation, status, body: null })
      if (body === undefined) {
        response.writeHead(status).end()
      } else {
        response.writeHead(status, { 'Content-Type': 'application/json' })
        response.end(JSON.stringify(body))
      }
    }
    try {
      const scopes = scopesOf(request)
      const id = Number(/^caches\/(\d+)$/.exec(resource)?.[1] ?? NaN)
      if (request.method === 'GET' && resource === 'cache') {
        const keys = (url.searchParams.get('keys') ?? '').split(',').filter((k) => k !== '')
        const version = url.searchParams.get('version') ?? ''
        if (keys.length === 0 || version === '')
          throw new Refusal(400, 'keys and version are required')
        const entry = this.match(scopes, keys, version)
        if (entry === null) return answer(204)
        return answer(200, {
          cacheKey: entry.key,
          scope: entry.scope,
          cacheVersion: entry.version,
          creationTime: new Date().toISOString(),
          archiveLocation: this.downloadUrl(entry)
        })
      }
      if (request.method === 'POST' && resource === 'caches') {
        const body = jsonOf(raw)
        const entry = this.reserve(scopes, stringField(body, 'key'), stringField(body, 'version'))
        this.uploads.set(entry.id, [])
        return answer(201, { cacheId: entry.id })
      }
      if (request.method === 'PATCH' && this.uploads.has(id)) {
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(request.headers['content-range'] ?? '')
        if (!range || Number(range[2]) - Number(range[1]) + 1 !== raw.length) {
          throw new Refusal(400, 'Content-Range does not match the chunk')
        }
        const chunks = this.uploads.get(id) ?? []
        chunks[Number(range[1])] = raw
        return answer(204)
      }
      if (request.method === 'POST' && this.uploads.has(id)) {
        const size = Number(jsonOf(raw).size)
        const chunks = this.uploads.get(id) ?? []
        const data = Buffer.concat(chunks.filter((c) => c !== undefined))
        if (data.length !== size)
          throw new Refusal(400, `size ${size} does not match ${data.length} bytes uploaded`)
        const entry = this.entries.find((e) => e.id === id)
        if (!entry) throw new Refusal(404, 'no such cache')
        await this.azurite.write(CONTAINER, entry.blob, data)
        entry.size = size
        this.uploads.delete(id)
        return answer(204)
      }
      throw new Refusal(404, `no resource ${request.method} ${resource}`)
    } catch (error) {
      if (error instanceof Refusal) return answer(error.status, { message: error.message })
      throw error
    }
  }
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return raw.toString('utf8')
  }
}

/**
 * Registers the jest hooks most cache tests share: one Azurite for the test
 * file, a fresh cache service for each test, closed after it. `use` gets each
 * test's service (before the file's own beforeEach hooks run).
 */
export function cacheServiceEachTest(use: (service: CacheService) => void): void {
  let azurite: Azurite
  let service: CacheService
  beforeAll(async () => {
    azurite = await startAzurite()
  }, 60_000)
  afterAll(async () => {
    await azurite.stop()
  })
  beforeEach(async () => {
    service = await CacheService.start(azurite)
    use(service)
  })
  afterEach(async () => {
    await service.close()
  })
}
