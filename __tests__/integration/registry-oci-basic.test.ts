import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { pushLayout } from '../../src/image/registry/push.js'
import { execWithEnv, memoryLog, uniqueName } from '../support/docker.js'
import {
  helloSource,
  integrationFixture,
  pullAndRun,
  skopeoDigest,
  SLOW
} from '../support/fixture.js'
import { buildxLayout, layoutManifestDigest } from '../support/registry-layout.js'
import { basicAuthorization, listTags } from '../support/registry-server.js'

// Push over the distribution API to a real `docker-registry` with htpasswd
// (Basic auth); what landed is read back with skopeo and run with docker.

const LINE = 'pushed without a daemon'
const FAST_RETRY = { attempts: 4, baseDelayMs: 50, maxDelayMs: 200 }

const fixture = integrationFixture({
  name: 'registry-oci-basic',
  helloC: helloSource(LINE),
  registries: ['htpasswd'],
  docker: 'login'
})

let layoutDir: string
let digest: string

beforeAll(async () => {
  const local = `from-scratch-test/${uniqueName('oci-push')}:src`
  fixture.removeAfter(local)
  layoutDir = await buildxLayout(fixture.dir, fixture.hello, local, fixture.docker.env)
  digest = await layoutManifestDigest(layoutDir)
}, SLOW)

const auth = (): string => basicAuthorization(fixture.registry.user, fixture.registry.password)

test(
  'every tag in two repositories lands; the second repository mounts the blobs; docker pulls and runs it',
  async () => {
    const registry = fixture.registry
    const a = `${registry.host}/team/${uniqueName('app')}`
    const b = `${registry.host}/team/${uniqueName('copy')}`
    const references = [`${a}:1.2.3`, `${a}:1.2`, `${a}:latest`, `${b}:1.2.3`]
    const log = memoryLog()
    const result = await pushLayout({
      layoutDir,
      references,
      credentials: { username: registry.user, password: registry.password },
      log
    })
    expect(result).toEqual({ digest, pushed: references })
    for (const reference of references) {
      expect(await skopeoDigest(registry, reference)).toBe(digest)
    }
    expect(await listTags(registry, a.slice(registry.host.length + 1), auth())).toEqual([
      '1.2',
      '1.2.3',
      'latest'
    ])
    expect(log.lines.filter((l) => l.includes('mounted from')).length).toBe(2)
    expect(log.lines.join('\n')).not.toContain(registry.password)

    fixture.removeAfter(`${a}:1.2.3`)
    expect((await pullAndRun(`${a}:1.2.3`, fixture.docker)).trim()).toBe(LINE)

    // Pushing again uploads nothing.
    const again = memoryLog()
    await pushLayout({
      layoutDir,
      references: [`${a}:again`],
      credentials: { username: registry.user, password: registry.password },
      log: again
    })
    expect(again.lines.filter((l) => l.includes('already there, skipped')).length).toBe(2)
    expect(again.lines.some((l) => l.includes('uploaded'))).toBe(false)
  },
  SLOW
)

test(
  'credentials come from the docker config that `docker login` wrote (auths)',
  async () => {
    const registry = fixture.registry
    const reference = `${registry.host}/login/${uniqueName('app')}:v1`
    const log = memoryLog()
    const result = await pushLayout({
      layoutDir,
      references: [reference],
      env: fixture.docker.env,
      log
    })
    expect(result.pushed).toEqual([reference])
    expect(log.lines.join('\n')).toMatch(/user "tester" from docker config .*auths/)
    expect(await skopeoDigest(registry, reference)).toBe(digest)
  },
  SLOW
)

test(
  'credentials come from a credential helper named by credsStore, run with the host on stdin',
  async () => {
    const registry = fixture.registry
    const helpers = await fixture.folder('helpers')
    const helper = join(helpers, 'docker-credential-fstest')
    // The helper checks it was asked with `get` and the registry host, as docker asks.
    await writeFile(
      helper,
      [
        '#!/bin/sh',
        '[ "$1" = get ] || exit 2',
        'read -r host',
        `[ "$host" = "${registry.host}" ] || { echo "credentials not found in native keychain"; exit 1; }`,
        `printf '{"ServerURL":"%s","Username":"${registry.user}","Secret":"${registry.password}"}' "$host"`,
        ''
      ].join('\n')
    )
    await chmod(helper, 0o755)
    const config = await fixture.dockerConfig({
      auths: { [registry.host]: {} },
      credsStore: 'fstest'
    })
    const reference = `${registry.host}/helper/${uniqueName('app')}:v1`
    const log = memoryLog()
    await pushLayout({
      layoutDir,
      references: [reference],
      env: { DOCKER_CONFIG: config },
      exec: execWithEnv({ PATH: `${helpers}:${process.env.PATH ?? ''}` }),
      log
    })
    expect(log.lines.join('\n')).toMatch(/credential helper docker-credential-fstest/)
    expect(await skopeoDigest(registry, reference)).toBe(digest)
  },
  SLOW
)

