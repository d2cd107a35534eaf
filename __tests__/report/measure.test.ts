import { blobArchivePath } from '../../src/ground/blob-path.js'
import {
  chooseManifest,
  isCompressed,
  ManifestError,
  parseManifest,
  parseSaveManifest,
  parseSaveManifests,
  configPlatform,
  pinnedReference,
  pullSizeOf,
  savedImageOf,
  type IndexEntry
} from '../../src/report/measure-manifest.js'
import {
  applyPending,
  headerChecksum,
  normalizeTarPath,
  paddedSize,
  parseNumber,
  parsePaxRecords,
  parseTarHeader,
  readExtended,
  resolveEntry,
  TarFormatError,
  type TarEntry
} from '../../src/ground/tar-format.js'

interface HeaderFields {
  name?: string
  size?: string | number[]
  type?: number
  linkname?: string
  /** 6 bytes at 257 and 2 at 263: POSIX `ustar\0` + `00`, GNU `ustar ` + ` \0`. */
  format?: 'posix' | 'gnu' | 'v7'
  prefix?: string
  /** Overrides the computed checksum field. */
  checksum?: string
}

/** A 512-byte header laid out by hand, so each field's parsing is tested on its own. */
function header(fields: HeaderFields): Uint8Array {
  const block = Buffer.alloc(512)
  block.write(fields.name ?? 'file', 0, 'utf8')
  block.write('0000644\0', 100, 'latin1')
  const size = fields.size ?? '00000000012\0'
  if (typeof size === 'string') block.write(size, 124, 'latin1')
  else Buffer.from(size).copy(block, 124)
  block[156] = fields.type ?? 0x30
  block.write(fields.linkname ?? '', 157, 'utf8')
  const format = fields.format ?? 'posix'
  if (format === 'posix') {
    block.write('ustar\0', 257, 'latin1')
    block.write('00', 263, 'latin1')
  } else if (format === 'gnu') {
    block.write('ustar  \0', 257, 'latin1')
  }
  block.write(fields.prefix ?? '', 345, 'utf8')
  const checksum = fields.checksum ?? `${headerChecksum(block).toString(8).padStart(6, '0')}\0 `
  block.write(checksum, 148, 'latin1')
  return block
}

describe('parseTarHeader', () => {
  test.each<[string, HeaderFields, { name: string; type: string; size: number; linkname: string }]>(
    [
      ['a regular file', {}, { name: 'file', type: '0', size: 10, linkname: '' }],
      [
        'the old NUL typeflag is a regular file',
        { type: 0 },
        { name: 'file', type: '0', size: 10, linkname: '' }
      ],
      [
        'size ended by a space instead of NUL',
        { size: '00000001000 ' },
        { name: 'file', type: '0', size: 512, linkname: '' }
      ],
      [
        'size padded with leading spaces (old tars)',
        { size: '        777\0' },
        { name: 'file', type: '0', size: 511, linkname: '' }
      ],
      [
        'size in base-256 (8 GiB and more)',
        { size: [0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0x05] },
        { name: 'file', type: '0', size: 2 * 2 ** 32 + 5, linkname: '' }
      ],
      [
        'POSIX ustar joins prefix and name',
        { name: 'layer.tar', prefix: 'blobs/sha256/abc' },
        { name: 'blobs/sha256/abc/layer.tar', type: '0', size: 10, linkname: '' }
      ],
      [
        'GNU headers have no prefix field (those bytes are times)',
        { name: 'layer.tar', prefix: 'junk', format: 'gnu' },
        { name: 'layer.tar', type: '0', size: 10, linkname: '' }
      ],
      [
        'v7 headers (no magic) have no prefix either',
        { name: 'x', prefix: 'junk', format: 'v7' },
        { name: 'x', type: '0', size: 10, linkname: '' }
      ],
      [
        'a symbolic link with its target',
        {
          name: 'abc/layer.tar',
          type: 0x32,
          linkname: '../blobs/sha256/abc',
          size: '00000000000\0'
        },
        { name: 'abc/layer.tar', type: '2', size: 0, linkname: '../blobs/sha256/abc' }
      ],
      [
        'a directory',
        { name: 'abc/', type: 0x35, size: '00000000000\0' },
        { name: 'abc/', type: '5', size: 0, linkname: '' }
      ],
      [
        'a 100-character name fills the field without a NUL',
        { name: 'n'.repeat(100) },
        { name: 'n'.repeat(100), type: '0', size: 10, linkname: '' }
      ],
      [
        'an empty size field is zero',
        { size: '\0'.repeat(12) },
        { name: 'file', type: '0', size: 0, linkname: '' }
      ]
    ]
  )('%s', (_what, fields, expected) => {
    expect(parseTarHeader(header(fields))).toEqual({ kind: 'header', header: expected })
  })

  test('an all-zero block is the end of the archive', () => {
    expect(parseTarHeader(new Uint8Array(512))).toEqual({ kind: 'end' })
  })

  test.each<[string, Uint8Array, RegExp]>([
    ['a short block', new Uint8Array(100), /needs 512 bytes.*after 100/],
    ['a wrong checksum', header({ checksum: '0000001\0' }), /checksum does not match/],
    ['text that is not tar', Buffer.alloc(512, 'hello world '), /checksum|octal/],
    [
      'a size with a non-octal digit',
      header({ size: '00000000089\0' }),
      /size of "file".*not an octal/
    ],
    [
      'a negative base-256 size',
      header({ size: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe] }),
      /negative/
    ],
    [
      'a base-256 size beyond 2^53',
      header({ size: [0x80, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0] }),
      /too large/
    ]
  ])('%s is a TarFormatError', (_what, block, message) => {
    expect(() => parseTarHeader(block)).toThrow(TarFormatError)
    expect(() => parseTarHeader(block)).toThrow(message)
  })
})

