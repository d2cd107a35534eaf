import { parseRetryAfter } from '../ground/retry.js'
import { getOctokit } from '@actions/github'
import { messageOf } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import type { GroupRenderOptions, ImageSection } from '../report/group-markdown.js'
import { COMMENT_LIMIT, commentMarker } from '../report/markdown.js'
import {
  composeGroupBody,
  groupMarker,
  missingSections,
  parseGroupComment,
  type GroupBody
} from './comment-sections.js'

/** The pull request (an issue, for the REST API) the comment goes on. */
export interface CommentTarget {
  readonly owner: string
  readonly repo: string
  readonly issueNumber: number
  /** The head is in another repository: GITHUB_TOKEN is read-only there. Only changes wording. */
  readonly fork: boolean
}

/** Waits between retries; tests pass a fake clock. */
export type Sleep = (ms: number) => Promise<void>

export interface RetryPolicy {
  /** Tries per request, the first included. */
  readonly attempts: number
  /** First backoff after a 5xx; doubles each time. */
  readonly baseDelayMs: number
  /** A rate limit asking for a longer wait than this gives up instead of stalling the job. */
  readonly maxWaitMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxWaitMs: 60_000 }

export interface PublishOptions {
  /** `github-token`: GITHUB_TOKEN, a PAT, or an app installation token. */
  readonly token: string
  readonly target: CommentTarget
  /** Normalized comment-key (see `normalizeCommentKey`). */
  readonly commentKey: string
  /** The rendered report; the marker line is added when it does not start with it. */
  readonly body: string
  readonly log: Pick<Log, 'info' | 'warning'>
  /** REST base URL; default `GITHUB_API_URL`, else https://api.github.com. */
  readonly baseUrl?: string
  /**
   * Login the token writes as when `GET /user` is refused (installation
   * tokens). Default `github-actions[bot]`, GITHUB_TOKEN's app; set it to
   * `<app-slug>[bot]` for another GitHub App's token.
   */
  readonly botLogin?: string
  readonly retry?: Partial<RetryPolicy>
  readonly sleep?: Sleep
}

export type PublishResult =
  | { readonly status: 'created' | 'updated'; readonly url: string; readonly id: number }
  /** Not written, with the reason already logged as a warning; the job goes on. */
  | { readonly status: 'skipped'; readonly url: ''; readonly reason: string }

/** Who the token writes as. `type` is only known for sure when `GET /user` answered. */
export interface Identity {
  readonly login: string
  readonly type: string
  /** True when read from `GET /user`; false when assumed for an installation token. */
  readonly confirmed: boolean
}

/** The fields of an issue comment this module reads. */
export interface CommentLike {
  /** int64 in GitHub's description, hence the bigint in octokit's types. */
  readonly id: number | bigint
  readonly body?: string | null
  readonly html_url: string
  readonly user: { readonly login: string; readonly type: string } | null
}

export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

/** Body with our marker as its first line, and within GitHub's length limit. */
export function withMarker(body: string, commentKey: string): string {
  const marker = commentMarker(commentKey)
  const marked = body.split(/\r?\n/, 1)[0] === marker ? body : `${marker}\n${body}`
  return marked.length <= COMMENT_LIMIT ? marked : marked.slice(0, COMMENT_LIMIT)
}

/**
 * Ours: written by the token's own user and starting with our exact marker.
 * The author check keeps us off comments by people who quote the marker; the
 * first-line check keeps us off our own comments that merely mention it, and
 * `from-scratch:api` never matches `from-scratch:api-v2` because the whole
 * line must be equal.
 */
export function isOurs(comment: CommentLike, identity: Identity, commentKey: string): boolean {
  return isMarked(comment, identity, commentMarker(commentKey))
}

/** Written by the token's own user, with exactly `marker` as its first line. */
export function isMarked(comment: CommentLike, identity: Identity, marker: string): boolean {
  const user = comment.user
  if (user === null || user.login !== identity.login) return false
  if (identity.confirmed && user.type !== identity.type) return false
  if (!identity.confirmed && user.type !== 'Bot') return false
  const first = (comment.body ?? '').replace(/^\s+/, '').split(/\r?\n/, 1)[0]
  return first === marker
}

/** The `rel="next"` URL of a `Link` header, or null. */
export function nextLink(link: string | undefined): string | null {
  if (!link) return null
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim())
    if (match && match[2]?.split(/\s+/).includes('next')) return match[1] ?? null
  }
  return null
}

