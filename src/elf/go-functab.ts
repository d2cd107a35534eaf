import { PCHEADER_SIZE, parsePcHeader, type PcHeaderOffsets, type PclnTab } from './go-pclntab.js'
import { MalformedElfError, PT_LOAD, type ElfFile } from './reader.js'

/**
 * Go's function table: where every function starts, where its own code
 * ends, and its name. Works from `.gopclntab` alone, which `-s -w` keeps.
 *
 * Layout (Go 1.18 and later; 1.20 only added `startLine` after the fields
 * read here): functab at pclnOffset holds nfunc (entryoff, funcoff) uint32
 * pairs and one closing entryoff (the end of the text); each funcoff points,
 * from pclnOffset, at a `_func` whose first fields are entryOff, nameOff,
 * args, deferreturn, pcsp. The pcsp table, a pc-value table in pctab,
 * covers exactly the function's own instructions: where it ends is the
 * function's size as the linker laid it out, without the alignment padding
 * that follows (what `go tool nm -size` prints).
 */

/** One function: its name and bytes. Offsets are from the start of the text. */
export interface GoFunc {
  readonly name: string
  readonly entry: number
  /** Bytes to the next function's entry: own code plus the padding after it. */
  readonly span: number
  /** Own code bytes, from the pcsp table's end; `span` when that table is missing. */
  readonly size: number
  /** Where its `_func` record starts in the table (bytes from the pcHeader). */
  readonly record: number
}

export interface FuncTable {
  readonly format: PclnTab['format']
  readonly funcs: readonly GoFunc[]
  /** Bytes from the first function's entry to the end of the text, as the table says. */
  readonly textSpan: number
  /** Functions whose own end came from their pc-value table (the rest count their whole span). */
  readonly ownEnds: number
  /** File names in the table that are absolute build paths (no `-trimpath`). */
  readonly buildPaths: { readonly count: number; readonly bytes: number; readonly example: string }
  /** The table's bytes (from the pcHeader) and where its parts lie, for placing them. */
  readonly raw: { readonly buf: Buffer; readonly header: PcHeaderOffsets & { nfunc: number } }
}

/** Absolute paths among the NUL-separated file names in buf[start, end). */
export function buildPathsIn(buf: Buffer, start: number, end: number): FuncTable['buildPaths'] {
  let count = 0
  let bytes = 0
  let example = ''
  let at = start
  while (at < end) {
    const nul = buf.indexOf(0, at)
    const stop = nul === -1 || nul > end ? end : nul
    // '/' = 0x2f: an absolute path the build machine had.
    if (stop > at && buf[at] === 0x2f) {
      count++
      bytes += stop - at
      if (example === '') example = buf.toString('utf8', at, Math.min(stop, at + 200))
    }
    at = stop + 1
  }
  return { count, bytes, example }
}

/** The table is there but does not hold together: attribution is unavailable, the verdict stands. */
export class DamagedFuncTableError extends MalformedElfError {}

/** Offset of pcsp in `_func`; the same in the 1.18–1.19 and 1.20+ layouts. */
const FUNC_PCSP = 16
/** entryOff … nfuncdata: the fixed part of `_func` in the 1.18–1.19 layout (1.20+ is longer). */
const FUNC_MIN = 40
/** The largest table read into memory: cmd/go's is ~7 MB, the largest Go binaries' ~100 MB. */
export const MAX_TABLE_BYTES = 256 * 1024 * 1024
const MAX_NAME = 64 * 1024

/** An unsigned LEB128 varint as the runtime's readvarint (at most 5 bytes); null past `end`. */
function varint(buf: Buffer, at: number, end: number): { value: number; next: number } | null {
  let value = 0
  let shift = 0
  for (let i = at; i < end && i < at + 5; i++) {
    const b = buf[i] as number
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return { value, next: i + 1 }
    shift += 7
  }
  return null
}

/**
 * Where a pc-value table ends, in bytes from the function's entry, or null
 * when it runs off its region, goes past `limit`, or takes more than
 * `budget.steps` steps (a crafted table cannot make the whole pass slow).
 */
export function pcTableEnd(
  buf: Buffer,
  at: number,
  end: number,
  minLC: number,
  limit: number,
  budget: { steps: number }
): number | null {
  let p = at
  let pc = 0
  let first = true
  while (budget.steps-- > 0) {
    if (p >= end) return null
    if (buf[p] === 0 && !first) return pc
    const value = varint(buf, p, end)
    if (!value) return null
    const delta = varint(buf, value.next, end)
    if (!delta) return null
    p = delta.next
    pc += delta.value * minLC
    first = false
    if (pc > limit) return null
  }
  return null
}

