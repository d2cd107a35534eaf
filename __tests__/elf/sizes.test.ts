import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import {
  DamagedFuncTableError,
  buildPathsIn,
  parseFuncTable,
  pcTableEnd
} from '../../src/elf/go-functab.js'
import { LINKER_BUCKET } from '../../src/elf/go-names.js'
import { inspectBinary } from '../../src/elf/inspect.js'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import { attributeSizes, sectionSizes, sizeAdvice } from '../../src/elf/sizes.js'
import type { SizeAttribution } from '../../src/elf/types.js'
import { encodePclntab, syntheticGoElf, type SyntheticTable } from '../support/pclntab.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import {
  codeTruth,
  sizesCorpus,
  type SizesCorpus,
  type SizesName
} from '../support/sizes-corpus.js'
import { join } from 'node:path'
import { writeFile } from 'node:fs/promises'

const TABLE: SyntheticTable = {
  funcs: [
    { name: 'internal/abi.Kind.String', size: 80, span: 96 },
    { name: 'main.main', size: 300, span: 320 },
    { name: 'main.Map[go.shape.int,go.shape.string]', size: 64, span: 64 },
    { name: 'gopkg.in/yaml%2ev3.(*decoder).unmarshal', size: 1000, span: 1024 },
    { name: 'go:buildid', size: null, span: 32 },
    { name: 'aeshashbody', size: 90, span: 96 }
  ],
  files: ['/home/u/src/app/main.go', 'main.go', '/usr/lib/go/src/runtime/proc.go']
}

async function attributeBytes(bytes: Buffer): Promise<SizeAttribution> {
  return attributeSizes(await ElfFile.open(bufferSource(bytes)))
}

describe('parseFuncTable', () => {
  it.each(['go1.20+', 'go1.18-1.19'] as const)(
    'reads names, spans and own ends in the %s layout',
    (format) => {
      const table = parseFuncTable(encodePclntab({ ...TABLE, format }))
      expect(table.format).toBe(format)
      expect(table.funcs.map((f) => [f.name, f.entry, f.span, f.size])).toEqual([
        ['internal/abi.Kind.String', 0, 96, 80],
        ['main.main', 96, 320, 300],
        ['main.Map[go.shape.int,go.shape.string]', 416, 64, 64],
        ['gopkg.in/yaml%2ev3.(*decoder).unmarshal', 480, 1024, 1000],
        // No pcsp table: the whole span counts as its own.
        ['go:buildid', 1504, 32, 32],
        ['aeshashbody', 1536, 96, 90]
      ])
      expect(table.textSpan).toBe(1632)
      expect(table.ownEnds).toBe(5)
      expect(table.buildPaths).toEqual({
        count: 2,
        bytes: '/home/u/src/app/main.go'.length + '/usr/lib/go/src/runtime/proc.go'.length,
        example: '/home/u/src/app/main.go'
      })
    }
  )

  const damaged: [string, (buf: Buffer) => void][] = [
    ['entries out of order', (b) => b.writeUInt32LE(5000, pcln(b) + 8)],
    ['a record outside the table', (b) => b.writeUInt32LE(0xfffffff0, pcln(b) + 4)],
    ['a record naming another entry', (b) => b.writeUInt32LE(7, funcRecord(b, 1))],
    ['a name outside the name table', (b) => b.writeInt32LE(-5, funcRecord(b, 0) + 4)],
    ['a functab cut off', (b) => b.writeBigUInt64LE(1n << 20n, 8)]
  ]
  it.each(damaged)('refuses %s', (_, damage) => {
    const buf = encodePclntab(TABLE)
    damage(buf)
    expect(() => parseFuncTable(buf)).toThrow(DamagedFuncTableError)
  })

  it('falls back to the span when a pcsp table runs past it', () => {
    const buf = encodePclntab({ funcs: [{ name: 'p.f', size: 500, span: 64 }] })
    expect(parseFuncTable(buf).funcs[0]).toMatchObject({ span: 64, size: 64 })
  })
})

