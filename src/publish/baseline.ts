import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { messageOf } from '../ground/errors.js'
import {
  BASELINE_LIMITS,
  BASELINE_TOO_LARGE,
  parseBaseline,
  serializeReport,
  type Report,
  type SourceJson
} from '../report/schema.js'
import { readArchiveMember } from './baseline-archive.js'
import { actionsCacheClient, type CacheClient } from './cache-client.js'
import { none, type BaselineStore, type Restored, type StoreLog } from './baseline-store.js'

export type { BaselineStore, Restored } from './baseline-store.js'

/** What a run knows about itself, from the GitHub context. */
export interface CacheContext {
  /** `GITHUB_EVENT_NAME`. */
  readonly eventName: string
  /** `GITHUB_REF`, e.g. `refs/heads/main`, `refs/pull/7/merge`. */
  readonly ref: string
  /** `GITHUB_SHA`. */
  readonly sha: string
  /** The repository's default branch (payload `repository.default_branch`); '' when unknown. */
  readonly defaultBranch: string
  /** For pull requests: the base branch name (`GITHUB_BASE_REF`) and commit (payload `pull_request.base.sha`). */
  readonly baseRef?: string
  readonly baseSha?: string
  /** Normalized comment-key: each image keeps its own baseline. */
  readonly commentKey: string
  /** A key older versions saved this image's baseline under (v1 without comment-key: `default`), tried last. */
  readonly legacyKey?: string | null
}

/** What the cache-backed store does in this run. Pure data, from `cachePlan`. */
export interface CachePlan {
  /** Exact key tried first, then the newest entry starting with `prefix`; null: no restore. */
  readonly restore: {
    readonly primaryKey: string
    readonly prefix: string
    readonly ref: string
    /** Tried when `prefix` finds nothing: the same ref under the legacy key, its own file; absent when none. */
    readonly legacy?: { readonly prefix: string; readonly path: string }
  } | null
  /** Key to save under; null: this run must not save (everything but pushes to the default branch). */
  readonly save: { readonly key: string; readonly source: SourceJson } | null
  /** Why, for the log. */
  readonly reason: string
}

/** Cache keys may not hold commas and are at most 512 characters. */
function keySafe(text: string): string {
  return text.replace(/,/g, '_')
}

/** `from-scratch-<comment-key>-<ref>-` — every baseline of one image on one ref. */
export function cacheKeyPrefix(commentKey: string, ref: string): string {
  return keySafe(`from-scratch-${commentKey}-${ref}-`)
}

/** `from-scratch-<comment-key>-<ref>-<sha>` — one baseline. */
export function cacheKey(commentKey: string, ref: string, sha: string): string {
  return `${cacheKeyPrefix(commentKey, ref)}${sha}`
}

/**
 * Decides restore and save from the event. Pure.
 * - push to the default branch: restore the previous baseline of that branch, save this one;
 * - pull_request(_target): restore the base branch's, preferring the exact base commit; never save;
 * - anything else (other branches, tags, dispatch): restore the default branch's; never save.
 */
export function cachePlan(context: CacheContext): CachePlan {
  const { commentKey } = context
  const defaultRef = context.defaultBranch === '' ? '' : `refs/heads/${context.defaultBranch}`
  const restoreFrom = (ref: string, sha: string): CachePlan['restore'] => {
    const prefix = cacheKeyPrefix(commentKey, ref)
    // With no commit to prefer, the prefix itself is the primary key: it never matches exactly.
    const primaryKey = sha === '' ? prefix : cacheKey(commentKey, ref, sha)
    const legacy = context.legacyKey
    return legacy === undefined || legacy === null || legacy === commentKey
      ? { primaryKey, prefix, ref }
      : {
          primaryKey,
          prefix,
          ref,
          legacy: { prefix: cacheKeyPrefix(legacy, ref), path: baselinePath(legacy) }
        }
  }
  const isPull = context.eventName === 'pull_request' || context.eventName === 'pull_request_target'
  if (isPull) {
    const baseRef = context.baseRef ? `refs/heads/${context.baseRef}` : defaultRef
    if (baseRef === '') {
      return { restore: null, save: null, reason: 'the pull request names no base branch' }
    }
    return {
      restore: restoreFrom(baseRef, context.baseSha ?? ''),
      save: null,
      reason: `pull request: compared with ${baseRef}; pull requests never save a baseline`
    }
  }
  if (defaultRef === '') {
    return { restore: null, save: null, reason: 'the default branch is unknown' }
  }
  if (context.eventName === 'push' && context.ref === defaultRef) {
    return {
      restore: restoreFrom(defaultRef, ''),
      save: {
        key: cacheKey(commentKey, context.ref, context.sha),
        source: { ref: context.ref, sha: context.sha }
      },
      reason: `push to the default branch: this report becomes the baseline for ${defaultRef}`
    }
  }
  return {
    restore: restoreFrom(defaultRef, ''),
    save: null,
    reason: `${context.eventName || 'this event'} on ${context.ref || 'an unknown ref'}: compared with ${defaultRef}; only pushes to it save a baseline`
  }
}

