import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  GLIBC_MARKERS,
  GO_NAME_PATTERNS,
  NSS_STRINGS,
  evidenceOf,
  findStrings,
  findingsFrom,
  goFindings,
  nameMatches,
  nssFinding,
  readOnlyDataRanges
} from '../../src/elf/needs.js'
import { ElfFile } from '../../src/elf/reader.js'
import type { FindingId } from '../../src/elf/types.js'
import {
  elfInMemory,
  findingsCorpus,
  type CorpusName,
  type FindingsCorpus
} from '../support/findings-corpus.js'

const ids = (names: string[]): [FindingId, readonly string[]][] =>
  goFindings(names).map((f) => [f.id, f.evidence])

describe('goFindings: function names seen → findings', () => {
  it.each<[string, string[], [FindingId, string[]][]]>([
    ['nothing of interest', ['main.main', 'fmt.Println'], []],
    [
      'TLS client',
      ['crypto/x509.systemRootsPool', 'crypto/x509.loadSystemRoots', 'main.main'],
      [['ca-certificates', ['crypto/x509.loadSystemRoots', 'crypto/x509.systemRootsPool']]]
    ],
    [
      'TLS with embedded fallback roots',
      ['crypto/x509.systemRootsPool', 'crypto/x509.SetFallbackRoots'],
      []
    ],
    ['LoadLocation', ['time.LoadLocation'], [['tzdata', ['time.LoadLocation']]]],
    ['LoadLocation with embedded tzdata', ['time.LoadLocation', 'time/tzdata.init.0'], []],
    ['only LoadLocationFromTZData (no files read)', ['time.LoadLocationFromTZData'], []],
    [
      'user lookups',
      ['os/user.Current', 'os/user.lookupUser', 'os/user.readColonFile'],
      [['user-lookup', ['os/user.Current', 'os/user.lookupUser']]]
    ],
    ['temp files', ['os.TempDir', 'os.CreateTemp'], [['tmp', ['os.CreateTemp', 'os.TempDir']]]],
    ['MkdirTemp', ['os.MkdirTemp'], [['tmp', ['os.MkdirTemp']]]],
    [
      'cgo calls',
      ['main._Cfunc_puts', 'example.com/x/db._C2func_open', 'runtime.cgocall'],
      [['cgo-calls', ['example.com/x/db._C2func_open', 'main._Cfunc_puts']]]
    ],
    ['_cgo_topofstack', ['_cgo_topofstack'], [['cgo-calls', ['_cgo_topofstack']]]],
    [
      'several at once, reported in a fixed order',
      ['os.TempDir', 'time.LoadLocation', 'crypto/x509.systemRootsPool'],
      [
        ['ca-certificates', ['crypto/x509.systemRootsPool']],
        ['tzdata', ['time.LoadLocation']],
        ['tmp', ['os.TempDir']]
      ]
    ]
  ])('%s', (_label, names, expected) => {
    expect(ids(names)).toEqual(expected)
  })

  it('every message says what to do', () => {
    const all = goFindings([
      'crypto/x509.systemRootsPool',
      'time.LoadLocation',
      'os/user.Current',
      'os.TempDir',
      'main._Cfunc_x'
    ])
    const advice: Record<string, RegExp> = {
      'ca-certificates': /include: ca-certificates/,
      tzdata: /include: tzdata.*-tags timetzdata/,
      'user-lookup': /include: passwd/,
      tmp: /include: tmp/,
      'cgo-calls': /musl/
    }
    for (const f of all)
      expect([f.id, f.message]).toEqual([f.id, expect.stringMatching(advice[f.id] ?? /^$/)])
  })

  it('asks the pclntab for every name a rule looks at', () => {
    const names = [
      'crypto/x509.SetFallbackRoots',
      'time/tzdata.init.0',
      'main._Cfunc_x',
      'os.TempDir'
    ]
    for (const name of names) {
      expect([name, GO_NAME_PATTERNS.some((p) => nameMatches(name, p))]).toEqual([name, true])
    }
  })
})

