import { UserError } from '../../src/ground/errors.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import {
  parseImageIndex,
  parseLayoutIndex,
  parseManifestConfig,
  pickPlatforms,
  type IndexEntry
} from '../../src/image/buildx-layout.js'

const digest = (c: string): string => `sha256:${c.repeat(64)}`
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

// index.json as buildx 0.13's OCI exporter wrote it for two tags (dockerd 26.1).
const twoTags = JSON.stringify({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: ['t', 't2'].map((tag) => ({
    mediaType: OCI_INDEX,
    digest: digest('a'),
    size: 645,
    annotations: {
      'io.containerd.image.name': `docker.io/library/x:${tag}`,
      'org.opencontainers.image.ref.name': tag
    }
  }))
})

describe('parseLayoutIndex', () => {
  test('one index named once per tag', () => {
    expect(parseLayoutIndex(twoTags)).toEqual({
      mediaType: OCI_INDEX,
      digest: digest('a'),
      size: 645
    })
  })
  test.each([
    ['not JSON', 'nope', /not JSON/],
    ['no manifests', '{}', /lists no manifests/],
    ['empty', '{"manifests":[]}', /lists no image/],
    [
      'two images',
      JSON.stringify({
        manifests: [
          { mediaType: OCI_INDEX, digest: digest('a'), size: 1 },
          { mediaType: OCI_INDEX, digest: digest('b'), size: 1 }
        ]
      }),
      /more than one image/
    ],
    [
      'a plain manifest (one platform)',
      JSON.stringify({ manifests: [{ mediaType: OCI_MANIFEST, digest: digest('a'), size: 1 }] }),
      /not an image index/
    ],
    [
      'a digest that is not sha256',
      JSON.stringify({ manifests: [{ mediaType: OCI_INDEX, digest: 'md5:00', size: 1 }] }),
      /no sha256 digest/
    ]
  ])('%s is refused', (_, text, why) => {
    expect(() => parseLayoutIndex(text)).toThrow(UserError)
    expect(() => parseLayoutIndex(text)).toThrow(why)
  })
})

// The image index with provenance: an attestation manifest per platform, platform unknown/unknown.
const withAttestations = JSON.stringify({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: [
    {
      mediaType: OCI_MANIFEST,
      digest: digest('1'),
      size: 565,
      platform: { architecture: 'amd64', os: 'linux' }
    },
    {
      mediaType: OCI_MANIFEST,
      digest: digest('2'),
      size: 565,
      platform: { architecture: 'arm64', os: 'linux' }
    },
    {
      mediaType: OCI_MANIFEST,
      digest: digest('3'),
      size: 840,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: {
        'vnd.docker.reference.digest': digest('1'),
        'vnd.docker.reference.type': 'attestation-manifest'
      }
    }
  ]
})

describe('parseImageIndex and pickPlatforms', () => {
  const entries = parseImageIndex(withAttestations)
  test('platforms and attestations are told apart', () => {
    expect(entries.map((e) => [e.architecture, e.attestation])).toEqual([
      ['amd64', false],
      ['arm64', false],
      ['unknown', true]
    ])
  })
  test('each platform asked for, in the order asked', () => {
    expect(pickPlatforms(entries, [LINUX_ARM64, LINUX_AMD64]).map((e) => e.digest)).toEqual([
      digest('2'),
      digest('1')
    ])
  })
  test('a platform the index lacks is an error naming it', () => {
    const amdOnly: IndexEntry[] = entries.filter((e) => e.architecture !== 'arm64')
    expect(() => pickPlatforms(amdOnly, [LINUX_AMD64, LINUX_ARM64])).toThrow(
      /has no linux\/arm64 image/
    )
  })
  test('an attestation never stands in for a platform', () => {
    const fake = entries.map((e) =>
      e.attestation ? { ...e, architecture: 'arm64', os: 'linux' } : e
    )
    const onlyAttested = fake.filter((e) => e.digest !== digest('2'))
    expect(() => pickPlatforms(onlyAttested, [LINUX_ARM64])).toThrow(/has no linux\/arm64 image/)
  })
})

describe('parseManifestConfig', () => {
  test('the config digest', () => {
    const manifest = { config: { mediaType: 'x', digest: digest('c'), size: 300 }, layers: [] }
    expect(parseManifestConfig(JSON.stringify(manifest))).toBe(digest('c'))
  })
  test.each(['[]', '{}', '{"config":{"digest":"sha256:1","size":1}}'])('%s is refused', (text) => {
    expect(() => parseManifestConfig(text)).toThrow(UserError)
  })
})