describe('parseNumber', () => {
  test.each<[string, number]>([
    ['0000644\0', 0o644],
    ['17777777777\0', 0o17777777777],
    ['77777777777 ', 0o77777777777],
    ['  12 \0', 10],
    ['\0\0\0\0', 0],
    ['        ', 0]
  ])('%j → %d', (field, value) => {
    expect(parseNumber(Buffer.from(field, 'latin1'), 'field')).toBe(value)
  })
})

describe('paddedSize', () => {
  test.each([
    [0, 0],
    [1, 512],
    [512, 512],
    [513, 1024],
    [19456, 19456]
  ])('%d → %d', (size, padded) => {
    expect(paddedSize(size)).toBe(padded)
  })
})

function pax(...records: [string, string][]): Buffer {
  return Buffer.from(
    records
      .map(([key, value]) => {
        const body = ` ${key}=${value}\n`
        // The length counts its own digits: grow until it is stable.
        const bytes = (text: string) => Buffer.byteLength(text, 'utf8')
        let length = bytes(body) + 1
        while (bytes(`${length}${body}`) !== length) length = bytes(`${length}${body}`)
        return `${length}${body}`
      })
      .join(''),
    'utf8'
  )
}

describe('parsePaxRecords', () => {
  test('path, size and a value holding = and spaces', () => {
    const data = pax(
      ['path', 'blobs/sha256/' + 'a'.repeat(200)],
      ['size', '12345'],
      ['comment', 'a = b c']
    )
    expect(Object.fromEntries(parsePaxRecords(data))).toEqual({
      path: 'blobs/sha256/' + 'a'.repeat(200),
      size: '12345',
      comment: 'a = b c'
    })
  })

  test('multi-byte UTF-8 in a value: the length counts bytes', () => {
    expect(parsePaxRecords(pax(['path', 'zoneinfo/Amérique/Cayenne'])).get('path')).toBe(
      'zoneinfo/Amérique/Cayenne'
    )
  })

  test('NUL padding after the last record is ignored', () => {
    const data = Buffer.concat([pax(['path', 'x']), Buffer.alloc(20)])
    expect(parsePaxRecords(data).get('path')).toBe('x')
  })

  test.each<[string, string]>([
    ['a length that runs past the data', '99 path=x\n'],
    ['no length', 'path=x\n'],
    ['a length shorter than its own digits', '1 path=x\n'],
    ['a record without =', '9 pathx\n\n'],
    ['a record not ended by a newline', '9 path=xy']
  ])('%s is a TarFormatError', (_what, text) => {
    expect(() => parsePaxRecords(Buffer.from(text))).toThrow(TarFormatError)
  })
})

