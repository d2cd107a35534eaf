import { UserError } from '../../../src/ground/errors.js'
import {
  credentialsFromEntry,
  credentialsFromHelper,
  describeCredentials,
  dockerConfigPath,
  findAuthEntry,
  helperFor,
  hostnameOf,
  isHelperNotFound,
  parseDockerConfig,
  serverAddressFor,
  type DockerConfig
} from '../../../src/image/registry/credentials.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

function config(json: unknown): DockerConfig {
  return parseDockerConfig(JSON.stringify(json), '/c/config.json')
}

describe('dockerConfigPath', () => {
  test.each([
    [{ DOCKER_CONFIG: '/run/dc' }, '/run/dc/config.json'],
    [{ DOCKER_CONFIG: '' }, '/home/u/.docker/config.json'],
    [{}, '/home/u/.docker/config.json']
  ])('%j', (env, expected) => {
    expect(dockerConfigPath(env, '/home/u')).toBe(expected)
  })
})

describe('parseDockerConfig', () => {
  test('keeps the fields that matter and ignores the rest', () => {
    expect(
      config({
        auths: { 'ghcr.io': { auth: 'eA==', email: 'x' }, bad: 'nope' },
        credHelpers: { 'gcr.io': 'gcloud', bad: 1 },
        credsStore: 'desktop',
        psFormat: 'table'
      })
    ).toEqual({
      auths: {
        'ghcr.io': {
          auth: 'eA==',
          username: undefined,
          password: undefined,
          identitytoken: undefined,
          registrytoken: undefined
        }
      },
      credHelpers: { 'gcr.io': 'gcloud' },
      credsStore: 'desktop'
    })
  })
  test.each(['{', '[]', 'null'])('%j is refused with the path', (text) => {
    expect(() => parseDockerConfig(text, '/c/config.json')).toThrow(UserError)
    expect(() => parseDockerConfig(text, '/c/config.json')).toThrow('/c/config.json')
  })
})

describe('hostnameOf (docker ConvertToHostname)', () => {
  test.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://127.0.0.1:5000/v2/', '127.0.0.1:5000'],
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['HTTPS://Registry.Example.com', 'registry.example.com']
  ])('%s → %s', (key, host) => {
    expect(hostnameOf(key)).toBe(host)
  })
})

describe('serverAddressFor', () => {
  test.each([
    ['docker.io', 'https://index.docker.io/v1/'],
    ['index.docker.io', 'https://index.docker.io/v1/'],
    ['registry-1.docker.io', 'https://index.docker.io/v1/'],
    ['ghcr.io', 'ghcr.io'],
    ['127.0.0.1:5000', '127.0.0.1:5000']
  ])('%s → %s', (registry, address) => {
    expect(serverAddressFor(registry)).toBe(address)
  })
})

describe('findAuthEntry: which auths key serves a registry', () => {
  const auths = (keys: string[]): DockerConfig =>
    config({ auths: Object.fromEntries(keys.map((k) => [k, { auth: b64(`u-${k}:p`) }])) })
  test.each([
    [['127.0.0.1:5000'], '127.0.0.1:5000', '127.0.0.1:5000'],
    [['http://127.0.0.1:5000'], '127.0.0.1:5000', 'http://127.0.0.1:5000'],
    [['https://127.0.0.1:5000/v2/'], '127.0.0.1:5000', 'https://127.0.0.1:5000/v2/'],
    [['127.0.0.1:5001'], '127.0.0.1:5000', null],
    [['127.0.0.1'], '127.0.0.1:5000', null],
    [['https://ghcr.io', 'ghcr.io'], 'ghcr.io', 'ghcr.io'],
    [['https://index.docker.io/v1/'], 'docker.io', 'https://index.docker.io/v1/'],
    [['docker.io'], 'docker.io', 'docker.io'],
    [['index.docker.io'], 'docker.io', 'index.docker.io'],
    [['ghcr.io'], 'docker.io', null],
    [['https://index.docker.io/v1/'], 'ghcr.io', null]
  ])('keys %j, registry %s → %j', (keys, registry, expected) => {
    expect(findAuthEntry(auths(keys), registry)?.[0] ?? null).toBe(expected)
  })
})

describe('helperFor: credHelpers before credsStore', () => {
  test.each([
    [{}, 'ghcr.io', null],
    [{ credsStore: 'desktop' }, 'ghcr.io', 'desktop'],
    [{ credsStore: 'desktop', credHelpers: { 'ghcr.io': 'gh' } }, 'ghcr.io', 'gh'],
    [{ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }, 'ghcr.io', 'desktop'],
    [{ credHelpers: { 'https://index.docker.io/v1/': 'hub' } }, 'docker.io', 'hub'],
    [{ credHelpers: { '127.0.0.1:5000': 'local' } }, '127.0.0.1:5000', 'local'],
    [{ credHelpers: { '127.0.0.1:5000': '' }, credsStore: 'desktop' }, '127.0.0.1:5000', 'desktop']
  ])('%j for %s → %j', (json, registry, expected) => {
    expect(helperFor(config(json), registry)).toBe(expected)
  })
})

describe('credentialsFromEntry', () => {
  test.each([
    [{}, null],
    [{ auth: b64('alice:s3cret') }, { kind: 'basic', username: 'alice', password: 's3cret' }],
    [{ auth: b64('alice:pa:ss') }, { kind: 'basic', username: 'alice', password: 'pa:ss' }],
    [{ auth: b64('no-colon') }, null],
    [
      { username: 'bob', password: 'pw' },
      { kind: 'basic', username: 'bob', password: 'pw' }
    ],
    [
      { auth: b64('alice:'), identitytoken: 'refresh' },
      { kind: 'identity-token', token: 'refresh', username: 'alice' }
    ],
    [{ identitytoken: 'refresh' }, { kind: 'identity-token', token: 'refresh', username: null }],
    [{ registrytoken: 'bearer' }, { kind: 'registry-token', token: 'bearer' }]
  ])('%j', (entry, expected) => {
    expect(credentialsFromEntry(entry)).toEqual(expected)
  })
})

describe('credentialsFromHelper', () => {
  test.each([
    [
      '{"ServerURL":"ghcr.io","Username":"alice","Secret":"pw"}',
      { kind: 'basic', username: 'alice', password: 'pw' }
    ],
    [
      '{"ServerURL":"x","Username":"<token>","Secret":"refresh"}',
      { kind: 'identity-token', token: 'refresh', username: null }
    ],
    ['{"Username":"alice","Secret":""}', null],
    ['credentials not found in native keychain', null],
    ['[]', null]
  ])('%j', (stdout, expected) => {
    expect(credentialsFromHelper(stdout)).toEqual(expected)
  })
})

describe('isHelperNotFound', () => {
  test.each([
    ['credentials not found in native keychain', true],
    ['error getting credentials - err: exit status 1, out: `no credentials server URL`', true],
    ['exec: "pass": executable file not found in $PATH', false]
  ])('%j → %s', (output, expected) => {
    expect(isHelperNotFound(output)).toBe(expected)
  })
})

describe('describeCredentials never shows a secret', () => {
  test.each([
    [{ kind: 'basic', username: 'alice', password: 'SECRET' } as const, /user "alice" from here/],
    [{ kind: 'identity-token', token: 'SECRET', username: null } as const, /identity token/],
    [{ kind: 'registry-token', token: 'SECRET' } as const, /registry token/],
    [null, /no credentials \(here\)/]
  ])('%j', (credentials, expected) => {
    const text = describeCredentials({ credentials, origin: 'here' })
    expect(text).toMatch(expected)
    expect(text).not.toContain('SECRET')
  })
})
