import { platformName, type Platform } from '../ground/platform.js'
import { UserError } from '../ground/errors.js'
import type { Exec } from '../ground/exec.js'

/** argv for one smoke run: no network, removed afterwards, named so a timeout can remove it. */
export function smokeArgv(image: string, name: string, args: readonly string[]): string[] {
  return ['run', '--rm', '--name', name, '--network', 'none', image, ...args]
}

export interface SmokeOutcome {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
}

/** The container's output, trimmed to what fits in a log, for error details. */
function outputLines(outcome: SmokeOutcome): string[] {
  const text =
    `${outcome.stdout}${outcome.stdout && outcome.stderr ? '\n' : ''}${outcome.stderr}`.trim()
  if (text === '') return ['(the container printed nothing)']
  const lines = text.split('\n')
  return lines.length > 40 ? ['…', ...lines.slice(-40)] : lines
}

/** null when the run passed; otherwise the UserError that says why and shows the output. */
export function judgeSmoke(
  outcome: SmokeOutcome,
  command: string,
  timeoutMs: number,
  platform: Platform
): UserError | null {
  if (outcome.timedOut) {
    return new UserError(`Smoke test: \`${command}\` did not finish within ${timeoutMs / 1000}s.`, [
      'smoke-test runs the program once and expects it to exit; give args that make it exit (e.g. --version), or leave smoke-test empty for servers.',
      ...outputLines(outcome)
    ])
  }
  if (outcome.exitCode === 0) return null
  const all = `${outcome.stdout}\n${outcome.stderr}`
  let hint = `The program exited with ${outcome.exitCode}.`
  if (/exec format error/i.test(all)) {
    hint = `The kernel cannot execute the binary (exec format error): it is not a ${platformName(platform)} executable.`
  } else if (/no such file or directory/i.test(all) && outcome.exitCode >= 125) {
    hint =
      'The binary could not be started (no such file or directory): usually a dynamic loader it needs is not in the image; link it statically.'
  } else if (outcome.exitCode === 125) {
    hint = 'Docker could not run the container.'
  }
  return new UserError(`Smoke test failed: \`${command}\`. ${hint}`, outputLines(outcome))
}

/** Runs the image once; throws the UserError from `judgeSmoke`, else returns what it printed. */
export async function runSmoke(
  exec: Exec,
  image: string,
  args: readonly string[],
  timeoutMs: number,
  platform: Platform
): Promise<string> {
  const name = `from-scratch-smoke-${process.pid}-${Date.now().toString(36)}`
  const argv = smokeArgv(image, name, args)
  const result = await exec.run('docker', argv, { timeoutMs })
  if (result.timedOut) {
    // Killing `docker run` does not stop the container; remove it by the name we gave it.
    await exec.run('docker', ['rm', '--force', name], { timeoutMs: 30_000 })
  }
  const failure = judgeSmoke(result, `docker ${argv.join(' ')}`, timeoutMs, platform)
  if (failure) throw failure
  return `${result.stdout}${result.stderr}`
}
