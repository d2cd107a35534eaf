import { PF_W, PF_X, PT_LOAD, type ElfFile, type ProgramHeader } from './reader.js'

/** Where the function-name table of a Go binary lies (file offsets). */
export interface PclnTab {
  /** File offset of the pcHeader. */
  readonly offset: bigint
  /** `go1.20+` (magic 0xfffffff1) or `go1.18-1.19` (0xfffffff0). */
  readonly format: 'go1.20+' | 'go1.18-1.19'
  readonly nfunc: number
  /** [start, end) of `funcnametab`: NUL-terminated names, back to back. */
  readonly namesStart: bigint
  readonly namesEnd: bigint
}

/** A name we look for: the whole name, its beginning, or anywhere in it. */
export interface NamePattern {
  readonly kind: 'exact' | 'prefix' | 'contains'
  readonly text: string
}

const MAGIC_120 = 0xfffffff1
const MAGIC_118 = 0xfffffff0
/** magic, pad, pad, minLC, ptrSize, then nfunc, nfiles, textStart, funcnameOffset, cuOffset, filetabOffset, pctabOffset, pclnOffset. */
export const PCHEADER_SIZE = 8 + 8 * 8
const HEADER_SIZE = PCHEADER_SIZE
/** The first byte of each magic, little-endian: what the scan looks at first. */
const FIRST_120 = MAGIC_120 & 0xff
const FIRST_118 = MAGIC_118 & 0xff
const CHUNK = 1 << 20
/** Sanity bounds: the largest Go binaries have a few hundred thousand functions. */
const MAX_FUNCS = 10_000_000
/** A name longer than this means we are not reading a name table. */
const MAX_NAME = 64 * 1024
/** Names reported per pattern: enough for evidence, bounded for huge binaries. */
export const NAMES_PER_PATTERN = 8

/** Where the pcHeader says its tables are, relative to the header. */
export interface PcHeaderOffsets {
  /** Instruction size quantum: 1 on amd64, 4 on arm64. */
  readonly minLC: number
  readonly funcnameOffset: bigint
  readonly cuOffset: bigint
  /** File names, NUL-terminated, back to back, up to pctabOffset. */
  readonly filetabOffset: bigint
  readonly pctabOffset: bigint
  /** Start of the functab (then the _func records it points to). */
  readonly pclnOffset: bigint
}

/**
 * Parses and checks a pcHeader at `buf[at..]`; `room` is how many bytes of
 * the containing segment follow `at`, so that the tables it points to must fit.
 */
export function parsePcHeader(
  buf: Buffer,
  at: number,
  room: bigint
): (Omit<PclnTab, 'offset' | 'namesStart' | 'namesEnd'> & PcHeaderOffsets) | null {
  if (at + HEADER_SIZE > buf.length) return null
  const magic = buf.readUInt32LE(at)
  if (magic !== MAGIC_120 && magic !== MAGIC_118) return null
  if (buf[at + 4] !== 0 || buf[at + 5] !== 0) return null
  const minLC = buf.readUInt8(at + 6)
  if (minLC !== 1 && minLC !== 2 && minLC !== 4) return null
  if (buf[at + 7] !== 8) return null
  const field = (i: number): bigint => buf.readBigUInt64LE(at + 8 + 8 * i)
  const nfunc = field(0)
  const nfiles = field(1)
  const [funcnameOffset, cuOffset, filetabOffset, pctabOffset, pclnOffset] = [3, 4, 5, 6, 7].map(
    field
  ) as [bigint, bigint, bigint, bigint, bigint]
  if (nfunc === 0n || nfunc > BigInt(MAX_FUNCS) || nfiles > BigInt(MAX_FUNCS)) return null
  const ordered =
    funcnameOffset >= BigInt(HEADER_SIZE) &&
    funcnameOffset <= cuOffset &&
    cuOffset <= filetabOffset &&
    filetabOffset <= pctabOffset &&
    pctabOffset <= pclnOffset
  // functab: nfunc+1 (entryoff, funcoff) uint32 pairs at pclnOffset.
  if (!ordered || pclnOffset + (nfunc + 1n) * 8n > room) return null
  return {
    format: magic === MAGIC_120 ? 'go1.20+' : 'go1.18-1.19',
    nfunc: Number(nfunc),
    minLC,
    funcnameOffset,
    cuOffset,
    filetabOffset,
    pctabOffset,
    pclnOffset
  }
}

