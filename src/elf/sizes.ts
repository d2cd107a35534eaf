import { readFuncTable, type FuncTable } from './go-functab.js'
import { readGoBuildInfo } from './go-buildinfo.js'
import { ModuleMap, packageOf, type ModuleVersion } from './go-names.js'
import { findPclnTab, type PclnTab } from './go-pclntab.js'
import { dwarfMechanism, embeddedZoneMechanism } from './go-mechanisms.js'
import { placeGo } from './go-sizes.js'
import { findStrings, readOnlyDataRanges } from './needs.js'
import {
  MalformedElfError,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SHT_NOBITS,
  type ElfFile,
  type ProgramHeader,
  type SectionHeader
} from './reader.js'
import { readSymbols, type ElfSymbol } from './symtab.js'
import type {
  ModuleSize,
  PackageSize,
  SectionShare,
  SectionSize,
  SizeAdvice,
  SizeAttribution,
  SizeKind,
  SizeMechanism,
  SizeParts,
  SizePlaced,
  SymbolSize
} from './types.js'

/**
 * Where a binary's bytes are: sections, and for Go the packages and
 * modules their code (and, unstripped, their data) comes from. The pure
 * functions here take what the readers found; `attributeSizes` reads.
 */

/** Symbols listed for a non-Go binary. */
export const TOP_SYMBOLS = 50
function flagsText(flags: number): string {
  return `${flags & PF_R ? 'r' : '-'}${flags & PF_W ? 'w' : '-'}${flags & PF_X ? 'x' : '-'}`
}

/** Section sizes from section headers, or, without them, the loadable segments. */
export function sectionSizes(
  sections: readonly SectionHeader[],
  programHeaders: readonly ProgramHeader[]
): { layout: SizeAttribution['layout']; sections: SectionSize[] } {
  const named = sections.filter((s) => s.name !== '' && s.type !== 0)
  if (named.length > 0) {
    return {
      layout: 'sections',
      sections: named.map((s) => ({
        name: s.name,
        size: s.type === SHT_NOBITS ? 0 : Number(s.size),
        memory: Number(s.size)
      }))
    }
  }
  const loads = programHeaders.filter((ph) => ph.type === PT_LOAD)
  return {
    layout: 'segments',
    sections: loads.map((ph, i) => ({
      name: `LOAD #${i + 1} (${flagsText(ph.flags)})`,
      size: Number(ph.filesz),
      memory: Number(ph.memsz)
    }))
  }
}

type Tally = Partial<Record<SizeKind, number>>

/** The sum of a row's parts. */
export function partsTotal(parts: SizeParts): number {
  let sum = 0
  for (const value of Object.values(parts)) sum += value ?? 0
  return sum
}

/** Two sets of parts added, kind by kind. */
export function addParts(a: SizeParts, b: SizeParts): SizeParts {
  const out: Tally = { ...a }
  for (const [kind, value] of Object.entries(b) as [SizeKind, number][]) {
    out[kind] = (out[kind] ?? 0) + value
  }
  return out
}

function bySize<T extends { bytes: number; name?: string; path?: string }>(a: T, b: T): number {
  return b.bytes - a.bytes
}

/** Packages summed by module; buckets stay out. */
export function moduleSizes(packages: readonly PackageSize[], modules: ModuleMap): ModuleSize[] {
  const byPath = new Map<string, ModuleSize>()
  for (const pkg of packages) {
    if (pkg.module === '') continue
    const prev = byPath.get(pkg.module) ?? {
      path: pkg.module,
      version: modules.versionOf(pkg.module),
      bytes: 0,
      parts: {},
      packages: 0
    }
    const methods =
      prev.methods === undefined && pkg.methods === undefined
        ? {}
        : { methods: (prev.methods ?? 0) + (pkg.methods ?? 0) }
    byPath.set(pkg.module, {
      ...prev,
      bytes: prev.bytes + pkg.bytes,
      parts: addParts(prev.parts, pkg.parts),
      packages: prev.packages + 1,
      ...methods
    })
  }
  return [...byPath.values()].sort(bySize)
}

/** Whether a row is a named bucket rather than a package. */
export function isBucket(name: string): boolean {
  return name.startsWith('(')
}

/** Bytes of the file placed in packages and in buckets. */
export function placedBytes(file: number, packages: readonly PackageSize[]): SizePlaced {
  let inPackages = 0
  let buckets = 0
  for (const row of packages) {
    if (isBucket(row.name)) buckets += row.bytes
    else inPackages += row.bytes
  }
  return { file, packages: inPackages, buckets }
}

