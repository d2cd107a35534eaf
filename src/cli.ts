import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { commandHelp, parseCommandLine, USAGE, type FlagValue } from './cli-flags.js'
import { forTerminal } from './cli-words.js'
import { adviceFor } from './elf/advice.js'
import { inspectBinary, platformOfBinary } from './elf/inspect.js'
import type { Inspection } from './elf/types.js'
import { UserError } from './ground/errors.js'
import { systemExec, type Exec } from './ground/exec.js'
import { gitContextFromEnv } from './ground/git-context.js'
import type { Log } from './ground/log.js'
import { cpuName, platformName, type Platform } from './ground/platform.js'
import { terminalLogOf, type ProgressTarget } from './ground/terminal-log.js'
import { oneLine, terminalSafe } from './ground/terminal-text.js'
import { readSettings, type Settings } from './inputs.js'
import { FileBaselineStore } from './publish/baseline-file.js'
import {
  baselineSaver,
  publishAll,
  reportOn,
  warnAboutGates,
  type Publisher,
  type RunEnd
} from './publish/publisher.js'
import { markdownWriter, summaryPrinter, terminalPrinter } from './publish/terminal.js'
import { binaryJson } from './report/binary-json.js'
import { binaryText, verdictLine } from './report/binary-text.js'
import { failedAt, isRejectedBinary } from './report/outcome.js'
import type { BuildFacts } from './report/compose.js'
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
  /** Read for NO_COLOR, SOURCE_DATE_EPOCH and, when a terminal mimics a runner, GITHUB_* values. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** stderr when it is a terminal: raw writes (colour, the progress line) and its width; else null. */
  readonly tty: ProgressTarget | null
}

function advice(inspection: Inspection, platform: Platform): string | null {
  return inspection.verdict.accepted ? null : adviceFor(inspection, null, platform)
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
  // A binary is judged against the platform it was built for, when it is one a build can target.
  const path = resolve(world.cwd, positionals[0])
  const platform = await platformOfBinary(path)
  const inspection = await inspectBinary(path, { sizes, platform })
  const report = binaryJson(inspection)
  if (json) world.out(JSON.stringify({ schema: 1, binary: report }, null, 2))
  else world.out(binaryText(inspection, advice(inspection, platform)))
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
      const file = resolve(world.cwd, path)
      const inspection = await inspectBinary(file, {
        sizes: false,
        platform: await platformOfBinary(file)
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
  values: Values,
  world: CliWorld
): Promise<number> {
  if (positionals.length !== 2) {
    throw new UserError('diff takes OLD and NEW.', [
      'usage: from-scratch diff OLD NEW [--markdown | --json]'
    ])
  }
  const [old, now] = await Promise.all(
    positionals.map((path) => readSizedInput(resolve(world.cwd, path)))
  )
  const format = values.json === true ? 'json' : values.markdown === true ? 'markdown' : 'text'
  world.out(diffOutput(old, now, format))
  return 0
}

type Values = Readonly<Record<string, FlagValue>>

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
  if (end.outcome === 'reported') return []
  const { error } = end
  if (error.userFixable) {
    return [
      [
        `from-scratch: ${forTerminal(error.message)}`,
        ...error.details.map((line) => `  ${forTerminal(line)}`.trimEnd())
      ].join('\n')
    ]
  }
  return [
    `from-scratch: unexpected error (a bug, please report it): ${error.message}`,
    ...(error.stack === null ? [] : [error.stack])
  ]
}

/** Whether stderr gets colour: a terminal, and NO_COLOR (no-color.org) unset or empty. */
export function wantsColor(world: Pick<CliWorld, 'tty' | 'env'>): boolean {
  return world.tty !== null && (world.env.NO_COLOR ?? '') === '' && world.env.TERM !== 'dumb'
}

/** Says how the run ended (stdout, the summary, the error), and returns the exit code. */
async function conclude(
  end: RunEnd,
  publishers: readonly Publisher[],
  world: CliWorld,
  log: Log
): Promise<number> {
  const { failures } = await publishAll(publishers, end)
  warnAboutGates(end, log)
  for (const line of failureLines(end)) world.err(line)
  for (const failure of failures) {
    for (const line of failureLines(failedAt('inputs', failure.error))) world.err(line)
  }
  return failures.length > 0 ? EXIT_CANNOT_TELL : exitCodeOf(end)
}

/** Refusals that need no build: each says what to type instead. */
async function checkBuildFlags(
  positionals: readonly string[],
  values: Values,
  world: CliWorld
): Promise<void> {
  if (positionals.length > 1) {
    throw new UserError(
      `build takes one DIR, but got ${positionals.length}: ${positionals.map((p) => oneLine(p)).join(', ')}.`,
      [
        'Flags take their value after them, e.g. --image ghcr.io/acme/api; true/false flags such as --push stand alone.'
      ]
    )
  }
  const push = text(values, 'push')
  if (['true', 'True', 'TRUE'].includes(push) && text(values, 'image') === '') {
    throw new UserError(
      '--push needs --image: say where the image goes, e.g. --image ghcr.io/acme/api.',
      [
        'Without it the name would be the folder name, which Docker would push to docker.io/library/.'
      ]
    )
  }
  const baseline = text(values, 'baseline')
  if (baseline !== '') {
    const path = resolve(world.cwd, baseline)
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => error)
    if (found instanceof Error) {
      throw new UserError(
        found.code === 'ENOENT'
          ? `--baseline ${oneLine(baseline)}: no such file.`
          : `--baseline ${oneLine(baseline)}: cannot be read (${found.code ?? found.message}).`,
        ['Make one with --save-baseline FILE on the build to compare with (e.g. on main).']
      )
    }
    if (!found.isFile()) throw new UserError(`--baseline ${oneLine(baseline)}: not a file.`)
  }
}

