import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { pushLayout } from '../../src/image/registry/push.js'
import {
  compileC,
  isolatedDocker,
  memoryLog,
  removeImages,
  uniqueName,
  type IsolatedDocker
} from '../support/docker.js'
import { freshDir } from '../support/paths.js'
import { dockerLogin } from '../support/registry.js'
import { rootfsWith, writeHandLayout, type HandLayout } from '../support/registry-layout.js'
import { startTokenRegistry, type TokenRegistry } from '../support/token-registry.js'
import { listTags } from '../support/registry-server.js'
import { mustRun } from '../support/run.js'

// A real `docker-registry` with `auth: token`: every request is challenged
// with `Bearer realm=…,service=…,scope=…`, and only JWTs signed by the key in
// its rootcertbundle pass. The token service is the test's own.

const SLOW = 300_000
const LINE = 'pushed with a bearer token'

let dir: string
let registry: TokenRegistry
let docker: IsolatedDocker
let layout: HandLayout
const made: string[] = []

beforeAll(async () => {
  dir = await freshDir('registry-oci-token')
  const hello = await compileC(
    dir,
    'hello',
    `#include <stdio.h>\nint main(void){puts("${LINE}");return 0;}\n`
  )
  const rootfs = await rootfsWith(join(dir, 'rootfs'), { hello })
  layout = await writeHandLayout(dir, [rootfs], ['/hello'], ['v1'])
  registry = await startTokenRegistry()
  docker = await isolatedDocker()
}, SLOW)

afterAll(async () => {
  await removeImages(made)
  await registry?.cleanup()
  await docker?.cleanup()
  await rm(dir, { recursive: true, force: true })
})

async function skopeoDigest(reference: string): Promise<string> {
  const out = await mustRun('skopeo', [
    'inspect',
    '--tls-verify=false',
    '--creds',
    registry.creds,
    `docker://${reference}`
  ])
  return (JSON.parse(out.stdout) as { Digest: string }).Digest
}

test(
  'the bearer challenge is answered with a token per scope; skopeo sees every tag; docker pulls and runs it',
  async () => {
    const repository = `team/${uniqueName('app')}`
    const image = `${registry.host}/${repository}`
    const references = [`${image}:1.2.3`, `${image}:1.2`, `${image}:latest`]
    const log = memoryLog()
    const before = registry.requests.length
    const result = await pushLayout({
      layoutDir: layout.layoutDir,
      references,
      credentials: { username: registry.user, password: registry.password },
      log
    })
    // One token for the repository's pull,push scope, reused for every blob and tag.
    expect(registry.requests.slice(before)).toEqual([
      {
        method: 'GET',
        user: registry.user,
        scopes: [`repository:${repository}:pull,push`],
        status: 200
      }
    ])
    expect(result).toEqual({ digest: layout.manifestDigest, pushed: references })
    for (const reference of references) {
      expect(await skopeoDigest(reference)).toBe(layout.manifestDigest)
    }
    expect(
      await listTags(
        registry,
        repository,
        registry.authorization([`repository:${repository}:pull`])
      )
    ).toEqual(['1.2', '1.2.3', 'latest'])
    expect(log.lines.join('\n')).not.toContain(registry.password)

    await dockerLogin(registry, docker.env)
    made.push(references[0] ?? '')
    await mustRun('docker', ['pull', references[0] ?? ''], { env: docker.env })
    const run = await mustRun('docker', ['run', '--rm', '--network', 'none', references[0] ?? ''])
    expect(run.stdout.trim()).toBe(LINE)
  },
  SLOW
)