function pcln(buf: Buffer): number {
  return Number(buf.readBigUInt64LE(8 + 8 * 7))
}
function funcRecord(buf: Buffer, i: number): number {
  return pcln(buf) + buf.readUInt32LE(pcln(buf) + i * 8 + 4)
}

describe('pcTableEnd', () => {
  const budget = () => ({ steps: 100 })
  it.each<[string, number[], number | null]>([
    ['one step', [2, 40, 0], 40],
    ['two steps, varint pc delta', [2, 0x81, 0x01, 3, 4, 0], 133],
    ['a zero first value delta is a step, not the end', [0, 10, 2, 5, 0], 15],
    ['runs off the region', [2, 40], null],
    ['past the limit', [2, 200, 0], null]
  ])('%s', (_, bytes, end) => {
    const buf = Buffer.from(bytes)
    expect(pcTableEnd(buf, 0, buf.length, 1, 150, budget())).toBe(end)
  })
  it('stops when the step budget is spent', () => {
    const buf = Buffer.from([2, 1, 2, 1, 2, 1, 2, 1, 0])
    expect(pcTableEnd(buf, 0, buf.length, 1, 100, { steps: 2 })).toBeNull()
  })
  it('multiplies pc deltas by the instruction quantum', () => {
    expect(pcTableEnd(Buffer.from([2, 10, 0]), 0, 3, 4, 100, budget())).toBe(40)
  })
})

describe('buildPathsIn', () => {
  it('counts absolute names only', () => {
    const buf = Buffer.from('a.go\0/x/b.go\0\0/y.go', 'utf8')
    expect(buildPathsIn(buf, 0, buf.length)).toEqual({ count: 2, bytes: 12, example: '/x/b.go' })
  })
})

describe('attributeSizes on synthetic binaries', () => {
  it('attributes code to packages, with and without section headers', async () => {
    for (const sections of [true, false]) {
      const sizes = await attributeBytes(syntheticGoElf(TABLE, sections).bytes)
      expect(sizes.layout).toBe(sections ? 'sections' : 'segments')
      // One compilation unit, mostly main's: the name-less functions go with it.
      expect(sizes.packages.map((p) => [p.name, p.parts.code])).toEqual(
        expect.arrayContaining([
          ['gopkg.in/yaml.v3', 1024],
          ['main', 384 + 96],
          [LINKER_BUCKET, 32],
          ['internal/abi', 96]
        ])
      )
      if (sections) {
        expect(sizes.attributed['.text']).toMatchObject({ size: 1632, attributed: 1632 })
      }
    }
  })

  it('marks a damaged table unavailable and keeps the sections', async () => {
    const { bytes, tableAt } = syntheticGoElf(TABLE)
    bytes.writeUInt32LE(9999, tableAt + pcln(encodePclntab(TABLE)) + 8)
    const sizes = await attributeBytes(bytes)
    expect(sizes.packages).toEqual([])
    expect(sizes.notes.join('\n')).toMatch(/Go function table damaged .*: attribution unavailable/)
    expect(sizes.sections.map((s) => s.name)).toEqual(['.text', '.gopclntab', '.shstrtab'])
  })
})

describe('sectionSizes and sizeAdvice', () => {
  it('lists segments when there are no section headers', () => {
    const ph = { type: 1, flags: 5, offset: 0n, vaddr: 0n, filesz: 100n, memsz: 120n }
    expect(sectionSizes([], [ph])).toEqual({
      layout: 'segments',
      sections: [{ name: 'LOAD #1 (r-x)', size: 100, memory: 120 }]
    })
  })

  it('advises only from measured bytes', () => {
    const sections = [
      { name: '.text', size: 1000, memory: 1000 },
      { name: '.symtab', size: 300, memory: 300 },
      { name: '.strtab', size: 200, memory: 200 },
      { name: '.debug_info', size: 700, memory: 700 },
      { name: '.zdebug_line', size: 50, memory: 50 }
    ]
    const base = { sections, settings: {}, buildPaths: null, tzdataBytes: 0, glibc: null }
    expect(sizeAdvice({ ...base, go: true }).map((a) => [a.id, a.bytes])).toEqual([
      ['strip-dwarf', 750],
      ['strip-symbols', 500]
    ])
    expect(sizeAdvice({ ...base, go: true })[0]?.message).toMatch(/-w/)
    expect(sizeAdvice({ ...base, go: false })[1]?.message).toMatch(/strip/)
    expect(sizeAdvice({ ...base, sections: [], go: false })).toEqual([])
    const more = sizeAdvice({
      ...base,
      sections: [],
      go: true,
      buildPaths: { count: 3, bytes: 90, example: '/home/x/a.go' },
      tzdataBytes: 450_000
    })
    expect(more.map((a) => [a.id, a.bytes])).toEqual([
      ['tzdata', 450_000],
      ['trimpath', 90]
    ])
  })
})