type Headers = Readonly<Record<string, string | number | undefined>>

/** An HTTP error as octokit throws it, read structurally so no octokit internals are imported. */
interface HttpError {
  readonly status: number
  readonly message: string
  readonly response?: { readonly headers?: Headers }
}

function isHttpError(error: unknown): error is HttpError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number'
  )
}

function header(headers: Headers | undefined, name: string): string | undefined {
  const value = headers?.[name]
  return value === undefined ? undefined : String(value)
}

/**
 * How long to wait before trying again, or null to give up. Pure.
 * - 5xx (and network failures, which octokit reports as 500): exponential backoff.
 * - 429, or 403 carrying `retry-after` or `x-ratelimit-remaining: 0`: GitHub's
 *   (secondary) rate limit; wait as told. A plain 403 is a permission refusal
 *   and is not retried.
 */
export function retryDelay(
  status: number,
  headers: Headers | undefined,
  attempt: number,
  policy: RetryPolicy,
  nowMs: number
): number | null {
  if (attempt >= policy.attempts) return null
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1)
  if (status >= 500) return backoff
  if (status !== 403 && status !== 429) return null
  const retryAfter = header(headers, 'retry-after')
  const remaining = header(headers, 'x-ratelimit-remaining')
  const reset = header(headers, 'x-ratelimit-reset')
  let wait: number | null = null
  const retryAfterMs = parseRetryAfter(retryAfter ?? null, nowMs)
  if (retryAfterMs !== null) wait = retryAfterMs
  else if (remaining === '0' && reset !== undefined && /^\d+$/.test(reset))
    wait = Math.max(0, Number(reset) * 1000 - nowMs) + 1000
  else if (status === 429) wait = Math.max(backoff, 60_000)
  if (wait === null || wait > policy.maxWaitMs) return null
  return wait
}

const realSleep: Sleep = (ms) => new Promise((done) => setTimeout(done, ms))

function describeFailure(error: unknown): string {
  // Octokit reports a connection that never got an answer as status 500 without a response.
  if (isHttpError(error) && error.response === undefined) {
    return `GitHub could not be reached (${error.message})`
  }
  if (isHttpError(error)) return `GitHub answered ${error.status}: ${error.message}`
  return messageOf(error)
}

/** What the comment functions share: where to write, as whom, how to retry. */
type ApiOptions = Pick<
  PublishOptions,
  'token' | 'target' | 'log' | 'baseUrl' | 'botLogin' | 'retry' | 'sleep'
>

/**
 * The few documented REST operations the comments use, with retries on 5xx
 * and rate limits. Errors other than those are thrown to the caller.
 */
