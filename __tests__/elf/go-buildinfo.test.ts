import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import {
  BUILDINFO_MAGIC,
  OLD_GO_NOTE,
  parseModInfo,
  parseSetting,
  quotedPrefix,
  readGoBuildInfo,
  searchForward,
  unframe,
  uvarint
} from '../../src/elf/go-buildinfo.js'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import {
  elfInMemory,
  findingsCorpus,
  type CorpusName,
  type FindingsCorpus
} from '../support/findings-corpus.js'

async function buildInfoOf(path: string): ReturnType<typeof readGoBuildInfo> {
  return readGoBuildInfo(await elfInMemory(path))
}

describe('parseSetting', () => {
  it.each([
    ['CGO_ENABLED=0', ['CGO_ENABLED', '0']],
    ['-tags=netgo,osusergo', ['-tags', 'netgo,osusergo']],
    ['-ldflags="-s -w"', ['-ldflags', '-s -w']],
    ['-ldflags="-X \\"main.v=1 2\\""', ['-ldflags', '-X "main.v=1 2"']],
    ['-gcflags=`all=-N -l`', ['-gcflags', 'all=-N -l']],
    ['"we=ird"=x', ['we=ird', 'x']],
    ['CGO_CFLAGS=', ['CGO_CFLAGS', '']],
    ['vcs.time=2024-01-01T00:00:00Z', ['vcs.time', '2024-01-01T00:00:00Z']],
    ['=x', null],
    ['noequals', null],
    ['-ldflags="unterminated', null]
  ])('%s', (kv, expected) => {
    expect(parseSetting(kv)).toEqual(expected)
  })
})

describe('quotedPrefix', () => {
  it.each([
    ['"a\\tb"rest', { value: 'a\tb', length: 6 }],
    ['"\\x41\\u00e9\\101"', { value: 'Aé' + 'A', length: 16 }],
    ['"é"', { value: 'é', length: 3 }],
    ['"\\q"', null],
    ['`raw\\n`', { value: 'raw\\n', length: 7 }]
  ])('%s', (s, expected) => {
    expect(quotedPrefix(s)).toEqual(expected)
  })
})

describe('uvarint', () => {
  it.each([
    [[0x05], { value: 5, next: 1 }],
    [[0x80, 0x01], { value: 128, next: 2 }],
    [[0xff, 0xff, 0x03], { value: 65535, next: 3 }],
    [[0x80], null],
    [[0x80, 0x80, 0x80, 0x80, 0x80, 0x01], null]
  ])('%j', (bytes, expected) => {
    expect(uvarint(Buffer.from(bytes), 0)).toEqual(expected)
  })
})

describe('parseModInfo and unframe', () => {
  const sentinel = 'x'.repeat(16)
  const modinfo = [
    'path\texample.com/x/cmd',
    'mod\texample.com/x\t(devel)\t',
    'dep\tgolang.org/x/sys\tv0.1.0\th1:abc=',
    'build\t-compiler=gc',
    'build\t-ldflags="-s -w"',
    'build\tCGO_ENABLED=0',
    ''
  ].join('\n')

  it('reads path and build settings, ignoring mod and dep lines', () => {
    expect(parseModInfo(unframe(sentinel + modinfo + sentinel))).toEqual({
      path: 'example.com/x/cmd',
      settings: { '-compiler': 'gc', '-ldflags': '-s -w', CGO_ENABLED: '0' }
    })
  })

  it('treats an unframed string as no module info, like debug/buildinfo', () => {
    expect(unframe('path\tx')).toBe('')
    expect(parseModInfo('')).toEqual({ path: '', settings: {} })
  })
})

describe('searchForward', () => {
  it('finds a pattern that straddles a chunk boundary and honours accept', async () => {
    const bytes = Buffer.alloc(100)
    BUILDINFO_MAGIC.copy(bytes, 10)
    BUILDINFO_MAGIC.copy(bytes, 48)
    const src = bufferSource(bytes)
    expect(await searchForward(src, 0n, 100n, BUILDINFO_MAGIC, () => true, 16)).toBe(10n)
    expect(await searchForward(src, 0n, 100n, BUILDINFO_MAGIC, (o) => o % 16n === 0n, 16)).toBe(48n)
    expect(await searchForward(src, 0n, 50n, BUILDINFO_MAGIC, (o) => o % 16n === 0n, 16)).toBeNull()
  })
})

describe('.go.buildinfo of real binaries', () => {
  let corpus: FindingsCorpus
  beforeAll(async () => {
    corpus = await findingsCorpus()
  }, 600_000)

  it.each<[CorpusName, string, Record<string, string | undefined>]>([
    [
      'go-hello',
      'example.com/x/hello',
      { CGO_ENABLED: '0', '-tags': 'netgo,osusergo', '-trimpath': 'true' }
    ],
    ['go-tzdata', 'example.com/x/tz', { '-tags': 'netgo,osusergo,timetzdata' }],
    ['go-https-nosections', 'example.com/x/https', { CGO_ENABLED: '0', '-tags': 'netgo,osusergo' }],
    // Go records -ldflags only without -trimpath.
    [
      'go-pie',
      'example.com/x/hello',
      { '-buildmode': 'pie', '-ldflags': '-s -w', CGO_ENABLED: '0' }
    ],
    ['go-cgo', 'example.com/x/cgo', { CGO_ENABLED: '1', '-ldflags': undefined }]
  ])('%s', async (name, path, settings) => {
    const result = await buildInfoOf(corpus.path(name))
    if (result.kind !== 'go')
      throw new Error(`expected Go build info, got ${JSON.stringify(result)}`)
    expect(result.info.version).toBe(corpus.goVersion)
    expect(result.info.path).toBe(path)
    expect(result.info.settings).toHaveProperty('GOARCH', 'amd64')
    for (const [key, value] of Object.entries(settings)) {
      expect([key, result.info.settings[key]]).toEqual([key, value])
    }
  })

  it('finds the same facts with and without section headers', async () => {
    expect(await buildInfoOf(corpus.path('go-https-nosections'))).toEqual(
      await buildInfoOf(corpus.path('go-https'))
    )
  })

  it('says not-go for C binaries', async () => {
    expect(await buildInfoOf(corpus.path('c-nss'))).toEqual({ kind: 'not-go' })
    expect(await buildInfoOf(corpus.path('c-nss-nosections'))).toEqual({ kind: 'not-go' })
  })

  it('gives a note, not an error, for the pre-1.18 pointer format', async () => {
    // Clear the inline flag in a copy of a real binary: the reader must fall back to the note.
    const real = await readFile(corpus.path('go-hello'))
    const at = real.indexOf(BUILDINFO_MAGIC)
    const old = Buffer.from(real)
    old[at + 15] = (old[at + 15] ?? 0) & ~2
    const result = await readGoBuildInfo(await ElfFile.open(bufferSource(old)))
    expect(result).toEqual({ kind: 'unreadable', note: OLD_GO_NOTE })
  })
})