/** The commit a restored cache entry was saved for, read back from its key. */
export function sourceFromKey(matchedKey: string, prefix: string, ref: string): SourceJson {
  return { ref, sha: matchedKey.startsWith(prefix) ? matchedKey.slice(prefix.length) : '' }
}

/**
 * What `ACTIONS_CACHE_MODE` lets a run do, read as @actions/cache 6 reads it:
 * `read` and `write` may read, `write` and `write-only` may write, `none`
 * neither; unset or unknown allows both. Pure.
 */
export function cacheModeAllows(mode: string, access: 'read' | 'write'): boolean {
  const normalized = mode.trim().toLowerCase()
  if (!['none', 'read', 'write', 'write-only'].includes(normalized)) return true
  return access === 'read'
    ? normalized === 'read' || normalized === 'write'
    : normalized === 'write' || normalized === 'write-only'
}

/** The folder the cached file sits in, relative to the folder the cache call runs in. */
export const BASELINE_FOLDER = 'from-scratch-baseline'

/**
 * The cached path: fixed and relative, so the cache version (a hash of the
 * path list) is the same on every runner, whatever its RUNNER_TEMP or
 * workspace; the cache call runs in a fresh temporary folder it is relative to.
 */
export function baselinePath(commentKey: string): string {
  return `${BASELINE_FOLDER}/${commentKey.replace(/[^A-Za-z0-9._-]/g, '_')}.json`
}

export interface CacheStoreOptions {
  readonly plan: CachePlan
  readonly commentKey: string
  readonly log: StoreLog
  /** Where the temporary folders for the cache calls go; default RUNNER_TEMP, else the OS temp folder. */
  readonly tempDir?: string
  readonly cache?: CacheClient
}

/** The report JSON in the Actions cache (DESIGN.md: saved on default-branch pushes, restored on PRs). */
export class CacheBaselineStore implements BaselineStore {
  private readonly cache: CacheClient

  constructor(private readonly options: CacheStoreOptions) {
    this.cache = options.cache ?? actionsCacheClient
  }

  /** The cached file, relative to the folder each cache call runs in. */
  get path(): string {
    return baselinePath(this.options.commentKey)
  }

  private workFolder(): Promise<string> {
    const parent = this.options.tempDir ?? (process.env.RUNNER_TEMP || tmpdir())
    return mkdtemp(join(parent, 'from-scratch-baseline-'))
  }

