import { spawn, type ChildProcess } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { freshDir } from './paths.js'
import { mustRun } from './run.js'
import { rm } from 'node:fs/promises'

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * A CNCF distribution registry on 127.0.0.1 with htpasswd (bcrypt) auth and
 * storage in a temporary folder. dockerd treats 127.0.0.0/8 registries as
 * insecure (plain HTTP) by default, so no TLS is needed.
 */
export interface Registry {
  /** `127.0.0.1:<port>` */
  readonly host: string
  readonly user: string
  readonly password: string
  /** `--creds` value for skopeo. */
  readonly creds: string
  /** Stops the server; the storage stays until `cleanup`. Safe to call twice. */
  stop(): Promise<void>
  cleanup(): Promise<void>
}

async function waitUntilUp(host: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`docker-registry exited ${child.exitCode}\n${log()}`)
    try {
      const response = await fetch(`http://${host}/v2/`)
      // 401 is the answer of a registry that is up and wants a login.
      if (response.status === 401 || response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`docker-registry did not answer on ${host}\n${log()}`)
}

export async function startRegistry(): Promise<Registry> {
  const dir = await freshDir('registry')
  const user = 'tester'
  const password = `pw-${process.pid}-${Date.now().toString(36)}`
  const htpasswd = await mustRun('htpasswd', ['-Bbn', user, password])
  await writeFile(join(dir, 'htpasswd'), htpasswd.stdout)
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    'http:',
    `  addr: ${host}`,
    'auth:',
    '  htpasswd:',
    '    realm: from-scratch-test',
    `    path: ${join(dir, 'htpasswd')}`,
    ''
  ].join('\n')
  await writeFile(join(dir, 'config.yml'), config)
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
  }
  try {
    await waitUntilUp(host, child, () => output)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    host,
    user,
    password,
    creds: `${user}:${password}`,
    stop,
    async cleanup() {
      await stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** `docker login` into the registry with a DOCKER_CONFIG of the test's own. */
export async function dockerLogin(
  registry: Registry,
  env: Readonly<Record<string, string>>,
  password = registry.password
): Promise<void> {
  await mustRun(
    'docker',
    ['login', registry.host, '--username', registry.user, '--password-stdin'],
    {
      env,
      input: password
    }
  )
}
