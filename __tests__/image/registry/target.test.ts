import { UserError } from '../../../src/ground/errors.js'
import { groupTargets, parsePushTarget } from '../../../src/image/registry/target.js'
import {
  blobUrl,
  isLoopbackRegistry,
  manifestUrl,
  mergeScopes,
  repositoryScope,
  schemeFor,
  uploadCompleteUrl,
  uploadStartUrl
} from '../../../src/image/registry/url.js'

const DIGEST = `sha256:${'ab'.repeat(32)}`

describe('parsePushTarget', () => {
  test.each([
    [
      '127.0.0.1:5000/team/app:1.2.3',
      {
        registry: '127.0.0.1:5000',
        apiHost: '127.0.0.1:5000',
        repository: 'team/app',
        tag: '1.2.3'
      }
    ],
    [
      'ghcr.io/acme/api',
      { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'acme/api', tag: 'latest' }
    ],
    [
      'alpine:3',
      {
        registry: 'docker.io',
        apiHost: 'registry-1.docker.io',
        repository: 'library/alpine',
        tag: '3'
      }
    ],
    [
      'docker.io/acme/api:v1',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'acme/api', tag: 'v1' }
    ],
    [
      'index.docker.io/app:v1',
      {
        registry: 'docker.io',
        apiHost: 'registry-1.docker.io',
        repository: 'library/app',
        tag: 'v1'
      }
    ],
    [
      'localhost:5000/a/b/c:x',
      { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'a/b/c', tag: 'x' }
    ]
  ])('%s', (reference, expected) => {
    expect(parsePushTarget(reference)).toEqual({ reference, ...expected })
  })

  test.each(['Acme/API:1', 'ghcr.io/acme/api@sha256:abc', 'ghcr.io/acme/api:bad tag'])(
    '%j is refused',
    (reference) => {
      expect(() => parsePushTarget(reference)).toThrow(UserError)
    }
  )
})

describe('groupTargets', () => {
  test('one entry per repository, tags in order, repeats dropped', () => {
    expect(
      groupTargets([
        'r:5000/a:1',
        'r:5000/b:1',
        'r:5000/a:2',
        'r:5000/a:1',
        'ghcr.io/x/a:1',
        'r:5000/a'
      ])
    ).toEqual([
      {
        registry: 'r:5000',
        apiHost: 'r:5000',
        repository: 'a',
        tags: ['1', '2', 'latest'],
        references: ['r:5000/a:1', 'r:5000/a:2', 'r:5000/a']
      },
      {
        registry: 'r:5000',
        apiHost: 'r:5000',
        repository: 'b',
        tags: ['1'],
        references: ['r:5000/b:1']
      },
      {
        registry: 'ghcr.io',
        apiHost: 'ghcr.io',
        repository: 'x/a',
        tags: ['1'],
        references: ['ghcr.io/x/a:1']
      }
    ])
  })
  test('nothing to push is an error', () => {
    expect(() => groupTargets([])).toThrow(UserError)
  })
})

describe('schemeFor: plain HTTP only where docker allows it without configuration', () => {
  test.each([
    ['127.0.0.1:5000', undefined, 'http'],
    ['127.1.2.3', undefined, 'http'],
    ['localhost:5000', undefined, 'http'],
    ['localhost', undefined, 'http'],
    ['[::1]:5000', undefined, 'http'],
    ['128.0.0.1:5000', undefined, 'https'],
    ['127.0.0.1.example.com', undefined, 'https'],
    ['ghcr.io', undefined, 'https'],
    ['registry-1.docker.io', undefined, 'https'],
    ['10.0.0.5:5000', undefined, 'https'],
    ['registry.internal:5000', 'http', 'http'],
    ['127.0.0.1:5000', 'https', 'https']
  ] as const)('%s (override %s) → %s', (host, override, expected) => {
    expect(schemeFor(host, override)).toBe(expected)
  })
  test.each([
    ['localhost', true],
    ['app.localhost:80', true],
    ['127.255.255.255', true],
    ['126.0.0.1', false],
    ['[::2]:5000', false]
  ])('isLoopbackRegistry(%s) = %s', (host, expected) => {
    expect(isLoopbackRegistry(host)).toBe(expected)
  })
})

describe('URLs', () => {
  const base = 'http://127.0.0.1:5000'
  test('blob, manifest and upload URLs', () => {
    expect(blobUrl(base, 'team/app', DIGEST)).toBe(`${base}/v2/team/app/blobs/${DIGEST}`)
    expect(manifestUrl(base, 'team/app', '1.2.3')).toBe(`${base}/v2/team/app/manifests/1.2.3`)
    expect(uploadStartUrl(base, 'team/app')).toBe(`${base}/v2/team/app/blobs/uploads/`)
    expect(uploadStartUrl(base, 'team/b', { digest: DIGEST, from: 'team/app' })).toBe(
      `${base}/v2/team/b/blobs/uploads/?mount=sha256%3A${'ab'.repeat(32)}&from=team%2Fapp`
    )
    expect(repositoryScope('team/app', ['pull', 'push'])).toBe('repository:team/app:pull,push')
  })

  test.each([
    // distribution: an absolute Location with the signed _state in the query
    [
      `${base}/v2/a/blobs/uploads/`,
      `${base}/v2/a/blobs/uploads/u-1?_state=xyz%3D`,
      `${base}/v2/a/blobs/uploads/u-1?_state=xyz%3D&digest=sha256%3A${'ab'.repeat(32)}`
    ],
    // a relative Location resolves against the request
    [
      `${base}/v2/a/blobs/uploads/`,
      '/v2/a/blobs/uploads/u-2',
      `${base}/v2/a/blobs/uploads/u-2?digest=sha256%3A${'ab'.repeat(32)}`
    ],
    // uploads may live on another host (a storage front end)
    [
      'https://ghcr.io/v2/a/blobs/uploads/',
      'https://uploads.example.com/session/3?token=t',
      `https://uploads.example.com/session/3?token=t&digest=sha256%3A${'ab'.repeat(32)}`
    ]
  ])('upload completion for Location %s', (request, location, expected) => {
    expect(uploadCompleteUrl(request, location, DIGEST)).toBe(expected)
  })
})

describe('mergeScopes', () => {
  test.each([
    [[], []],
    [['repository:a:pull,push', 'repository:a:pull'], ['repository:a:pull,push']],
    [['repository:a:pull', 'repository:a:push'], ['repository:a:pull,push']],
    [
      ['repository:team/a:pull,push', 'repository:team/b:pull', 'repository:team/a:pull'],
      ['repository:team/a:pull,push', 'repository:team/b:pull']
    ],
    [['registry:catalog:*', 'registry:catalog:*'], ['registry:catalog:*']],
    [
      ['odd', 'odd', 'repository:a:'],
      ['odd', 'repository:a']
    ]
  ])('%j → %j', (scopes, expected) => {
    expect(mergeScopes(scopes)).toEqual(expected)
  })
})
