import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import {
  NAMES_PER_PATTERN,
  findNames,
  findPclnTab,
  funcNames,
  lastPcHeader,
  PCHEADER_SIZE,
  matchChunk,
  nameChunks,
  type NamePattern
} from '../../src/elf/go-pclntab.js'
import { ElfFile, bufferSource, type ByteSource } from '../../src/elf/reader.js'
import {
  elfInMemory,
  findingsCorpus,
  type CorpusName,
  type FindingsCorpus
} from '../support/findings-corpus.js'

const chunk = (...names: string[]): Buffer => Buffer.from(`\0${names.join('\0')}\0`, 'utf8')

describe('matchChunk', () => {
  const names = chunk(
    'time.LoadLocationFromTZData',
    'time.LoadLocation',
    'main._Cfunc_puts',
    'os.TempDir'
  )
  it.each<[NamePattern, string[]]>([
    [{ kind: 'exact', text: 'time.LoadLocation' }, ['time.LoadLocation']],
    [{ kind: 'exact', text: 'time.Load' }, []],
    [{ kind: 'exact', text: 'os.TempDi' }, []],
    [{ kind: 'prefix', text: 'time.Load' }, ['time.LoadLocationFromTZData', 'time.LoadLocation']],
    [{ kind: 'prefix', text: 'LoadLocation' }, []],
    [{ kind: 'contains', text: '._Cfunc_' }, ['main._Cfunc_puts']],
    [{ kind: 'contains', text: 'Temp' }, ['os.TempDir']]
  ])('%j', (pattern, expected) => {
    expect(matchChunk(names, pattern, 10)).toEqual(expected)
  })

  it('stops at the room it is given', () => {
    expect(matchChunk(chunk('a.x', 'a.y', 'a.z'), { kind: 'prefix', text: 'a.' }, 2)).toEqual([
      'a.x',
      'a.y'
    ])
  })
})

describe('nameChunks', () => {
  /** An ElfFile is only used for its source here; fake the table location. */
  async function chunksOf(table: Buffer, size: number): Promise<Buffer[]> {
    const src: ByteSource = bufferSource(table)
    const elf = { src } as unknown as ElfFile
    const tab = {
      offset: 0n,
      format: 'go1.20+',
      nfunc: 1,
      namesStart: 0n,
      namesEnd: BigInt(table.length)
    } as const
    const out: Buffer[] = []
    for await (const c of nameChunks(elf, tab, size)) out.push(c)
    return out
  }

  it('cuts at NULs only, so every name is whole and framed by NULs', async () => {
    const table = Buffer.from('runtime.main\0main.main\0fmt.Println\0', 'utf8')
    for (const size of [1, 3, 7, 16, 100]) {
      const chunks = await chunksOf(table, size)
      const names = chunks.flatMap((c) => c.toString('utf8').split('\0').filter(Boolean))
      expect([size, names]).toEqual([size, ['runtime.main', 'main.main', 'fmt.Println']])
      for (const c of chunks) expect([c[0], c[c.length - 1]]).toEqual([0, 0])
    }
  })

  it('keeps a last name that has no terminating NUL', async () => {
    const chunks = await chunksOf(Buffer.from('a.b\0c.d', 'utf8'), 2)
    expect(chunks.map((c) => c.toString('utf8'))).toEqual(['\0a.b\0', '\0c.d\0'])
  })
})