test(
  'a wrong password fails with the registry, the step, HTTP 401 and docker/login-action; no tag',
  async () => {
    const registry = fixture.registry
    const repository = `bad/${uniqueName('app')}`
    const push = pushLayout({
      layoutDir,
      references: [`${registry.host}/${repository}:v1`],
      credentials: { username: registry.user, password: 'wrong-password' },
      log: memoryLog(),
      retry: FAST_RETRY
    })
    await expect(push).rejects.toThrow(UserError)
    const error = (await push.catch((e: unknown) => e)) as UserError
    expect(error.message).toMatch(
      new RegExp(
        `^Registry ${registry.host}: checking config sha256:[0-9a-f]{12}… in ${registry.host}/${repository} failed: HTTP 401 Unauthorized \\(UNAUTHORIZED: authentication required\\)\\.$`
      )
    )
    expect(error.details.join('\n')).toMatch(/user "tester" from the credentials given to the push/)
    expect(error.details.join('\n')).toMatch(/docker\/login-action/)
    expect(`${error.message}${error.details.join('')}`).not.toContain('wrong-password')
    expect(await listTags(registry, repository, auth())).toEqual([])
  },
  SLOW
)

test(
  'no credentials at all: the 401 says none were found, and where we looked',
  async () => {
    const registry = fixture.registry
    const empty = await fixture.dockerConfig({})
    const push = pushLayout({
      layoutDir,
      references: [`${registry.host}/anon/${uniqueName('app')}:v1`],
      env: { DOCKER_CONFIG: empty },
      log: memoryLog()
    })
    const error = (await push.catch((e: unknown) => e)) as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(/HTTP 401/)
    expect(error.details.join('\n')).toContain(`nothing for ${registry.host} in docker config`)
  },
  SLOW
)

test(
  'a registry answering 503 twice (with Retry-After) is retried, then the push passes',
  async () => {
    const registry = fixture.registry
    const proxy = await fixture.faultProxy(registry.host)
    const repository = `retry/${uniqueName('app')}`
    const fault = {
      match: (method: string, path: string) => method === 'PUT' && path.includes('/manifests/'),
      times: 2,
      status: 503,
      retryAfter: '1'
    }
    proxy.inject(fault)
    const log = memoryLog()
    const started = Date.now()
    const result = await pushLayout({
      layoutDir,
      references: [`${proxy.host}/${repository}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log,
      retry: FAST_RETRY
    })
    expect(result.digest).toBe(digest)
    expect(fault.times).toBe(0)
    // Retry-After: 1 wins over the 50 ms backoff, twice.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000)
    expect(log.lines.filter((l) => /HTTP 503; try \d of 4/.test(l)).length).toBe(2)
    const manifestPuts = proxy.requests.filter(
      (r) => r.method === 'PUT' && r.path.includes('/manifests/')
    )
    expect(manifestPuts.map((r) => r.status)).toEqual([503, 503, 201])
    expect(await listTags(registry, repository, auth())).toEqual(['v1'])
  },
  SLOW
)

test(
  'a blob upload answered 503 starts again from a fresh session; 503 every time fails naming the step',
  async () => {
    const registry = fixture.registry
    const proxy = await fixture.faultProxy(registry.host)
    const repository = `retry/${uniqueName('blob')}`
    proxy.inject({
      match: (method, path) => method === 'PUT' && path.includes('/blobs/uploads/'),
      times: 1,
      status: 503
    })
    const result = await pushLayout({
      layoutDir,
      references: [`${proxy.host}/${repository}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log: memoryLog(),
      retry: FAST_RETRY
    })
    expect(result.digest).toBe(digest)
    const posts = proxy.requests.filter((r) => r.method === 'POST')
    expect(posts.length).toBe(3) // config twice (after the 503), layer once

    const never = `retry/${uniqueName('never')}`
    proxy.inject({
      match: (method, path) => path.startsWith(`/v2/${never}/`) && method === 'POST',
      times: 100,
      status: 503
    })
    const push = pushLayout({
      layoutDir,
      references: [`${proxy.host}/${never}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log: memoryLog(),
      retry: FAST_RETRY
    })
    await expect(push).rejects.toThrow(
      new RegExp(
        `^Registry ${proxy.host}: uploading config sha256:[0-9a-f]{12}… to ${proxy.host}/${never} failed: HTTP 503 Service Unavailable \\(UNAVAILABLE: injected by the test proxy\\)\\.$`
      )
    )
    expect(await listTags(registry, never, auth())).toEqual([])
  },
  SLOW
)

test(
  'relative upload Locations are followed; a registry that stores another digest than ours is an error, not a tag',
  async () => {
    const registry = fixture.registry
    const proxy = await fixture.faultProxy(registry.host)
    proxy.rewrite((_method, _path, headers) => {
      // distribution answers absolute URLs; other registries answer paths.
      const location = headers.location
      if (typeof location === 'string')
        headers.location = new URL(location).pathname + new URL(location).search
    })
    const repository = `relative/${uniqueName('app')}`
    const log = memoryLog()
    await pushLayout({
      layoutDir,
      references: [`${proxy.host}/${repository}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log
    })
    expect(log.lines.filter((l) => l.includes('uploaded')).length).toBe(2)
    expect(await listTags(registry, repository, auth())).toEqual(['v1'])

    const wrong = `sha256:${'0'.repeat(64)}`
    proxy.rewrite((method, path, headers) => {
      if (method === 'PUT' && path.includes('/manifests/')) headers['docker-content-digest'] = wrong
    })
    const push = pushLayout({
      layoutDir,
      references: [`${proxy.host}/${repository}:v2`],
      credentials: { username: registry.user, password: registry.password },
      log: memoryLog()
    })
    await expect(push).rejects.toThrow(
      `the registry stored the manifest as ${wrong}, not ${digest}`
    )
  },
  SLOW
)
