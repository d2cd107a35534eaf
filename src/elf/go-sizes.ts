import type { FuncTable } from './go-functab.js'
import { findModuleData, type ModuleData } from './go-moduledata.js'
import { LINKER_BUCKET, ModuleMap, packageOf } from './go-names.js'
import type { PclnTab } from './go-pclntab.js'
import { RUNTIME_TABLES, placeFuncTable, placeFuncdata, type FuncFacts } from './go-place.js'
import { SHT_NOBITS, MalformedElfError, type ElfFile, type SectionHeader } from './reader.js'
import { placeStrings } from './go-strings.js'
import { placeTypes, type TypeRoots, type TypesRegion } from './go-types.js'
import type { ElfSymbol } from './symtab.js'
import { REFLECT_METHOD_CALLS, exportedMethods, reflectMethodMechanism } from './go-mechanisms.js'
import type { PackageSize, SectionShare, SizeKind, SizeMechanism, SizeParts } from './types.js'

/**
 * Every byte of a Go binary, placed: with a package where the binary tells
 * whose it is, else in a named bucket by kind. Sections are walked from the
 * section headers; each section's bytes not placed with a package go to its
 * bucket, so the rows add up to the file.
 */

export const BUCKETS = {
  runtime: RUNTIME_TABLES,
  headers: '(ELF headers)',
  padding: '(segment alignment)',
  buildInfo: '(build info)',
  cgo: '(C code (cgo))',
  cgoData: '(C data (cgo))',
  text: '(code not placed)',
  rodata: '(read-only data not placed)',
  data: '(data not placed)',
  symbols: '(symbol table)',
  dwarf: '(DWARF)',
  other: '(other sections)',
  file: '(not placed)'
} as const

/** Bytes by package (or bucket) and kind. */
export class Tally {
  readonly rows = new Map<string, Partial<Record<SizeKind, number>>>()

  add = (pkg: string, kind: SizeKind, bytes: number): void => {
    if (bytes <= 0) return
    let row = this.rows.get(pkg)
    if (!row) {
      row = {}
      this.rows.set(pkg, row)
    }
    row[kind] = (row[kind] ?? 0) + bytes
  }

  /** Bytes placed so far in real packages (not buckets) of one kind. */
  inPackages(kind: SizeKind): number {
    let sum = 0
    for (const [name, row] of this.rows) if (!name.startsWith('(')) sum += row[kind] ?? 0
    return sum
  }

  packages(modules: ModuleMap): PackageSize[] {
    return [...this.rows.entries()]
      .map(([name, parts]) => ({
        name,
        module: name.startsWith('(') ? '' : modules.moduleOf(name),
        bytes: total(parts),
        parts
      }))
      .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))
  }
}

function total(parts: SizeParts): number {
  let sum = 0
  for (const v of Object.values(parts)) sum += v ?? 0
  return sum
}

/** Data sections whose symbols are package variables with bytes in the file. */
const FILE_DATA_SECTIONS = ['.noptrdata', '.data']

export interface GoPlacement {
  readonly packages: PackageSize[]
  readonly shares: Record<string, SectionShare>
  readonly notes: string[]
  readonly moduledata: ModuleData | null
  readonly facts: FuncFacts
  readonly mechanisms: SizeMechanism[]
}

function bucketOf(section: SectionHeader, cgo: boolean): string {
  const name = section.name
  if (name === '.text') return cgo ? BUCKETS.cgo : BUCKETS.text
  if (name === '.rodata') return BUCKETS.rodata
  if (name === '.noptrdata' || name === '.data') return BUCKETS.data
  if (name === '.typelink' || name === '.itablink' || name === '.gosymtab') return BUCKETS.runtime
  if (name === '.gopclntab') return BUCKETS.runtime
  if (name === '.go.buildinfo' || name === '.note.go.buildid') return BUCKETS.buildInfo
  if (name === '.symtab' || name === '.strtab') return BUCKETS.symbols
  if (name.startsWith('.debug_') || name.startsWith('.zdebug_')) return BUCKETS.dwarf
  if (name === '.shstrtab') return BUCKETS.headers
  if (cgo) return (section.flags & 4n) !== 0n ? BUCKETS.cgo : BUCKETS.cgoData
  return BUCKETS.other
}