/** A path for the summary: relative to where the user stands when that is shorter. */
function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path)
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path
}

async function buildCommand(
  positionals: readonly string[],
  values: Values,
  world: CliWorld
): Promise<number> {
  const verbose = values.verbose === true
  const log = terminalLogOf({
    verbose,
    progress: world.tty,
    say: world.err,
    words: forTerminal
  })
  const json = values.json === true
  const markdown = text(values, 'markdown')
  const printer = markdown === '-' ? null : terminalPrinter({ json, out: world.out, exitCodeOf })
  let settings: Settings
  try {
    await checkBuildFlags(positionals, values, world)
    settings = readSettings(flagSource(positionals, values), {
      workspace: world.cwd,
      repository: '',
      sourceDateEpoch: world.env.SOURCE_DATE_EPOCH ?? ''
    })
  } catch (error) {
    return conclude(failedAt('inputs', error), printer ? [printer] : [], world, log)
  }
  // Everything temporary goes into one folder of this command's own, removed
  // when it ends, whatever the outcome; --output-dir keeps the binary (and the
  // OCI layout) where the user asked.
  const temp = await mkdtemp(join(tmpdir(), 'from-scratch-'))
  try {
    const outputFlag = text(values, 'output-dir')
    const outputDir = outputFlag === '' ? temp : resolve(world.cwd, outputFlag)
    return await buildIn(settings, values, world, log, {
      outputDir,
      tempDir: temp,
      kept: outputFlag !== ''
    })
  } finally {
    await rm(temp, { recursive: true, force: true, maxRetries: 3 })
  }
}

/** What --output-dir kept: each platform's binary and SBOM files, the writer's OCI layout and archive. */
function keptFiles(end: RunEnd, cwd: string): { what: string; path: string }[] {
  const builds = end.outcome === 'reported' ? [end.facts, ...(end.others ?? [])] : []
  const several = builds.length > 1
  const named = (what: string, facts: BuildFacts): string =>
    several ? `${what}, ${platformName(facts.image.platform)}` : what
  const kept: { what: string; path: string }[] = []
  if (end.outcome !== 'reported') {
    const { compiled } = end.reached
    if (compiled) kept.push({ what: 'binary', path: shownPath(compiled.binaryPath, cwd) })
  }
  for (const facts of builds) {
    kept.push({ what: named('binary', facts), path: shownPath(facts.compiled.binaryPath, cwd) })
  }
  const image = end.outcome === 'reported' ? end.facts.image : end.reached.image
  if (image?.layout) {
    kept.push({ what: 'oci layout', path: shownPath(image.layout.dir, cwd) })
    kept.push({ what: 'archive', path: shownPath(image.layout.archive, cwd) })
  }
  for (const facts of builds) {
    for (const file of facts.sbom?.files ?? []) {
      kept.push({ what: named(`sbom (${file.format})`, facts), path: shownPath(file.path, cwd) })
    }
  }
  return kept
}

/** Every program the build runs, its output shown live only with -v. */
function quietExec(exec: Exec, verbose: boolean): Exec {
  return { run: (file, args, options = {}) => exec.run(file, args, { ...options, echo: verbose }) }
}

