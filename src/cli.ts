import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { adviceFor } from './elf/advice.js'
import { inspectBinary } from './elf/inspect.js'
import type { Inspection } from './elf/types.js'
import { UserError, messageOf } from './errors.js'
import { systemExec, type Exec } from './exec.js'
import { gitContextFromEnv } from './git-context.js'
import { INPUTS } from './input-spec.js'
import { readSettings } from './inputs.js'
import { terminalLog, type Log } from './log.js'
import { runPipeline } from './pipeline.js'
import { binaryJson } from './report/binary-json.js'
import { binaryText } from './report/binary-text.js'
import { RejectedBinaryError } from './verify.js'

/** Exit codes of `inspect`, as DESIGN.md fixes them. */
export const EXIT_RUNS = 0
export const EXIT_WONT_RUN = 1
export const EXIT_CANNOT_TELL = 2

export interface CliWorld {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  readonly cwd: string
  readonly exec: Exec
  readonly log: Log
  /** Read for SOURCE_DATE_EPOCH and, when a terminal mimics a runner, GITHUB_* values. */
  readonly env: Readonly<Record<string, string | undefined>>
}

const USAGE = `usage:
  from-scratch inspect FILE [--json]
      The verdict and findings for one binary.
      Exit 0: runs in scratch; 1: will not; 2: cannot tell (missing, unreadable, malformed).
  from-scratch build [DIR] [--json] [--<input> VALUE]...
      Compile DIR (default .) and verify the binary, as the action does.
      Every action input is a flag of the same name, e.g. --go-tags timetzdata.
`

const inputOptions: ParseArgsConfig['options'] = Object.fromEntries(
  INPUTS.map((input) => [input.name, { type: 'string' as const }])
)

function parse(args: readonly string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { ...inputOptions, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }
    })
  } catch (error) {
    throw new UserError(`${messageOf(error)}\n\n${USAGE}`)
  }
}

function advice(inspection: Inspection): string | null {
  return inspection.verdict.accepted ? null : adviceFor(inspection)
}

async function inspectCommand(
  positionals: readonly string[],
  json: boolean,
  world: CliWorld
): Promise<number> {
  if (positionals.length !== 1) throw new UserError(`inspect takes one FILE.\n\n${USAGE}`)
  const inspection = await inspectBinary(resolve(world.cwd, positionals[0]))
  const report = binaryJson(inspection)
  if (json) world.out(JSON.stringify({ schema: 1, binary: report }, null, 2))
  else world.out(binaryText(inspection, advice(inspection)))
  if (inspection.verdict.accepted) return EXIT_RUNS
  return inspection.verdict.linkage === 'malformed' ? EXIT_CANNOT_TELL : EXIT_WONT_RUN
}

async function buildCommand(
  positionals: readonly string[],
  values: Readonly<Record<string, unknown>>,
  world: CliWorld
): Promise<number> {
  if (positionals.length > 1) throw new UserError(`build takes at most one DIR.\n\n${USAGE}`)
  const flag = (name: string): string => {
    if (name === 'working-directory' && positionals[0] !== undefined) return positionals[0]
    const value = values[name]
    return typeof value === 'string' ? value : ''
  }
  const settings = readSettings(flag, {
    workspace: world.cwd,
    repository: '',
    sourceDateEpoch: world.env.SOURCE_DATE_EPOCH ?? ''
  })
  const outputDir = mkdtempSync(join(tmpdir(), 'from-scratch-'))
  try {
    const result = await runPipeline(settings, {
      exec: world.exec,
      log: world.log,
      workspace: world.cwd,
      outputDir,
      git: gitContextFromEnv(world.env, {})
    })
    if (values.json === true) {
      const { image } = result
      const imageJson = {
        name: image.name,
        tags: image.tags,
        id: image.imageId,
        digest: image.digest ?? '',
        size: image.size,
        files: image.files
      }
      world.out(
        JSON.stringify(
          { schema: 1, binary: binaryJson(result.inspection), image: imageJson },
          null,
          2
        )
      )
    } else {
      world.out(binaryText(result.inspection, null))
    }
    return 0
  } catch (error) {
    if (error instanceof RejectedBinaryError && values.json === true) {
      world.out(JSON.stringify({ schema: 1, binary: binaryJson(error.inspection) }, null, 2))
    }
    throw error
  }
}

/** The terminal entry point; returns the exit code instead of exiting, so tests can call it. */
export async function cli(args: readonly string[], world: CliWorld): Promise<number> {
  try {
    const { values, positionals } = parse(args)
    const [command, ...rest] = positionals
    if (values.help === true || command === undefined || command === 'help') {
      world.out(USAGE)
      return command === undefined && values.help !== true ? EXIT_CANNOT_TELL : 0
    }
    if (command === 'inspect') return await inspectCommand(rest, values.json === true, world)
    if (command === 'build') return await buildCommand(rest, values, world)
    throw new UserError(`unknown command "${command}".\n\n${USAGE}`)
  } catch (error) {
    if (error instanceof UserError) {
      world.err([`from-scratch: ${error.message}`, ...error.details].join('\n'))
      return error instanceof RejectedBinaryError ? EXIT_WONT_RUN : EXIT_CANNOT_TELL
    }
    world.err(`from-scratch: unexpected error (a bug, please report it): ${messageOf(error)}`)
    if (error instanceof Error && error.stack) world.err(error.stack)
    return EXIT_CANNOT_TELL
  }
}

export const terminalWorld: CliWorld = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  cwd: process.cwd(),
  exec: systemExec,
  log: terminalLog,
  env: process.env
}
