import { constants } from 'node:fs'
import { access, readFile, realpath, stat } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'
import { gnuTriple, platformName, type Platform } from '../ground/platform.js'
import { UserError } from '../ground/errors.js'
import type { Exec } from '../ground/exec.js'

/** argv for one smoke run: no network, removed afterwards, named so a timeout can remove it. */
export function smokeArgv(image: string, name: string, args: readonly string[]): string[] {
  return [...runStart(name), image, ...args]
}

/** `docker run` of a smoke container, up to its image: removed after, named, no network. */
function runStart(name: string): string[] {
  return ['run', '--rm', '--name', name, '--network', 'none']
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

/**
 * How a platform's image can be run on this machine's engine:
 * - `native`: the engine's own platform;
 * - `binfmt`: the kernel hands the platform's binaries to an emulator it registered
 *   with the F flag (opened once, so it works inside a scratch rootfs), and
 *   `docker run --platform` just works;
 * - `emulator`: a static user-mode emulator found on PATH is bind-mounted into the
 *   container and started as its entrypoint: an x86-64 program runs natively inside
 *   the other platform's rootfs and executes the image's binary itself;
 * - `none`: nothing here runs it; the smoke run is reported as not run, never passed.
 */
export type SmokeRoute =
  | { readonly how: 'native' }
  | { readonly how: 'binfmt' }
  | { readonly how: 'emulator'; readonly name: string; readonly path: string }
  | { readonly how: 'none'; readonly why: string }

/** Where the emulator is mounted inside the container: a name no image of ours uses. */
export const EMULATOR_MOUNT = '/.from-scratch-qemu'

/** The CPU as qemu names its user-mode emulators (`aarch64`), from the GNU triple. */
function qemuCpu(platform: Platform): string {
  const triple = gnuTriple(platform, 'gnu')
  return triple.slice(0, triple.indexOf('-'))
}

/** Debian's and Ubuntu's static user-mode emulator for `platform` (package qemu-user-static). */
export function emulatorName(platform: Platform): string {
  return `qemu-${qemuCpu(platform)}-static`
}

/** The binfmt_misc entry qemu-user-static and tonistiigi/binfmt register for `platform`. */
export function binfmtEntryName(platform: Platform): string {
  return `qemu-${qemuCpu(platform)}`
}

/**
 * Whether binfmt_misc runs the platform's binaries inside a container: the
 * feature and the entry enabled, and the entry registered with the F (fix
 * binary) flag, so the kernel holds the emulator open and a scratch rootfs
 * needs no copy of it. Pure: takes the texts of `status` and of the entry
 * (null when the file is missing).
 */
export function binfmtRuns(status: string | null, entry: string | null): boolean {
  if (status === null || entry === null) return false
  if (status.trim() !== 'enabled') return false
  const lines = entry.split('\n').map((line) => line.trim())
  if (lines[0] !== 'enabled') return false
  const flags = lines.find((line) => line.startsWith('flags:'))
  return flags !== undefined && flags.slice('flags:'.length).includes('F')
}

export interface RouteFacts {
  /** The image's platform. */
  readonly platform: Platform
  /** The engine's own platform (`docker version`'s server); null when it did not say. */
  readonly engine: Platform | null
  /** From `binfmtRuns`. */
  readonly binfmt: boolean
  /** The emulator's real path when it is on PATH, else null. */
  readonly emulator: string | null
}

/** How to run the image, from what was found on the machine. Pure. */
export function chooseRoute(facts: RouteFacts): SmokeRoute {
  const { platform, engine } = facts
  // An engine that does not say its platform is asked to run the image as it is, as before.
  if (engine === null || platformName(engine) === platformName(platform)) return { how: 'native' }
  if (facts.binfmt) return { how: 'binfmt' }
  const name = emulatorName(platform)
  if (facts.emulator !== null) return { how: 'emulator', name, path: facts.emulator }
  return {
    how: 'none',
    why: `the engine runs ${platformName(engine)} and nothing here runs ${platformName(platform)} binaries: install qemu-user-static (\`sudo apt-get install qemu-user-static\`, which puts ${name} on PATH) or register binfmt handlers (docker/setup-qemu-action)`
  }
}

/** What one smoke run starts: entrypoint and arguments as the image's config would. */
export interface SmokeCommand {
  /** What the engine calls the image (its local ID). */
  readonly image: string
  readonly platform: Platform
  /** The image config's Entrypoint and Cmd: an emulator started as entrypoint runs them itself. */
  readonly entrypoint: readonly string[]
  readonly cmd: readonly string[]
  /** The smoke-test arguments; like `docker run IMAGE ARGS`, non-empty ones replace Cmd. */
  readonly args: readonly string[]
}

/**
 * argv for one smoke run along `route` (never `none`). The emulator's path is
 * the one found on PATH, outside the workspace; nothing in it comes from the repository.
 */
export function routeArgv(route: SmokeRoute, command: SmokeCommand, name: string): string[] {
  switch (route.how) {
    case 'native':
      return smokeArgv(command.image, name, command.args)
    case 'binfmt':
      return [
        ...runStart(name),
        '--platform',
        platformName(command.platform),
        command.image,
        ...command.args
      ]
    case 'emulator': {
      const args = command.args.length > 0 ? command.args : command.cmd
      return [
        ...runStart(name),
        '--platform',
        platformName(command.platform),
        // --mount fails when the source is missing (a daemon on another machine); -v would make a folder.
        '--mount',
        `type=bind,source=${route.path},target=${EMULATOR_MOUNT},readonly`,
        '--entrypoint',
        EMULATOR_MOUNT,
        command.image,
        ...command.entrypoint,
        ...args
      ]
    }
    case 'none':
      throw new Error(`no way to run ${platformName(command.platform)} here: ${route.why}`)
  }
}

/** `docker version`'s `{{.Server.Os}}/{{.Server.Arch}}` as a platform; null for anything else. Pure. */
export function parseEnginePlatform(text: string): Platform | null {
  const match = /^([a-z0-9]+)\/([a-z0-9_]+)$/.exec(text.trim())
  if (match === null) return null
  return { os: match[1], architecture: match[2], variant: null }
}

const BINFMT_DIR = '/proc/sys/fs/binfmt_misc'
const QUICK_TIMEOUT_MS = 30_000

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * The emulator's real path when a file of that name on PATH can be run, else
 * null. Only absolute PATH entries count: an empty or relative entry means the
 * working directory, the repository's checkout, which must not choose what is
 * mounted into the container. A path `--mount` cannot carry (`,`) is not used.
 */
export async function findEmulator(name: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter)) {
    if (!isAbsolute(dir)) continue
    const candidate = join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      const real = await realpath(candidate)
      if ((await stat(real)).isFile() && !real.includes(',')) return real
    } catch {
      // Not there, or not a program: the next PATH entry may have it.
    }
  }
  return null
}