describe('extended headers', () => {
  const base = { name: 'short', type: '0', size: 3, linkname: '' }

  test.each<[string, string, Buffer, object]>([
    [
      'GNU long name (L)',
      'L',
      Buffer.from('a/'.repeat(80) + 'layer.tar\0'),
      { name: 'a/'.repeat(80) + 'layer.tar' }
    ],
    ['GNU long link (K)', 'K', Buffer.from('t'.repeat(150) + '\0'), { linkname: 't'.repeat(150) }],
    [
      'PAX path and size',
      'x',
      pax(['path', 'long/' + 'p'.repeat(120)], ['size', '9000000000']),
      { name: 'long/' + 'p'.repeat(120), size: 9_000_000_000 }
    ],
    [
      'PAX linkpath',
      'x',
      pax(['linkpath', '../blobs/sha256/x']),
      { linkname: '../blobs/sha256/x' }
    ],
    ['a global PAX header changes nothing here', 'g', pax(['path', 'ignored']), {}]
  ])('%s', (_what, type, data, changed) => {
    expect(applyPending(base, readExtended(type, data, {}))).toEqual({ ...base, ...changed })
  })

  test('a PAX size that is not a number is an error', () => {
    expect(() => readExtended('x', pax(['size', '12ab']), {})).toThrow(/PAX size "12ab"/)
  })

  test('a long name and a later PAX size both apply to the same entry', () => {
    const pending = readExtended(
      'x',
      pax(['size', '7']),
      readExtended('L', Buffer.from('long\0'), {})
    )
    expect(applyPending(base, pending)).toEqual({ ...base, name: 'long', size: 7 })
  })
})

describe('normalizeTarPath', () => {
  test.each([
    ['manifest.json', 'manifest.json'],
    ['./manifest.json', 'manifest.json'],
    ['/abc/layer.tar', 'abc/layer.tar'],
    ['abc/', 'abc'],
    ['./', ''],
    ['abc/../blobs/sha256/x', 'blobs/sha256/x'],
    ['a//b', 'a/b']
  ])('%j → %j', (path, normal) => {
    expect(normalizeTarPath(path)).toBe(normal)
  })
})

describe('resolveEntry', () => {
  const entry = (name: string, type: string, linkname = '', size = 0): [string, TarEntry] => [
    name,
    { name, type, size, linkname, offset: 0 }
  ]
  const entries = new Map<string, TarEntry>([
    entry('blobs/sha256/aa', '0', '', 100),
    entry('blobs/sha256/cc', '7', '', 5),
    entry('abc/layer.tar', '2', '../blobs/sha256/aa'),
    entry('abs/layer.tar', '2', '/blobs/sha256/aa'),
    entry('hard/layer.tar', '1', 'blobs/sha256/aa'),
    entry('chain/layer.tar', '2', '../abc/layer.tar'),
    entry('loop/a', '2', 'b'),
    entry('loop/b', '2', 'a'),
    entry('dir', '5'),
    entry('to-dir', '2', 'dir'),
    entry('dangling', '2', 'nowhere')
  ])

  test.each<[string, string | null]>([
    ['blobs/sha256/aa', 'blobs/sha256/aa'],
    ['./blobs/sha256/aa', 'blobs/sha256/aa'],
    ['blobs/sha256/cc', 'blobs/sha256/cc'],
    ['abc/layer.tar', 'blobs/sha256/aa'],
    ['abs/layer.tar', 'blobs/sha256/aa'],
    ['hard/layer.tar', 'blobs/sha256/aa'],
    ['chain/layer.tar', 'blobs/sha256/aa'],
    ['loop/a', null],
    ['dir', null],
    ['to-dir', null],
    ['dangling', null],
    ['missing', null]
  ])('%s → %s', (path, target) => {
    expect(resolveEntry(entries, path)?.name ?? null).toBe(target)
  })
})

const DIGEST_A = `sha256:${'a'.repeat(64)}`
const DIGEST_B = `sha256:${'b'.repeat(64)}`
const DIGEST_C = `sha256:${'c'.repeat(64)}`