function commentApi(options: ApiOptions) {
  const { target, log } = options
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const sleep = options.sleep ?? realSleep
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const octokit = getOctokit(options.token, { baseUrl, log: quietLog })
  const where = { owner: target.owner, repo: target.repo }

  async function call<T>(what: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work()
      } catch (error) {
        if (!isHttpError(error)) throw error
        const wait = retryDelay(error.status, error.response?.headers, attempt, policy, Date.now())
        if (wait === null) throw error
        log.info(
          `${what}: GitHub answered ${error.status}; trying again in ${Math.ceil(wait / 1000)}s (attempt ${attempt + 1} of ${policy.attempts}).`
        )
        await sleep(wait)
      }
    }
  }

  /*
   * Who are we? `GET /user` names the user behind a PAT or OAuth token. An
   * installation token (GITHUB_TOKEN included) is refused there (403 "Resource
   * not accessible by integration") and cannot ask `GET /app` either (that
   * needs the app's JWT), so its login is assumed: `github-actions[bot]` unless
   * `botLogin` names another app's bot. Assumed identities only match users of
   * type Bot, so a person named like the bot can never be mistaken for us.
   */
  async function whoAmI(): Promise<Identity> {
    try {
      const { data } = await call('GET /user', () => octokit.request('GET /user'))
      return { login: data.login, type: data.type, confirmed: true }
    } catch (error) {
      if (isHttpError(error) && (error.status === 403 || error.status === 404)) {
        return { login: options.botLogin ?? ACTIONS_BOT_LOGIN, type: 'Bot', confirmed: false }
      }
      throw error
    }
  }

  /** Every comment on the pull request that `keep` selects, oldest (lowest id) first. */
  async function list(keep: (comment: CommentLike) => boolean): Promise<CommentLike[]> {
    const found: CommentLike[] = []
    // 1000 pages of 100 is far past any real PR; the bound only stops a runaway loop.
    for (let page = 1; page <= 1000; page += 1) {
      const response = await call('list comments', () =>
        octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...where,
          issue_number: target.issueNumber,
          per_page: 100,
          page
        })
      )
      for (const comment of response.data) if (keep(comment)) found.push(comment)
      if (nextLink(response.headers.link) === null) break
    }
    return found.sort((a, b) => Number(a.id) - Number(b.id))
  }

  /** One comment as it is now; null when it is gone. */
  async function get(id: number): Promise<CommentLike | null> {
    try {
      const { data } = await call('read comment', () =>
        octokit.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...where,
          comment_id: id
        })
      )
      return data
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return null
      throw error
    }
  }

  async function create(body: string): Promise<CommentLike> {
    const { data } = await call('create comment', () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...where,
        issue_number: target.issueNumber,
        body
      })
    )
    return data
  }

  async function update(comment: CommentLike, body: string): Promise<CommentLike> {
    if (comment.body === body) return comment
    const { data } = await call('update comment', () =>
      octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...where,
        comment_id: Number(comment.id),
        body
      })
    )
    return data
  }

  async function remove(extras: readonly CommentLike[], what: string): Promise<void> {
    for (const extra of extras) {
      try {
        await call(`delete ${what}`, () =>
          octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
            ...where,
            comment_id: Number(extra.id)
          })
        )
      } catch (error) {
        // 404: another run already deleted it, which is what we wanted.
        if (isHttpError(error) && error.status === 404) continue
        log.warning(`Could not delete a ${what} (${extra.html_url}): ${describeFailure(error)}`)
      }
    }
  }

  return { whoAmI, list, get, create, update, remove, sleep }
}

/**
 * Creates or updates the one sticky report comment on a pull request.
 *
 * Finds ours by paging through all the issue's comments (100 a page, following
 * `Link`), keeping only those by the token's own user that start with our
 * marker; updates the oldest in place, or creates one. After creating, it lists
 * again and deletes extra copies a concurrent run may have made, keeping the
 * oldest (and writing this body into it), so racing runs end with one comment.
 *
 * Never throws for API trouble: a refusal (403/404: fork PRs, read-only
 * tokens) or a failure after retries becomes a warning and `skipped`, because
 * the report is already in the job summary and outputs.
 */
export async function publishComment(options: PublishOptions): Promise<PublishResult> {
  const { target, log, commentKey } = options
  const body = withMarker(options.body, commentKey)
  const api = commentApi(options)
  const listOurs = (identity: Identity) =>
    api.list((comment) => isOurs(comment, identity, commentKey))

  try {
    const identity = await api.whoAmI()
    const existing = await listOurs(identity)
    const [oldest, ...extras] = existing
    if (oldest !== undefined) {
      const kept = await api.update(oldest, body)
      await api.remove(extras, 'duplicate report comment')
      log.info(`Updated the report comment: ${kept.html_url}`)
      return { status: 'updated', url: kept.html_url, id: Number(kept.id) }
    }

    const created = await api.create(body)
    // The create answer names the writer for sure; later matching uses it.
    const me: Identity =
      created.user === null
        ? identity
        : { login: created.user.login, type: created.user.type, confirmed: true }
    const after = await listOurs(me)
    const [keep, ...others] = after
    if (keep === undefined || Number(keep.id) === Number(created.id)) {
      await api.remove(others, 'duplicate report comment')
      log.info(`Created the report comment: ${created.html_url}`)
      return { status: 'created', url: created.html_url, id: Number(created.id) }
    }
    // A concurrent run got there first: keep its (older) comment, with our body.
    await api.remove(others, 'duplicate report comment')
    const kept = await api.update(keep, body)
    log.info(`Another run created the report comment first; updated it: ${kept.html_url}`)
    return { status: 'updated', url: kept.html_url, id: Number(kept.id) }
  } catch (error) {
    if (!isHttpError(error)) throw error
    const reason = refusalReason(error, target)
    log.warning(reason)
    return { status: 'skipped', url: '', reason }
  }
}

