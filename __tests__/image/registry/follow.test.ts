import { createServer, type IncomingMessage, type Server } from 'node:http'
import { UserError } from '../../../src/ground/errors.js'
import {
  fetchFollowing,
  mayCarryCredentials,
  redirectHop
} from '../../../src/image/registry/follow.js'

describe('mayCarryCredentials', () => {
  test.each([
    ['https://ghcr.io/token', true],
    ['https://10.0.0.5:5000/v2/', true],
    ['http://127.0.0.1:5000/v2/', true],
    ['http://127.8.9.10/token', true],
    ['http://localhost:5000/v2/', true],
    ['http://registry.localhost/v2/', true],
    ['http://[::1]:5000/v2/', true],
    ['http://0.0.0.0:5000/v2/', false],
    ['http://10.0.0.5:5000/v2/', false],
    ['http://registry.example.com/token', false],
    ['http://localhost.example.com/token', false],
    ['ftp://127.0.0.1/token', false]
  ])('%s → %s', (url, ok) => {
    expect(mayCarryCredentials(new URL(url))).toBe(ok)
  })
})

describe('redirectHop', () => {
  const from = 'https://r.example/v2/app/manifests/v1'
  test.each([
    [
      307,
      'PUT',
      '/v2/app/manifests/v1?x=1',
      { url: 'https://r.example/v2/app/manifests/v1?x=1', method: 'PUT', keepBody: true }
    ],
    [
      308,
      'POST',
      'https://s.example/up',
      { url: 'https://s.example/up', method: 'POST', keepBody: true }
    ],
    [
      307,
      'PATCH',
      'https://s.example/up',
      { url: 'https://s.example/up', method: 'PATCH', keepBody: true }
    ],
    [303, 'PUT', '/done', { url: 'https://r.example/done', method: 'GET', keepBody: false }],
    [303, 'HEAD', '/done', { url: 'https://r.example/done', method: 'HEAD', keepBody: true }],
    [302, 'POST', '/x', { url: 'https://r.example/x', method: 'GET', keepBody: false }],
    [301, 'PUT', '/x', { url: 'https://r.example/x', method: 'PUT', keepBody: true }],
    [
      302,
      'GET',
      'https://cdn.example/blob',
      { url: 'https://cdn.example/blob', method: 'GET', keepBody: true }
    ]
  ])('%i on %s to %s', (status, method, location, hop) => {
    expect(redirectHop(status, method, location, from)).toEqual(hop)
  })

  test.each([
    [200, '/x'],
    [304, '/x'],
    [307, null],
    [307, '']
  ])('%i with Location %j is no redirect', (status, location) => {
    expect(redirectHop(status, 'PUT', location, from)).toBeNull()
  })

  test('a redirect to another scheme than http(s) is refused', () => {
    expect(() => redirectHop(307, 'PUT', 'file:///etc/passwd', from)).toThrow(UserError)
  })
})

// fetchFollowing against two real servers on 127.0.0.1 (two ports, two origins).
describe('fetchFollowing', () => {
  interface Seen {
    readonly server: 'a' | 'b'
    readonly method: string
    readonly path: string
    readonly authorization: string | null
    readonly body: string
  }
  const seen: Seen[] = []
  let a: Server
  let b: Server
  let aOrigin: string
  let bOrigin: string
  const routes = new Map<string, (req: IncomingMessage) => { status: number; location?: string }>()

  function start(name: 'a' | 'b'): Promise<Server> {
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        const path = req.url ?? '/'
        seen.push({
          server: name,
          method: req.method ?? '',
          path,
          authorization: req.headers.authorization ?? null,
          body
        })
        const route = routes.get(`${name}${path}`)?.(req) ?? { status: 200 }
        res.writeHead(route.status, route.location ? { location: route.location } : {})
        res.end()
      })
    })
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
  }
  const originOf = (server: Server): string => {
    const address = server.address()
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }

  beforeAll(async () => {
    a = await start('a')
    b = await start('b')
    aOrigin = originOf(a)
    bOrigin = originOf(b)
  })
  afterAll(async () => {
    for (const server of [a, b]) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
  beforeEach(() => {
    seen.length = 0
    routes.clear()
  })

  const send = (path: string, over: Partial<Parameters<typeof fetchFollowing>[1]> = {}) =>
    fetchFollowing((url, init) => fetch(url, init), {
      method: 'PUT',
      url: `${aOrigin}${path}`,
      step: 'test',
      body: () => Buffer.from('payload'),
      authorization: { origin: aOrigin, value: 'Basic c2VjcmV0' },
      ...over
    })

  test('a 307 on the same origin keeps method, body and Authorization', async () => {
    routes.set('a/one', () => ({ status: 307, location: '/two' }))
    const answer = await send('/one')
    expect(answer).toMatchObject({ url: `${aOrigin}/two` })
    expect(answer.response.status).toBe(200)
    expect(seen.map((s) => [s.server, s.method, s.path, s.authorization, s.body])).toEqual([
      ['a', 'PUT', '/one', 'Basic c2VjcmV0', 'payload'],
      ['a', 'PUT', '/two', 'Basic c2VjcmV0', 'payload']
    ])
  })

  test('a 308 to another origin keeps the body and drops Authorization, also back home', async () => {
    routes.set('a/one', () => ({ status: 308, location: `${bOrigin}/there` }))
    routes.set('b/there', () => ({ status: 307, location: `${aOrigin}/home` }))
    await send('/one')
    expect(seen.map((s) => [s.server, s.path, s.authorization, s.body])).toEqual([
      ['a', '/one', 'Basic c2VjcmV0', 'payload'],
      ['b', '/there', null, 'payload'],
      ['a', '/home', 'Basic c2VjcmV0', 'payload']
    ])
  })

  test('a secret body is not sent to another origin', async () => {
    routes.set('a/token', () => ({ status: 307, location: `${bOrigin}/token` }))
    await expect(send('/token', { secretBody: true, method: 'POST' })).rejects.toThrow(
      'it is not sent there'
    )
    expect(seen.map((s) => s.server)).toEqual(['a'])
  })

  test('303 turns a PUT into a GET without a body', async () => {
    routes.set('a/one', () => ({ status: 303, location: `${bOrigin}/see` }))
    await send('/one', { headers: { 'content-type': 'application/octet-stream' } })
    expect(seen.map((s) => [s.server, s.method, s.body])).toEqual([
      ['a', 'PUT', 'payload'],
      ['b', 'GET', '']
    ])
  })

  test('a redirect loop ends with a UserError', async () => {
    routes.set('a/loop', () => ({ status: 307, location: '/loop' }))
    await expect(send('/loop')).rejects.toThrow('more than 10 redirects')
    expect(seen).toHaveLength(10)
  })
})
