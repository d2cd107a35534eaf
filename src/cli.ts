import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { adviceFor } from './elf/advice.js'
import { inspectBinary } from './elf/inspect.js'
import type { Inspection } from './elf/types.js'
import { UserError, messageOf } from './ground/errors.js'
import { systemExec, type Exec } from './ground/exec.js'
import { gitContextFromEnv } from './ground/git-context.js'
import { DEFAULT_PLATFORM, cpuName } from './ground/platform.js'
import { INPUTS } from './input-spec.js'
import { readSettings, type Settings } from './inputs.js'
import { escapeControl } from './ground/log-safety.js'
import { terminalLog, type Log } from './ground/log.js'
import { FileBaselineStore } from './publish/baseline-file.js'
import {
  baselineSaver,
  publishAll,
  reportOn,
  warnAboutGates,
  type Publisher,
  type RunEnd
} from './publish/publisher.js'
import { terminalPrinter } from './publish/terminal.js'
import { binaryJson } from './report/binary-json.js'
import { binaryText, verdictLine } from './report/binary-text.js'
import { failedAt, isRejectedBinary } from './report/outcome.js'
import { diffOutput, readSizedInput, sizesText } from './report/size-commands.js'

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
  from-scratch inspect FILE [--sizes] [--json]
      The verdict and findings for one binary; --sizes adds where its bytes are (sections,
      Go packages and modules, largest C symbols, how to shrink).
      Exit 0: runs in scratch; 1: will not; 2: cannot tell (missing, unreadable, malformed).
  from-scratch inspect FILE FILE... [--json]
      One verdict line per binary, in one process; the exit code is the worst of them.
  from-scratch diff OLD NEW [--json]
      What changed in size between two binaries or two report JSON files (any mix): packages,
      modules with their versions, sections. Exit 0, or 2 when either cannot be read.
  from-scratch build [DIR] [--image NAME] [--tag T]... [--push] [--smoke-test ARGS]
                     [--baseline FILE] [--save-baseline FILE] [--output-dir DIR] [--no-cache]
                     [--json] [--<input> VALUE]...
      Compile DIR (default .), verify the binary, build and measure the scratch image, apply
      the size gates against --baseline, and print the markdown report (--json: the report JSON).
      Every action input is a flag of the same name, e.g. --go-tags timetzdata --max-size 8MB.
      The image goes to the local docker (and to the registry with --push). The compiled
      binary and, with --builder oci, the OCI layout and docker-load archive go to
      --output-dir DIR, which is kept; without it they go to a folder in the system temp
      folder (TMPDIR) that is removed when the command ends, like every other temporary file.
      A Go program (without cgo or build-command) is built into a folder kept per program
      under $XDG_CACHE_HOME/from-scratch/go-out (default ~/.cache), so go skips the link when
      nothing changed, and the binary is linked or copied from there. --no-cache, or
      FROM_SCRATCH_NO_CACHE=1 in the environment, builds straight into the output folder.
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
  'output-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  json: { type: 'boolean' },
  sizes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

/** Inputs that take words (a command line, flags): their value may well start with `-`. */
const WORD_INPUTS = new Set([
  'build-command',
  'go-ldflags',
  'cflags',
  'cc',
  'entrypoint-args',
  'smoke-test'
])

/**
 * Gives bare boolean flags their `true`, so parseArgs can read every input as
 * a string, and joins a word input to its value (`--smoke-test -v` →
 * `--smoke-test=-v`), which parseArgs would otherwise call ambiguous.
 */
export function withBooleanValues(args: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    const next = args[i + 1]
    if (arg.startsWith('--') && WORD_INPUTS.has(arg.slice(2)) && next !== undefined) {
      out.push(`${arg}=${next}`)
      i++
      continue
    }
    out.push(arg)
    const bare = arg.startsWith('--') && BOOLEAN_INPUTS.has(arg.slice(2))
    // Any other word after it is its value, and a wrong one gets the input's own error.
    if (bare && (next === undefined || next.startsWith('-'))) out.push('true')
  }
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
  world: CliWorld,
  sizes = false
): Promise<number> {
  if (positionals.length === 0) throw new UserError(`inspect takes a FILE.\n\n${USAGE}`)
  if (positionals.length > 1) {
    if (sizes) throw new UserError(`inspect --sizes takes one FILE.\n\n${USAGE}`)
    return inspectMany(positionals, json, world)
  }
  const platform = DEFAULT_PLATFORM
  const inspection = await inspectBinary(resolve(world.cwd, positionals[0]), { sizes, platform })
  const report = binaryJson(inspection)
  if (json) world.out(JSON.stringify({ schema: 1, binary: report }, null, 2))
  else world.out(binaryText(inspection, advice(inspection)))
  if (sizes && !json) {
    world.out(
      report.sizes ? sizesText(report.sizes) : `  sizes: not an ${cpuName(platform)} ELF file`
    )
  }
  return inspectExit(inspection)
}