/** The largest functions and objects of a symbol table, and the share of each section they cover. */
export function symbolSizes(
  symbols: readonly ElfSymbol[],
  sections: readonly SectionSize[]
): { symbols: SymbolSize[]; shares: Record<string, SectionShare> } {
  const sorted = [...symbols].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name))
  const bySection = new Map<string, number>()
  for (const sym of symbols)
    bySection.set(sym.section, (bySection.get(sym.section) ?? 0) + sym.size)
  const shares: Record<string, SectionShare> = {}
  for (const section of sections) {
    const attributed = bySection.get(section.name)
    if (attributed === undefined || section.size === 0) continue
    shares[section.name] = {
      size: section.size,
      attributed: Math.min(attributed, section.size),
      how: 'symbol table (.symtab)'
    }
  }
  return {
    symbols: sorted
      .slice(0, TOP_SYMBOLS)
      .map(({ name, size, section, file }) => ({ name, size, section, file })),
    shares
  }
}

/** What the facts prove could be saved, largest first. */
export interface AdviceFacts {
  readonly go: boolean
  readonly sections: readonly SectionSize[]
  readonly settings: Readonly<Record<string, string>>
  readonly buildPaths: FuncTable['buildPaths'] | null
  /** Bytes of the embedded zone database (time/tzdata), or 0. */
  readonly tzdataBytes: number
  /** Evidence of static glibc in a C binary, or null. */
  readonly glibc: { readonly evidence: string } | null
}

export function sizeAdvice(facts: AdviceFacts): SizeAdvice[] {
  const sum = (test: (name: string) => boolean): number =>
    facts.sections.filter((s) => test(s.name)).reduce((n, s) => n + s.size, 0)
  const symbols = sum((n) => n === '.symtab' || n === '.strtab')
  const dwarf = sum((n) => n.startsWith('.debug_') || n.startsWith('.zdebug_'))
  const advice: SizeAdvice[] = []
  if (symbols > 0) {
    advice.push({
      id: 'strip-symbols',
      bytes: symbols,
      message: facts.go
        ? 'the symbol table (.symtab, .strtab) is in the binary: build with -ldflags="-s" to drop it'
        : 'the symbol table (.symtab, .strtab) is in the binary: link with -s or run strip to drop it'
    })
  }
  if (dwarf > 0) {
    advice.push({
      id: 'strip-dwarf',
      bytes: dwarf,
      message: facts.go
        ? 'DWARF debug information (.debug_*) is in the binary: build with -ldflags="-w" to drop it'
        : 'debug information (.debug_*) is in the binary: compile without -g or run strip --strip-debug'
    })
  }
  if (facts.go && facts.buildPaths !== null && facts.buildPaths.count > 0) {
    advice.push({
      id: 'trimpath',
      bytes: facts.buildPaths.bytes,
      message: `${facts.buildPaths.count} source file names carry the build machine's paths (e.g. ${facts.buildPaths.example}): build with -trimpath to shorten them and keep those paths out of the image`
    })
  }
  if (facts.tzdataBytes > 0) {
    advice.push({
      id: 'tzdata',
      bytes: facts.tzdataBytes,
      message:
        'the time zone database is embedded (time/tzdata, or -tags timetzdata): drop it and add include: tzdata if only some images need zones'
    })
  }
  if (facts.glibc !== null) {
    advice.push({
      id: 'static-glibc',
      bytes: null,
      message: `linked statically against glibc (${facts.glibc.evidence}): link with musl-gcc -static instead. What that saves here needs a build to tell; static glibc brings a floor of about 660 KB (a stripped hello world: 682,696 bytes with glibc, 17,808 with musl, gcc 12 -Os) and loads NSS modules at run time`
    })
  }
  return advice.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06])
const LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const CHUNK = 1 << 20

/**
 * Bytes of the zip that time/tzdata embeds, found through its end-of-central-
 * directory record in the read-only data: the zip starts `cd offset + cd size`
 * before that record. 0 when none is found.
 */
export async function embeddedZipBytes(elf: ElfFile): Promise<number> {
  for (const [start, end] of await readOnlyDataRanges(elf)) {
    for (let pos = start; pos < end; pos += BigInt(CHUNK)) {
      const want = Number(end - pos < BigInt(CHUNK + 22) ? end - pos : BigInt(CHUNK + 22))
      const buf = await elf.src.read(pos, want)
      let i = buf.indexOf(EOCD)
      while (i !== -1 && i + 22 <= buf.length) {
        const cdSize = buf.readUInt32LE(i + 12)
        const cdOffset = buf.readUInt32LE(i + 16)
        const zipStart = pos + BigInt(i) - BigInt(cdSize) - BigInt(cdOffset)
        if (zipStart >= start && cdSize > 0) {
          const head = await elf.src.read(zipStart, 4)
          if (head.equals(LOCAL_HEADER)) return cdOffset + cdSize + 22 + buf.readUInt16LE(i + 20)
        }
        i = buf.indexOf(EOCD, i + 1)
      }
    }
  }
  return 0
}