/** Bytes of the Go string literal that follows `opening` in Go source (escapes decoded). */
function goStringBytes(source: string, opening: string): number {
  let i = source.indexOf(opening) + opening.length
  let bytes = 0
  while (source[i] !== '"' && i < source.length) {
    if (source[i] !== '\\') {
      bytes += Buffer.byteLength(source[i] ?? '', 'latin1')
      i++
      continue
    }
    const escape = source[i + 1] ?? ''
    if (escape === 'x' || (escape >= '0' && escape <= '7')) i += 4
    else if (escape === 'u' || escape === 'U') {
      const digits = escape === 'u' ? 4 : 8
      bytes +=
        Buffer.byteLength(
          String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + digits), 16)),
          'utf8'
        ) - 1
      i += 2 + digits
    } else i += 2
    bytes++
  }
  return bytes
}

describe('truth against the toolchain', () => {
  let corpus: SizesCorpus
  beforeAll(async () => {
    corpus = await sizesCorpus()
  }, 1_200_000)

  const attribute = async (name: SizesName): Promise<SizeAttribution> =>
    attributeBytes(await readFile(corpus.path(name)))

  /**
   * Per package, code bytes from the stripped binary's function table (own
   * ends from the pcsp tables) against the unstripped twin's text symbols,
   * summed per package, from `go tool nm -size -n`: within 1 % for every
   * package of at least 4 KB. And at least 99 % of .text to packages.
   */
  it.each<[SizesName, SizesName]>([
    ['gofmt-sw', 'gofmt-full'],
    ['app-sw', 'app-full'],
    ['http-plus-sw', 'http-plus-full'],
    ['app119-sw', 'app119-full']
  ])('%s against go tool nm on %s', async (stripped, full) => {
    if (stripped.startsWith('app119') && !corpus.go119) {
      throw new Error('Go 1.19 (Debian golang-1.19-go) is needed for the 1.18–1.19 layout')
    }
    const sizes = await attribute(stripped)
    const truth = await codeTruth(corpus.path(full))
    const checked: string[] = []
    for (const [pkg, bytes] of truth) {
      if (bytes < 4096) continue
      const ours = sizes.packages.find((p) => p.name === pkg)?.parts.code ?? 0
      expect([pkg, Math.abs(ours - bytes) / bytes <= 0.01]).toEqual([pkg, true])
      checked.push(pkg)
    }
    expect(checked.length).toBeGreaterThanOrEqual(stripped.startsWith('gofmt') ? 20 : 8)
    const text = sizes.attributed['.text']
    expect(text).toBeDefined()
    expect((text?.attributed ?? 0) / (text?.size ?? 1)).toBeGreaterThanOrEqual(0.99)
  })

  it('maps the fixture packages to their vendored modules, dotted path unescaped', async () => {
    const sizes = await attribute('app-sw')
    const row = (name: string) => sizes.packages.find((p) => p.name === name)
    expect(row('example.com/shapes/area')?.module).toBe('example.com/shapes')
    expect(row('example.com/text.kit')?.module).toBe('example.com/text.kit')
    expect(row('main')?.module).toBe('example.com/sizes-app')
    expect(sizes.modules.map((m) => [m.path, m.version])).toEqual(
      expect.arrayContaining([
        ['std', ''],
        ['example.com/shapes', 'v1.2.0'],
        ['example.com/text.kit', 'v1.4.0'],
        ['example.com/sizes-app', '(devel)']
      ])
    )
    expect(sizes.attributed['.rodata']?.how).toMatch(/through the module data$/)
    expect(sizes.advice).toEqual([])
  })

  it('finds the same packages without section headers', async () => {
    const [withSections, without] = [await attribute('app-sw'), await attribute('app-nosections')]
    expect(without.layout).toBe('segments')
    const real = (s: SizeAttribution) => s.packages.filter((p) => !p.name.startsWith('('))
    expect(real(without)).toEqual(real(withSections))
    expect(without.notes).toContain('the binary has no section headers: sizes are by segment')
  })

  it('attributes data symbols of an unstripped Go binary and says what -s -w would drop', async () => {
    const sizes = await attribute('gofmt-full')
    const runtime = sizes.packages.find((p) => p.name === 'runtime')
    expect(runtime?.parts.data).toBeGreaterThan(10_000)
    expect(sizes.attributed['.noptrdata']?.how).toBe('symbol table (.symtab)')
    expect(sizes.attributed['.noptrdata']?.attributed).toBeGreaterThan(0)
    const section = (name: string) => sizes.sections.find((s) => s.name === name)?.size ?? 0
    const debug = sizes.sections
      .filter((s) => s.name.startsWith('.debug_'))
      .reduce((n, s) => n + s.size, 0)
    expect(sizes.advice.map((a) => [a.id, a.bytes])).toEqual(
      expect.arrayContaining([
        ['strip-symbols', section('.symtab') + section('.strtab')],
        ['strip-dwarf', debug]
      ])
    )
  })

  it('lists the top symbols of a static glibc C binary, with the object a local came from', async () => {
    const sizes = await attribute('c-glibc-full')
    expect(sizes.packages).toEqual([])
    expect(sizes.symbols).toContainEqual({
      name: 'table',
      size: 65536,
      section: '.bss',
      file: 'prog.c'
    })
    expect(sizes.symbols.length).toBe(50)
    expect(sizes.attributed['.text']?.attributed).toBeGreaterThan(0)
    expect(sizes.advice.map((a) => a.id)).toEqual(
      expect.arrayContaining(['strip-symbols', 'static-glibc'])
    )
  })

  it('measures the embedded zone database as the zip Go embeds (time/tzdata)', async () => {
    const sizes = await attribute('tz-sw')
    const { stdout } = await mustRun('go', ['env', 'GOROOT'])
    const source = await readFile(
      join(stdout.trim(), 'src', 'time', 'tzdata', 'zzipdata.go'),
      'latin1'
    )
    const zip = goStringBytes(source, 'const zipdata = "')
    expect(zip).toBeGreaterThan(300_000)
    expect(sizes.advice.find((a) => a.id === 'tzdata')?.bytes).toBe(zip)
  })

  it('says a stripped C binary has sections only', async () => {
    const sizes = await attribute('c-musl-sw')
    expect(sizes.symbols).toEqual([])
    expect(sizes.notes).toEqual(['stripped binary without a Go function table: sections only'])
    expect(sizes.advice).toEqual([])
  })

  it('keeps the verdict of a Go binary whose function table is damaged', async () => {
    const bytes = Buffer.from(await readFile(corpus.path('app-sw')))
    const elf = await ElfFile.open(bufferSource(bytes))
    const section = await elf.section('.gopclntab')
    const at = Number(section?.offset ?? 0n)
    const pclnOffset = Number(bytes.readBigUInt64LE(at + 8 + 8 * 7))
    // The second entry before the first: the table no longer holds together.
    bytes.writeUInt32LE(0xffffff00, at + pclnOffset + 8)
    const path = join(await freshDir('sizes'), 'damaged')
    await writeFile(path, bytes, { mode: 0o755 })
    const inspection = await inspectBinary(path, { sizes: true })
    expect(inspection.verdict.linkage).toBe('static')
    expect(inspection.sizes?.packages).toEqual([])
    expect(inspection.sizes?.notes.join('\n')).toMatch(/attribution unavailable/)
  })
})
