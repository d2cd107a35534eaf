import { LINUX_AMD64 } from '../../src/ground/platform.js'
import { mkdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { inspectBinary } from '../../src/elf/inspect.js'
import type { Inspection } from '../../src/elf/types.js'
import { systemExec, type Exec } from '../../src/ground/exec.js'
import type { ImageSettings } from '../../src/image/types.js'
import type { GitContext } from '../../src/ground/git-context.js'
import type { Log } from '../../src/ground/log.js'
import { engines } from './engines.js'
import { freshDir } from './paths.js'
import { mustRun } from './run.js'

/** An Exec that adds `env` to every program it runs. */
export function execWithEnv(env: Readonly<Record<string, string>>): Exec {
  return {
    run: (file, args, options = {}) =>
      systemExec.run(file, args, { ...options, env: { ...env, ...options.env } })
  }
}

/**
 * A docker CLI with its own config folder, so a test's `docker login` never
 * touches the user's; the buildx plugin is linked in from where it is installed.
 */
export interface IsolatedDocker {
  readonly configDir: string
  readonly env: Readonly<Record<string, string>>
  readonly exec: Exec
  cleanup(): Promise<void>
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

export async function isolatedDocker(): Promise<IsolatedDocker> {
  const configDir = await freshDir('docker-config')
  const plugins = [
    process.env.DOCKER_CONFIG ? join(process.env.DOCKER_CONFIG, 'cli-plugins') : '',
    join(homedir(), '.docker', 'cli-plugins')
  ].filter((p) => p !== '')
  for (const dir of plugins) {
    if (await exists(join(dir, 'docker-buildx'))) {
      await symlink(dir, join(configDir, 'cli-plugins'))
      break
    }
  }
  await writeFile(join(configDir, 'config.json'), '{}\n')
  const env = { DOCKER_CONFIG: configDir }
  return {
    configDir,
    env,
    exec: execWithEnv(env),
    cleanup: () => rm(configDir, { recursive: true, force: true })
  }
}

/** Removes images by reference from both engines; missing ones are fine. */
export async function removeImages(refs: readonly string[]): Promise<void> {
  if (refs.length === 0) return
  for (const engine of engines) {
    await engine.exec.run('docker', ['image', 'rm', '--force', ...refs])
  }
}

/** A Log that keeps every line, for assertions and for showing what happened when a test fails. */
export interface MemoryLog extends Log {
  readonly lines: string[]
}

export function memoryLog(): MemoryLog {
  const lines: string[] = []
  return {
    lines,
    info: (message) => void lines.push(message),
    warning: (message) => void lines.push(`warning: ${message}`),
    annotate: (a) => void lines.push(`${a.severity}: ${a.file}:${a.line}: ${a.message}`),
    group: (_title, work) => work()
  }
}

/** A unique suffix so parallel runs and other engineers' images never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`
}

export function gitContext(over: Partial<GitContext> = {}): GitContext {
  return {
    ref: 'refs/heads/main',
    sha: '0123456789abcdef0123456789abcdef01234567',
    eventName: 'push',
    prNumber: null,
    repository: 'acme/from-scratch-test',
    serverUrl: 'https://github.com',
    ...over
  }
}

export function imageSettings(
  over: Partial<ImageSettings> & Pick<ImageSettings, 'image'>
): ImageSettings {
  return {
    tags: [],
    labels: {},
    include: [{ kind: 'auto' }],
    user: null,
    entrypointArgs: [],
    expose: [],
    files: [],
    workingDirectory: process.cwd(),
    workspace: process.cwd(),
    platform: LINUX_AMD64,
    binaryName: null,
    engine: 'buildx',
    builder: null,
    push: false,
    smokeTest: null,
    smokeTimeoutMs: 60_000,
    provenance: false,
    sourceDateEpoch: 1700000000,
    ...over
  }
}

/** A static musl C program, compiled for the test. */
export async function compileC(dir: string, name: string, source: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const src = join(dir, `${name}.c`)
  const out = join(dir, name)
  await writeFile(src, source)
  await mustRun('musl-gcc', ['-static', '-Os', '-s', '-o', out, src])
  return out
}

/** A static Go program (no cgo, pure-Go DNS and user lookups), compiled for the test. */
export async function compileGo(dir: string, name: string, source: string): Promise<string> {
  const pkg = join(dir, `${name}-src`)
  await mkdir(pkg, { recursive: true })
  await writeFile(join(pkg, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`)
  await writeFile(join(pkg, 'main.go'), source)
  return buildGo(pkg, join(dir, name))
}

/**
 * `go build` of the package in `pkg` into `out`: static (no cgo, pure-Go DNS
 * and user lookups), stripped, for linux/amd64 unless `env` says otherwise.
 */
export async function buildGo(
  pkg: string,
  out: string,
  env: Readonly<Record<string, string>> = {}
): Promise<string> {
  await mustRun(
    'go',
    ['build', '-trimpath', '-tags', 'netgo,osusergo', '-ldflags', '-s -w', '-o', out, '.'],
    {
      cwd: pkg,
      env: { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64', GOFLAGS: '-mod=mod', ...env }
    }
  )
  return out
}

/** The binary's inspection, from the verify stage, as the orchestrator would pass it. */
export async function inspectionFor(path: string): Promise<{ inspection: Inspection }> {
  return { inspection: await inspectBinary(path) }
}

/** An Exec that records what it was asked to run, then runs it. */
export function recording(calls: string[][], inner: Exec = systemExec): Exec {
  return {
    run(file, args, options) {
      calls.push([file, ...args])
      return inner.run(file, args, options)
    }
  }
}