test(
  'a token service answering `access_token`, and a second repository mounting blobs with a pull scope on the first',
  async () => {
    registry.tokenField = 'access_token'
    try {
      const first = `team/${uniqueName('first')}`
      const second = `team/${uniqueName('second')}`
      const before = registry.requests.length
      const log = memoryLog()
      await pushLayout({
        layoutDir: layout.layoutDir,
        references: [`${registry.host}/${first}:v1`, `${registry.host}/${second}:v1`],
        credentials: { username: registry.user, password: registry.password },
        log
      })
      expect(log.lines.filter((l) => l.includes('mounted from')).length).toBe(2)
      const scopes = registry.requests.slice(before).map((r) => [...r.scopes].sort())
      expect(scopes).toContainEqual(
        [`repository:${first}:pull`, `repository:${second}:pull,push`].sort()
      )
      expect(await skopeoDigest(`${registry.host}/${second}:v1`)).toBe(layout.manifestDigest)
    } finally {
      registry.tokenField = 'token'
    }
  },
  SLOW
)

test(
  'docker config written by `docker login` to a token registry is used for the token request',
  async () => {
    await dockerLogin(registry, docker.env)
    const reference = `${registry.host}/login/${uniqueName('app')}:v1`
    const log = memoryLog()
    await pushLayout({ layoutDir: layout.layoutDir, references: [reference], env: docker.env, log })
    expect(log.lines.join('\n')).toMatch(/user "tokenuser" from docker config/)
    expect(await skopeoDigest(reference)).toBe(layout.manifestDigest)
  },
  SLOW
)

test(
  'a wrong password: the token service refuses it, the error names the step and docker/login-action; no tag',
  async () => {
    const repository = `bad/${uniqueName('app')}`
    const push = pushLayout({
      layoutDir: layout.layoutDir,
      references: [`${registry.host}/${repository}:v1`],
      credentials: { username: registry.user, password: 'not-the-password' },
      log: memoryLog(),
      retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 }
    })
    const error = (await push.catch((e: unknown) => e)) as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toBe(
      `Registry ${registry.host}: getting a token from ${registry.realm} for checking config ${layout.configDigest.slice(0, 19)}… in ${registry.host}/${repository} failed: HTTP 401 Unauthorized (incorrect username or password).`
    )
    expect(error.details.join('\n')).toMatch(/docker\/login-action/)
    expect(`${error.message}${error.details.join('')}`).not.toContain('not-the-password')
    expect(
      await listTags(
        registry,
        repository,
        registry.authorization([`repository:${repository}:pull`])
      )
    ).toEqual([])
  },
  SLOW
)

test(
  'anonymous against a token registry: the token service says 401, the error says no credentials were found',
  async () => {
    const empty = join(dir, 'empty-config')
    await mkdir(empty, { recursive: true })
    await writeFile(join(empty, 'config.json'), '{"auths":{}}')
    const push = pushLayout({
      layoutDir: layout.layoutDir,
      references: [`${registry.host}/anon/${uniqueName('app')}:v1`],
      env: { DOCKER_CONFIG: empty },
      log: memoryLog()
    })
    const error = (await push.catch((e: unknown) => e)) as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(/getting a token .* HTTP 401/)
    expect(error.details.join('\n')).toMatch(
      /no credentials \(nothing for 127\.0\.0\.1:\d+ in docker config/
    )
  },
  SLOW
)

test(
  'an identitytoken in the docker config is traded for a token with the OAuth2 refresh grant',
  async () => {
    const config = join(dir, 'identity-config')
    await mkdir(config, { recursive: true })
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({
        auths: {
          [`http://${registry.host}`]: {
            auth: Buffer.from('<token>:').toString('base64'),
            identitytoken: registry.identityToken
          }
        }
      })
    )
    const repository = `identity/${uniqueName('app')}`
    const before = registry.requests.length
    const log = memoryLog()
    await pushLayout({
      layoutDir: layout.layoutDir,
      references: [`${registry.host}/${repository}:v1`],
      env: { DOCKER_CONFIG: config },
      log
    })
    expect(registry.requests.slice(before)).toEqual([
      { method: 'POST', user: null, scopes: [`repository:${repository}:pull,push`], status: 200 }
    ])
    expect(log.lines.join('\n')).toMatch(/an identity token from docker config/)
    expect(log.lines.join('\n')).not.toContain(registry.identityToken)
    expect(await skopeoDigest(`${registry.host}/${repository}:v1`)).toBe(layout.manifestDigest)
  },
  SLOW
)
