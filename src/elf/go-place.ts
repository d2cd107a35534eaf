import type { FuncTable } from './go-functab.js'
import { LINKER_BUCKET, filePackage, packageOf } from './go-names.js'
import type { SizeKind } from './types.js'

/**
 * Places the bytes of a Go function table (`.gopclntab`) with the packages
 * of the functions they describe. Pure: works on the table's bytes as read.
 *
 * - funcnametab: each name with the package its text names (or, for a name
 *   of no package, the function that carries it);
 * - cutab: each compilation unit's file list with the unit's package (one
 *   unit per package: its functions' most common package);
 * - filetab: each file name with the first unit that lists it;
 * - pctab: each pc-value table with the first function that points at it
 *   (the linker stores identical tables once); a table ends where the next
 *   one starts;
 * - functab and `_func` records: each function's 8-byte entry and its
 *   record, up to the next record.
 * The header and the closing functab entry are runtime tables.
 */

/** Bytes of the file that no package owns: the Go runtime's own tables. */
export const RUNTIME_TABLES = '(runtime tables)'

/** Adds bytes of a kind to a package or bucket. */
export type Place = (pkg: string, kind: SizeKind, bytes: number) => void

/** `_func` field offsets shared by the 1.18–1.19 and 1.20+ layouts. */
const F_PCSP = 16
const F_NPCDATA = 28
const F_CU = 32

/** Where pcdata offsets start in a record, and where nfuncdata is. */
function recordLayout(format: FuncTable['format']): { fixed: number; nfuncdata: number } {
  return format === 'go1.20+' ? { fixed: 44, nfuncdata: 43 } : { fixed: 40, nfuncdata: 39 }
}

/** What the table says about each function beyond its name and bytes. */
export interface FuncFacts {
  /** The package each function's bytes go to. */
  readonly packages: readonly string[]
  /** Funcdata references, packed as offset from `gofunc` × 2^21 + the function that makes it, sorted. */
  readonly funcdata: Float64Array
  /** Bytes of `.gopclntab` each function owns (its entry, record, name and the tables it first uses). */
  readonly pclntab: Float64Array
}

function mostCommon(counts: Map<string, number>): string | null {
  let best: string | null = null
  let most = 0
  for (const [pkg, n] of counts) {
    if (n > most) {
      best = pkg
      most = n
    }
  }
  return best
}

/** A NUL-terminated string of `buf` starting at `at`, bounded by `end`. */
function cStringAt(buf: Buffer, at: number, end: number): string {
  const nul = buf.indexOf(0, at)
  return buf.toString('utf8', at, nul === -1 || nul > end ? end : nul)
}

/**
 * The first file of a function: its pcfile table's first value, looked up in
 * its unit's cutab slice. Null when the tables do not say.
 */
function firstFile(table: FuncTable, record: number): string | null {
  const { buf, header } = table.raw
  const pcfile = buf.readUInt32LE(record + F_PCSP + 4)
  const cu = buf.readUInt32LE(record + F_CU)
  const pctab = Number(header.pctabOffset)
  const at = pctab + pcfile
  if (pcfile === 0 || at >= buf.length) return null
  // The first value is a zig-zag varint delta from -1.
  let value = 0
  let shift = 0
  let p = at
  for (; p < at + 5 && p < buf.length; p++) {
    const b = buf[p] as number
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) break
    shift += 7
  }
  const delta = value % 2 === 1 ? -((value + 1) / 2) : value / 2
  const index = -1 + delta
  const cutab = Number(header.cuOffset)
  const slot = cutab + (cu + index) * 4
  if (index < 0 || slot + 4 > Number(header.filetabOffset)) return null
  const off = buf.readUInt32LE(slot)
  const files = Number(header.filetabOffset)
  if (off === 0xffffffff || files + off >= Number(header.pctabOffset)) return null
  return cStringAt(buf, files + off, Number(header.pctabOffset))
}

/**
 * The package of every function: its name's, else its compilation unit's
 * (assembly such as `aeshashbody` sits in runtime's unit), else its source
 * file's directory, else LINKER_BUCKET.
 */