describe('parseManifest', () => {
  test('a Docker v2 schema 2 manifest, as buildx pushes it', () => {
    const text = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: 611,
        digest: DIGEST_A
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: 3827,
          digest: DIGEST_B
        }
      ]
    })
    const manifest = parseManifest(text)
    expect(manifest).toEqual({
      kind: 'manifest',
      config: {
        digest: DIGEST_A,
        size: 611,
        mediaType: 'application/vnd.docker.container.image.v1+json'
      },
      layers: [
        {
          digest: DIGEST_B,
          size: 3827,
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip'
        }
      ]
    })
    expect(manifest.kind === 'manifest' && pullSizeOf(manifest)).toBe(611 + 3827)
  })

  test('an OCI manifest without mediaType, several layers', () => {
    const manifest = parseManifest(
      JSON.stringify({
        schemaVersion: 2,
        config: { size: 500, digest: DIGEST_A },
        layers: [
          { size: 10, digest: DIGEST_B },
          { size: 20, digest: DIGEST_C },
          { size: 30, digest: DIGEST_B }
        ]
      })
    )
    expect(manifest.kind).toBe('manifest')
    if (manifest.kind === 'manifest') {
      expect(pullSizeOf(manifest)).toBe(560)
      expect(savedImageOf(manifest)).toEqual({
        config: `blobs/sha256/${'a'.repeat(64)}`,
        layers: [
          `blobs/sha256/${'b'.repeat(64)}`,
          `blobs/sha256/${'c'.repeat(64)}`,
          `blobs/sha256/${'b'.repeat(64)}`
        ]
      })
    }
  })

  test('an index with an image and its provenance attestation', () => {
    const manifest = parseManifest(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: DIGEST_A,
            size: 480,
            platform: { architecture: 'amd64', os: 'linux' }
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: DIGEST_B,
            size: 566,
            annotations: {
              'vnd.docker.reference.digest': DIGEST_A,
              'vnd.docker.reference.type': 'attestation-manifest'
            },
            platform: { architecture: 'unknown', os: 'unknown' }
          }
        ]
      })
    )
    expect(manifest).toEqual({
      kind: 'index',
      manifests: [
        {
          digest: DIGEST_A,
          size: 480,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          os: 'linux',
          architecture: 'amd64',
          attestation: false
        },
        {
          digest: DIGEST_B,
          size: 566,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          os: 'unknown',
          architecture: 'unknown',
          attestation: true
        }
      ]
    })
  })

  test.each<[string, string, RegExp]>([
    ['not JSON', '<html>', /is not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['schema 1', JSON.stringify({ schemaVersion: 1, fsLayers: [] }), /schema 1/],
    [
      'no layers',
      JSON.stringify({ schemaVersion: 2, config: { size: 1, digest: DIGEST_A } }),
      /neither layers nor manifests/
    ],
    [
      'a layer without size',
      JSON.stringify({ config: { size: 1, digest: DIGEST_A }, layers: [{ digest: DIGEST_B }] }),
      /layers\[0\] has no size/
    ],
    [
      'a negative size',
      JSON.stringify({ config: { size: -1, digest: DIGEST_A }, layers: [] }),
      /config has no size/
    ],
    [
      'a fractional size',
      JSON.stringify({ config: { size: 1.5, digest: DIGEST_A }, layers: [] }),
      /config has no size/
    ],
    [
      'a bad digest',
      JSON.stringify({ config: { size: 1, digest: 'nope' }, layers: [] }),
      /config has no valid digest/
    ],
    ['no config', JSON.stringify({ layers: [] }), /config is not an object/]
  ])('%s is a ManifestError', (_what, text, message) => {
    expect(() => parseManifest(text, 'm')).toThrow(ManifestError)
    expect(() => parseManifest(text, 'm')).toThrow(message)
  })
})

describe('chooseManifest', () => {
  const entry = (digest: string, over: Partial<IndexEntry> = {}): IndexEntry => ({
    digest,
    size: 1,
    mediaType: '',
    os: 'linux',
    architecture: 'amd64',
    attestation: false,
    ...over
  })

  test.each<[string, IndexEntry[], string | null]>([
    [
      'linux/amd64 among others',
      [entry(DIGEST_A, { architecture: 'arm64' }), entry(DIGEST_B)],
      DIGEST_B
    ],
    [
      'attestation listed first',
      [
        entry(DIGEST_A, { attestation: true, os: 'unknown', architecture: 'unknown' }),
        entry(DIGEST_B)
      ],
      DIGEST_B
    ],
    [
      'a lone entry without platform (docker save index.json)',
      [entry(DIGEST_C, { os: null, architecture: null })],
      DIGEST_C
    ],
    ['only arm64', [entry(DIGEST_A, { architecture: 'arm64' })], null],
    [
      'two entries without platform: ambiguous',
      [
        entry(DIGEST_A, { os: null, architecture: null }),
        entry(DIGEST_B, { os: null, architecture: null })
      ],
      null
    ],
    ['only an attestation', [entry(DIGEST_A, { attestation: true })], null],
    ['empty', [], null]
  ])('%s', (_what, manifests, digest) => {
    expect(chooseManifest(manifests)?.digest ?? null).toBe(digest)
  })
})