/**
 * Places a Go binary's bytes. `symbols` (unstripped binaries) adds the
 * package variables of `.data` and `.noptrdata`.
 */
export async function placeGo(
  elf: ElfFile,
  tab: PclnTab,
  table: FuncTable,
  symbols: readonly ElfSymbol[] | null,
  modules: ModuleMap,
  cgo: boolean
): Promise<GoPlacement> {
  const tally = new Tally()
  const notes: string[] = []
  const sections = (await elf.sections()).filter((s) => s.name !== '' && s.type !== 0)
  const placedIn = new Map<string, number>()
  const addIn = (section: string, bytes: number): void => {
    placedIn.set(section, (placedIn.get(section) ?? 0) + bytes)
  }

  // .gopclntab, and the package of every function.
  const facts = placeFuncTable(table, tally.add)
  addIn('.gopclntab', table.raw.buf.length)

  // .text: each function to the next one's entry.
  let code = 0
  table.funcs.forEach((fn, i) => {
    tally.add(facts.packages[i] ?? LINKER_BUCKET, 'code', fn.span)
    code += fn.span
  })
  addIn('.text', code)

  // funcdata in .rodata, from gofunc on.
  let moduledata: ModuleData | null = null
  try {
    moduledata = await findModuleData(elf, tab, table.raw.header)
  } catch (error) {
    if (!(error instanceof MalformedElfError)) throw error
  }
  if (moduledata === null) {
    notes.push('Go module data not found: funcdata and types not placed')
  } else {
    const region = Number(moduledata.etypes - moduledata.gofunc)
    addIn('.rodata', placeFuncdata(facts, region, tally.add))
    const types = await readTypes(elf, moduledata)
    if (types === null) notes.push('Go type links unreadable: types not placed')
    else {
      const placedTypes = placeTypes(types.region, types.roots, tally.add)
      addIn('.rodata', placedTypes.placed)
      // String literals lie after the types, before the funcdata.
      const text = await readText(elf, moduledata)
      if (text !== null) {
        const area = {
          text: { addr: moduledata.text, buf: text },
          start: moduledata.types + BigInt(placedTypes.end),
          end: moduledata.gofunc
        }
        addIn(
          '.rodata',
          placeStrings(area, table.funcs, facts.packages, tally.add, elf.header.machine)
        )
      }
    }
  }

  // Package variables, when the symbol table is there.
  for (const sym of symbols ?? []) {
    if (sym.kind !== 'object' || !FILE_DATA_SECTIONS.includes(sym.section)) continue
    const pkg = packageOf(sym.name)
    if (pkg === null) continue
    tally.add(pkg, 'data', sym.size)
    addIn(sym.section, sym.size)
  }

  // What is left of each section goes to its bucket; what lies in no section, to the headers.
  const shares: Record<string, SectionShare> = {}
  let inSections = 0
  for (const section of sections) {
    if (section.type === SHT_NOBITS) continue
    const size = Number(section.size)
    inSections += size
    const placed = Math.min(size, placedIn.get(section.name) ?? 0)
    tally.add(bucketOf(section, cgo), kindOf(section.name), size - placed)
    if (placedIn.has(section.name) || size === 0) {
      shares[section.name] = { size, attributed: placed, how: howOf(section.name) }
    }
  }
  const file = Number(elf.src.size)
  if (sections.length > 0) {
    // Between sections lies padding, mostly where a segment starts on a new page
    // in the file: a few KB with 4 KiB pages, but Go's arm64 linker aligns
    // segments to 64 KiB, tens of KB that are not headers.
    const padding = Math.max(0, Math.min(paddingBetween(sections), file - inSections))
    tally.add(BUCKETS.padding, 'data', padding)
    tally.add(BUCKETS.headers, 'data', file - inSections - padding)
  } else {
    const placed = [...placedIn.values()].reduce((a, b) => a + b, 0)
    tally.add(BUCKETS.file, 'data', file - placed)
    notes.push(
      'without section headers, bytes outside the function table and its code are not placed'
    )
  }
  // Every exported method kept alive by reflection: the mechanism, and each package's share.
  const mechanisms: SizeMechanism[] = []
  let packages = tally.packages(modules)
  const calls = REFLECT_METHOD_CALLS.filter((call) => table.funcs.some((fn) => fn.name === call))
  if (calls.length > 0) {
    const methods = exportedMethods(table.funcs, facts.packages, facts.pclntab)
    mechanisms.push(reflectMethodMechanism(calls, methods))
    packages = packages.map((row) => {
      const bytes = methods.byPackage.get(row.name)
      return bytes === undefined ? row : { ...row, methods: Math.min(bytes, row.bytes) }
    })
  }
  return { packages, shares, notes, moduledata, facts, mechanisms }
}

