import * as core from '@actions/core'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionLog } from './action-log.js'
import { UserError, messageOf } from './errors.js'
import { systemExec } from './exec.js'
import { ImagePushError } from './image/build.js'
import { gitContextFromEnv, type EventPayload } from './git-context.js'
import { readSettings } from './inputs.js'
import { binaryOutputs, imageOutputs } from './outputs.js'
import { runPipeline } from './pipeline.js'
import { RejectedBinaryError } from './verify.js'

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

/** The action: inputs → compile → verify → image → outputs. The only place that fails the job. */
export async function run(): Promise<void> {
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const settings = readSettings((name) => core.getInput(name), {
      workspace,
      repository: process.env.GITHUB_REPOSITORY ?? '',
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? ''
    })
    const outputDir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'from-scratch-'))
    const result = await runPipeline(settings, {
      exec: systemExec,
      log: actionLog,
      workspace,
      outputDir,
      git: gitContextFromEnv(process.env, eventPayload())
    })
    setOutputs(binaryOutputs(result.inspection))
    setOutputs(imageOutputs(result.image))
  } catch (error) {
    if (error instanceof RejectedBinaryError) setOutputs(binaryOutputs(error.inspection))
    // The local image exists and is reported; `digest` stays empty because the push did not land.
    if (error instanceof ImagePushError) setOutputs(imageOutputs(error.result))
    if (error instanceof Error && !(error instanceof UserError)) core.debug(error.stack ?? '')
    core.setFailed(failureText(error))
  }
}