export function funcPackages(table: FuncTable): string[] {
  const { buf } = table.raw
  const named = table.funcs.map((fn) => packageOf(fn.name))
  const byUnit = new Map<number, Map<string, number>>()
  table.funcs.forEach((fn, i) => {
    const pkg = named[i]
    if (pkg === null || pkg === undefined) return
    const cu = buf.readUInt32LE(fn.record + F_CU)
    let counts = byUnit.get(cu)
    if (!counts) {
      counts = new Map()
      byUnit.set(cu, counts)
    }
    counts.set(pkg, (counts.get(pkg) ?? 0) + 1)
  })
  const unitPackage = new Map<number, string | null>()
  return table.funcs.map((fn, i) => {
    const pkg = named[i]
    if (pkg !== null && pkg !== undefined) return pkg
    // Made by the compiler or linker for a type of no package (`type:.eq.[2]interface {}`).
    if (/^(type|go)[:.]/.test(fn.name)) return LINKER_BUCKET
    const cu = buf.readUInt32LE(fn.record + F_CU)
    if (!unitPackage.has(cu)) {
      const counts = byUnit.get(cu)
      unitPackage.set(cu, counts ? mostCommon(counts) : null)
    }
    // Assembly: the package of its source file (`runtime/asm_amd64.s`), else its unit's.
    const file = firstFile(table, fn.record)
    return (file === null ? null : filePackage(file)) ?? unitPackage.get(cu) ?? LINKER_BUCKET
  })
}

/**
 * (offset, owner) pairs packed in one growing typed array, sorted by offset
 * then owner in one typed-array sort: no object or boxed number per pair.
 */
class PackedRefs {
  private buf = new Float64Array(1024)
  length = 0

  push(offset: number, owner: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2)
      bigger.set(this.buf)
      this.buf = bigger
    }
    // offset < 2^32 and owner < 2^21 here: the pair fits a double's 53 bits exactly.
    this.buf[this.length++] = offset * 2 ** 21 + owner
  }

  sorted(): Float64Array {
    return this.buf.subarray(0, this.length).sort()
  }
}

/**
 * Walks sorted refs and gives each distinct offset's bytes (to the next
 * distinct offset, or to `end`) to its first owner.
 */
function placeRuns(
  refs: Float64Array,
  end: number,
  give: (owner: number, bytes: number) => void
): number {
  let placed = 0
  let i = 0
  while (i < refs.length) {
    const packed = refs[i] as number
    const offset = Math.floor(packed / 2 ** 21)
    const owner = packed - offset * 2 ** 21
    let j = i + 1
    while (j < refs.length && Math.floor((refs[j] as number) / 2 ** 21) === offset) j++
    const next = j < refs.length ? Math.floor((refs[j] as number) / 2 ** 21) : end
    const bytes = Math.max(0, Math.min(next, end) - offset)
    give(owner, bytes)
    placed += bytes
    i = j
  }
  return placed
}

const MAX_OWNERS = 2 ** 21

/**
 * Places every byte of the function table (see the module comment) and
 * returns what the rodata placement needs: each function's package and its
 * funcdata references.
 */