function inspectExit(inspection: Inspection): number {
  if (inspection.verdict.accepted) return EXIT_RUNS
  return inspection.verdict.linkage === 'malformed' ? EXIT_CANNOT_TELL : EXIT_WONT_RUN
}

/**
 * `inspect A B C …`: one process for many binaries, one verdict line each (or
 * one JSON document), and the worst exit code of them: 2 over 1 over 0.
 */
async function inspectMany(
  paths: readonly string[],
  json: boolean,
  world: CliWorld
): Promise<number> {
  let exit = EXIT_RUNS
  const reports: unknown[] = []
  for (const path of paths) {
    try {
      const inspection = await inspectBinary(resolve(world.cwd, path), {
        sizes: false,
        platform: DEFAULT_PLATFORM
      })
      exit = Math.max(exit, inspectExit(inspection))
      if (json) reports.push(binaryJson(inspection))
      else world.out(verdictLine(inspection))
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      exit = EXIT_CANNOT_TELL
      if (json) reports.push({ path, error: error.message })
      else world.out(`${path}: cannot tell — ${error.message}`)
    }
  }
  if (json) world.out(JSON.stringify({ schema: 1, binaries: reports }, null, 2))
  return exit
}

async function diffCommand(
  positionals: readonly string[],
  json: boolean,
  world: CliWorld
): Promise<number> {
  if (positionals.length !== 2) throw new UserError(`diff takes OLD and NEW.\n\n${USAGE}`)
  const [old, now] = await Promise.all(
    positionals.map((path) => readSizedInput(resolve(world.cwd, path)))
  )
  if (!old || !now) throw new UserError(`diff takes OLD and NEW.\n\n${USAGE}`)
  world.out(diffOutput(old, now, json))
  return 0
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

/**
 * Where the terminal keeps go's output between builds (compile/go-output-cache.ts):
 * `from-scratch/go-out` in the user's cache folder (XDG_CACHE_HOME, else
 * ~/.cache; a relative XDG_CACHE_HOME is ignored, as the XDG spec says). Null,
 * so go writes straight into the output folder, with --no-cache, with
 * FROM_SCRATCH_NO_CACHE set (to anything but `0`, `false` or empty), or when
 * the environment names no home. Pure.
 */
export function goOutputCacheOf(
  env: Readonly<Record<string, string | undefined>>,
  noCache: boolean
): string | null {
  const off = (env.FROM_SCRATCH_NO_CACHE ?? '').trim().toLowerCase()
  if (noCache || !['', '0', 'false'].includes(off)) return null
  const xdg = env.XDG_CACHE_HOME ?? ''
  const home = env.HOME ?? ''
  const base = isAbsolute(xdg) ? xdg : isAbsolute(home) ? join(home, '.cache') : null
  return base === null ? null : join(base, 'from-scratch', 'go-out')
}

/** The exit code for how a build ended: 0 built and within the gates, 1 a gate failed or the binary will not run in scratch, 2 anything else. Pure. */
export function exitCodeOf(end: RunEnd): number {
  if (end.outcome === 'reported') {
    return end.composed.evaluation.failureMessage === null ? 0 : EXIT_WONT_RUN
  }
  return isRejectedBinary(end) ? EXIT_WONT_RUN : EXIT_CANNOT_TELL
}

/** What stderr says when the run ended badly; empty when it did not. Pure. */
export function failureLines(end: RunEnd): string[] {
  if (end.outcome === 'reported') {
    const message = end.composed.evaluation.failureMessage
    return message === null ? [] : [`from-scratch: ${message}`]
  }
  const { error } = end
  if (error.userFixable) return [[`from-scratch: ${error.message}`, ...error.details].join('\n')]
  return [
    `from-scratch: unexpected error (a bug, please report it): ${error.message}`,
    ...(error.stack === null ? [] : [error.stack])
  ]
}

/** Says how the run ended on stderr and, with --json, stdout; returns the exit code. */
async function conclude(
  end: RunEnd,
  publishers: readonly Publisher[],
  world: CliWorld
): Promise<number> {
  const { failures } = await publishAll(publishers, end)
  warnAboutGates(end, world.log)
  for (const line of failureLines(end)) world.err(line)
  for (const failure of failures) {
    for (const line of failureLines(failedAt('inputs', failure.error))) world.err(line)
  }
  return failures.length > 0 ? EXIT_CANNOT_TELL : exitCodeOf(end)
}

async function buildCommand(
  positionals: readonly string[],
  values: Values,
  world: CliWorld
): Promise<number> {
  const printer = terminalPrinter({ json: values.json === true, out: world.out, exitCodeOf })
  let settings: Settings
  try {
    if (positionals.length > 1) throw new UserError(`build takes at most one DIR.\n\n${USAGE}`)
    settings = readSettings(flagSource(positionals, values), {
      workspace: world.cwd,
      repository: '',
      sourceDateEpoch: world.env.SOURCE_DATE_EPOCH ?? ''
    })
  } catch (error) {
    return conclude(failedAt('inputs', error), [printer], world)
  }
  // Everything temporary goes into one folder of this command's own, removed
  // when it ends, whatever the outcome; --output-dir keeps the binary (and the
  // OCI layout) where the user asked.
  const temp = await mkdtemp(join(tmpdir(), 'from-scratch-'))
  try {
    const outputFlag = text(values, 'output-dir')
    const outputDir = outputFlag === '' ? temp : resolve(world.cwd, outputFlag)
    return await buildIn(settings, values, world, { outputDir, tempDir: temp }, printer)
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 3 })
  }
}

