import * as actionsCache from '@actions/cache'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { messageOf } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import { parseBaseline, serializeReport, type Report, type SourceJson } from '../report/schema.js'

/** Where the previous report comes from and where this one goes. */
export interface BaselineStore {
  /** The baseline report, or null (none yet, unreadable, service down: all logged, never thrown). */
  restore(): Promise<Report | null>
  /** Keeps `report` as a future baseline; a no-op where this run must not save. */
  save(report: Report): Promise<void>
}

type StoreLog = Pick<Log, 'info' | 'warning'>

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/**
 * `--baseline FILE` for the terminal and tests: restore reads the file (a
 * missing file is simply no baseline), save writes it.
 */
export class FileBaselineStore implements BaselineStore {
  constructor(
    private readonly path: string,
    private readonly log: StoreLog
  ) {}

  async restore(): Promise<Report | null> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if (isMissing(error)) {
        this.log.info(`No baseline yet: ${this.path} does not exist.`)
      } else {
        this.log.warning(`Could not read the baseline ${this.path}: ${messageOf(error)}`)
      }
      return null
    }
    const parsed = parseBaseline(text)
    if (parsed.report === null) {
      this.log.warning(`Ignoring the baseline ${this.path}: ${parsed.reason}.`)
      return null
    }
    // A report saved without `source` still names where it came from.
    return { ...parsed.report, source: parsed.report.source ?? { ref: this.path, sha: '' } }
  }

  async save(report: Report): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFile(this.path, serializeReport(report))
  }
}

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
}

/** What the cache-backed store does in this run. Pure data, from `cachePlan`. */
export interface CachePlan {
  /** Exact key tried first, then the newest entry starting with `prefix`; null: no restore. */
  readonly restore: {
    readonly primaryKey: string
    readonly prefix: string
    readonly ref: string
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
    return { primaryKey: sha === '' ? prefix : cacheKey(commentKey, ref, sha), prefix, ref }
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

/** The part of @actions/cache this store uses; tests supply an in-memory one. */
export interface CacheApi {
  isFeatureAvailable(): boolean
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[]
  ): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}

export const actionsCacheApi: CacheApi = {
  isFeatureAvailable: () => actionsCache.isFeatureAvailable(),
  restoreCache: (paths, primaryKey, restoreKeys) =>
    actionsCache.restoreCache(paths, primaryKey, restoreKeys),
  saveCache: (paths, key) => actionsCache.saveCache(paths, key)
}

export interface CacheStoreOptions {
  readonly plan: CachePlan
  readonly commentKey: string
  readonly log: StoreLog
  /**
   * Folder for the cached file. The cache matches entries by the exact path
   * list, so it must be the same in the saving and the restoring run: the
   * default, `$RUNNER_TEMP/from-scratch-baseline`, is.
   */
  readonly dir?: string
  readonly cache?: CacheApi
}

/** The report JSON in the Actions cache (DESIGN.md: saved on default-branch pushes, restored on PRs). */
export class CacheBaselineStore implements BaselineStore {
  private readonly file: string
  private readonly cache: CacheApi

  constructor(private readonly options: CacheStoreOptions) {
    const dir = options.dir ?? join(process.env.RUNNER_TEMP || tmpdir(), 'from-scratch-baseline')
    this.file = join(dir, `${options.commentKey.replace(/[^A-Za-z0-9._-]/g, '_')}.json`)
    this.cache = options.cache ?? actionsCacheApi
  }

  /** The file the report is cached as. */
  get path(): string {
    return this.file
  }

  async restore(): Promise<Report | null> {
    const { plan, log } = this.options
    if (plan.restore === null) {
      log.info(`No baseline: ${plan.reason}.`)
      return null
    }
    if (!this.cache.isFeatureAvailable()) {
      log.info('No baseline: the Actions cache service is not available here.')
      return null
    }
    const { primaryKey, prefix, ref } = plan.restore
    let matched: string | undefined
    try {
      await mkdir(dirname(this.file), { recursive: true })
      matched = await this.cache.restoreCache([this.file], primaryKey, [prefix])
    } catch (error) {
      log.warning(`Could not restore the baseline from the Actions cache: ${messageOf(error)}`)
      return null
    }
    if (matched === undefined) {
      log.info(`No baseline yet: nothing in the Actions cache under ${prefix}*.`)
      return null
    }
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      log.warning(`The cache entry ${matched} held no readable report: ${messageOf(error)}`)
      return null
    }
    const parsed = parseBaseline(text)
    if (parsed.report === null) {
      log.warning(`Ignoring the cached baseline ${matched}: ${parsed.reason}.`)
      return null
    }
    log.info(`Baseline: ${matched}.`)
    return {
      ...parsed.report,
      source: parsed.report.source ?? sourceFromKey(matched, prefix, ref)
    }
  }

  async save(report: Report): Promise<void> {
    const { plan, log } = this.options
    if (plan.save === null) return
    if (!this.cache.isFeatureAvailable()) {
      log.info('Baseline not saved: the Actions cache service is not available here.')
      return
    }
    try {
      await mkdir(dirname(this.file), { recursive: true })
      await writeFile(this.file, serializeReport({ ...report, source: plan.save.source }))
      await this.cache.saveCache([this.file], plan.save.key)
      log.info(`Saved the baseline as ${plan.save.key}.`)
    } catch (error) {
      // Keys are immutable: a re-run of the same commit finds its key taken, which is fine.
      const name = (error as { name?: unknown } | null)?.name
      if (name === 'ReserveCacheError') {
        log.info(`Baseline ${plan.save.key} is already saved: ${messageOf(error)}`)
        return
      }
      log.warning(`Could not save the baseline to the Actions cache: ${messageOf(error)}`)
    }
  }
}
