import * as actionsCache from '@actions/cache'
import { messageOf } from '../ground/errors.js'

/*
 * The one adapter around @actions/cache. The client never throws for a
 * service problem: it logs its own warning (or ::error:: for some 5xx) and
 * answers "no entry" or -1. So the adapter reads what the client writes while
 * it runs, keeps its progress lines, and turns its failure lines into an
 * outcome that says what happened, which the baseline store reports once, as
 * a warning of its own (a cache problem never fails the job).
 */

export type RestoreOutcome =
  | { readonly kind: 'hit'; readonly key: string }
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
  /** Restores `paths`, relative to `root`, into `root`. */
  restore(
    root: string,
    paths: string[],
    primaryKey: string,
    restoreKeys: string[]
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

export const actionsCacheClient: CacheClient = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  mode: () => process.env.ACTIONS_CACHE_MODE ?? '',

  async restore(root, paths, primaryKey, restoreKeys) {
    try {
      const { value, lines } = await inFolder(root, () =>
        reading(() => actionsCache.restoreCache(paths, primaryKey, restoreKeys))
      )
      if (value !== undefined) return { kind: 'hit', key: value }
      const { problems } = clientReport(lines)
      return problems.length > 0
        ? { kind: 'failed', reason: problems.join('; ') }
        : { kind: 'miss' }
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