/** Bytes of the file between one section's end and the next section's start. */
export function paddingBetween(sections: readonly SectionHeader[]): number {
  const spans = sections
    .filter((section) => section.type !== SHT_NOBITS && section.size > 0n)
    .map((section) => [section.offset, section.offset + section.size] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  let padding = 0n
  let end: bigint | null = null
  for (const [from, to] of spans) {
    if (end !== null && from > end) padding += from - end
    if (end === null || to > end) end = to
  }
  return Number(padding)
}

/** The most bytes of the types region read (cmd/go's is a few MB). */
const MAX_TYPES_BYTES = 256 * 1024 * 1024

async function readAt(elf: ElfFile, addr: bigint, length: number, what: string): Promise<Buffer> {
  const offset = elf.offsetOfAddress(addr)
  if (offset === undefined) throw new MalformedElfError(`${what} lies outside the file`)
  return elf.read(offset, length, what)
}

/** The Go code, [text, etext); null when it cannot be read. */
async function readText(elf: ElfFile, md: ModuleData): Promise<Buffer | null> {
  const size = Number(md.etext - md.text)
  if (size <= 0 || size > MAX_TYPES_BYTES) return null
  try {
    return await readAt(elf, md.text, size, 'Go code')
  } catch (error) {
    if (error instanceof MalformedElfError) return null
    throw error
  }
}

/** The types region and the roots the module data lists; null when they cannot be read. */
async function readTypes(
  elf: ElfFile,
  md: ModuleData
): Promise<{ region: TypesRegion; roots: TypeRoots } | null> {
  const size = Number(md.etypes - md.types)
  if (size <= 0 || size > MAX_TYPES_BYTES) return null
  try {
    const buf = await readAt(elf, md.types, size, 'Go types')
    const links = await readAt(elf, md.typelinks.addr, md.typelinks.len * 4, 'Go type links')
    const itabs = await readAt(elf, md.itablinks.addr, md.itablinks.len * 8, 'Go itab links')
    const typelinks: number[] = []
    for (let k = 0; k < md.typelinks.len; k++) typelinks.push(links.readInt32LE(k * 4))
    const itabOffsets: number[] = []
    for (let k = 0; k < md.itablinks.len; k++) {
      const off = itabs.readBigUInt64LE(k * 8) - md.types
      if (off >= 0n && off < BigInt(size)) itabOffsets.push(Number(off))
    }
    return { region: { buf, base: md.types }, roots: { typelinks, itabs: itabOffsets } }
  } catch (error) {
    if (error instanceof MalformedElfError) return null
    throw error
  }
}

function kindOf(section: string): SizeKind {
  if (section === '.text') return 'code'
  if (section === '.gopclntab') return 'pclntab'
  return 'data'
}

function howOf(section: string): string {
  switch (section) {
    case '.text':
      return 'function table (.gopclntab), alignment padding counted with the function before it'
    case '.gopclntab':
      return "each function's record, pc-value tables, name and file entries"
    case '.rodata':
      return 'funcdata, type descriptors, itabs and string literals through the module data'
    default:
      return 'symbol table (.symtab)'
  }
}
