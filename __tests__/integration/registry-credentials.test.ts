import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { userErrorOf } from '../support/errors.js'
import { pushLayout, type PushInput } from '../../src/image/registry/push.js'
import { memoryLog, uniqueName } from '../support/docker.js'
import { integrationFixture, storedLogin } from '../support/fixture.js'
import {
  moveLocation,
  startOriginProxy,
  type OriginProxy,
  type Sighting
} from '../support/origin-proxy.js'
import { writeHandLayout, type HandLayout } from '../support/registry-layout.js'
import { basicAuthorization, type RegistryServer } from '../support/registry-server.js'
import type { TokenRegistry } from '../support/token-registry.js'

// Issue 9, items 1 and 8: a registry is another party. Credentials go only to
// the origin that challenged and to the token realm it named; a Location or
// redirect elsewhere is followed without them; nothing goes over plain http
// but to loopback; a 307 on a PUT is followed with the body sent again.
//
// A real docker-registry sits behind origin A (what the user pushes to).
// Origin B is another 127.0.0.1 port, so another origin: a storage front
// that forwards to the same registry with an Authorization of its own, as a
// backend trusting its signed URLs would. Every origin records what reached it.

const SLOW = 120_000

const fixture = integrationFixture({
  name: 'registry-credentials',
  registries: ['htpasswd', 'token']
})
let layout: HandLayout

beforeAll(async () => {
  const rootfs = await fixture.folder('rootfs')
  await writeFile(join(rootfs, 'hello.txt'), 'credentials stay home\n')
  layout = await writeHandLayout(await fixture.folder('layout'), [rootfs], ['/hello'], ['v1'])
}, SLOW)

const isUploadStart = (m: string, p: string): boolean =>
  m === 'POST' && /\/blobs\/uploads\/(\?|$)/.test(p)
const isManifestPut = (m: string, p: string): boolean => m === 'PUT' && p.includes('/manifests/')
const isBlobPut = (m: string, p: string): boolean => m === 'PUT' && p.includes('/blobs/uploads/')

const quick = { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 }

async function manifestDigest(
  host: string,
  repository: string,
  tag: string,
  authorization: string
): Promise<string | null> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { authorization, accept: 'application/vnd.oci.image.manifest.v1+json' }
  })
  return response.status === 200 ? response.headers.get('docker-content-digest') : null
}

function at(seen: readonly Sighting[], origin: string): Sighting[] {
  return seen.filter((s) => s.origin === origin)
}

describe('htpasswd registry (Basic)', () => {
  let registry: RegistryServer
  let own: string
  const proxies: OriginProxy[] = []
  let seen: Sighting[]
  let a: OriginProxy
  let b: OriginProxy

  beforeAll(() => {
    registry = fixture.registry
    own = basicAuthorization(registry.user, registry.password)
  })

  beforeEach(async () => {
    seen = []
    a = await startOriginProxy({ upstream: registry.host, seen })
    b = await startOriginProxy({ upstream: registry.host, seen, forwardAuthorization: () => own })
    proxies.push(a, b)
  })

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close()
  })

  function push(repository: string, over: Partial<PushInput> = {}): Promise<unknown> {
    return pushLayout({
      layoutDir: layout.layoutDir,
      references: [`${a.host}/${repository}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log: memoryLog(),
      retry: quick,
      ...over
    })
  }

  test(
    "an upload Location on another origin gets the blobs without the docker config's password",
    async () => {
      const config = await fixture.dockerConfig(
        storedLogin(a.host, registry.user, registry.password)
      )
      a.rewrite((m, p, headers) => {
        if (isUploadStart(m, p)) moveLocation(headers, b.origin)
      })
      const repository = `team/${uniqueName('location')}`
      await push(repository, { credentials: undefined, env: { DOCKER_CONFIG: config } })

      const puts = at(seen, b.origin).filter((s) => isBlobPut(s.method, s.path))
      expect(puts.length).toBe(2) // the layer and the config
      expect(at(seen, b.origin).map((s) => s.authorization)).toEqual(
        at(seen, b.origin).map(() => null)
      )
      // The registry that challenged got the password on every request after the first.
      expect(at(seen, a.origin).filter((s) => s.authorization === own).length).toBeGreaterThan(0)
      expect(await manifestDigest(registry.host, repository, 'v1', own)).toBe(layout.manifestDigest)
    },
    SLOW
  )

  test(
    'a manifest PUT answered 307 on the same origin is sent again, body and password included',
    async () => {
      a.answer({
        match: isManifestPut,
        times: 1,
        answer: (_m, p) => ({ status: 307, headers: { location: `${p}?again=1` } })
      })
      const repository = `team/${uniqueName('same307')}`
      await push(repository)
      const manifestPuts = at(seen, a.origin).filter((s) => isManifestPut(s.method, s.path))
      expect(manifestPuts.map((s) => [s.path.endsWith('?again=1'), s.authorization])).toEqual([
        [false, own],
        [true, own]
      ])
      expect(manifestPuts[1]?.bodyBytes).toBe(manifestPuts[0]?.bodyBytes)
      expect(manifestPuts[1]?.bodyBytes).toBeGreaterThan(0)
      expect(await manifestDigest(registry.host, repository, 'v1', own)).toBe(layout.manifestDigest)
    },
    SLOW
  )

  test(
    'a 307 to another origin, on the manifest PUT and on the blob PUTs, is followed with the body and without the password',
    async () => {
      a.answer({
        match: (m, p) => isManifestPut(m, p) || isBlobPut(m, p),
        times: Infinity,
        answer: (_m, p) => ({ status: 307, headers: { location: `${b.origin}${p}` } })
      })
      const repository = `team/${uniqueName('foreign307')}`
      await push(repository)
      const atB = at(seen, b.origin)
      expect(atB.filter((s) => isManifestPut(s.method, s.path))).toHaveLength(1)
      expect(atB.filter((s) => isBlobPut(s.method, s.path))).toHaveLength(2)
      expect(atB.every((s) => s.authorization === null && s.bodyBytes > 0)).toBe(true)
      expect(await manifestDigest(registry.host, repository, 'v1', own)).toBe(layout.manifestDigest)
    },
    SLOW
  )

  test(
    "another origin's 401 with a realm of its own draws neither the password nor a token request",
    async () => {
      const hostile = await startOriginProxy({ seen })
      proxies.push(hostile)
      hostile.answer({
        match: () => true,
        times: Infinity,
        answer: (_m, p) =>
          p.startsWith('/token')
            ? { status: 200, body: JSON.stringify({ token: 'stolen' }) }
            : {
                status: 401,
                headers: {
                  'www-authenticate': `Bearer realm="${hostile.origin}/token",service="x"`
                },
                body: '{"errors":[{"code":"UNAUTHORIZED","message":"log in here"}]}'
              }
      })
      a.rewrite((m, p, headers) => {
        if (isUploadStart(m, p)) moveLocation(headers, hostile.origin)
      })
      const error = await userErrorOf(push(`team/${uniqueName('hostile')}`), 'the push')
      expect(error.message).toContain('401')
      expect(error.details.join('\n')).toContain(
        `The answer came from ${hostile.origin}, another origin`
      )
      const there = at(seen, hostile.origin)
      expect(there.length).toBeGreaterThan(0)
      expect(there.filter((s) => s.path.startsWith('/token'))).toEqual([])
      expect(there.map((s) => s.authorization)).toEqual(there.map(() => null))
    },
    SLOW
  )

  test(
    'Basic credentials never go over plain http to a registry that is not on loopback',
    async () => {
      // 0.0.0.0 reaches this machine, but it is not a loopback name: it stands for any remote host.
      const remote = a.host.replace('127.0.0.1', '0.0.0.0')
      const error = await userErrorOf(
        push(`team/${uniqueName('plain')}`, {
          references: [`${remote}/team/${uniqueName('plain')}:v1`],
          scheme: 'http'
        }),
        'the push'
      )
      expect(error.message).toContain('plain http')
      expect(error.message).toContain(`http://${remote}`)
      expect(seen.filter((s) => s.authorization !== null)).toEqual([])
    },
    SLOW
  )
})

