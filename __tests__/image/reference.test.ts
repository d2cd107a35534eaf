import { UserError } from '../../src/ground/errors.js'
import {
  normalizedReference,
  parseReference,
  tagOf,
  validateImageName,
  validateTag
} from '../../src/image/reference.js'

describe('validateImageName', () => {
  test.each([
    'api',
    'acme/api',
    'ghcr.io/acme/api',
    '127.0.0.1:5000/team/app',
    'localhost/app',
    'localhost:5000/a/b/c',
    'registry.example.com/a_b/c__d/e--f/g.h',
    '[::1]:5000/app'
  ])('%s is valid', (name) => {
    expect(validateImageName(name)).toBe(name)
  })

  test.each([
    ['', /empty/],
    ['Acme/api', /not a registry host|lowercase/],
    ['acme/API', /lowercase/],
    ['acme/api:1.0', /has a tag/],
    ['acme/api@sha256:abc', /digest/],
    ['acme//api', /not allowed/],
    ['acme/-api', /not allowed/],
    ['acme/api.', /not allowed/],
    ['acme/a___b', /not allowed/],
    ['acme/api\nRUN rm -rf /', /control character/],
    ['bad_host:99/x', /not a registry host/],
    ['a'.repeat(256), /longer than 255/]
  ])('%j is rejected (%s)', (name, why) => {
    expect(() => validateImageName(name)).toThrow(UserError)
    expect(() => validateImageName(name)).toThrow(why)
  })
})

describe('validateTag', () => {
  test.each(['1.2.3', 'latest', 'sha-abc1234', '_x', 'A.b-c_d', 'a'.repeat(128)])(
    '%s is valid',
    (tag) => {
      expect(validateTag(tag)).toBe(tag)
    }
  )
  test.each(['', '.x', '-x', 'a/b', 'a:b', 'a b', 'x\n', 'a'.repeat(129)])(
    '%j is rejected',
    (tag) => {
      expect(() => validateTag(tag)).toThrow(UserError)
    }
  )
})

describe('parseReference', () => {
  test.each([
    ['api', { domain: null, path: 'api', tag: null }],
    ['api:1.0', { domain: null, path: 'api', tag: '1.0' }],
    ['ghcr.io/acme/api:1.2', { domain: 'ghcr.io', path: 'acme/api', tag: '1.2' }],
    ['127.0.0.1:5000/app', { domain: '127.0.0.1:5000', path: 'app', tag: null }],
    ['127.0.0.1:5000/app:v1', { domain: '127.0.0.1:5000', path: 'app', tag: 'v1' }]
  ])('%s', (reference, expected) => {
    expect(parseReference(reference)).toEqual(expected)
  })
  test.each(['api:', 'api:.bad', 'ghcr.io/acme/api:1.0\n', 'ghcr.io/Acme/api:1'])(
    '%j is rejected',
    (r) => {
      expect(() => parseReference(r)).toThrow(UserError)
    }
  )
})

// What the containerd image store names an image: the name a `docker run`
// of the user's reference resolves to (distribution's ParseNormalizedNamed).
describe('normalizedReference', () => {
  test.each([
    ['app:t', 'docker.io/library/app:t'],
    ['app', 'docker.io/library/app:latest'],
    ['acme/app:t', 'docker.io/acme/app:t'],
    ['a/b/c:1', 'docker.io/a/b/c:1'],
    ['docker.io/app:t', 'docker.io/library/app:t'],
    ['index.docker.io/acme/app:t', 'docker.io/acme/app:t'],
    ['docker.io/library/app:t', 'docker.io/library/app:t'],
    ['127.0.0.1:5000/acme/app:t', '127.0.0.1:5000/acme/app:t'],
    ['localhost/app:t', 'localhost/app:t'],
    ['ghcr.io/acme/app', 'ghcr.io/acme/app:latest']
  ])('%s → %s', (reference, expected) => {
    expect(normalizedReference(reference)).toBe(expected)
  })
  test.each([
    ['app:t', 't'],
    ['127.0.0.1:5000/acme/app:v1.2', 'v1.2'],
    ['acme/app', 'latest']
  ])('the tag of %s is %s', (reference, tag) => {
    expect(tagOf(reference)).toBe(tag)
  })
})
