import * as actionsCache from '@actions/cache'
import { HttpClient, HttpCodes, type HttpClientResponse } from '@actions/http-client'
import { BearerCredentialHandler } from '@actions/http-client/lib/auth'
import { createHash } from 'node:crypto'
import { messageOf } from '../ground/errors.js'
import { whichProgram } from '../ground/exec.js'
import { DEFAULT_RETRY, isRetryableStatus, retryDelayMs } from '../ground/retry.js'

/*
 * The one adapter around @actions/cache. The client never throws for a
 * service problem: it logs its own warning (or ::error:: for some 5xx) and
 * answers "no entry" or -1. So the adapter reads what the client writes while
 * it runs, keeps its progress lines, and turns its failure lines into an
 * outcome that says what happened, which the baseline store reports once, as
 * a warning of its own (a cache problem never fails the job).
 */

export type RestoreOutcome =
  /** The entry's archive, as the service stored it (compressed tar); nothing was extracted. */
  | { readonly kind: 'hit'; readonly key: string; readonly archive: Buffer }
  /** The entry is larger than the caller's limit: not downloaded (or not past the limit). */
  | { readonly kind: 'too-large'; readonly key: string; readonly bytes: number }
  | { readonly kind: 'miss' }
  | { readonly kind: 'failed'; readonly reason: string }

export type SaveOutcome =
  | { readonly kind: 'saved' }
  /** Keys are immutable: the entry exists (a re-run of the same commit). */
  | { readonly kind: 'taken'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string }

/** What the baseline store needs from the Actions cache. */
export interface CacheClient {
  /** Whether this run has a cache service at all. */
  isFeatureAvailable(): boolean
  /** `ACTIONS_CACHE_MODE` as the runner set it; '' when unset. */
  mode(): string
  /**
   * Finds the entry `save(root, paths, …)` made under `primaryKey` (exactly,
   * then by prefix) or a restore key, and downloads its archive, at most
   * `maxBytes` of it. Never extracts it: the caller reads what it needs.
   */
  restore(
    paths: string[],
    primaryKey: string,
    restoreKeys: string[],
    maxBytes: number
  ): Promise<RestoreOutcome>
  /** Saves `paths`, relative to `root`, under `key`. */
  save(root: string, paths: string[], key: string): Promise<SaveOutcome>
}

/** One line the client wrote, as the adapter reads it. */
export interface ClientLine {
  /** A failure the client reported, without its "Failed to …:" lead; null when the line is none. */
  readonly problem: string | null
  /** The cause behind a refused reservation, which the client logs only as debug. */
  readonly detail: string | null
  /** Whether the line still goes to the log (the client's failure lines are replaced by one of ours). */
  readonly keep: boolean
}

/** Lines @actions/cache 6 writes when it gives up (warning, error or info). */
const FAILURE_LEADS = [
  'Failed to restore: ',
  'Failed to save: ',
  'Cache reservation failed: ',
  'uploadCacheArchiveSDK: '
]
const RATE_LIMIT = "You've hit a rate limit"

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? ''
}

/** Reads one line of the client's output. Pure. */
export function classifyClientLine(line: string): ClientLine {
  const command = /^::(warning|error|notice|debug)(?: [^:]*)?::(.*)$/.exec(line)
  const message = command ? unescapeData(command[2] ?? '') : line
  if (command?.[1] === 'debug') {
    const detail = /^Failed to reserve cache: (?:Error: )?(.+)$/s.exec(message)
    return { problem: null, detail: detail ? firstLine(detail[1] ?? '') : null, keep: true }
  }
  const lead = FAILURE_LEADS.find((prefix) => message.startsWith(prefix))
  if (lead !== undefined) {
    return { problem: firstLine(message.slice(lead.length)), detail: null, keep: false }
  }
  if (message.startsWith(RATE_LIMIT))
    return { problem: firstLine(message), detail: null, keep: false }
  return { problem: null, detail: null, keep: true }
}

/** What the client's lines during one call add up to. Pure. */
export function clientReport(lines: readonly ClientLine[]): {
  problems: string[]
  details: string[]
} {
  return {
    problems: lines.flatMap((l) => (l.problem === null ? [] : [l.problem])),
    details: lines.flatMap((l) => (l.detail === null ? [] : [l.detail]))
  }
}

/** Whether a refused save means the key exists (the service's 409 / "already exists"). Pure. */
export function isKeyTaken(texts: readonly string[]): boolean {
  return texts.some((t) => /\(409\)|already exists/i.test(t))
}

type Write = typeof process.stdout.write

