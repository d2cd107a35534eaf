import * as core from '@actions/core'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionLog } from './action-log.js'
import { messageOf } from './ground/errors.js'
import { actionExec } from './action-exec.js'
import { gitContextFromEnv, type EventPayload } from './ground/git-context.js'
import { readSettings, type Settings } from './inputs.js'
import { runPipeline } from './pipeline.js'
import {
  actionPublishers,
  cacheStoreFor,
  chooseActionPublishers,
  type SectionRun
} from './publish/action.js'
import { pullRequestTarget } from './publish/comment.js'
import { normalizeCommentGroup } from './publish/comment-sections.js'
import {
  publishAll,
  reportOn,
  warnAboutGates,
  type PublisherFailure,
  type RunEnd
} from './publish/publisher.js'
import { failedAt, type StageError } from './report/outcome.js'

/** What the job log's failure line says for a stage's error: the user's problem and fix, or a bug report request. */
export function errorText(error: StageError): string {
  if (error.userFixable) return [error.message, ...error.details].join('\n')
  return `from-scratch stopped on an unexpected error: ${error.message}\nThis is a bug in from-scratch; please report it with this log (re-run with debug logging for the stack).`
}

/** Why the job fails, or null when it passes. Pure. */
export function failureOf(end: RunEnd): string | null {
  if (end.outcome === 'failed') return errorText(end.error)
  return end.composed.evaluation.failureMessage
}

/** The webhook payload the run was started by; {} when there is none to read. */
function eventPayload(): EventPayload {
  const path = process.env.GITHUB_EVENT_PATH
  if (!path) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload
  } catch {
    return {}
  }
}

/** Which run this job is and what commit it built, for its section of the PR comment. */
function sectionRun(payload: EventPayload): SectionRun {
  const head = (payload as { pull_request?: { head?: { sha?: unknown } } }).pull_request?.head?.sha
  const commit = typeof head === 'string' ? head : (process.env.GITHUB_SHA ?? '')
  const count = (value: string | undefined): number =>
    /^\d{1,15}$/.test(value ?? '') ? Number(value) : 0
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  return {
    commit: /^[0-9a-f]{7,64}$/.test(commit) ? commit : '',
    runId: count(process.env.GITHUB_RUN_ID),
    attempt: count(process.env.GITHUB_RUN_ATTEMPT),
    repositoryUrl: /^[\w.-]+\/[\w.-]+$/.test(repository) ? `${server}/${repository}` : '',
    now: () => Date.now()
  }
}

/** The action's run and its publishers; a bad input stops it before anything is built. */
async function runAndPublish(): Promise<{
  readonly end: RunEnd
  readonly failures: readonly PublisherFailure[]
}> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  let settings: Settings
  try {
    settings = readSettings((name) => core.getInput(name), {
      workspace,
      repository: process.env.GITHUB_REPOSITORY ?? '',
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? ''
    })
  } catch (error) {
    return { end: failedAt('inputs', error), failures: [] }
  }
  if (settings.githubToken !== '') core.setSecret(settings.githubToken)
  const payload = eventPayload()
  const git = gitContextFromEnv(process.env, payload)
  const target = pullRequestTarget(payload)
  // RUNNER_TEMP is emptied by the runner at the end of the job: what the outputs
  // name (the binary, report.json, the OCI layout) stays there for later steps,
  // and the stages' own work folders, removed as they finish, go there too.
  const tempDir = process.env.RUNNER_TEMP || tmpdir()
  const outputDir = mkdtempSync(join(tempDir, 'from-scratch-'))

  const result = await runPipeline(settings, {
    exec: actionExec(),
    log: actionLog,
    workspace,
    outputDir,
    tempDir,
    // A fresh runner has nothing to reuse: go writes straight into outputDir.
    goOutputCache: null,
    git
  })
  const choice = chooseActionPublishers({
    git,
    target,
    comment: settings.comment,
    commentKey: settings.commentKey,
    legacyBaselineKey: settings.commentKeyGiven ? null : 'default',
    hasToken: settings.githubToken !== '',
    hasSummaryFile: Boolean(process.env.GITHUB_STEP_SUMMARY)
  })
  const store = cacheStoreFor(choice.plan, settings.commentKey, actionLog, tempDir)
  const end = await reportOn(result, {
    baseline: store,
    log: actionLog,
    source: { ref: git.ref, sha: git.sha },
    gates: settings.gates,
    current: git.prNumber === null ? 'this commit' : 'this PR'
  })
  const publishers = actionPublishers(choice, {
    log: actionLog,
    reportFile: join(outputDir, 'report.json'),
    token: settings.githubToken,
    commentKey: settings.commentKey,
    commentAuthor: settings.commentAuthor,
    target,
    commentGroup: normalizeCommentGroup(settings.commentGroup || process.env.GITHUB_WORKFLOW || ''),
    // Without comment-key, v1 wrote this image's comment as `default`.
    legacyKeys: settings.commentKeyGiven ? [settings.commentKey] : ['default', settings.commentKey],
    run: sectionRun(payload),
    store,
    setOutput: (name, value) => core.setOutput(name, value)
  })
  const { failures } = await publishAll(publishers, end)
  warnAboutGates(end, actionLog)
  return { end, failures }
}

/**
 * The action: inputs → pipeline → report → publishers (report file, job
 * summary, PR comment, cache baseline, outputs). The only place that fails the job.
 */
export async function run(): Promise<void> {
  try {
    const { end, failures } = await runAndPublish()
    if (end.outcome === 'failed' && end.error.stack !== null) core.debug(end.error.stack)
    const failure = failureOf(end)
    if (failure !== null) core.setFailed(failure)
    for (const { error } of failures) core.setFailed(bugText(error))
  } catch (error) {
    core.setFailed(bugText(error))
  }
}

/** A bug outside the stages (a publisher, the run's own set-up): its stack goes to the debug log. */
function bugText(error: unknown): string {
  if (error instanceof Error) core.debug(error.stack ?? '')
  return errorText({ message: messageOf(error), details: [], userFixable: false, stack: null })
}