describe('token registry (Bearer)', () => {
  let registry: TokenRegistry
  const proxies: OriginProxy[] = []
  let seen: Sighting[]
  let a: OriginProxy

  beforeAll(() => {
    registry = fixture.tokenRegistry
  })

  beforeEach(async () => {
    seen = []
    a = await startOriginProxy({ upstream: registry.host, seen })
    proxies.push(a)
  })

  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close()
  })

  function push(repository: string): Promise<unknown> {
    return pushLayout({
      layoutDir: layout.layoutDir,
      references: [`${a.host}/${repository}:v1`],
      credentials: { username: registry.user, password: registry.password },
      log: memoryLog(),
      retry: quick
    })
  }

  test(
    'the password goes to the realm the registry named, the token to the registry, and neither to a foreign Location',
    async () => {
      const repository = `team/${uniqueName('bearer')}`
      const scopes = [`repository:${repository}:pull,push`]
      const b = await startOriginProxy({
        upstream: registry.host,
        seen,
        forwardAuthorization: () => registry.authorization(scopes)
      })
      proxies.push(b)
      a.rewrite((m, p, headers) => {
        if (isUploadStart(m, p)) moveLocation(headers, b.origin)
      })
      const before = registry.requests.length
      await push(repository)
      expect(registry.requests.slice(before).map((r) => [r.user, r.status])).toEqual([
        [registry.user, 200]
      ])
      expect(at(seen, a.origin).some((s) => s.authorization?.startsWith('Bearer ey'))).toBe(true)
      const atB = at(seen, b.origin)
      expect(atB.filter((s) => isBlobPut(s.method, s.path))).toHaveLength(2)
      expect(atB.map((s) => s.authorization)).toEqual(atB.map(() => null))
      expect(
        await manifestDigest(
          registry.host,
          repository,
          'v1',
          registry.authorization([`repository:${repository}:pull`])
        )
      ).toBe(layout.manifestDigest)
    },
    SLOW
  )

  test(
    'a Bearer realm on plain http off loopback is refused before the password is sent',
    async () => {
      const remoteRealm = registry.realm.replace('127.0.0.1', '0.0.0.0')
      a.rewrite((_m, _p, headers) => {
        const challenge = headers['www-authenticate']
        if (typeof challenge === 'string') {
          headers['www-authenticate'] = challenge.replace(registry.realm, remoteRealm)
        }
      })
      const before = registry.requests.length
      const error = await userErrorOf(push(`team/${uniqueName('realm')}`), 'the push')
      expect(error.message).toContain(`token service ${remoteRealm}, on plain http`)
      expect(registry.requests.slice(before)).toEqual([])
    },
    SLOW
  )
})