export interface SectionOptions extends ApiOptions {
  /** Normalized comment-group (see `normalizeCommentGroup`): which comment. */
  readonly group: string
  /** This job's own section. */
  readonly section: ImageSection
  /**
   * comment-keys whose v1 comment (one per key, marker `from-scratch:<key>`)
   * this image replaces: adopted as the group comment when there is none yet,
   * else deleted once the section is confirmed.
   */
  readonly legacyKeys: readonly string[]
  readonly render?: GroupRenderOptions
  /** Wait after a write before reading it back (others' writes land meanwhile); jittered up to 2×. */
  readonly settleMs?: number
  /** Write-and-verify rounds before giving up. */
  readonly rounds?: number
  /** [0, 1): the jitter's source; tests may pin it. */
  readonly random?: () => number
}

export const DEFAULT_SETTLE_MS = 1500
export const DEFAULT_ROUNDS = 8

/**
 * Writes this job's section into the group's one comment, race-safe across
 * jobs (docs/comment-protocol.md): list; merge every copy's sections with
 * ours (newest of each key) into the oldest copy, read fresh just before the
 * write; delete the other copies; wait a jittered settle time; list again and
 * check that our section and every section we wrote is there, no older, in
 * the one comment left. Anything missing (a racing writer overwrote it) or a
 * second copy (two creators) starts another round.
 *
 * Never throws for API trouble: refusals become a warning and `skipped`, as
 * for `publishComment`.
 */
export async function publishSection(options: SectionOptions): Promise<PublishResult> {
  const { target, log, group, section } = options
  const api = commentApi(options)
  const marker = groupMarker(group)
  const legacyMarkers = options.legacyKeys.map((key) => commentMarker(key))
  const settle = options.settleMs ?? DEFAULT_SETTLE_MS
  const rounds = options.rounds ?? DEFAULT_ROUNDS
  const random = options.random ?? Math.random
  const compose = (sections: readonly ImageSection[]): GroupBody =>
    composeGroupBody(group, sections, options.render)

  try {
    let me = await api.whoAmI()
    const isGroup = (comment: CommentLike): boolean => isMarked(comment, me, marker)
    const isLegacy = (comment: CommentLike): boolean =>
      legacyMarkers.some((legacy) => isMarked(comment, me, legacy))
    let adopted: number | null = null
    let created = false
    let last: CommentLike | null = null
    let legacy: CommentLike[] = []
    for (let round = 1; round <= rounds; round += 1) {
      const found = await api.list((comment) => isGroup(comment) || isLegacy(comment))
      const copies = found.filter(isGroup)
      legacy = found.filter(isLegacy)
      let written: readonly ImageSection[]
      const [first, ...extras] = copies
      if (first === undefined) {
        const composed = compose([section])
        written = composed.sections
        const [old] = legacy
        if (old !== undefined) {
          // The image's v1 comment becomes the group's: it keeps its place in the conversation.
          last = await api.update(old, composed.body)
          adopted = Number(old.id)
        } else {
          last = await api.create(composed.body)
          created = true
          // The create answer names the writer for sure; later matching uses it.
          if (last.user !== null)
            me = { login: last.user.login, type: last.user.type, confirmed: true }
        }
      } else {
        // Read the comment again right before writing: the shorter this window,
        // the fewer racing writes can fall into it.
        const fresh = await api.get(Number(first.id))
        if (fresh === null || !isGroup(fresh)) {
          log.info('The report comment changed while it was read; reading it again.')
          continue
        }
        const theirs = [fresh, ...extras].flatMap(
          (comment) => parseGroupComment(comment.body ?? '').sections
        )
        const damaged = parseGroupComment(fresh.body ?? '').damaged
        if (damaged > 0)
          log.warning(
            `The report comment held ${damaged} section(s) that could not be read (edited by hand?); they are left out.`
          )
        const composed = compose([...theirs, section])
        written = composed.sections
        last = await api.update(fresh, composed.body)
        // Their sections are in the oldest copy now.
        await api.remove(extras, 'duplicate report comment')
      }
      await api.sleep(Math.round(settle * (1 + random())))
      const after = await api.list(isGroup)
      const [kept, ...others] = after
      const missing =
        kept === undefined
          ? written.map((s) => s.key)
          : missingSections(written, parseGroupComment(kept.body ?? '').sections)
      if (kept !== undefined && missing.length === 0 && others.length === 0) {
        await api.remove(
          legacy.filter((comment) => Number(comment.id) !== adopted),
          'report comment from before comment-group'
        )
        const status = created && Number(kept.id) === Number(last.id) ? 'created' : 'updated'
        log.info(
          `${status === 'created' ? 'Created' : 'Updated'} the report comment: ${kept.html_url}`
        )
        return { status, url: kept.html_url, id: Number(kept.id) }
      }
      const why =
        kept === undefined
          ? 'the report comment is gone'
          : missing.length > 0
            ? `another job wrote at the same time (sections missing: ${missing.join(', ')})`
            : `another job created a copy at the same time (${others.length + 1} copies)`
      log.info(`Report comment: ${why}; writing again (round ${round + 1} of ${rounds}).`)
      await api.sleep(Math.round(settle * random()))
    }
    const reason = `Could not confirm this image's section in the report comment after ${rounds} rounds of racing writes; the report is in the job summary and the \`report\` output.`
    log.warning(reason)
    return last === null
      ? { status: 'skipped', url: '', reason }
      : { status: 'updated', url: last.html_url, id: Number(last.id) }
  } catch (error) {
    if (!isHttpError(error)) throw error
    const reason = refusalReason(error, target)
    log.warning(reason)
    return { status: 'skipped', url: '', reason }
  }
}