async function buildIn(
  settings: Settings,
  values: Values,
  world: CliWorld,
  dirs: { readonly outputDir: string; readonly tempDir: string },
  printer: Publisher
): Promise<number> {
  const git = gitContextFromEnv(world.env, {})
  // Loaded here, not at start-up: `inspect` and `diff` need none of the build's stages.
  const { runPipeline } = await import('./pipeline.js')
  const result = await runPipeline(settings, {
    exec: world.exec,
    log: world.log,
    workspace: world.cwd,
    ...dirs,
    // Not a temp folder: kept between builds, so go can skip an unchanged link.
    goOutputCache: goOutputCacheOf(world.env, values['no-cache'] === true),
    git
  })
  const baselineFile = text(values, 'baseline')
  const end = await reportOn(result, {
    baseline:
      baselineFile === ''
        ? null
        : new FileBaselineStore(resolve(world.cwd, baselineFile), world.log),
    log: world.log,
    source: { ref: git.ref, sha: git.sha },
    gates: settings.gates,
    current: 'this build'
  })
  const saveFile = text(values, 'save-baseline')
  const saver =
    saveFile === ''
      ? []
      : [baselineSaver(new FileBaselineStore(resolve(world.cwd, saveFile), world.log))]
  return conclude(end, [...saver, printer], world)
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
    if (command === 'inspect') {
      return await inspectCommand(rest, values.json === true, world, values.sizes === true)
    }
    if (command === 'diff') return await diffCommand(rest, values.json === true, world)
    if (command === 'build') return await buildCommand(rest, values, world)
    throw new UserError(`unknown command "${command}".\n\n${USAGE}`)
  } catch (error) {
    // Usage errors, and a binary `inspect` cannot read. `--json` still gets its one object.
    const json = args.includes('--json')
    const printer = terminalPrinter({ json, out: world.out, exitCodeOf })
    return conclude(failedAt('inputs', error), [printer], world)
  }
}

/** A terminal: text from a binary or the repository may hold ESC and friends; they are shown escaped. */
export const terminalWorld: CliWorld = {
  out: (text) => process.stdout.write(`${escapeControl(text)}\n`),
  err: (text) => process.stderr.write(`${escapeControl(text)}\n`),
  cwd: process.cwd(),
  exec: systemExec,
  log: terminalLog,
  env: process.env
}