/**
 * Parses the function table from `buf`, which starts at the pcHeader and
 * holds the whole table. Throws DamagedFuncTableError when the table does
 * not hold together (entries out of order, records or names out of range).
 */
export function parseFuncTable(buf: Buffer): FuncTable {
  const header = parsePcHeader(buf, 0, BigInt(buf.length))
  if (!header) throw new DamagedFuncTableError('the function table header is not valid')
  const { nfunc, minLC } = header
  const names = Number(header.funcnameOffset)
  const namesEnd = Number(header.cuOffset)
  const pctab = Number(header.pctabOffset)
  const pcln = Number(header.pclnOffset)
  if (pcln + (nfunc * 2 + 1) * 4 > buf.length) {
    throw new DamagedFuncTableError('the functab runs past the end of the table')
  }
  const entryAt = (i: number): number => buf.readUInt32LE(pcln + i * 8)
  const funcs: GoFunc[] = []
  // Each step of a real pc-value table takes at least two bytes of pctab.
  const budget = { steps: (pcln - pctab) / 2 + 4 * nfunc + 16 }
  let ownEnds = 0
  const first = entryAt(0)
  for (let i = 0; i < nfunc; i++) {
    const entry = entryAt(i)
    const next = entryAt(i + 1)
    if (next < entry) {
      throw new DamagedFuncTableError(`functab entry ${i + 1} comes before entry ${i}`)
    }
    const record = pcln + buf.readUInt32LE(pcln + i * 8 + 4)
    if (record < pcln || record + FUNC_MIN > buf.length) {
      throw new DamagedFuncTableError(`function ${i}'s record lies outside the table`)
    }
    if (buf.readUInt32LE(record) !== entry) {
      throw new DamagedFuncTableError(`function ${i}'s record names another entry`)
    }
    const nameAt = names + buf.readInt32LE(record + 4)
    if (nameAt < names || nameAt >= namesEnd) {
      throw new DamagedFuncTableError(`function ${i}'s name lies outside the name table`)
    }
    const nul = buf.indexOf(0, nameAt)
    const nameEnd = nul === -1 || nul > namesEnd ? namesEnd : nul
    const name = buf.toString('utf8', nameAt, Math.min(nameEnd, nameAt + MAX_NAME))
    const span = next - entry
    const pcsp = buf.readUInt32LE(record + FUNC_PCSP)
    let size = span
    if (pcsp !== 0 && budget.steps > 0) {
      const own = pcTableEnd(buf, pctab + pcsp, pcln, minLC, span, budget)
      if (own !== null) {
        size = own
        ownEnds++
      }
    }
    funcs.push({ name, entry, span, size, record })
  }
  const files = Number(header.filetabOffset)
  return {
    format: header.format,
    funcs,
    textSpan: entryAt(nfunc) - first,
    ownEnds,
    buildPaths: buildPathsIn(buf, files, Math.min(pctab, buf.length)),
    raw: { buf, header }
  }
}

/**
 * How many bytes from `tab.offset` the table may use: to the end of
 * `.gopclntab` when section headers say, else to the end of the segment
 * that holds it (the table is the last thing in Go's read-only segment).
 */
async function tableExtent(elf: ElfFile, tab: PclnTab): Promise<number> {
  const section = await elf.section('.gopclntab')
  if (section && section.offset === tab.offset) return Number(section.size)
  for (const ph of elf.programHeaders) {
    if (ph.type === PT_LOAD && tab.offset >= ph.offset && tab.offset < ph.offset + ph.filesz) {
      return Number(ph.offset + ph.filesz - tab.offset)
    }
  }
  // Found by a section whose offset lies in no segment: trust the file's end.
  return Number(elf.src.size - tab.offset)
}

/** Reads and parses the function table `findPclnTab` located. */
export async function readFuncTable(elf: ElfFile, tab: PclnTab): Promise<FuncTable> {
  const extent = Math.min(await tableExtent(elf, tab), Number(elf.src.size - tab.offset))
  if (extent < PCHEADER_SIZE) throw new DamagedFuncTableError('the function table is cut off')
  if (extent > MAX_TABLE_BYTES) {
    throw new DamagedFuncTableError(
      `the function table is ${extent} bytes, more than the ${MAX_TABLE_BYTES} read`
    )
  }
  return parseFuncTable(await elf.read(tab.offset, extent, 'Go function table'))
}
