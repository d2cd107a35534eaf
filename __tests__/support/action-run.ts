import { randomUUID } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec, type ExecResult } from '../../src/ground/exec.js'
import { freshDir, repoRoot } from './paths.js'

export interface ActionRun extends ExecResult {
  /** What the action wrote to $GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>
  /** What it wrote to the job summary. */
  readonly summary: string
  /** `::error::` lines from the log, unescaped: what a user sees as the failure. */
  readonly errors: string[]
  /** `::warning::` lines from the log, unescaped. */
  readonly warnings: string[]
}

/** Parses the runner's file-command format: `name<<DELIM\nvalue\nDELIM` (or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      values[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return values
}

function unescapeCommand(text: string): string {
  return text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

/** The messages of the log's `::<command> …::message` lines, unescaped. */
function commandMessages(stdout: string, command: 'error' | 'warning'): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`::${command}`))
    .map((line) => unescapeCommand(line.slice(line.indexOf('::', 2) + 2)))
}

/**
 * Runs the committed bundle the way the runner does: node dist/index.js with
 * INPUT_* variables, GITHUB_* context and file commands in a fresh folder.
 */
export async function runAction(
  inputs: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>> = {}
): Promise<ActionRun> {
  const dir = await freshDir('action')
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
  // The node running the tests: Node 24, as the runner runs the action (action.yml: node24).
  const result = await systemExec.run(process.execPath, [join(repoRoot, 'dist', 'index.js')], {
    cwd: repoRoot,
    env: {
      GITHUB_WORKSPACE: repoRoot,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: 'acme/from-scratch-test',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: randomUUID().replace(/-/g, '').padEnd(40, '0'),
      GITHUB_EVENT_NAME: 'push',
      RUNNER_TEMP: dir,
      ...inputEnv,
      ...env
    },
    timeoutMs: 180_000
  })
  return {
    ...result,
    outputs: parseFileCommands(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    errors: commandMessages(result.stdout, 'error'),
    warnings: commandMessages(result.stdout, 'warning')
  }
}