function located(offset: bigint, header: NonNullable<ReturnType<typeof parsePcHeader>>): PclnTab {
  return {
    offset,
    format: header.format,
    nfunc: header.nfunc,
    namesStart: offset + header.funcnameOffset,
    namesEnd: offset + header.cuOffset
  }
}

/**
 * Whether `buf[at..]` may be a pcHeader: either magic, the zero pad bytes, an
 * 8-byte pointer size and a function count in bounds, checked with plain byte
 * reads so that a run of look-alike headers costs no BigInt each.
 */
function startsPcHeader(buf: Buffer, at: number): boolean {
  const first = buf[at]
  if (first !== FIRST_120 && first !== FIRST_118) return false
  if (at + HEADER_SIZE > buf.length) return false
  if (buf[at + 1] !== 0xff || buf[at + 2] !== 0xff || buf[at + 3] !== 0xff) return false
  if (buf[at + 4] !== 0 || buf[at + 5] !== 0 || buf[at + 7] !== 8) return false
  const nfuncLow = buf.readUInt32LE(at + 8)
  const nfuncHigh = buf.readUInt32LE(at + 12)
  return nfuncHigh === 0 && nfuncLow !== 0 && nfuncLow <= MAX_FUNCS
}

/**
 * The last valid pcHeader starting in `buf[0, limit)`, where `buf` holds the
 * file from `bufStart` and the segment ends at `end`. The header starts an
 * 8-byte aligned symbol, so only aligned offsets are looked at, each in
 * constant time: linear whatever the bytes. (`lastIndexOf(magic)` restarted
 * at every offset of a zero run: 4 s on a binary with 99 MB of zeros; a byte
 * search per candidate took a minute on a run of 0xf1.)
 */
export function lastPcHeader(
  buf: Buffer,
  bufStart: bigint,
  limit: number,
  end: bigint
): PclnTab | null {
  if (limit <= 0) return null
  const misalign = Number(bufStart % 8n)
  for (let i = limit - 1 - ((limit - 1 + misalign) % 8); i >= 0; i -= 8) {
    if (!startsPcHeader(buf, i)) continue
    const offset = bufStart + BigInt(i)
    const header = parsePcHeader(buf, i, end - offset)
    if (header) return located(offset, header)
  }
  return null
}

/**
 * Searches [start, end) backwards, a chunk at a time, for a valid pcHeader.
 * `.gopclntab` is the last section of Go's read-only segment, so the search
 * usually ends within the first chunk or two, however large the binary.
 */
async function scanBackwards(elf: ElfFile, start: bigint, end: bigint): Promise<PclnTab | null> {
  let pos = end
  while (pos > start) {
    const chunkStart = pos - BigInt(CHUNK) > start ? pos - BigInt(CHUNK) : start
    // Read a header's worth past `pos` so a header that begins just before it is whole.
    const readEnd = pos + BigInt(HEADER_SIZE) < end ? pos + BigInt(HEADER_SIZE) : end
    const buf = await elf.src.read(chunkStart, Number(readEnd - chunkStart))
    const found = lastPcHeader(buf, chunkStart, Number(pos - chunkStart), end)
    if (found) return found
    pos = chunkStart
  }
  return null
}

function segmentsToSearch(elf: ElfFile): ProgramHeader[] {
  const loads = elf.programHeaders.filter((ph) => ph.type === PT_LOAD && ph.filesz > 0n)
  const readOnly = loads.filter((ph) => (ph.flags & (PF_X | PF_W)) === 0)
  // Externally linked PIE keeps the table in .data.rel.ro, inside the writable segment.
  const writable = loads.filter((ph) => (ph.flags & (PF_X | PF_W)) === PF_W)
  return [...readOnly.reverse(), ...writable]
}