describe('nssFinding and findingsFrom', () => {
  it.each<[string[], string[] | null]>([
    [[], null],
    [['libnss_%s.so'], ['libnss_%s.so']],
    [
      ['__nss_passwd_lookup2', 'libnss_%s.so'],
      ['libnss_%s.so', '__nss_passwd_lookup2']
    ],
    [['something else'], null]
  ])('%j', (seen, evidence) => {
    expect(nssFinding(seen)?.evidence ?? null).toEqual(evidence)
  })

  it('the NSS message points at musl and the files', () => {
    expect(nssFinding(NSS_STRINGS)?.message).toMatch(/musl-gcc -static.*include: passwd/)
  })

  it.each<[string, string[], string[], [FindingId, string[]][]]>([
    ['cgo against musl: runs in scratch, no finding', ['main._Cfunc_puts'], [], []],
    [
      'cgo against glibc: the finding, with the glibc strings as evidence',
      ['main._Cfunc_puts'],
      ['GLIBC_TUNABLES', '/etc/ld.so.cache'],
      [['cgo-calls', ['main._Cfunc_puts', 'GLIBC_TUNABLES', '/etc/ld.so.cache']]]
    ],
    ['glibc strings without cgo calls: nothing', ['main.main'], [...GLIBC_MARKERS], []],
    [
      'other findings stay whatever the C library',
      ['os.TempDir', 'main._Cfunc_puts'],
      [],
      [['tmp', ['os.TempDir']]]
    ]
  ])('Go: %s', (_label, goNames, strings, expected) => {
    expect(findingsFrom({ goNames, strings }).map((f) => [f.id, f.evidence])).toEqual(expected)
  })

  it('looks at NSS strings only for non-Go binaries', () => {
    expect(findingsFrom({ goNames: [], strings: NSS_STRINGS })).toEqual([])
    expect(findingsFrom({ goNames: null, strings: NSS_STRINGS }).map((f) => f.id)).toEqual(['nss'])
    expect(findingsFrom({ goNames: ['os.TempDir'], strings: [] }).map((f) => f.id)).toEqual(['tmp'])
  })
})

describe('findings of real binaries', () => {
  let corpus: FindingsCorpus
  beforeAll(async () => {
    corpus = await findingsCorpus()
  }, 600_000)

  async function findingsOf(name: CorpusName): Promise<[FindingId, readonly string[]][]> {
    const elf = await elfInMemory(corpus.path(name))
    return findingsFrom(await evidenceOf(elf, false)).map((f) => [f.id, f.evidence])
  }

  it.each<[CorpusName, [FindingId, string[]][]]>([
    ['go-hello', []],
    [
      'go-https',
      [['ca-certificates', ['crypto/x509.loadSystemRoots', 'crypto/x509.systemRootsPool']]]
    ],
    [
      'go-https-nosections',
      [['ca-certificates', ['crypto/x509.loadSystemRoots', 'crypto/x509.systemRootsPool']]]
    ],
    ['go-tz', [['tzdata', ['time.LoadLocation']]]],
    ['go-tzdata', []],
    ['go-tmp', [['tmp', ['os.CreateTemp', 'os.TempDir']]]],
    ['go-pie', []],
    ['c-nss', [['nss', [...NSS_STRINGS]]]],
    ['c-nss-nosections', [['nss', [...NSS_STRINGS]]]],
    ['c-musl', []],
    ['c-dynamic', []]
  ])('%s', async (name, expected) => {
    expect(await findingsOf(name)).toEqual(expected)
  })

  it('go-user: the user lookups, with the names seen', async () => {
    const found = await findingsOf('go-user')
    expect(found.map(([id]) => id)).toEqual(['user-lookup'])
    expect(found[0]?.[1]).toEqual(
      expect.arrayContaining(['os/user.Current', 'os/user.Lookup', 'os/user.lookupUser'])
    )
  })

  it('go-cgo (static, musl): no finding, the C code needs nothing from the image', async () => {
    expect(await findingsOf('go-cgo')).toEqual([])
  })

  it('go-cgo-glibc (static, glibc): the cgo wrappers and the glibc strings', async () => {
    const found = await findingsOf('go-cgo-glibc')
    expect(found.map(([id]) => id)).toEqual(['cgo-calls'])
    expect(found[0]?.[1]).toContain('main._Cfunc_hello')
    expect(found[0]?.[1]).toEqual(expect.arrayContaining([...GLIBC_MARKERS]))
  })

  it('no glibc marker occurs in a musl or pure Go binary of the corpus', async () => {
    for (const name of ['go-cgo', 'c-musl', 'go-hello', 'go-https', 'go-user'] as const) {
      const elf = await elfInMemory(corpus.path(name))
      expect([name, await findStrings(elf, await readOnlyDataRanges(elf), GLIBC_MARKERS)]).toEqual([
        name,
        []
      ])
    }
  })

  it('reads .rodata when there are sections, the read-only segments when not', async () => {
    const withSections = await readOnlyDataRanges(await elfInMemory(corpus.path('c-nss')))
    const without = await readOnlyDataRanges(await elfInMemory(corpus.path('c-nss-nosections')))
    expect(withSections).toHaveLength(1)
    expect(without.length).toBeGreaterThanOrEqual(1)
    const [[start, end]] = withSections as [[bigint, bigint]]
    // .rodata lies inside one of the read-only segments.
    expect(without.some(([s, e]) => s <= start && end <= e)).toBe(true)
  })

  it('finds strings that straddle a chunk boundary', async () => {
    const elf: ElfFile = await elfInMemory(corpus.path('c-nss'))
    const [[start, end]] = (await readOnlyDataRanges(elf)) as [[bigint, bigint]]
    for (const chunk of [7, 64, 4096]) {
      expect([chunk, await findStrings(elf, [[start, end]], NSS_STRINGS, chunk)]).toEqual([
        chunk,
        [...NSS_STRINGS]
      ])
    }
  })
})