describe('pinnedReference', () => {
  test.each([
    ['127.0.0.1:5000/acme/api:1.2.3', '127.0.0.1:5000/acme/api'],
    ['127.0.0.1:5000/acme/api', '127.0.0.1:5000/acme/api'],
    ['ghcr.io/acme/api:latest', 'ghcr.io/acme/api'],
    ['acme/api:v1', 'acme/api'],
    ['api', 'api'],
    ['localhost:5000/api', 'localhost:5000/api'],
    [`ghcr.io/acme/api:1@${DIGEST_B}`, 'ghcr.io/acme/api']
  ])('%s → %s@digest', (tag, repository) => {
    expect(pinnedReference(tag, DIGEST_A)).toBe(`${repository}@${DIGEST_A}`)
  })
})

describe('docker save manifest.json', () => {
  test('legacy layout', () => {
    const id = 'f'.repeat(64)
    const text = JSON.stringify([
      { Config: `${id}.json`, RepoTags: ['x:1'], Layers: [`${'1'.repeat(64)}/layer.tar`] }
    ])
    expect(parseSaveManifest(text)).toEqual({
      config: `${id}.json`,
      layers: [`${'1'.repeat(64)}/layer.tar`]
    })
  })

  test('OCI layout (Docker 25+): blob paths, no tags for an image saved by id', () => {
    const text = JSON.stringify([
      { Config: blobArchivePath(DIGEST_A), RepoTags: null, Layers: [blobArchivePath(DIGEST_B)] }
    ])
    expect(parseSaveManifest(text)).toEqual({
      config: `blobs/sha256/${'a'.repeat(64)}`,
      layers: [`blobs/sha256/${'b'.repeat(64)}`]
    })
  })

  test.each([
    ['not JSON', '{'],
    ['not a list', '{}'],
    [
      'two images',
      JSON.stringify([
        { Config: 'a', Layers: [] },
        { Config: 'b', Layers: [] }
      ])
    ],
    ['no config', JSON.stringify([{ Layers: [] }])],
    ['layers not strings', JSON.stringify([{ Config: 'a', Layers: [1] }])]
  ])('%s is a ManifestError', (_what, text) => {
    expect(() => parseSaveManifest(text)).toThrow(ManifestError)
  })
})

describe('several saved images (an index archive)', () => {
  test('parseSaveManifests keeps every entry in order', () => {
    const text = JSON.stringify([
      { Config: 'blobs/sha256/a', RepoTags: ['app:1'], Layers: ['blobs/sha256/l1'] },
      { Config: 'blobs/sha256/b', RepoTags: [], Layers: ['blobs/sha256/l2'] }
    ])
    expect(parseSaveManifests(text)).toEqual([
      { config: 'blobs/sha256/a', layers: ['blobs/sha256/l1'] },
      { config: 'blobs/sha256/b', layers: ['blobs/sha256/l2'] }
    ])
  })
  test.each([
    ['empty', '[]'],
    ['an entry not an object', '[1]']
  ])('%s is a ManifestError', (_what, text) => {
    expect(() => parseSaveManifests(text)).toThrow(ManifestError)
  })
  test.each<[string, string, { os: string | null; architecture: string | null }]>([
    [
      'arm64',
      '{"architecture":"arm64","os":"linux","variant":"v8"}',
      { os: 'linux', architecture: 'arm64' }
    ],
    ['silent', '{}', { os: null, architecture: null }]
  ])('configPlatform: %s', (_what, text, platform) => {
    expect(configPlatform(text)).toEqual(platform)
  })
  test('configPlatform of something else is a ManifestError', () => {
    expect(() => configPlatform('[]')).toThrow(ManifestError)
  })
})

describe('isCompressed', () => {
  test.each<[string, number[], boolean]>([
    ['gzip', [0x1f, 0x8b, 0x08, 0x00], true],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd], true],
    ['a tar header', [0x62, 0x69, 0x6e, 0x2f], false],
    ['too short to tell', [0x1f], false],
    ['empty', [], false]
  ])('%s', (_what, bytes, compressed) => {
    expect(isCompressed(Uint8Array.from(bytes))).toBe(compressed)
  })
})
