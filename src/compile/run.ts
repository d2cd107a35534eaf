import { access, copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { basename, isAbsolute, join, relative, resolve } from 'node:path'
import { childEnv } from '../ground/child-env.js'
import { UserError, messageOf } from '../ground/errors.js'
import { hostIs, platformName } from '../ground/platform.js'
import { pathInWorkspace } from '../ground/workspace-path.js'
import { ProgramNotFoundError, type Exec, type ExecResult } from '../ground/exec.js'
import {
  GLIBC_STATIC_WARNING,
  cBuildEnv,
  cCompileArgs,
  chooseCompiler,
  compilerCandidates,
  describeCompiler,
  installHint,
  type CompilerCandidate
} from './c.js'
import {
  binaryFor,
  buildCommandEnv,
  checkPrebuiltPerPlatform,
  namesPlatformArch,
  platformVars
} from './platform-env.js'
import { cDiagnostics, goDiagnostics } from './diagnostics.js'
import { kernelHeaderFolder, kernelHeaderSources } from './kernel-headers.js'
import { binaryName, needsSources, planBuild } from './detect.js'
import { depthOf, listFiles, matchFiles } from './glob.js'
import { goBuild, goPackageArg, goVersion } from './go.js'
import { goSlotDir, openGoSlot, type GoSlotRun } from './go-output-cache.js'
import { findModuleRoot, hasGoFiles, resolveGoTarget } from './go-discover.js'
import type { Annotation, CompileLog, CompileResult, CompileSettings, Host } from './types.js'
import { ANY_ENV, showCommand, splitList, splitWords } from '../ground/words.js'
import { DEFAULT_BUILD_TIMEOUT_MS, formatDuration } from '../ground/input-parse.js'

interface Context {
  readonly settings: CompileSettings
  readonly exec: Exec
  readonly log: CompileLog
  readonly host: Host
  readonly workspace: string
  readonly workDir: string
  readonly outputDir: string
  readonly warnings: string[]
  readonly annotations: Annotation[]
  /** Temporary things to remove once the compile is over (the kernel header folder). */
  readonly cleanups: (() => Promise<void>)[]
  readonly whileCompiling?: () => void
}

interface Compiler {
  readonly command: readonly string[]
  readonly toolchain: string
}

const DEFAULT_SOURCES = ['*.c']
/** The last lines of a failed build's output that go into the error; the log has all of it. */
const TAIL_LINES = 30

/**
 * Compiles the project described by `settings` into a static
 * binary in `settings.outputDir`, or takes the prebuilt `binary` as is.
 * Problems the user can fix are thrown as UserError.
 */
export async function compile(
  settings: CompileSettings,
  exec: Exec,
  log: CompileLog,
  options: {
    readonly host?: Host
    /**
     * Called once the compiler runs: questions for the outside world that do
     * not need the binary are best asked then, not ahead of the compiler.
     */
    readonly whileCompiling?: () => void
  } = {}
): Promise<CompileResult> {
  const host = options.host ?? { platform: process.platform, arch: process.arch }
  const workspace = resolve(settings.workspace)
  const workDir = resolve(workspace, settings.workingDirectory)
  if (!(await isDirectory(workDir))) {
    throw new UserError(
      `working-directory \`${settings.workingDirectory}\` is not a folder (looked for ${workDir}).`
    )
  }
  const ctx: Context = {
    settings,
    exec,
    log,
    host,
    workspace,
    workDir,
    outputDir: resolve(workspace, settings.outputDir),
    warnings: [],
    annotations: [],
    cleanups: [],
    whileCompiling: options.whileCompiling
  }
  try {
    return await compileIn(ctx)
  } finally {
    for (const cleanup of ctx.cleanups) await cleanup()
  }
}

async function compileIn(ctx: Context): Promise<CompileResult> {
  const { settings, workDir } = ctx
  // As go does: the module is the nearest go.mod at or above the folder; above it counts
  // when the folder holds Go files (a C project inside a Go repository stays C).
  const hasGoMod =
    (await exists(join(workDir, 'go.mod'))) ||
    ((await findModuleRoot(workDir)) !== null && (await hasGoFiles(workDir)))
  const sourceGlobs = splitList(settings.sources)
  const globs = sourceGlobs.length > 0 ? sourceGlobs : DEFAULT_SOURCES
  const sources = needsSources({ ...settings, hasGoMod })
    ? matchFiles(globs, await listFiles(workDir, depthOf(globs)))
    : []
  const plan = planBuild({
    ...settings,
    hasGoMod,
    sourceCount: sources.length,
    sources: globs
  })
  switch (plan.kind) {
    case 'prebuilt':
      return prebuilt(ctx)
    case 'go': {
      const target = await resolveGoTarget(
        workDir,
        settings.goPackage,
        relative(ctx.workspace, workDir) || '.'
      )
      if (target.discovered !== null) {
        ctx.log.info(`Building ${target.discovered}, the one main package here.`)
      }
      return compileGo(
        { ...ctx, settings: { ...settings, goPackage: target.goPackage } },
        target.discovered
      )
    }
    case 'c':
      return compileC(ctx, sources)
    case 'command':
      return runBuildCommand(ctx, plan.language)
  }
}

async function prebuilt(ctx: Context): Promise<CompileResult> {
  const { binary, platform, platformCount } = ctx.settings
  checkPrebuiltPerPlatform(binary, platform, platformCount ?? 1)
  const binaryPath = await binaryIn(ctx)
  await mustBeFile(binaryPath, `binary \`${ctx.settings.binary}\``)
  ctx.log.info(`Using the prebuilt binary ${binaryPath}; nothing to compile.`)
  return result(ctx, binaryPath, 'prebuilt', 'prebuilt')
}

async function compileGo(ctx: Context, discovered: string | null): Promise<CompileResult> {
  const { settings } = ctx
  // `go version` answers beside the build, asked once go build is started; when go
  // is missing, its UserError is the one that explains why the build could not start.
  let versionAsked: Promise<string> | null = null
  const askVersion = (): Promise<string> => {
    versionAsked ??= goToolchain(ctx, true)
    versionAsked.catch(() => undefined)
    return versionAsked
  }
  const cc = settings.cgo ? await findCompiler(ctx, true) : undefined
  const name = binaryName('go', settings.goPackage, ctx.workDir)
  const output = join(ctx.outputDir, name)
  await mkdir(ctx.outputDir, { recursive: true })
  const slot = settings.cgo ? null : await goSlotFor(ctx, name)
  try {
    // go splits CC with its own quoting rules, which accept the shell's single quotes.
    const build = goBuild({
      ...settings,
      output: slot?.target ?? output,
      cc: cc && showCommand(cc.command)
    })
    const run = await runLogged(ctx, 'go', build.args, build.env, '`go build`', askVersion).catch(
      async (error: unknown) => {
        await askVersion()
        throw error
      }
    )
    const version = await askVersion()
    const built = await afterGoBuild(
      ctx,
      run,
      output,
      slot,
      cc ? `${version} + ${cc.toolchain}` : version
    )
    return discovered === null ? built : { ...built, discovered }
  } finally {
    await slot?.discard()
  }
}

/**
 * The program's slot in the terminal's go output cache, or null: no cache
 * (the action), or one that cannot be made, which only costs the link.
 */
async function goSlotFor(ctx: Context, name: string): Promise<GoSlotRun | null> {
  const root = ctx.settings.goOutputCache
  if (root === null || root === undefined) return null
  const dir = goSlotDir(root, {
    workDir: ctx.workDir,
    goPackage: goPackageArg(ctx.settings.goPackage),
    binaryName: name,
    platform: ctx.settings.platform
  })
  try {
    const slot = await openGoSlot(dir, name)
    ctx.log.info(
      `go writes to the go output cache ${dir}, so an unchanged program is not linked again.`
    )
    return slot
  } catch (error) {
    ctx.log.info(`Go output cache ${dir} not usable (${messageOf(error)}); building without it.`)
    return null
  }
}

async function afterGoBuild(
  ctx: Context,
  run: ExecResult,
  output: string,
  slot: GoSlotRun | null,
  toolchain: string
): Promise<CompileResult> {
  const { settings } = ctx
  if (run.exitCode !== 0) {
    if (!settings.cgo && /build constraints exclude all Go files/.test(run.stderr)) {
      const cgoFiles = await filesImportingC(resolve(ctx.workDir, settings.goPackage))
      if (cgoFiles.length > 0) {
        throw new UserError(
          `go build failed: ${cgoFiles.join(', ')} import "C" (cgo), and cgo is off (\`cgo: false\`, the default), so Go leaves those files out. ` +
            'Set `cgo: true` to build them statically against musl, or drop the C code.'
        )
      }
    }
    const found = goDiagnostics(run.stderr, { ...where(ctx), title: 'go build' })
    fail(ctx, found, `go build failed (exit ${run.exitCode})`, run)
  }
  if (slot !== null) {
    await mustBeFile(slot.target, 'the go build output')
    await slot.commit(output)
  }
  await mustBeFile(output, 'the go build output')
  return result(ctx, output, 'go', toolchain)
}

/** The .go files of a package folder that import "C", by name, sorted; [] when it cannot be read. */
async function filesImportingC(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  const found: string[] = []
  for (const name of names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort()) {
    const text = await readFile(join(dir, name), 'utf8').catch(() => '')
    if (/^\s*import\s+"C"\s*$/m.test(text) || /^import\s*\([^)]*^\s*"C"\s*$/ms.test(text)) {
      found.push(name)
    }
  }
  return found
}

async function compileC(ctx: Context, sources: readonly string[]): Promise<CompileResult> {
  const cflags = splitWords(ctx.settings.cflags, 'cflags')
  const compiler = await findCompiler(ctx, false)
  const output = join(ctx.outputDir, binaryName('c', '', ctx.workDir))
  await mkdir(ctx.outputDir, { recursive: true })
  const [file, ...args] = cCompileArgs(compiler.command, cflags, sources, output)
  const run = await runLogged(ctx, file, args, {}, `\`${compiler.command[0]}\``)
  const found = cDiagnostics(run.stderr, { ...where(ctx), title: compiler.command[0] })
  if (run.exitCode !== 0)
    fail(ctx, found, `${compiler.toolchain} failed (exit ${run.exitCode})`, run)
  annotate(ctx, found)
  await mustBeFile(output, 'the compiler output')
  return result(ctx, output, 'c', compiler.toolchain)
}

async function runBuildCommand(ctx: Context, language: 'go' | 'c'): Promise<CompileResult> {
  const { settings } = ctx
  // Refused before anything runs when a shell would be needed; expanded once the environment is known.
  splitWords(settings.buildCommand, 'build-command', ANY_ENV)
  const cflags = splitWords(settings.cflags, 'cflags')
  const compiler =
    language === 'c' || settings.cgo ? await findCompiler(ctx, language === 'go') : null
  const env = buildCommandEnv(
    settings.platform,
    settings.cgo,
    compiler && cBuildEnv(compiler.command, cflags)
  )
  const toolchain = compiler?.toolchain ?? (await goToolchain(ctx, false))
  // $NAME and ${NAME} expand from the environment the command gets (CC, CFLAGS,
  // LDFLAGS, GOARCH, TARGET, PLATFORM_ARCH as set above), so `make CC="$CC"` works without a shell.
  // That environment is scrubbed: `$GITHUB_TOKEN` or `$INPUT_…` are unset there too.
  const [file, ...args] = splitWords(
    settings.buildCommand,
    'build-command',
    childEnv(process.env, env)
  )
  if (file === undefined) throw new UserError('build-command expands to nothing.')
  const run = await runLogged(ctx, file, args, env, `build-command \`${file}\``)
  const context = { ...where(ctx), title: 'build-command' }
  const output = `${run.stderr}\n${run.stdout}`
  const found = [
    ...goDiagnostics(output, context).filter(isGoFile),
    ...cDiagnostics(output, context)
  ]
  if (run.exitCode !== 0)
    fail(ctx, found, `build-command \`${file}\` failed (exit ${run.exitCode})`, run)
  annotate(ctx, found)
  const binaryPath = await binaryIn(ctx)
  await mustBeFile(binaryPath, `binary \`${settings.binary}\` (what build-command should write)`)
  return result(ctx, await keptApart(ctx, binaryPath), language, toolchain)
}

/**
 * With several platforms, a build-command whose `binary` is one path for all
 * (`make` writing `./app`) overwrites one platform's result with the next;
 * each result is copied into its platform's own output folder then.
 */
async function keptApart(ctx: Context, binaryPath: string): Promise<string> {
  const { binary, platformCount } = ctx.settings
  if ((platformCount ?? 1) <= 1 || namesPlatformArch(binary)) return binaryPath
  const kept = join(ctx.outputDir, basename(binaryPath))
  if (resolve(kept) === resolve(binaryPath)) return binaryPath
  await mkdir(ctx.outputDir, { recursive: true })
  await copyFile(binaryPath, kept)
  ctx.log.info(
    `Copied ${binaryPath} to ${kept}, so the next platform's build does not overwrite it.`
  )
  return kept
}

function isGoFile(annotation: Annotation): boolean {
  return /\.go$/.test(annotation.file ?? '') || /^\S+\.go:/.test(annotation.message)
}

/** `go1.23.5`; `required` turns a missing go into the UserError, else `go (not found)`. */
async function goToolchain(ctx: Context, required: boolean): Promise<string> {
  try {
    const run = await ctx.exec.run('go', ['version'], { cwd: ctx.workDir })
    if (run.exitCode === 0) return goVersion(run.stdout)
    if (required) throw new UserError('`go version` failed.', tail(run))
    return 'go (unknown version)'
  } catch (error) {
    if (!(error instanceof ProgramNotFoundError)) throw error
    if (!required) return 'build-command (no go on PATH)'
    throw new UserError(
      'Go is not installed: there is no `go` on PATH. Add `actions/setup-go` (with ' +
        '`go-version-file: go.mod`) before this step, or install it: ' +
        '`sudo apt-get install golang-go` (Debian/Ubuntu).'
    )
  }
}

/** The configured `cc`, or the first candidate that exists on this host. */
async function findCompiler(ctx: Context, muslOnly: boolean): Promise<Compiler> {
  const { platform } = ctx.settings
  const configured = ctx.settings.cc.trim()
  if (configured !== '') {
    // `zig cc -target $TARGET` names each platform's compiler in one `cc`.
    const command = splitWords(configured, 'cc', childEnv(process.env, platformVars(platform)))
    // The whole command asks for the version: `zig cc … --version` works, `zig --version` does not.
    const version = await probe(ctx, command[0], [...command.slice(1), '--version'])
    if (version === null) {
      throw new UserError(`cc \`${configured}\`: \`${command[0]}\` is not on PATH.`, [
        installHint(ctx.host, platform)
      ])
    }
    return { command, toolchain: describeCompiler(command[0], version.ok ? version.output : '') }
  }
  const broken: string[] = []
  let chosen: CompilerCandidate | null = null
  let version = ''
  // Probe in order and stop at the first that answers: later candidates do not matter then.
  for (const candidate of compilerCandidates(ctx.host, muslOnly, platform)) {
    const answer = await probe(ctx, candidate.program, candidate.versionArgs)
    if (answer === null) continue
    // A wrapper that is there but cannot run its compiler (musl-dev:arm64 without
    // gcc-aarch64-linux-gnu) is not a compiler; what it printed says why.
    if (!answer.ok && candidate.muslWrapper) {
      broken.push(`\`${candidate.program} --version\` failed: ${firstLine(answer.output)}`)
      continue
    }
    chosen = chooseCompiler(ctx.host, new Set([candidate.program]), muslOnly, platform)
    version = answer.ok ? answer.output : ''
    break
  }
  if (!chosen) {
    const tried = compilerCandidates(ctx.host, muslOnly, platform).map(
      (c) => `\`${c.command.join(' ')}\``
    )
    const purpose = muslOnly ? 'cgo needs a musl C compiler' : 'C needs a static C compiler'
    const missing = tried.length === 1 ? `${tried[0]} is not` : `none of ${tried.join(', ')} is`
    throw new UserError(
      `No C compiler found: ${purpose} for ${platformName(platform)}, and ${missing} on PATH` +
        `${broken.length > 0 ? ' and working' : ''}. ${installHint(ctx.host, platform)}`,
      broken
    )
  }
  if (chosen.glibc) {
    ctx.log.warning(GLIBC_STATIC_WARNING)
    ctx.warnings.push(GLIBC_STATIC_WARNING)
  }
  const name = chosen.program === 'zig' ? 'zig cc' : chosen.program
  return {
    command: chosen.muslWrapper
      ? await withKernelHeaders(ctx, chosen.program, chosen.command)
      : chosen.command,
    toolchain: describeCompiler(name, version)
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() || 'no output'
}

/**
 * A musl wrapper plus `-idirafter` a folder of links to the kernel's userspace
 * headers for the platform (linux-libc-dev), which the wrapper alone does not
 * search; removed when the compile is over. Unchanged when they are not installed.
 */
async function withKernelHeaders(
  ctx: Context,
  program: string,
  command: readonly string[]
): Promise<string[]> {
  const { platform } = ctx.settings
  const sources = kernelHeaderSources(platform, { native: hostIs(platform, ctx.host) })
  const headers = await kernelHeaderFolder(sources, ctx.settings.tempDir)
  if (headers === null) {
    ctx.log.info(
      `${program}: no kernel headers for ${platformName(platform)} (looked in ${sources[0].candidates.join(', ')}), so <linux/…> includes will not be found; install linux-libc-dev if the program needs them.`
    )
    return [...command]
  }
  ctx.cleanups.push(headers.cleanup)
  ctx.log.info(
    `${program}: kernel headers (${headers.linked.map((name) => `${name}/`).join(', ')}) from linux-libc-dev via -idirafter ${headers.dir}`
  )
  return [...command, '-idirafter', headers.dir]
}

/**
 * What the version flag printed and whether it exited 0, or null when the
 * program is not there.
 */
async function probe(
  ctx: Context,
  program: string,
  args: readonly string[]
): Promise<{ ok: boolean; output: string } | null> {
  try {
    const run = await ctx.exec.run(program, args, { timeoutMs: 30_000 })
    const ok = run.exitCode === 0
    return { ok, output: ok ? run.stdout || run.stderr : `${run.stderr}\n${run.stdout}`.trim() }
  } catch (error) {
    if (error instanceof ProgramNotFoundError) return null
    throw error
  }
}

async function runLogged(
  ctx: Context,
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  what: string,
  /** Called once the program is started, for questions to ask beside it. */
  started?: () => void
): Promise<ExecResult> {
  const shownEnv = Object.entries(env).map(([k, v]) => showCommand([`${k}=${v}`]))
  ctx.log.info(
    `${relative(ctx.workspace, ctx.workDir) || '.'}$ ${[...shownEnv, showCommand([file, ...args])].join(' ')}`
  )
  const timeoutMs = ctx.settings.buildTimeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS
  let run: ExecResult
  try {
    // The adapter streams the output into the log; the result keeps only its tail.
    const running = ctx.exec.run(file, args, { cwd: ctx.workDir, env, echo: true, timeoutMs })
    started?.()
    ctx.whileCompiling?.()
    run = await running
  } catch (error) {
    if (error instanceof ProgramNotFoundError) {
      throw new UserError(
        `\`${file}\` is not installed: it is not on PATH (run from ${ctx.workDir}).`
      )
    }
    throw error
  }
  if (run.timedOut) {
    throw new UserError(
      `${what} did not finish within ${formatDuration(timeoutMs)} (the \`build-timeout\` input) and was stopped. ` +
        'If the build needs longer, raise `build-timeout`, e.g. `build-timeout: 1h`.',
      tail(run)
    )
  }
  return run
}

function where(ctx: Context): { cwd: string; workspace: string } {
  return { cwd: ctx.workDir, workspace: ctx.workspace }
}

function annotate(ctx: Context, found: readonly Annotation[]): void {
  for (const annotation of found) {
    ctx.log.annotate(annotation)
    ctx.annotations.push(annotation)
  }
}

function fail(ctx: Context, found: readonly Annotation[], what: string, run: ExecResult): never {
  annotate(ctx, found)
  const place = found.filter((a) => a.severity === 'error')[0]
  // The output went to the log as it ran and each error is an annotation: the
  // error names where, once, and does not print the compiler's words a third time.
  if (place?.file) {
    throw new UserError(
      `${what} at ${place.file}:${place.line}; the compiler's messages are in the log above and annotated on the code.`
    )
  }
  throw new UserError(`${what}. The full output is in the log above.`, tail(run))
}

function tail(run: ExecResult): string[] {
  const lines = `${run.stderr}\n${run.stdout}`.split('\n').filter((l) => l.trim() !== '')
  return lines.slice(-TAIL_LINES)
}

function result(
  ctx: Context,
  binaryPath: string,
  language: CompileResult['language'],
  toolchain: string
): CompileResult {
  return { binaryPath, language, toolchain, warnings: ctx.warnings, annotations: ctx.annotations }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

/** The `binary` input as a path: relative to working-directory, never led out of the workspace by a link or `..`. */
function binaryIn(ctx: Context): Promise<string> {
  return pathInWorkspace({
    workspace: ctx.workspace,
    base: ctx.workDir,
    written: binaryFor(ctx.settings.binary, ctx.settings.platform),
    what: 'binary'
  })
}

async function mustBeFile(path: string, what: string): Promise<void> {
  let ok = false
  try {
    ok = (await stat(path)).isFile()
  } catch {
    ok = false
  }
  if (!ok) {
    const shown = isAbsolute(path) ? path : resolve(path)
    throw new UserError(`${what} is not a file: nothing at ${shown}.`)
  }
}