export function placeFuncTable(table: FuncTable, place: Place): FuncFacts {
  const { buf, header } = table.raw
  const packages = funcPackages(table)
  const funcs = table.funcs
  const names = Number(header.funcnameOffset)
  const cutab = Number(header.cuOffset)
  const files = Number(header.filetabOffset)
  const pctab = Number(header.pctabOffset)
  const pcln = Number(header.pclnOffset)
  const end = buf.length
  const layout = recordLayout(table.format)
  const tooMany = funcs.length >= MAX_OWNERS
  const own = new Float64Array(funcs.length)
  place(RUNTIME_TABLES, 'pclntab', names)

  // funcnametab: names of functions and of functions inlined into them.
  const byNameOff = new Map<number, number>()
  funcs.forEach((fn, i) => byNameOff.set(names + buf.readInt32LE(fn.record + 4), i))
  let at = names
  while (at < cutab) {
    const nul = buf.indexOf(0, at)
    const stop = nul === -1 || nul >= cutab ? cutab : nul
    const owner = byNameOff.get(at)
    if (owner !== undefined) own[owner] = (own[owner] ?? 0) + stop - at + 1
    const pkg =
      owner !== undefined
        ? (packages[owner] ?? LINKER_BUCKET)
        : (packageOf(buf.toString('utf8', at, Math.min(stop, at + 4096))) ?? LINKER_BUCKET)
    place(pkg, 'pclntab', stop - at + (stop < cutab ? 1 : 0))
    at = stop + 1
  }

  // cutab and filetab, by compilation unit.
  const counts = new Map<number, Map<string, number>>()
  funcs.forEach((fn, i) => {
    const cu = buf.readUInt32LE(fn.record + F_CU)
    const pkg = packages[i] ?? LINKER_BUCKET
    let c = counts.get(cu)
    if (!c) counts.set(cu, (c = new Map()))
    c.set(pkg, (c.get(pkg) ?? 0) + 1)
  })
  const unitPackage = new Map<number, string>()
  for (const [cu, c] of counts) unitPackage.set(cu, mostCommon(c) ?? LINKER_BUCKET)
  const units = [...unitPackage.keys()].sort((a, b) => a - b)
  const claimed = new Set<number>()
  let unitBytes = 0
  let fileBytes = 0
  units.forEach((cu, k) => {
    const pkg = unitPackage.get(cu) ?? LINKER_BUCKET
    const from = cutab + cu * 4
    const to = Math.min(k + 1 < units.length ? cutab + (units[k + 1] as number) * 4 : files, files)
    if (from >= to) return
    place(pkg, 'pclntab', to - from)
    unitBytes += to - from
    for (let slot = from; slot + 4 <= to; slot += 4) {
      const off = buf.readUInt32LE(slot)
      if (off === 0xffffffff || claimed.has(off) || files + off >= pctab) continue
      claimed.add(off)
      const nul = buf.indexOf(0, files + off)
      const stop = nul === -1 || nul >= pctab ? pctab : nul
      place(pkg, 'pclntab', stop + 1 - (files + off))
      fileBytes += stop + 1 - (files + off)
    }
  })
  place(RUNTIME_TABLES, 'pclntab', Math.max(0, files - cutab - unitBytes))
  place(RUNTIME_TABLES, 'pclntab', Math.max(0, pctab - files - fileBytes))

  // pctab: pc-value tables, each to the first function that points at it.
  const tables = new PackedRefs()
  const funcdataRefs = new PackedRefs()
  funcs.forEach((fn, i) => {
    const r = fn.record
    if (r + layout.fixed > end) return
    const npcdata = buf.readUInt32LE(r + F_NPCDATA)
    const nfuncdata = buf[r + layout.nfuncdata] as number
    for (const field of [F_PCSP, F_PCSP + 4, F_PCSP + 8]) {
      const off = buf.readUInt32LE(r + field)
      if (off !== 0) tables.push(off, i)
    }
    const pcdataAt = r + layout.fixed
    if (pcdataAt + (npcdata + nfuncdata) * 4 > end) return
    for (let k = 0; k < npcdata; k++) {
      const off = buf.readUInt32LE(pcdataAt + k * 4)
      if (off !== 0) tables.push(off, i)
    }
    const funcdataAt = pcdataAt + npcdata * 4
    for (let k = 0; k < nfuncdata; k++) {
      const off = buf.readUInt32LE(funcdataAt + k * 4)
      if (off !== 0xffffffff) funcdataRefs.push(off, i)
    }
  })
  const pctabSize = pcln - pctab
  let pcPlaced = 0
  if (!tooMany) {
    pcPlaced = placeRuns(tables.sorted(), pctabSize, (owner, bytes) => {
      own[owner] = (own[owner] ?? 0) + bytes
      place(packages[owner] ?? LINKER_BUCKET, 'pclntab', bytes)
    })
  }
  place(RUNTIME_TABLES, 'pclntab', Math.max(0, pctabSize - pcPlaced))

  // functab entries and _func records.
  let recordBytes = 0
  funcs.forEach((fn, i) => {
    const next = funcs[i + 1]?.record
    const record =
      next !== undefined && next > fn.record
        ? next - fn.record
        : Math.min(end - fn.record, recordSize(buf, fn.record, layout))
    const bytes = Math.max(0, record) + 8
    place(packages[i] ?? LINKER_BUCKET, 'pclntab', bytes)
    own[i] = (own[i] ?? 0) + bytes
    recordBytes += bytes
  })
  place(RUNTIME_TABLES, 'pclntab', Math.max(0, end - pcln - recordBytes))

  return { packages, funcdata: funcdataRefs.sorted(), pclntab: own }
}

function recordSize(buf: Buffer, record: number, layout: { fixed: number; nfuncdata: number }) {
  if (record + layout.fixed > buf.length) return 0
  const npcdata = buf.readUInt32LE(record + F_NPCDATA)
  const nfuncdata = buf[record + layout.nfuncdata] as number
  return layout.fixed + (npcdata + nfuncdata) * 4
}

/**
 * Places funcdata (stack maps, inline trees…) that lies in `.rodata` from
 * `gofunc` on: each distinct object, up to the next one, with the first
 * function that points at it. Returns the bytes placed.
 */
export function placeFuncdata(
  facts: FuncFacts,
  regionSize: number,
  place: Place,
  lastObjectMax = 4096
): number {
  if (facts.funcdata.length === 0 || facts.packages.length >= MAX_OWNERS) return 0
  const refs = facts.funcdata
  const last = Math.floor((refs[refs.length - 1] as number) / 2 ** 21)
  const end = Math.min(regionSize, last + lastObjectMax)
  return placeRuns(refs, end, (owner, bytes) =>
    place(facts.packages[owner] ?? LINKER_BUCKET, 'funcdata', bytes)
  )
}
