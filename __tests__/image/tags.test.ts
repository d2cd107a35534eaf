import { UserError } from '../../src/ground/errors.js'
import { deriveTags, ociLabels, resolveTags, sanitiseTag } from '../../src/image/tags.js'
import type { GitContext } from '../../src/ground/git-context.js'

const git = (over: Partial<GitContext>): GitContext => ({
  ref: '',
  sha: '0123456789abcdef0123456789abcdef01234567',
  eventName: 'push',
  prNumber: null,
  repository: 'acme/api',
  serverUrl: 'https://github.com',
  ...over
})

describe('deriveTags', () => {
  test.each<[Partial<GitContext>, string[], string | null]>([
    [{ ref: 'refs/tags/v1.2.3' }, ['1.2.3', '1.2', '1', 'latest'], '1.2.3'],
    [{ ref: 'refs/tags/1.2.3' }, ['1.2.3', '1.2', '1', 'latest'], '1.2.3'],
    [{ ref: 'refs/tags/v0.4.0' }, ['0.4.0', '0.4', '0', 'latest'], '0.4.0'],
    [{ ref: 'refs/tags/v1.2.3+build.5' }, ['1.2.3', '1.2', '1', 'latest'], '1.2.3'],
    [{ ref: 'refs/tags/v1.2.3-rc.1' }, ['1.2.3-rc.1'], '1.2.3-rc.1'],
    [{ ref: 'refs/tags/v2.0.0-beta' }, ['2.0.0-beta'], '2.0.0-beta'],
    [{ ref: 'refs/tags/v1.2' }, ['v1.2'], 'v1.2'],
    [{ ref: 'refs/tags/Release/Spring' }, ['release-spring'], 'release-spring'],
    [{ ref: 'refs/heads/main' }, ['main', 'sha-0123456'], 'main'],
    [
      { ref: 'refs/heads/feature/Login-Page' },
      ['feature-login-page', 'sha-0123456'],
      'feature-login-page'
    ],
    [{ ref: 'refs/heads/fix#12@home' }, ['fix-12-home', 'sha-0123456'], 'fix-12-home'],
    [{ ref: 'refs/pull/42/merge', eventName: 'pull_request' }, ['pr-42'], 'pr-42'],
    [{ ref: 'refs/pull/7/head' }, ['pr-7'], 'pr-7'],
    [{ ref: '', eventName: 'pull_request_target', prNumber: 9 }, ['pr-9'], 'pr-9'],
    [{ ref: '' }, ['sha-0123456'], null],
    [{ ref: '', sha: '' }, ['latest'], null]
  ])('%j', (over, tags, version) => {
    expect(deriveTags(git(over))).toEqual({ tags, version })
  })

  test('a long branch name is cut to 128 characters', () => {
    const tags = deriveTags(git({ ref: `refs/heads/${'x'.repeat(300)}` })).tags
    expect(tags[0]).toHaveLength(128)
  })
})

describe('sanitiseTag', () => {
  test.each([
    ['Main', 'main'],
    ['a/b/c', 'a-b-c'],
    ['.hidden', 'hidden'],
    ['-x', 'x'],
    ['ünïcode', 'n-code']
  ])('%s → %s', (input, output) => {
    expect(sanitiseTag(input)).toBe(output)
  })
})

describe('resolveTags', () => {
  const tagRef = git({ ref: 'refs/tags/v1.2.3' })
  test.each<[string, string[], GitContext, string[]]>([
    [
      'ghcr.io/acme/api',
      [],
      tagRef,
      ['1.2.3', '1.2', '1', 'latest'].map((t) => `ghcr.io/acme/api:${t}`)
    ],
    ['acme/api', ['edge'], tagRef, ['acme/api:edge']],
    [
      'acme/api',
      ['ghcr.io/acme/api:1.2.3', 'docker.io/acme/api:1.2.3', '1.2.3', 'ghcr.io/acme/api:1.2.3'],
      tagRef,
      ['ghcr.io/acme/api:1.2.3', 'docker.io/acme/api:1.2.3', 'acme/api:1.2.3']
    ],
    ['127.0.0.1:5000/app', ['127.0.0.1:5000/app'], tagRef, ['127.0.0.1:5000/app:latest']],
    ['app', [' v1 ', ''], tagRef, ['app:v1']]
  ])('%s %j', (image, given, context, expected) => {
    expect(resolveTags(image, given, context)).toEqual(expected)
  })

  test.each<[string, string[], RegExp]>([
    ['Acme/API', [], /lowercase|registry host/],
    ['acme/api', ['bad tag'], /not a valid/],
    ['acme/api', ['v1\nRUN x'], /control character/],
    ['acme/api', ['acme/api:'], /not a valid tag/],
    ['acme/api', ['acme/api@sha256:00'], /digest/]
  ])('%s %j is rejected', (image, given, why) => {
    expect(() => resolveTags(image, given, tagRef)).toThrow(UserError)
    expect(() => resolveTags(image, given, tagRef)).toThrow(why)
  })
})

describe('ociLabels', () => {
  test('filled from the context', () => {
    expect(ociLabels(git({ ref: 'refs/tags/v1.2.3' }), 'ghcr.io/acme/api', 1700000000, {})).toEqual(
      {
        'org.opencontainers.image.source': 'https://github.com/acme/api',
        'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
        'org.opencontainers.image.version': '1.2.3',
        'org.opencontainers.image.created': '2023-11-14T22:13:20.000Z',
        'org.opencontainers.image.title': 'api'
      }
    )
  })
  test('given labels win; unknown values are left out', () => {
    const labels = ociLabels(
      { ref: '', sha: '', eventName: '', prNumber: null, repository: '', serverUrl: '' },
      'ghcr.io/acme/tool',
      0,
      { 'org.opencontainers.image.title': 'Mine', extra: 'x' }
    )
    expect(labels).toEqual({
      'org.opencontainers.image.created': '1970-01-01T00:00:00.000Z',
      'org.opencontainers.image.title': 'Mine',
      extra: 'x'
    })
  })
})
