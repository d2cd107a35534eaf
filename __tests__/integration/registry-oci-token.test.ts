import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { pushLayout } from '../../src/image/registry/push.js'
import { memoryLog, uniqueName } from '../support/docker.js'
import {
  helloSource,
  integrationFixture,
  pullAndRun,
  skopeoDigest,
  SLOW
} from '../support/fixture.js'
import { dockerLogin } from '../support/registry.js'
import { rootfsWith, writeHandLayout, type HandLayout } from '../support/registry-layout.js'
import { listTags } from '../support/registry-server.js'

// A real `docker-registry` with `auth: token`: every request is challenged
// with `Bearer realm=…,service=…,scope=…`, and only JWTs signed by the key in
// its rootcertbundle pass. The token service is the test's own.

const LINE = 'pushed with a bearer token'

// Not logged in: the tests below log in themselves, to see what the login changes.
const fixture = integrationFixture({
  name: 'registry-oci-token',
  helloC: helloSource(LINE),
  registries: ['token'],
  docker: 'isolated'
})

let layout: HandLayout

beforeAll(async () => {
  const rootfs = await rootfsWith(join(fixture.dir, 'rootfs'), { hello: fixture.hello })
  layout = await writeHandLayout(fixture.dir, [rootfs], ['/hello'], ['v1'])
}, SLOW)

test(
  'the bearer challenge is answered with a token per scope; skopeo sees every tag; docker pulls and runs it',
  async () => {
    const registry = fixture.tokenRegistry
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
      expect(await skopeoDigest(registry, reference)).toBe(layout.manifestDigest)
    }
    expect(
      await listTags(
        registry,
        repository,
        registry.authorization([`repository:${repository}:pull`])
      )
    ).toEqual(['1.2', '1.2.3', 'latest'])
    expect(log.lines.join('\n')).not.toContain(registry.password)

    await dockerLogin(registry, fixture.docker.env)
    fixture.removeAfter(references[0] ?? '')
    expect((await pullAndRun(references[0] ?? '', fixture.docker)).trim()).toBe(LINE)
  },
  SLOW
)

test(
  'a token service answering `access_token`, and a second repository mounting blobs with a pull scope on the first',
  async () => {
    const registry = fixture.tokenRegistry
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
      expect(await skopeoDigest(registry, `${registry.host}/${second}:v1`)).toBe(
        layout.manifestDigest
      )
    } finally {
      registry.tokenField = 'token'
    }
  },
  SLOW
)

test(
  'docker config written by `docker login` to a token registry is used for the token request',
  async () => {
    const registry = fixture.tokenRegistry
    await dockerLogin(registry, fixture.docker.env)
    const reference = `${registry.host}/login/${uniqueName('app')}:v1`
    const log = memoryLog()
    await pushLayout({
      layoutDir: layout.layoutDir,
      references: [reference],
      env: fixture.docker.env,
      log
    })
    expect(log.lines.join('\n')).toMatch(/user "tokenuser" from docker config/)
    expect(await skopeoDigest(registry, reference)).toBe(layout.manifestDigest)
  },
  SLOW
)

test(
  'a wrong password: the token service refuses it, the error names the step and docker/login-action; no tag',
  async () => {
    const registry = fixture.tokenRegistry
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
    const registry = fixture.tokenRegistry
    const empty = await fixture.dockerConfig({ auths: {} })
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
    const registry = fixture.tokenRegistry
    const config = await fixture.dockerConfig({
      auths: {
        [`http://${registry.host}`]: {
          auth: Buffer.from('<token>:').toString('base64'),
          identitytoken: registry.identityToken
        }
      }
    })
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
    expect(await skopeoDigest(registry, `${registry.host}/${repository}:v1`)).toBe(
      layout.manifestDigest
    )
  },
  SLOW
)
