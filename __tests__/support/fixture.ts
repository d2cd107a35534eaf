import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec } from '../../src/ground/exec.js'
import {
  compileC,
  compileGo,
  isolatedDocker,
  removeImages,
  uniqueName,
  type IsolatedDocker
} from './docker.js'
import type { Engine } from './engines.js'
import { firstAnswer } from './http.js'
import { freshDir } from './paths.js'
import { dockerLogin } from './registry.js'
import { startFaultProxy, type FaultProxy } from './registry-proxy.js'
import { startRegistryServer, type RegistryServer } from './registry-server.js'
import { mustRun } from './run.js'
import { startTokenRegistry, type TokenRegistry } from './token-registry.js'

/**
 * The one set-up of the integration tests: a work folder, hello binaries
 * (static musl C, static Go), registries on 127.0.0.1 (htpasswd or token
 * auth), a docker CLI with a config folder of its own and `docker login` into
 * those registries; and, after the file's tests, the images they made are
 * removed, the registries stopped and every folder deleted.
 *
 *     const fixture = integrationFixture({
 *       name: 'registry-push',
 *       helloC: helloSource('released'),
 *       registries: ['htpasswd'],
 *       docker: 'login'
 *     })
 *     test('…', async () => { fixture.registry.host … fixture.removeAfter(tag) })
 *
 * It registers its own `beforeAll`/`afterAll`; the parts are read inside
 * tests or later hooks (reading one that was not asked for throws).
 */

/** How long a test that builds, pushes or runs images may take. */
export const SLOW = 300_000

/** A C program that prints `line` and exits 0. */
export function helloSource(line: string): string {
  return `#include <stdio.h>\nint main(void){puts("${line}");return 0;}\n`
}

export type RegistryKind = 'htpasswd' | 'token'

export interface FixtureOptions {
  /** Names the work folder: `from-scratch-<name>-…` in the temp folder. */
  readonly name: string
  /** C source built with `musl-gcc -static` into `<dir>/hello`: `fixture.hello`. */
  readonly helloC?: string
  /** Go programs (name → main.go source), each built static into `<dir>/<name>`: `fixture.goProgram(name)`. */
  readonly go?: Readonly<Record<string, string>>
  /** Registries to start: `fixture.registry` (htpasswd, Basic auth) and `fixture.tokenRegistry`. */
  readonly registries?: readonly RegistryKind[]
  /**
   * `isolated`: a docker CLI with its own DOCKER_CONFIG (`fixture.docker`);
   * `login`: the same, logged into every registry above.
   */
  readonly docker?: 'isolated' | 'login'
}

export interface Fixture {
  /** The file's work folder, removed after its tests. */
  readonly dir: string
  /** The static musl C hello (`helloC`). */
  readonly hello: string
  /** The path of a static Go program built from `go`, by its name there. */
  goProgram(name: string): string
  readonly registry: RegistryServer
  readonly tokenRegistry: TokenRegistry
  readonly docker: IsolatedDocker
  /** Images (tags or IDs) to remove from the daemon after the file's tests. */
  removeAfter(...refs: readonly string[]): void
  /** A fresh empty folder inside `dir`. */
  folder(name: string): Promise<string>
  /** A fresh DOCKER_CONFIG folder inside `dir` whose config.json is `config`. */
  dockerConfig(config: unknown): Promise<string>
  /** A docker CLI with a config of its own (`config` as its config.json), removed after the tests. */
  isolatedDocker(config?: unknown): Promise<IsolatedDocker>
  /** A proxy in front of `upstream` that injects faults, closed after the tests. */
  faultProxy(upstream: string): Promise<FaultProxy>
}

interface Parts {
  dir?: string
  hello?: string
  go: Record<string, string>
  registry?: RegistryServer
  tokenRegistry?: TokenRegistry
  docker?: IsolatedDocker
  readonly images: string[]
  readonly cleanups: (() => Promise<void>)[]
}

function needed<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(
      `the fixture has no ${what}: ask for it in integrationFixture(), and read it in a test or hook`
    )
  }
  return value
}

async function setUp(options: FixtureOptions, parts: Parts): Promise<void> {
  const dir = await freshDir(options.name)
  parts.dir = dir
  if (options.helloC !== undefined) parts.hello = await compileC(dir, 'hello', options.helloC)
  for (const [name, source] of Object.entries(options.go ?? {})) {
    parts.go[name] = await compileGo(dir, name, source)
  }
  const registries = options.registries ?? []
  if (registries.includes('htpasswd')) {
    const registry = await startRegistryServer()
    parts.cleanups.push(() => registry.cleanup())
    parts.registry = registry
  }
  if (registries.includes('token')) {
    const registry = await startTokenRegistry()
    parts.cleanups.push(() => registry.cleanup())
    parts.tokenRegistry = registry
  }
  if (options.docker !== undefined) {
    const docker = await isolatedDocker()
    parts.cleanups.push(() => docker.cleanup())
    parts.docker = docker
    if (options.docker === 'login') {
      for (const registry of [parts.registry, parts.tokenRegistry]) {
        if (registry) await dockerLogin(registry, docker.env)
      }
    }
  }
}

