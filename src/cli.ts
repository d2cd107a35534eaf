import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { adviceFor } from './elf/advice.js'
import { inspectBinary } from './elf/inspect.js'
import type { Inspection } from './elf/types.js'
import { UserError, messageOf } from './ground/errors.js'
import { systemExec, type Exec } from './ground/exec.js'
import { gitContextFromEnv } from './ground/git-context.js'
import { INPUTS } from './input-spec.js'
import { readSettings } from './inputs.js'
import { terminalLog, type Log } from './ground/log.js'
import { runPipeline } from './pipeline.js'
import { binaryJson } from './report/binary-json.js'
import { binaryText } from './report/binary-text.js'
import { FileBaselineStore } from './publish/baseline.js'
import { composeReport } from './report/compose.js'
import { serializeReport } from './report/schema.js'
import { RejectedBinaryError } from './elf/verify.js'

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
  from-scratch build [DIR] [--image NAME] [--tag T]... [--push] [--smoke-test ARGS]
                     [--baseline FILE] [--save-baseline FILE] [--json] [--<input> VALUE]...
      Compile DIR (default .), verify the binary, build and measure the scratch image, apply
      the size gates against --baseline, and print the markdown report (--json: the report JSON).
      Every action input is a flag of the same name, e.g. --go-tags timetzdata --max-size 8MB.
      Exit 0: built and within the gates; 1: a gate failed or the binary will not run in
      scratch; 2: anything else that stopped the build.
`

/** Inputs that are `true`/`false`: a bare `--push` means `--push true`. */
const BOOLEAN_INPUTS = new Set(
  INPUTS.filter((input) => input.default === 'true' || input.default === 'false').map(
    (input) => input.name
  )
)

const options: ParseArgsConfig['options'] = {
  ...Object.fromEntries(INPUTS.map((input) => [input.name, { type: 'string' as const }])),
  tag: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

/** Gives bare boolean flags their `true`, so parseArgs can read every input as a string. */
export function withBooleanValues(args: readonly string[]): string[] {
  const out: string[] = []
  args.forEach((arg, i) => {
    out.push(arg)
    const next = args[i + 1]
    const bare = arg.startsWith('--') && BOOLEAN_INPUTS.has(arg.slice(2))
    // Any other word after it is its value, and a wrong one gets the input's own error.
    if (bare && (next === undefined || next.startsWith('-'))) out.push('true')
  })
  return out
}

function parse(args: readonly string[]): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({
      args: withBooleanValues(args),
      allowPositionals: true,
      strict: true,
      options
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

type Values = Readonly<Record<string, unknown>>

function text(values: Values, name: string): string {
  const value = values[name]
  return typeof value === 'string' ? value : ''
}

/** An input's value from the flags; DIR stands for `working-directory`, `--tag` adds to `tags`. */
function flagSource(positionals: readonly string[], values: Values): (name: string) => string {
  return (name) => {
    if (name === 'working-directory' && positionals[0] !== undefined) return positionals[0]
    if (name === 'tags') {
      const repeated = Array.isArray(values.tag) ? values.tag.map(String) : []
      return [text(values, 'tags'), ...repeated].filter((t) => t !== '').join('\n')
    }
    return text(values, name)
  }
}

async function buildCommand(
  positionals: readonly string[],
  values: Values,
  world: CliWorld
): Promise<number> {
  if (positionals.length > 1) throw new UserError(`build takes at most one DIR.\n\n${USAGE}`)
  const settings = readSettings(flagSource(positionals, values), {
    workspace: world.cwd,
    repository: '',
    sourceDateEpoch: world.env.SOURCE_DATE_EPOCH ?? ''
  })
  const git = gitContextFromEnv(world.env, {})
  const facts = await runPipeline(settings, {
    exec: world.exec,
    log: world.log,
    workspace: world.cwd,
    outputDir: mkdtempSync(join(tmpdir(), 'from-scratch-')),
    git
  })
  const baselineFile = text(values, 'baseline')
  const previous =
    baselineFile === ''
      ? null
      : await new FileBaselineStore(resolve(world.cwd, baselineFile), world.log).restore()
  const composed = composeReport(facts, {
    previous,
    source: { ref: git.ref, sha: git.sha },
    gates: settings.gates,
    current: 'this build'
  })
  const saveFile = text(values, 'save-baseline')
  if (saveFile !== '') {
    await new FileBaselineStore(resolve(world.cwd, saveFile), world.log).save(composed.report)
  }
  world.out(values.json === true ? serializeReport(composed.report).trimEnd() : composed.markdown)
  for (const warning of composed.evaluation.warnings) world.log.warning(warning)
  if (composed.evaluation.failureMessage !== null) {
    world.err(`from-scratch: ${composed.evaluation.failureMessage}`)
    return EXIT_WONT_RUN
  }
  return 0
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