describe('.gopclntab of real binaries', () => {
  let corpus: FindingsCorpus
  beforeAll(async () => {
    corpus = await findingsCorpus()
  }, 600_000)

  async function names(name: CorpusName): Promise<string[]> {
    const elf = await elfInMemory(corpus.path(name))
    const tab = await findPclnTab(elf)
    if (!tab) throw new Error(`${name}: no pclntab`)
    const all: string[] = []
    for await (const n of funcNames(elf, tab)) all.push(n)
    return all
  }

  it.each<CorpusName>(['go-hello', 'go-https', 'go-https-nosections', 'go-pie', 'go-cgo'])(
    '%s: finds the table and reads main.main among its names',
    async (name) => {
      const elf = await elfInMemory(corpus.path(name))
      const tab = await findPclnTab(elf)
      expect(tab?.format).toBe('go1.20+')
      const all = await names(name)
      expect(all).toContain('main.main')
      expect(all).toContain('runtime.main')
      // Inlined functions have names too, so there are at least nfunc names.
      expect(all.length).toBeGreaterThanOrEqual(tab?.nfunc ?? Infinity)
    }
  )

  it('finds the same table with and without section headers', async () => {
    const withSections = await findPclnTab(await elfInMemory(corpus.path('go-https')))
    const without = await findPclnTab(await elfInMemory(corpus.path('go-https-nosections')))
    expect(without).toEqual(withSections)
  })

  it('without section headers, the backward scan finds the header the section names', async () => {
    const bytes = await readFile(corpus.path('go-hello'))
    const bySection = await findPclnTab(await ElfFile.open(bufferSource(bytes)))
    // Point the section table nowhere useful: only the scan remains.
    const stripped = Buffer.from(bytes)
    stripped.writeUInt16LE(0, 60)
    expect(await findPclnTab(await ElfFile.open(bufferSource(stripped)))).toEqual(bySection)
  })

  it('says null for C binaries', async () => {
    for (const name of ['c-nss', 'c-nss-nosections', 'c-musl'] as const) {
      expect([name, await findPclnTab(await elfInMemory(corpus.path(name)))]).toEqual([name, null])
    }
  })

  describe('the backward scan on hostile bytes', () => {
    // A real header (go-hello's), placed after megabytes of bytes chosen to
    // defeat a naive search: every offset a candidate, or a look-alike header
    // at every aligned offset. The scan must still find the real one, and
    // find none where only look-alikes are.
    const MB = 1 << 20
    const lookAlike = Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8])
    const fills: [string, (size: number) => Buffer][] = [
      ['zeros', (n) => Buffer.alloc(n)],
      ['0xf1', (n) => Buffer.alloc(n, 0xf1)],
      ['0xff', (n) => Buffer.alloc(n, 0xff)],
      ['look-alike headers', (n) => Buffer.alloc(n, lookAlike)]
    ]
    let header: Buffer
    let tables: Buffer
    beforeAll(async () => {
      const bytes = await readFile(corpus.path('go-hello'))
      const tab = await findPclnTab(await ElfFile.open(bufferSource(bytes)))
      if (!tab) throw new Error('go-hello: no pclntab')
      // The header and the tables it points to (the scan checks they fit): the rest of the file.
      tables = bytes.subarray(Number(tab.offset))
      header = tables.subarray(0, PCHEADER_SIZE)
    })

    it.each(fills)(
      '%s: finds the real header after 4 MB of them, at any alignment of the read',
      (_, fill) => {
        for (const bufStart of [0n, 3n, 8n, 4093n]) {
          // Real header at the first aligned offset past 4 MB, in file terms.
          const pad = Number((8n - ((bufStart + 4n * BigInt(MB)) % 8n)) % 8n)
          const at = 4 * MB + pad
          const buf = Buffer.concat([fill(at), tables])
          const end = bufStart + BigInt(buf.length)
          const found = lastPcHeader(buf, bufStart, buf.length, end)
          expect([bufStart, found?.offset]).toEqual([bufStart, bufStart + BigInt(at)])
        }
      }
    )

    it.each(fills)('%s: 8 MB of them alone hold no header', (_, fill) => {
      const buf = fill(8 * MB)
      expect(lastPcHeader(buf, 5n, buf.length, 5n + BigInt(buf.length))).toBeNull()
    })

    it('a limit of zero looks at nothing', () => {
      expect(lastPcHeader(header, 0n, 0, BigInt(header.length))).toBeNull()
    })
  })

  it('findNames agrees with the full list of names', async () => {
    const elf = await elfInMemory(corpus.path('go-https-nosections'))
    const tab = await findPclnTab(elf)
    if (!tab) throw new Error('no pclntab')
    const patterns: NamePattern[] = [
      { kind: 'exact', text: 'crypto/x509.systemRootsPool' },
      { kind: 'exact', text: 'time.LoadLocation' },
      { kind: 'prefix', text: 'crypto/x509.loadSystemRoot' },
      { kind: 'contains', text: '._Cfunc_' }
    ]
    const found = await findNames(elf, tab, patterns)
    const all = new Set(await names('go-https-nosections'))
    expect([...found].every((n) => all.has(n))).toBe(true)
    expect(found.has('crypto/x509.systemRootsPool')).toBe(true)
    expect(found.has('crypto/x509.loadSystemRoots')).toBe(true)
    // Only time.LoadLocationFromTZData is linked into an https client.
    expect(found.has('time.LoadLocation')).toBe(all.has('time.LoadLocation'))
    expect([...found].some((n) => n.includes('_Cfunc_'))).toBe(false)
  })

  it('caps the names reported per pattern', async () => {
    const elf = await elfInMemory(corpus.path('go-hello'))
    const tab = await findPclnTab(elf)
    if (!tab) throw new Error('no pclntab')
    const found = await findNames(elf, tab, [{ kind: 'prefix', text: 'runtime.' }])
    expect(found.size).toBe(NAMES_PER_PATTERN)
  })

  it('finds the cgo wrappers in a binary that calls C', async () => {
    const all = await names('go-cgo')
    expect(all.filter((n) => n.includes('._Cfunc_'))).toContain('main._Cfunc_hello')
  })
})
