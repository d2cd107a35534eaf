import { spawn, type ChildProcess } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from './ports.js'
import { freshDir } from './paths.js'
import { mustRun } from './run.js'
import { poll } from './wait.js'

/**
 * A CNCF distribution registry (`docker-registry`) on 127.0.0.1 that a test
 * can kill, and start again on the same port and storage: what the
 * mid-push crash tests need and `registry.ts` (one start, one stop) does not give.
 */
export interface RegistryServer {
  /** `127.0.0.1:<port>` */
  readonly host: string
  readonly user: string
  readonly password: string
  /** `--creds` value for skopeo. */
  readonly creds: string
  readonly dir: string
  /** Whether the process is running. */
  readonly running: boolean
  /** SIGKILL: no clean shutdown, exactly like a crash. */
  kill(): Promise<void>
  /** SIGTERM, waits for the exit. Safe to call twice. */
  stop(): Promise<void>
  /** Starts the process again with the same config (port, storage, auth). */
  start(): Promise<void>
  /** Stops and removes everything. */
  cleanup(): Promise<void>
}

/** How the registry authenticates: its own htpasswd file, or tokens from a realm it trusts. */
export type RegistryAuth =
  | { readonly kind: 'htpasswd' }
  | {
      readonly kind: 'token'
      readonly realm: string
      readonly service: string
      readonly issuer: string
      /** PEM file with the certificate(s) whose keys may sign tokens. */
      readonly rootCertBundle: string
    }

async function waitUntilUp(host: string, child: ChildProcess, log: () => string): Promise<void> {
  const up = await poll(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`docker-registry exited ${child.exitCode ?? child.signalCode}\n${log()}`)
      }
      try {
        const response = await fetch(`http://${host}/v2/`)
        await response.body?.cancel()
        return response.status === 401 || response.status === 200 ? true : undefined
      } catch {
        return undefined // Not listening yet.
      }
    },
    { timeoutMs: 20_000, intervalMs: 100 }
  )
  if (!up) throw new Error(`docker-registry did not answer on ${host}\n${log()}`)
}

function authConfig(auth: RegistryAuth, dir: string): string[] {
  if (auth.kind === 'htpasswd') {
    return ['  htpasswd:', '    realm: from-scratch-test', `    path: ${join(dir, 'htpasswd')}`]
  }
  return [
    '  token:',
    `    realm: ${auth.realm}`,
    `    service: ${auth.service}`,
    `    issuer: ${auth.issuer}`,
    `    rootcertbundle: ${auth.rootCertBundle}`
  ]
}

export async function startRegistryServer(
  auth: RegistryAuth = { kind: 'htpasswd' },
  credentials?: { readonly user: string; readonly password: string }
): Promise<RegistryServer> {
  const dir = await freshDir('registry-server')
  const user = credentials?.user ?? 'tester'
  const password = credentials?.password ?? `pw-${process.pid}-${Date.now().toString(36)}`
  if (auth.kind === 'htpasswd') {
    const htpasswd = await mustRun('htpasswd', ['-Bbn', user, password])
    await writeFile(join(dir, 'htpasswd'), htpasswd.stdout)
  }
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    'auth:',
    ...authConfig(auth, dir),
    ''
  ].join('\n')
  const configPath = join(dir, 'config.yml')
  await writeFile(configPath, config)

  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  let output = ''
  const alive = (): boolean =>
    child !== null && child.exitCode === null && child.signalCode === null
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (alive()) {
      child?.kill(name)
      await exited
    }
  }
  const start = async (): Promise<void> => {
    if (alive()) return
    const started = spawn('docker-registry', ['serve', configPath], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child = started
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()))
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      await waitUntilUp(host, started, () => output)
    } catch (error) {
      await signal('SIGKILL')
      throw error
    }
  }
  await start()
  return {
    host,
    user,
    password,
    creds: `${user}:${password}`,
    dir,
    get running() {
      return alive()
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    start,
    async cleanup() {
      await signal('SIGTERM')
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** Tags of a repository as the registry lists them (none when the repository is unknown). */
export async function listTags(
  server: Pick<RegistryServer, 'host'>,
  repository: string,
  authorization: string
): Promise<string[]> {
  const response = await fetch(`http://${server.host}/v2/${repository}/tags/list`, {
    headers: { authorization }
  })
  if (response.status === 404) return []
  if (!response.ok) throw new Error(`tags/list ${response.status}: ${await response.text()}`)
  const body = (await response.json()) as { tags?: string[] | null }
  return [...(body.tags ?? [])].sort()
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}