/** The Go function-name table, by section name or by searching the segments; null for non-Go binaries. */
export async function findPclnTab(elf: ElfFile): Promise<PclnTab | null> {
  const section = await elf.section('.gopclntab')
  if (section && section.size >= BigInt(HEADER_SIZE)) {
    const buf = await elf.src.read(section.offset, HEADER_SIZE)
    const header = parsePcHeader(buf, 0, section.size)
    if (header) return located(section.offset, header)
  }
  for (const ph of segmentsToSearch(elf)) {
    const found = await scanBackwards(elf, ph.offset, ph.offset + ph.filesz)
    if (found) return found
  }
  return null
}

/**
 * The name table in chunks that each begin with a NUL and end with one, so
 * every name inside appears as `\0name\0` and a byte search needs no
 * special case at chunk edges.
 */
export async function* nameChunks(
  elf: ElfFile,
  tab: PclnTab,
  chunk = CHUNK
): AsyncGenerator<Buffer> {
  const NUL = Buffer.from([0])
  let carry: Buffer = Buffer.alloc(0)
  let pos = tab.namesStart
  while (pos < tab.namesEnd) {
    const want = tab.namesEnd - pos < BigInt(chunk) ? Number(tab.namesEnd - pos) : chunk
    const buf = await elf.src.read(pos, want)
    if (buf.length === 0) break
    pos += BigInt(buf.length)
    const data = Buffer.concat([NUL, carry, buf])
    const last = data.lastIndexOf(0)
    if (last > 0) {
      yield data.subarray(0, last + 1)
      carry = data.subarray(last + 1)
    } else {
      carry = data.subarray(1)
    }
    if (carry.length > MAX_NAME) carry = Buffer.alloc(0)
  }
  if (carry.length > 0) yield Buffer.concat([NUL, carry, NUL])
}

/** Every function name (tests and debugging; `findNames` is the fast path). */
export async function* funcNames(elf: ElfFile, tab: PclnTab): AsyncGenerator<string> {
  for await (const chunk of nameChunks(elf, tab)) {
    let at = 1
    while (at < chunk.length) {
      const end = chunk.indexOf(0, at)
      if (end > at) yield chunk.toString('utf8', at, end)
      at = end + 1
    }
  }
}

/** The name around a match at `i` in a NUL-delimited chunk. */
function nameAround(chunk: Buffer, i: number): { name: string; end: number } {
  const start = chunk.lastIndexOf(0, i) + 1
  const end = chunk.indexOf(0, i)
  return { name: chunk.toString('utf8', start, end), end }
}

/** Names matching `pattern` in one chunk, at most `room` of them. */
export function matchChunk(chunk: Buffer, pattern: NamePattern, room: number): string[] {
  const text = Buffer.from(pattern.text, 'utf8')
  const seen: string[] = []
  if (pattern.kind === 'exact') {
    const needle = Buffer.concat([Buffer.from([0]), text, Buffer.from([0])])
    if (chunk.indexOf(needle) !== -1) seen.push(pattern.text)
    return seen
  }
  const needle = pattern.kind === 'prefix' ? Buffer.concat([Buffer.from([0]), text]) : text
  let i = chunk.indexOf(needle)
  while (i !== -1 && seen.length < room) {
    const { name, end } = nameAround(chunk, pattern.kind === 'prefix' ? i + 1 : i)
    seen.push(name)
    i = chunk.indexOf(needle, end)
  }
  return seen
}

/**
 * Which of the patterns occur among the function names, with the names that
 * matched (at most NAMES_PER_PATTERN per pattern). One pass over the table,
 * native byte searches, no string per function.
 */
export async function findNames(
  elf: ElfFile,
  tab: PclnTab,
  patterns: readonly NamePattern[]
): Promise<Set<string>> {
  const found = new Set<string>()
  const counts = patterns.map(() => 0)
  for await (const chunk of nameChunks(elf, tab)) {
    patterns.forEach((pattern, p) => {
      const room = NAMES_PER_PATTERN - (counts[p] ?? 0)
      if (room <= 0) return
      for (const name of matchChunk(chunk, pattern, room)) {
        if (!found.has(name)) {
          found.add(name)
          counts[p] = (counts[p] ?? 0) + 1
        }
      }
    })
  }
  return found
}
