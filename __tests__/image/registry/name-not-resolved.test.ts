import { RegistrySession } from '../../../src/image/registry/client.js'
import { isNameNotResolved } from '../../../src/image/registry/messages.js'

// A name that does not resolve is not retried: the resolver gives the same
// answer again, and a typo in an image name used to cost five tries (~15 s).
// DNS cannot be reached from the tests (127.0.0.1 only), so fetch fails here
// the way node's fetch does: TypeError('fetch failed') with the resolver's error as its cause.

function fetchFailure(code: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ${code} registry.example`), { code })
  return new TypeError('fetch failed', { cause })
}

test.each([
  [fetchFailure('ENOTFOUND'), true],
  [fetchFailure('EAI_AGAIN'), true],
  [fetchFailure('ECONNREFUSED'), false],
  [fetchFailure('ECONNRESET'), false],
  [new Error('plain'), false],
  ['a string', false]
])('%s → name not resolved: %s', (error, expected) => {
  expect(isNameNotResolved(error)).toBe(expected)
})

test.each([
  ['ENOTFOUND', 1],
  ['EAI_AGAIN', 1],
  ['ECONNREFUSED', 3]
])('a connection failing with %s is tried %i time(s)', async (code, tries) => {
  let calls = 0
  const session = new RegistrySession({
    registry: 'registry.example',
    origin: 'https://registry.example',
    credentials: { credentials: null, origin: 'none' },
    fetch: () => {
      calls++
      return Promise.reject(fetchFailure(code))
    },
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    warn: () => undefined
  })
  await expect(
    session.send({
      method: 'GET',
      url: 'https://registry.example/v2/',
      step: 'ping',
      scopes: []
    })
  ).rejects.toThrow(code)
  expect(calls).toBe(tries)
})