async function buildIn(
  settings: Settings,
  values: Values,
  world: CliWorld,
  log: Log,
  dirs: { readonly outputDir: string; readonly tempDir: string; readonly kept: boolean }
): Promise<number> {
  const git = gitContextFromEnv(world.env, {})
  // Loaded here, not at start-up: `inspect` and `diff` need none of the build's stages.
  const { runPipeline } = await import('./pipeline.js')
  const result = await runPipeline(settings, {
    exec: quietExec(world.exec, values.verbose === true),
    log,
    workspace: world.cwd,
    outputDir: dirs.outputDir,
    tempDir: dirs.tempDir,
    // Not a temp folder: kept between builds, so go can skip an unchanged link.
    goOutputCache: goOutputCacheOf(world.env, values['no-cache'] === true),
    git
  })
  const baselineFile = text(values, 'baseline')
  const end = await reportOn(result, {
    baseline:
      baselineFile === '' ? null : new FileBaselineStore(resolve(world.cwd, baselineFile), log),
    log,
    source: { ref: git.ref, sha: git.sha },
    gates: settings.gates,
    current: 'this build'
  })
  const saveFile = text(values, 'save-baseline')
  const markdownFile = text(values, 'markdown')
  const publishers: Publisher[] = []
  if (saveFile !== '') {
    publishers.push(baselineSaver(new FileBaselineStore(resolve(world.cwd, saveFile), log)))
  }
  if (markdownFile !== '') {
    publishers.push(
      markdownWriter(async (md) => {
        if (markdownFile === '-') world.out(md)
        else await writeFile(resolve(world.cwd, markdownFile), md)
      })
    )
  }
  // The summary first and the reference last, as ko does: the last line is the one to copy.
  const styled = world.tty
  publishers.push(
    summaryPrinter(styled ? (t) => styled.write(`${t}\n`) : world.err, {
      color: wantsColor(world),
      kept: dirs.kept ? keptFiles(end, world.cwd) : [],
      ...(baselineFile === '' ? {} : { baselineName: baselineFile }),
      ...(saveFile === '' ? {} : { savedTo: saveFile })
    })
  )
  if (markdownFile !== '-') {
    publishers.push(terminalPrinter({ json: values.json === true, out: world.out, exitCodeOf }))
  }
  return conclude(end, publishers, world, log)
}

/** `from-scratch --version`: the version in the package.json next to the bundle (or the sources). */
async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const { fileURLToPath } = await import('node:url')
  let dir = fileURLToPath(new URL('.', import.meta.url))
  for (let up = 0; up < 3; up++) {
    const found = await readFile(join(dir, 'package.json'), 'utf8').catch(() => null)
    const pkg = found === null ? null : (JSON.parse(found) as { name?: string; version?: string })
    if (pkg?.name === 'from-scratch' && pkg.version) return pkg.version
    dir = resolve(dir, '..')
  }
  return 'unknown'
}

/** The terminal entry point; returns the exit code instead of exiting, so tests can call it. */
export async function cli(args: readonly string[], world: CliWorld): Promise<number> {
  const quiet = terminalLogOf({
    verbose: false,
    progress: null,
    say: world.err,
    words: forTerminal
  })
  try {
    const { command, positionals, values } = parseCommandLine(args)
    if (values.version === true) {
      world.out(`from-scratch ${await version()}`)
      return 0
    }
    if (command === null) {
      world.out(USAGE)
      return values.help === true ? 0 : EXIT_CANNOT_TELL
    }
    if (values.help === true) {
      world.out(commandHelp(command))
      return 0
    }
    if (command === 'inspect') {
      return await inspectCommand(positionals, values.json === true, world, values.sizes === true)
    }
    if (command === 'diff') return await diffCommand(positionals, values, world)
    return await buildCommand(positionals, values, world)
  } catch (error) {
    // Usage errors, and a binary `inspect` cannot read. `--json` still gets its one object.
    const json = args.includes('--json')
    const printer = terminalPrinter({ json, out: world.out, exitCodeOf })
    return conclude(failedAt('inputs', error), [printer], world, quiet)
  }
}

/**
 * A terminal: every line is made safe on its way out (control bytes escaped,
 * no workflow command), since text from a binary or the repository may hold
 * ESC sequences or `::` lines, and the CLI may well run in a `run:` step.
 */
export const terminalWorld: CliWorld = {
  out: (text) => process.stdout.write(`${terminalSafe(text)}\n`),
  err: (text) => process.stderr.write(`${terminalSafe(text)}\n`),
  cwd: process.cwd(),
  exec: systemExec,
  env: process.env,
  tty: process.stderr.isTTY
    ? {
        // Our own escape codes (colour, the progress line) around text made safe by its writer.
        write: (text) => process.stderr.write(text),
        columns: () => process.stderr.columns || 80
      }
    : null
}