/** Strings only a static glibc carries. */
const GLIBC_STRINGS = ['GLIBC_PRIVATE', 'glibc.malloc.', '__libc_early_init']

interface GoFacts {
  readonly path: string
  readonly settings: Readonly<Record<string, string>>
  readonly modules: { readonly main: ModuleVersion | null; readonly deps: readonly ModuleVersion[] }
}

async function goFacts(elf: ElfFile): Promise<GoFacts | null> {
  try {
    const info = await readGoBuildInfo(elf)
    if (info.kind !== 'go') return null
    return { path: info.info.path, settings: info.info.settings, modules: info.modules }
  } catch (error) {
    if (error instanceof MalformedElfError) return null
    throw error
  }
}

function withoutSymbols<T>(error: unknown, notes: string[], fallback: T): T {
  if (!(error instanceof MalformedElfError)) throw error
  notes.push(`symbol table unreadable (${error.message}): symbols not attributed`)
  return fallback
}

/**
 * Where the bytes of an ELF file (amd64 or arm64) are. Never throws for a damaged
 * file: what cannot be read becomes a note, and the rest is still reported.
 */
export async function attributeSizes(elf: ElfFile): Promise<SizeAttribution> {
  const notes: string[] = []
  const { layout, sections } = sectionSizes(await elf.sections(), elf.programHeaders)
  if (layout === 'segments') {
    notes.push('the binary has no section headers: sizes are by segment')
  }
  const symbols = await readSymbols(elf).catch((error: unknown) =>
    withoutSymbols<ElfSymbol[] | null>(error, notes, null)
  )
  const go = await goFacts(elf)
  let table: FuncTable | null = null
  let tab: PclnTab | null = null
  try {
    tab = await findPclnTab(elf)
    if (tab) table = await readFuncTable(elf, tab)
    else if (go) notes.push('Go function table (.gopclntab) not found: code not attributed')
  } catch (error) {
    if (!(error instanceof MalformedElfError)) throw error
    notes.push(`Go function table damaged (${error.message}): attribution unavailable`)
  }
  const isGo = table !== null || go !== null
  let packages: PackageSize[] = []
  let modules: ModuleSize[] = []
  let topSymbols: SymbolSize[] = []
  let attributed: Record<string, SectionShare> = {}
  const mechanisms: SizeMechanism[] = []
  if (table !== null && tab !== null) {
    const map = new ModuleMap(go?.modules.main ?? null, go?.modules.deps ?? [], go?.path ?? '')
    const placed = await placeGo(elf, tab, table, symbols, map, go?.settings.CGO_ENABLED === '1')
    packages = placed.packages
    modules = moduleSizes(packages, map)
    attributed = placed.shares
    notes.push(...placed.notes)
    mechanisms.push(...placed.mechanisms)
    if (symbols !== null && go?.settings.CGO_ENABLED === '1') {
      // The C side of a cgo binary: its largest functions and objects, by the symbol table.
      const goNames = new Set(table.funcs.map((fn) => fn.name))
      const c = symbols.filter(
        (sym) =>
          !goNames.has(sym.name) && packageOf(sym.name) === null && !/^(go|type)[:.]/.test(sym.name)
      )
      topSymbols = symbolSizes(c, sections).symbols
    }
  } else if (!isGo && symbols !== null) {
    const c = symbolSizes(symbols, sections)
    topSymbols = c.symbols
    attributed = c.shares
  } else if (!isGo) {
    notes.push('stripped binary without a Go function table: sections only')
  }
  const tzdata = packages.some((p) => p.name === 'time/tzdata') ? await embeddedZipBytes(elf) : 0
  let glibc: AdviceFacts['glibc'] = null
  if (!isGo) {
    const seen = await findStrings(elf, await readOnlyDataRanges(elf), GLIBC_STRINGS)
    if (seen.length > 0) glibc = { evidence: `strings ${seen.join(', ')}` }
  }
  const advice = sizeAdvice({
    go: isGo,
    sections,
    settings: go?.settings ?? {},
    buildPaths: go && go.settings['-trimpath'] !== 'true' ? (table?.buildPaths ?? null) : null,
    tzdataBytes: tzdata,
    glibc
  })
  return {
    layout,
    sections,
    packages,
    modules,
    symbols: topSymbols,
    attributed,
    advice,
    notes,
    mechanisms: [
      ...mechanisms,
      ...(tzdata > 0 ? [embeddedZoneMechanism(tzdata)] : []),
      ...[dwarfMechanism(sections)].filter((m) => m !== null)
    ],
    placed: placedBytes(Number(elf.src.size), packages)
  }
}