function refusalReason(error: HttpError, target: CommentTarget): string {
  const where = `${target.owner}/${target.repo}#${target.issueNumber}`
  const tail = 'The report is still in the job summary and the `report` output.'
  if (error.status === 403 || error.status === 404) {
    const why = target.fork
      ? 'this pull request comes from a fork, where GITHUB_TOKEN is read-only'
      : 'the token may not write to pull requests here; give the job `permissions: pull-requests: write`'
    return `Could not write the report comment on ${where} (GitHub answered ${error.status}: ${error.message}): ${why}. ${tail}`
  }
  return `Could not write the report comment on ${where}: ${describeFailure(error)}. ${tail}`
}

/** Octokit logs deprecation notices to the console; they are not for our users. */
const quietLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
}

/** What `payload` says about the pull request a run is for, or null when it is not about one. */
export function pullRequestTarget(payload: unknown): CommentTarget | null {
  if (!isRecord(payload)) return null
  const repository = payload.repository
  if (!isRecord(repository) || typeof repository.name !== 'string') return null
  const owner = isRecord(repository.owner) ? repository.owner.login : undefined
  if (typeof owner !== 'string') return null
  const pr = payload.pull_request
  if (isRecord(pr) && typeof pr.number === 'number') {
    const head = isRecord(pr.head) ? pr.head : {}
    const base = isRecord(pr.base) ? pr.base : {}
    const headRepo = isRecord(head.repo) ? head.repo.full_name : null
    const baseRepo = isRecord(base.repo) ? base.repo.full_name : repository.full_name
    return {
      owner,
      repo: repository.name,
      issueNumber: pr.number,
      // A deleted fork leaves head.repo null: still not ours to write with GITHUB_TOKEN.
      fork: headRepo !== baseRepo
    }
  }
  // issue_comment on a pull request: the issue carries a pull_request link.
  const issue = payload.issue
  if (isRecord(issue) && typeof issue.number === 'number' && isRecord(issue.pull_request)) {
    return { owner, repo: repository.name, issueNumber: issue.number, fork: false }
  }
  return null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `comment` input values. */
export type CommentMode = 'auto' | 'always' | 'never'

/**
 * Whether to comment. `auto` comments on pull_request events; `always` on any
 * event that is about a pull request (e.g. pull_request_target,
 * issue_comment); `never` never. Pure.
 */
export function commentDecision(
  mode: CommentMode,
  eventName: string,
  target: CommentTarget | null
): { readonly comment: boolean; readonly reason: string } {
  if (mode === 'never') return { comment: false, reason: 'comment: never' }
  if (target === null) {
    return {
      comment: false,
      reason: `the ${eventName || 'current'} event is not about a pull request`
    }
  }
  if (mode === 'auto' && eventName !== 'pull_request' && eventName !== 'pull_request_target') {
    return {
      comment: false,
      reason: `comment: auto comments on pull_request events, not ${eventName}`
    }
  }
  return { comment: true, reason: '' }
}
