import {
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy
} from '../../src/ground/retry.js'
import {
  connectionErrorText,
  describeHttpFailure,
  describeUnreachable,
  registryErrorText,
  shortDigest
} from '../../src/image/registry/messages.js'

describe('isRetryableStatus', () => {
  test.each([
    [200, false],
    [201, false],
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [501, false],
    [502, true],
    [503, true],
    [504, true],
    [505, false]
  ])('%i → %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z')
  test.each([
    [null, null],
    ['', null],
    ['3', 3000],
    [' 0 ', 0],
    ['Mon, 01 Jan 2024 00:00:05 GMT', 5000],
    ['Sun, 31 Dec 2023 23:59:00 GMT', 0],
    ['soon', null]
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})

describe('retryDelayMs', () => {
  const policy: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }
  test.each([
    [1, null, 100],
    [2, null, 200],
    [3, null, 400],
    [4, null, 800],
    [5, null, 1000],
    [9, null, 1000],
    [1, 2500, 2500],
    [3, 50, 400],
    [1, 3_600_000, 60_000]
  ])('after failure %i with Retry-After %j → %i ms', (failed, retryAfter, expected) => {
    expect(retryDelayMs(failed, policy, retryAfter)).toBe(expected)
  })
})

describe('messages', () => {
  test.each([
    [`sha256:${'0123456789abcdef'.repeat(4)}`, 'sha256:0123456789ab…'],
    ['sha256:short', 'sha256:short']
  ])('shortDigest(%s)', (digest, expected) => {
    expect(shortDigest(digest)).toBe(expected)
  })

  test.each([
    ['', null],
    [
      '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"repository"}]}]}',
      'UNAUTHORIZED: authentication required'
    ],
    [
      '{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"},{"code":"DENIED"}]}',
      'BLOB_UNKNOWN: blob unknown; DENIED'
    ],
    ['{"details":"incorrect username or password"}', 'incorrect username or password'],
    [
      '<html><body>502 Bad Gateway</body></html>\nmore',
      '<html><body>502 Bad Gateway</body></html>'
    ],
    ['{"errors":[]}', '{"errors":[]}']
  ])('registryErrorText(%j)', (body, expected) => {
    expect(registryErrorText(body)).toBe(expected)
  })

  test('an HTTP failure names the registry, the step, the status and the registry message', () => {
    const { message, details } = describeHttpFailure({
      registry: '127.0.0.1:5000',
      step: 'uploading layer sha256:ab12… to 127.0.0.1:5000/team/app',
      status: 400,
      statusText: 'Bad Request',
      body: '{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}',
      credentials: 'user "u" from here'
    })
    expect(message).toBe(
      'Registry 127.0.0.1:5000: uploading layer sha256:ab12… to 127.0.0.1:5000/team/app failed: HTTP 400 Bad Request (DIGEST_INVALID: provided digest did not match uploaded content).'
    )
    expect(details).toEqual([])
  })

  test.each([401, 403])('HTTP %i explains credentials and docker/login-action', (status) => {
    const { message, details } = describeHttpFailure({
      registry: 'ghcr.io',
      step: 'checking config sha256:ab… in ghcr.io/acme/api',
      status,
      statusText: '',
      body: '',
      credentials: 'no credentials (nothing for ghcr.io in docker config /c/config.json)'
    })
    expect(message).toBe(
      `Registry ghcr.io: checking config sha256:ab… in ghcr.io/acme/api failed: HTTP ${status}.`
    )
    expect(details.join('\n')).toMatch(/no credentials \(nothing for ghcr.io/)
    expect(details.join('\n')).toMatch(/docker\/login-action/)
  })

  test('unreachable', () => {
    expect(describeUnreachable('r:1', 'tagging r:1/a:1', 'ECONNREFUSED: connect', 3)).toBe(
      'Registry r:1: tagging r:1/a:1 failed: could not reach the registry after 3 tries (ECONNREFUSED: connect).'
    )
  })

  test.each([
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
          code: 'ECONNREFUSED'
        })
      }),
      'connect ECONNREFUSED 127.0.0.1:1'
    ],
    [
      Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
      }),
      'UND_ERR_SOCKET: other side closed'
    ],
    [new Error('plain'), 'plain'],
    ['text', 'text']
  ])('connectionErrorText %#', (error, expected) => {
    expect(connectionErrorText(error)).toBe(expected)
  })
})
