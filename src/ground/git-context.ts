import type { Exec } from './exec.js'

/** Where the build runs, as far as tags and labels go. Fields are '' / null when unknown (terminal runs). */
export interface GitContext {
  /** Full ref, e.g. `refs/tags/v1.2.3`, `refs/heads/main`, `refs/pull/7/merge`. */
  readonly ref: string
  /** Full commit sha. */
  readonly sha: string
  /** GitHub event name, e.g. `push`, `pull_request`. */
  readonly eventName: string
  /** Pull-request number when the event is about one. */
  readonly prNumber: number | null
  /** `owner/name`. */
  readonly repository: string
  /** e.g. `https://github.com`. */
  readonly serverUrl: string
  /** The repository's default branch (payload `repository.default_branch`); '' or absent when unknown. */
  readonly defaultBranch?: string
  /** For pull requests: the base branch name (`GITHUB_BASE_REF`); '' or absent otherwise. */
  readonly baseRef?: string
  /** For pull requests: the base commit (payload `pull_request.base.sha`); '' or absent otherwise. */
  readonly baseSha?: string
}

/** The parts of a GitHub event payload we read; everything optional, as payloads differ by event. */
export interface EventPayload {
  readonly pull_request?: { readonly number?: number; readonly base?: { readonly sha?: string } }
  readonly number?: number
  readonly repository?: { readonly default_branch?: string }
}

/** The git context from the runner's environment (empty strings in a terminal). */
export function gitContextFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  payload: EventPayload
): GitContext {
  const ref = env.GITHUB_REF ?? ''
  const fromRef = /^refs\/pull\/(\d+)\//.exec(ref)
  const prNumber =
    payload.pull_request?.number ?? (fromRef ? Number(fromRef[1]) : (payload.number ?? null))
  return {
    ref,
    sha: env.GITHUB_SHA ?? '',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    prNumber,
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    defaultBranch: payload.repository?.default_branch ?? '',
    baseRef: env.GITHUB_BASE_REF ?? '',
    baseSha: payload.pull_request?.base?.sha ?? ''
  }
}

/**
 * Seconds of the last commit in `dir`, so identical sources give identical
 * layers; 0 (1970) outside a git checkout, which is just as reproducible.
 */
export async function commitTime(exec: Exec, dir: string): Promise<number> {
  try {
    const result = await exec.run('git', ['log', '-1', '--format=%ct'], { cwd: dir })
    const seconds = Number(result.stdout.trim())
    return result.exitCode === 0 && Number.isInteger(seconds) && seconds > 0 ? seconds : 0
  } catch {
    return 0
  }
}
