import { LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import { loadNames, taggedPlatform } from '../../src/image/oci-index.js'
import { imageIndex, sha256Digest } from '../../src/image/oci/config.js'

const both = [LINUX_AMD64, LINUX_ARM64]
const s390x: Platform = { os: 'linux', architecture: 's390x', variant: null }

test.each<[string, readonly Platform[], Platform | null, number]>([
  ['an amd64 engine takes amd64', both, LINUX_AMD64, 0],
  ['an arm64 engine takes arm64', both, LINUX_ARM64, 1],
  ['arm64 first on an amd64 engine', [LINUX_ARM64, LINUX_AMD64], LINUX_AMD64, 1],
  ['an engine of none of them: the primary', both, s390x, 0],
  ['an engine that does not say: the primary', [LINUX_ARM64, LINUX_AMD64], null, 0]
])('taggedPlatform: %s', (_, platforms, engine, index) => {
  expect(taggedPlatform(platforms, engine)).toBe(index)
})

test.each<[string, boolean, (readonly string[] | null)[]]>([
  ['smoke asked: the other one under a temporary name', true, [['app:1'], ['tmp:arm64']]],
  ['no smoke: only the tagged one is loaded', false, [['app:1'], null]]
])('loadNames: %s', (_, smoke, names) => {
  expect(loadNames(both, 0, ['app:1'], smoke, (p) => `tmp:${p.architecture}`)).toEqual(names)
})

describe('imageIndex', () => {
  const manifest = (n: string): { mediaType: string; digest: string; size: number } => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${n.repeat(64)}`,
    size: 400
  })
  const images = [
    { manifest: manifest('a'), platform: LINUX_AMD64 },
    { manifest: manifest('b'), platform: LINUX_ARM64 }
  ]

  test('an OCI index with each entry`s platform, in the given order', () => {
    expect(JSON.parse(imageIndex(images).toString('utf8'))).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { ...manifest('a'), platform: { architecture: 'amd64', os: 'linux' } },
        { ...manifest('b'), platform: { architecture: 'arm64', os: 'linux' } }
      ]
    })
  })
  test('the same images give the same bytes; a variant is written when there is one', () => {
    expect(sha256Digest(imageIndex(images))).toBe(sha256Digest(imageIndex([...images])))
    const v8 = imageIndex([
      { manifest: manifest('b'), platform: { ...LINUX_ARM64, variant: 'v8' } }
    ])
    expect(v8.toString('utf8')).toContain('"variant":"v8"')
  })
})
