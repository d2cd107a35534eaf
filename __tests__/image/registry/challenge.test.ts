import { bearerChallenge, parseChallenges } from '../../../src/image/registry/challenge.js'

describe('parseChallenges', () => {
  test.each([
    ['', []],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/app:pull,push'
          }
        }
      ]
    ],
    [
      // Two challenges in one header, the first with a comma inside a quoted value.
      'Bearer realm="http://127.0.0.1:1/token",scope="repository:a:pull,push repository:b:pull", Basic realm="x"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'http://127.0.0.1:1/token',
            scope: 'repository:a:pull,push repository:b:pull'
          }
        },
        { scheme: 'basic', params: { realm: 'x' } }
      ]
    ],
    [
      'BEARER Realm = "r" , Service=svc,error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'r', service: 'svc', error: 'insufficient_scope' } }]
    ],
    [
      'Bearer realm="a \\"quoted\\" \\\\ realm"',
      [{ scheme: 'bearer', params: { realm: 'a "quoted" \\ realm' } }]
    ],
    ['Bearer realm="first",realm="second"', [{ scheme: 'bearer', params: { realm: 'first' } }]],
    [
      'Negotiate, Basic realm="b"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'b' } }
      ]
    ],
    [
      'Negotiate dG9rZW4=, Basic realm="b"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'b' } }
      ]
    ],
    ['Bearer realm="unterminated', [{ scheme: 'bearer', params: { realm: 'unterminated' } }]],
    [',, Basic', [{ scheme: 'basic', params: {} }]]
  ])('%j', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected)
  })
})

describe('bearerChallenge', () => {
  test.each([
    ['Basic realm="x"', null],
    ['Bearer service="s"', null],
    ['Bearer realm="r"', { realm: 'r', service: null, scopes: [] }],
    [
      'Basic realm="x", Bearer realm="r",service="s",scope="repository:a:pull repository:b:pull,push"',
      { realm: 'r', service: 's', scopes: ['repository:a:pull', 'repository:b:pull,push'] }
    ]
  ])('%j', (header, expected) => {
    expect(bearerChallenge(parseChallenges(header))).toEqual(expected)
  })
})