async function tearDown(parts: Parts): Promise<void> {
  await removeImages([...new Set(parts.images)])
  for (const cleanup of parts.cleanups.reverse()) await cleanup()
  if (parts.dir !== undefined) await rm(parts.dir, { recursive: true, force: true })
}

export function integrationFixture(options: FixtureOptions): Fixture {
  const parts: Parts = { go: {}, images: [], cleanups: [] }
  beforeAll(() => setUp(options, parts), SLOW)
  afterAll(() => tearDown(parts), SLOW)
  const dir = (): string => needed(parts.dir, 'work folder yet')
  const folder = async (name: string): Promise<string> => {
    await mkdir(join(dir(), 'folders'), { recursive: true })
    return mkdtemp(join(dir(), 'folders', `${name}-`))
  }
  return {
    get dir() {
      return dir()
    },
    get hello() {
      return needed(parts.hello, 'C hello (helloC)')
    },
    goProgram: (name) => needed(parts.go[name], `Go program ${name} (go: { ${name}: … })`),
    get registry() {
      return needed(parts.registry, "htpasswd registry (registries: ['htpasswd'])")
    },
    get tokenRegistry() {
      return needed(parts.tokenRegistry, "token registry (registries: ['token'])")
    },
    get docker() {
      return needed(parts.docker, "docker config (docker: 'isolated' or 'login')")
    },
    removeAfter: (...refs) => void parts.images.push(...refs),
    folder,
    async dockerConfig(config) {
      const configDir = await folder('docker-config')
      await writeFile(join(configDir, 'config.json'), JSON.stringify(config))
      return configDir
    },
    async isolatedDocker(config) {
      const docker = await isolatedDocker()
      parts.cleanups.push(() => docker.cleanup())
      if (config !== undefined) {
        await writeFile(join(docker.configDir, 'config.json'), JSON.stringify(config))
      }
      return docker
    },
    async faultProxy(upstream) {
      const proxy = await startFaultProxy(upstream)
      parts.cleanups.push(() => proxy.close())
      return proxy
    }
  }
}

/** A docker config holding a stored login for `host`, as `docker login` writes it (no check that it works). */
export function storedLogin(host: string, user: string, password: string): unknown {
  return { auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }
}

/** What skopeo says about an image in a registry on 127.0.0.1 (plain HTTP), logged in with `creds`. */
export async function skopeoInspect<T>(
  registry: { readonly creds: string },
  reference: string,
  options: { readonly raw?: boolean } = {}
): Promise<T> {
  const out = await mustRun('skopeo', [
    'inspect',
    ...(options.raw ? ['--raw'] : []),
    '--tls-verify=false',
    '--creds',
    registry.creds,
    `docker://${reference}`
  ])
  return JSON.parse(out.stdout) as T
}

/** The manifest digest skopeo reads for an image in a registry. */
export async function skopeoDigest(
  registry: { readonly creds: string },
  reference: string
): Promise<string> {
  return (await skopeoInspect<{ Digest: string }>(registry, reference)).Digest
}

/**
 * Pulls `reference` with the test's docker config, then runs it once with no
 * network; its standard output, for the test to compare with what the program prints.
 */
export async function pullAndRun(
  reference: string,
  docker: Pick<IsolatedDocker, 'env'>,
  engine?: Engine
): Promise<string> {
  await mustRun('docker', ['pull', reference], { env: { ...docker.env, ...engine?.env } })
  return runImage(reference, [], engine)
}

/** Runs an image in the daemon (`engine`, else DOCKER_HOST's) once, with no network; its standard output. */
export async function runImage(
  reference: string,
  args: readonly string[] = [],
  engine?: Engine
): Promise<string> {
  const run = await mustRun('docker', ['run', '--rm', '--network', 'none', reference, ...args], {
    env: engine?.env
  })
  return run.stdout
}

/** `docker image inspect` of one image, parsed. */
export async function inspectImage<T>(reference: string, engine?: Engine): Promise<T> {
  const out = await mustRun('docker', ['image', 'inspect', reference], { env: engine?.env })
  return (JSON.parse(out.stdout) as T[])[0] as T
}

/**
 * Starts a server image detached on the host network (`env` and `args` for
 * the container), asks `http://127.0.0.1:<port>/` for its first answer, and
 * removes the container: the status and body it gave (status 0: none in time).
 */
export async function askServer(
  image: string,
  port: number,
  options: {
    readonly env?: Readonly<Record<string, string>>
    readonly args?: readonly string[]
    readonly engine?: Engine
  } = {}
): Promise<{ status: number; body: string }> {
  const engineEnv = options.engine?.env
  const name = uniqueName('from-scratch-server')
  const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`])
  await mustRun(
    'docker',
    [
      'run',
      '--detach',
      '--rm',
      '--name',
      name,
      '--network',
      'host',
      ...env,
      image,
      ...(options.args ?? [])
    ],
    { env: engineEnv }
  )
  try {
    return await firstAnswer(`http://127.0.0.1:${port}/`)
  } finally {
    await systemExec.run('docker', ['rm', '--force', name], { env: engineEnv })
  }
}