  async restore(): Promise<Restored> {
    const { plan, log } = this.options
    if (plan.restore === null) {
      log.info(`No baseline: ${plan.reason}.`)
      return none(plan.reason)
    }
    if (!this.cache.isFeatureAvailable()) {
      const why =
        'this run has no Actions cache service (neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL is set)'
      log.info(`No baseline: ${why}.`)
      return none(why)
    }
    const mode = this.cache.mode()
    if (!cacheModeAllows(mode, 'read')) {
      const why = `ACTIONS_CACHE_MODE is '${mode}', which does not let this run read the Actions cache`
      log.warning(`No baseline: ${why}. Only absolute limits apply.`)
      return none(why)
    }
    const { primaryKey, prefix, ref, legacy } = plan.restore
    // Downloaded, never extracted: the report is read out of the archive in memory.
    let path = this.path
    let matchedPrefix = prefix
    let outcome = await this.cache.restore([path], primaryKey, [prefix], BASELINE_LIMITS.bytes)
    if (outcome.kind === 'miss' && legacy !== undefined) {
      // Saved before this image had a key of its own: another file name, so another cache version.
      path = legacy.path
      matchedPrefix = legacy.prefix
      outcome = await this.cache.restore(
        [path],
        legacy.prefix,
        [legacy.prefix],
        BASELINE_LIMITS.bytes
      )
    }
    // The reasons given to the report are our own sentences: the cache entry and its key are
    // written by whoever could write the cache, so only the job log names them. The service's
    // own words stay (GitHub's answer, escaped in the report like all text).
    if (outcome.kind === 'failed') {
      const why = `the Actions cache could not be read (${outcome.reason})`
      log.warning(`No baseline: ${why}. Only absolute limits apply.`)
      return none(why)
    }
    if (outcome.kind === 'miss') {
      const why = `no report from ${ref} was found in the Actions cache (one is saved on each push to it)`
      log.info(`No baseline yet: ${why}.`)
      return none(why)
    }
    const matched = outcome.key
    if (outcome.kind === 'too-large') {
      const why = `the cached report could not be used: ${BASELINE_TOO_LARGE}`
      log.warning(
        `No baseline: the cache entry ${matched} is damaged: it is ${outcome.bytes} bytes or more.`
      )
      return none(why)
    }
    const read = await readArchiveMember(outcome.archive, path)
    if ('why' in read) {
      log.warning(`No baseline: the cache entry ${matched}: ${read.why}.`)
      return none(`the cached report could not be used: ${read.why}`)
    }
    const parsed = parseBaseline(read.text)
    if (parsed.report === null) {
      const why = `the cached report could not be used: ${parsed.reason}`
      log.warning(`No baseline: the cached report ${matched} could not be used: ${parsed.reason}.`)
      return none(why)
    }
    log.info(`Baseline: ${matched}.`)
    return {
      report: {
        ...parsed.report,
        source: parsed.report.source ?? sourceFromKey(matched, matchedPrefix, ref)
      },
      missing: null
    }
  }

  async save(report: Report): Promise<void> {
    const { plan, log } = this.options
    if (plan.save === null) return
    const { key, source } = plan.save
    if (!this.cache.isFeatureAvailable()) {
      log.info('Baseline not saved: this run has no Actions cache service.')
      return
    }
    const mode = this.cache.mode()
    if (!cacheModeAllows(mode, 'write')) {
      log.warning(
        `Baseline not saved: ACTIONS_CACHE_MODE is '${mode}', which does not let this run write to the Actions cache; pull requests keep comparing with an older baseline.`
      )
      return
    }
    let root: string
    try {
      root = await this.workFolder()
    } catch (error) {
      log.warning(`Baseline not saved: no temporary folder for it (${messageOf(error)}).`)
      return
    }
    try {
      await this.saveIn(root, key, serializeReport({ ...report, source }))
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }

  private async saveIn(root: string, key: string, text: string): Promise<void> {
    const { log } = this.options
    try {
      await mkdir(join(root, BASELINE_FOLDER), { recursive: true })
      await writeFile(join(root, this.path), text)
    } catch (error) {
      log.warning(
        `Baseline not saved: could not write it to a temporary folder (${messageOf(error)}).`
      )
      return
    }
    const outcome = await this.cache.save(root, [this.path], key)
    switch (outcome.kind) {
      case 'saved':
        log.info(`Saved the baseline as ${key}.`)
        return
      case 'taken':
        log.warning(
          `Baseline not saved: the Actions cache already holds ${key} and its entries cannot be replaced (a re-run of this commit?); the report saved first stays the baseline.`
        )
        return
      case 'failed':
        log.warning(
          `Baseline not saved: ${outcome.reason}. Pull requests compare with an older baseline until a push saves one.`
        )
        return
    }
  }
}
