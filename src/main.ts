import * as core from '@actions/core'
import { mkdtempSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionExec } from './action-exec.js'
import { actionLog } from './action-log.js'
import { UserError, messageOf } from './ground/errors.js'
import { gitContextFromEnv, type EventPayload } from './ground/git-context.js'
import { ImagePushError } from './image/build.js'
import type { GitContext } from './ground/git-context.js'
import { readSettings, type Settings } from './inputs.js'
import { binaryOutputs, imageOutputs, reportOutputs } from './publish/outputs.js'
import { runPipeline } from './pipeline.js'
import { CacheBaselineStore, cachePlan } from './publish/baseline.js'
import { commentDecision, publishComment, pullRequestTarget } from './publish/comment.js'
import { composeReport, type Composed } from './report/compose.js'
import { serializeReport } from './report/schema.js'
import { RejectedBinaryError } from './elf/verify.js'

function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/** What the job log's failure line says: the user's problem and fix, or a bug report request. */
export function failureText(error: unknown): string {
  if (error instanceof UserError) return [error.message, ...error.details].join('\n')
  return `from-scratch stopped on an unexpected error: ${messageOf(error)}\nThis is a bug in from-scratch; please report it with this log (re-run with debug logging for the stack).`
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

/** The baseline of this image in the Actions cache: restored on PRs, saved on default-branch pushes. */
function baselineStore(settings: Settings, git: GitContext, payload: EventPayload) {
  return new CacheBaselineStore({
    plan: cachePlan({
      eventName: git.eventName,
      ref: git.ref,
      sha: git.sha,
      defaultBranch: payload.repository?.default_branch ?? '',
      baseRef: process.env.GITHUB_BASE_REF ?? '',
      baseSha: payload.pull_request?.base?.sha ?? '',
      commentKey: settings.commentKey
    }),
    commentKey: settings.commentKey,
    log: actionLog
  })
}

/** The sticky PR comment, when this event and the `comment` input call for one; returns its URL. */
async function comment(
  settings: Settings,
  git: GitContext,
  payload: EventPayload,
  composed: Composed
): Promise<string> {
  const target = pullRequestTarget(payload)
  const decision = commentDecision(settings.comment, git.eventName, target)
  if (!decision.comment || target === null) {
    core.info(`No pull-request comment: ${decision.reason}.`)
    return ''
  }
  if (settings.githubToken === '') {
    core.warning(
      'No pull-request comment: `github-token` is empty. The report is in the job summary.'
    )
    return ''
  }
  const result = await publishComment({
    token: settings.githubToken,
    target,
    commentKey: settings.commentKey,
    body: composed.markdown,
    log: actionLog,
    ...(settings.commentAuthor === '' ? {} : { botLogin: settings.commentAuthor })
  })
  if (result.status !== 'skipped') core.info(`Comment ${result.status}: ${result.url}`)
  return result.url
}

/** The action: inputs → compile → verify → image → measure → report → gates. The only place that fails the job. */
export async function run(): Promise<void> {
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const settings = readSettings((name) => core.getInput(name), {
      workspace,
      repository: process.env.GITHUB_REPOSITORY ?? '',
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? ''
    })
    if (settings.githubToken !== '') core.setSecret(settings.githubToken)
    const payload = eventPayload()
    const git = gitContextFromEnv(process.env, payload)
    const outputDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'from-scratch-'))

    const facts = await runPipeline(settings, {
      exec: actionExec(),
      log: actionLog,
      workspace,
      outputDir,
      git
    })
    setOutputs(binaryOutputs(facts.inspection))
    setOutputs(imageOutputs(facts.image))

    const store = baselineStore(settings, git, payload)
    const previous = await core.group('Compare with the baseline', () => store.restore())
    const composed = composeReport(facts, {
      previous,
      source: { ref: git.ref, sha: git.sha },
      gates: settings.gates,
      current: git.prNumber === null ? 'this commit' : 'this PR'
    })
    const reportFile = join(outputDir, 'report.json')
    await writeFile(reportFile, serializeReport(composed.report))
    // Outside a runner (local-action, a plain `node dist/index.js`) there is no summary file.
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(composed.markdown, true).write()
    setOutputs(reportOutputs(composed, reportFile))
    setOutputs({ 'comment-url': await comment(settings, git, payload, composed) })
    await store.save(composed.report)

    for (const warning of composed.evaluation.warnings) core.warning(warning)
    if (composed.evaluation.failureMessage !== null) {
      core.setFailed(composed.evaluation.failureMessage)
    }
  } catch (error) {
    if (error instanceof RejectedBinaryError) setOutputs(binaryOutputs(error.inspection))
    // The local image exists and is reported; `digest` stays empty because the push did not land.
    if (error instanceof ImagePushError) setOutputs(imageOutputs(error.result))
    if (error instanceof Error && !(error instanceof UserError)) core.debug(error.stack ?? '')
    core.setFailed(failureText(error))
  }
}