/** The platform the Docker engine runs containers on natively; null when it does not say. */
export async function enginePlatform(exec: Exec): Promise<Platform | null> {
  const version = await exec.run(
    'docker',
    ['version', '--format', '{{.Server.Os}}/{{.Server.Arch}}'],
    { timeoutMs: QUICK_TIMEOUT_MS }
  )
  return version.exitCode === 0 && !version.timedOut ? parseEnginePlatform(version.stdout) : null
}

/**
 * What runs the image's binaries on this machine's engine (see SmokeRoute).
 * `where` is for tests: another PATH to look for the emulator on, another binfmt_misc folder.
 */
export async function findRoute(
  exec: Exec,
  platform: Platform,
  where: { readonly path?: string; readonly binfmtDir?: string } = {}
): Promise<SmokeRoute> {
  const engine = await enginePlatform(exec)
  if (engine === null || platformName(engine) === platformName(platform)) {
    return chooseRoute({ platform, engine, binfmt: false, emulator: null })
  }
  const [status, entry, emulator] = await Promise.all([
    readText(join(where.binfmtDir ?? BINFMT_DIR, 'status')),
    readText(join(where.binfmtDir ?? BINFMT_DIR, binfmtEntryName(platform))),
    findEmulator(emulatorName(platform), where.path ?? process.env.PATH ?? '')
  ])
  return chooseRoute({ platform, engine, binfmt: binfmtRuns(status, entry), emulator })
}

/**
 * Runs the image once along `route` (not `none`); throws the UserError from
 * `judgeSmoke`, else returns what it printed.
 */
export async function runSmoke(
  exec: Exec,
  command: SmokeCommand,
  route: SmokeRoute,
  timeoutMs: number
): Promise<string> {
  const name = `from-scratch-smoke-${process.pid}-${Date.now().toString(36)}`
  const argv = routeArgv(route, command, name)
  const result = await exec.run('docker', argv, { timeoutMs })
  if (result.timedOut) {
    // Killing `docker run` does not stop the container; remove it by the name we gave it.
    await exec.run('docker', ['rm', '--force', name], { timeoutMs: 30_000 })
  }
  const failure = judgeSmoke(result, `docker ${argv.join(' ')}`, timeoutMs, command.platform)
  if (failure) throw failure
  return `${result.stdout}${result.stderr}`
}