/** Runs `call` while reading what it writes to stdout; kept lines go on to the log. */
async function reading<T>(call: () => Promise<T>): Promise<{ value: T; lines: ClientLine[] }> {
  const stdout = process.stdout
  const original = stdout.write
  const lines: ClientLine[] = []
  let partial = ''
  const forward = (text: string): boolean => original.call(stdout, text)
  stdout.write = function (chunk: unknown, ...rest: unknown[]): boolean {
    partial += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString()
    for (let end = partial.indexOf('\n'); end >= 0; end = partial.indexOf('\n')) {
      const line = partial.slice(0, end + 1)
      partial = partial.slice(end + 1)
      const read = classifyClientLine(line.replace(/\r?\n$/, ''))
      lines.push(read)
      if (read.keep) forward(line)
    }
    const done = rest.find((arg): arg is () => void => typeof arg === 'function')
    if (done) process.nextTick(done)
    return true
  } as Write
  try {
    return { value: await call(), lines }
  } finally {
    stdout.write = original
    if (partial !== '') forward(partial)
  }
}

/**
 * Runs `call` with `root` as the working directory and GITHUB_WORKSPACE, the
 * two places the client resolves relative paths and unpacks archives against.
 */
async function inFolder<T>(root: string, call: () => Promise<T>): Promise<T> {
  const cwd = process.cwd()
  const workspace = process.env.GITHUB_WORKSPACE
  process.chdir(root)
  process.env.GITHUB_WORKSPACE = root
  try {
    return await call()
  } finally {
    process.chdir(cwd)
    if (workspace === undefined) delete process.env.GITHUB_WORKSPACE
    else process.env.GITHUB_WORKSPACE = workspace
  }
}

/*
 * The restore half, spoken here rather than through @actions/cache: its
 * restoreCache extracts the archive with `tar -P` into the workspace, so a
 * cache entry holding `/abs/path` or `../../x` writes wherever it names. The
 * protocol is the one @actions/cache 6 speaks (the tests run both against the
 * same local service): the Twirp method GetCacheEntryDownloadURL (v2,
 * github.com) or `GET _apis/artifactcache/cache` (v1, GHES), then a plain GET
 * of the signed URL. Saving stays with @actions/cache.
 */

/** @actions/cache's salt in the version hash; a change there would be a new cache format. */
const VERSION_SALT = '1.0'
const TWIRP_SERVICE = 'github.actions.results.api.v1.CacheService'
const USER_AGENT = 'from-scratch'

/** What @actions/cache 6 calls the compression it saved with: zstd when the runner has it, else gzip. */
export async function compressionMethod(): Promise<'zstd-without-long' | 'gzip'> {
  try {
    await whichProgram('zstd', process.env.PATH ?? '')
    return 'zstd-without-long'
  } catch {
    return 'gzip'
  }
}

/** The entry version @actions/cache 6 computes (Linux and macOS): paths, compression, salt. Pure. */
export function cacheVersion(paths: readonly string[], compression: string): string {
  return createHash('sha256')
    .update([...paths, compression, VERSION_SALT].join('|'))
    .digest('hex')
}

/** Which protocol @actions/cache 6 would use here: v2 on github.com and GHE.com, v1 on GHES. */
function serviceVersion(): 'v1' | 'v2' {
  const host = new URL(process.env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase()
  const ghes = host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST')
  return !ghes && process.env.ACTIONS_CACHE_SERVICE_V2 ? 'v2' : 'v1'
}

class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null
  ) {
    super(message)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One request, tried again on 5xx (not on 429: the service asks us to stop, and we do). */
async function withRetries(
  what: string,
  send: () => Promise<HttpClientResponse>
): Promise<{ status: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    let response: HttpClientResponse
    try {
      response = await send()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new ServiceError(`${what}: ${code ?? messageOf(error)}`, null)
    }
    const status = response.message.statusCode ?? 0
    const body = await response.readBody()
    if (status >= 200 && status < 300) return { status, body }
    const detail = (() => {
      try {
        const msg = (JSON.parse(body) as { msg?: unknown }).msg
        return typeof msg === 'string' ? `: ${msg.slice(0, 200)}` : ''
      } catch {
        return ''
      }
    })()
    const message = `${what}: (${status}) ${response.message.statusMessage ?? ''}${detail}`
    if (
      status === HttpCodes.TooManyRequests ||
      !isRetryableStatus(status) ||
      attempt >= DEFAULT_RETRY.attempts
    )
      throw new ServiceError(message, status)
    await sleep(retryDelayMs(attempt, { ...DEFAULT_RETRY, maxDelayMs: 5_000 }, null))
  }
}

/** The matched key and where its archive is, or null on a miss. */
async function findEntry(
  keys: readonly string[],
  version: string
): Promise<{ key: string; url: string } | null> {
  const token = process.env.ACTIONS_RUNTIME_TOKEN ?? ''
  const client = new HttpClient(USER_AGENT, [new BearerCredentialHandler(token)])
  if (serviceVersion() === 'v2') {
    const base = process.env.ACTIONS_RESULTS_URL ?? ''
    const url = new URL(`/twirp/${TWIRP_SERVICE}/GetCacheEntryDownloadURL`, base).href
    const request = { key: keys[0], restore_keys: keys.slice(1), version }
    const { body } = await withRetries('GetCacheEntryDownloadURL', () =>
      client.post(url, JSON.stringify(request), { 'Content-Type': 'application/json' })
    )
    const answer = JSON.parse(body) as {
      ok?: unknown
      signed_download_url?: unknown
      matched_key?: unknown
    }
    if (answer.ok !== true) return null
    if (typeof answer.signed_download_url !== 'string' || typeof answer.matched_key !== 'string')
      throw new ServiceError('GetCacheEntryDownloadURL: an answer without a URL and key', null)
    return { key: answer.matched_key, url: answer.signed_download_url }
  }
  const base = process.env.ACTIONS_CACHE_URL || process.env.ACTIONS_RESULTS_URL || ''
  const url = new URL(
    `_apis/artifactcache/cache?keys=${encodeURIComponent(keys.join(','))}&version=${version}`,
    base
  ).href
  const { status, body } = await withRetries('getCacheEntry', () =>
    client.get(url, { Accept: 'application/json;api-version=6.0-preview.1' })
  )
  if (status === 204) return null
  const answer = JSON.parse(body) as { cacheKey?: unknown; archiveLocation?: unknown }
  if (typeof answer.cacheKey !== 'string' || typeof answer.archiveLocation !== 'string')
    throw new ServiceError('getCacheEntry: an answer without a key and archive location', null)
  return { key: answer.cacheKey, url: answer.archiveLocation }
}

/** The archive at a signed URL (no credentials of ours go there), or its size when over `maxBytes`. */
async function download(url: string, maxBytes: number): Promise<Buffer | { tooLarge: number }> {
  const client = new HttpClient(USER_AGENT)
  let response: HttpClientResponse
  try {
    response = await client.get(url)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ServiceError(`download: ${code ?? messageOf(error)}`, null)
  }
  const message = response.message
  const status = message.statusCode ?? 0
  if (status < 200 || status >= 300) {
    message.resume()
    throw new ServiceError(`download: (${status}) ${message.statusMessage ?? ''}`, status)
  }
  const declared = Number(message.headers['content-length'] ?? NaN)
  if (declared > maxBytes) {
    message.destroy()
    return { tooLarge: declared }
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of message) {
      size += (chunk as Buffer).length
      if (size > maxBytes) {
        message.destroy()
        return { tooLarge: size }
      }
      chunks.push(chunk as Buffer)
    }
  } catch (error) {
    throw new ServiceError(`download: ${messageOf(error)}`, null)
  }
  if (!Number.isNaN(declared) && size !== declared)
    throw new ServiceError(`download: the archive ended after ${size} of ${declared} bytes`, null)
  return Buffer.concat(chunks)
}

export const actionsCacheClient: CacheClient = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  mode: () => process.env.ACTIONS_CACHE_MODE ?? '',

  async restore(paths, primaryKey, restoreKeys, maxBytes) {
    try {
      const version = cacheVersion(paths, await compressionMethod())
      const entry = await findEntry([primaryKey, ...restoreKeys], version)
      if (entry === null) return { kind: 'miss' }
      const archive = await download(entry.url, maxBytes)
      if (!Buffer.isBuffer(archive))
        return { kind: 'too-large', key: entry.key, bytes: archive.tooLarge }
      return { kind: 'hit', key: entry.key, archive }
    } catch (error) {
      return { kind: 'failed', reason: messageOf(error) }
    }
  },

  async save(root, paths, key) {
    try {
      const { value, lines } = await inFolder(root, () =>
        reading(() => actionsCache.saveCache(paths, key))
      )
      const { problems, details } = clientReport(lines)
      if (isKeyTaken([...details, ...problems])) {
        return { kind: 'taken', reason: [...details, ...problems].join('; ') }
      }
      if (value !== -1 && problems.length === 0) return { kind: 'saved' }
      // A refused reservation's cause is only in the debug detail; it says more than the lead.
      const reason = details.length > 0 ? details.join('; ') : problems.join('; ')
      return {
        kind: 'failed',
        reason: reason || 'the Actions cache did not take it and gave no reason'
      }
    } catch (error) {
      return { kind: 'failed', reason: messageOf(error) }
    }
  }
}
