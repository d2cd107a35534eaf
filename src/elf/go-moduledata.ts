import type { PclnTab } from './go-pclntab.js'
import { PF_W, PT_LOAD, type ElfFile } from './reader.js'

/**
 * The runtime's module data (`runtime.firstmoduledata`): where the type
 * descriptors, funcdata and type links of a Go binary are. It survives
 * `-s -w` (the runtime needs it), and its first field points at the
 * function table's header, so it is found by searching the writable data
 * for that address.
 */

export interface Slice {
  readonly addr: bigint
  readonly len: number
}

export interface ModuleData {
  /** Virtual address of the moduledata itself. */
  readonly addr: bigint
  readonly text: bigint
  readonly etext: bigint
  readonly noptrdata: bigint
  readonly enoptrdata: bigint
  readonly data: bigint
  readonly edata: bigint
  readonly types: bigint
  readonly etypes: bigint
  /** Start of `go:func.*`, the funcdata the function records point at (offsets from here). */
  readonly gofunc: bigint
  readonly findfunctab: bigint
  readonly minpc: bigint
  readonly maxpc: bigint
  /** int32 offsets from `types` of the type descriptors reflect may look up. */
  readonly typelinks: Slice
  /** Pointers to every itab. */
  readonly itablinks: Slice
}

const CHUNK = 1 << 20
/** Words read: enough for every field up to itablinks in both layouts. */
const WORDS = 52

/** The pcHeader's virtual address, through the segment that holds it. */
export function vaddrOf(elf: ElfFile, offset: bigint): bigint | null {
  for (const ph of elf.programHeaders) {
    if (ph.type === PT_LOAD && offset >= ph.offset && offset < ph.offset + ph.filesz) {
      return ph.vaddr + (offset - ph.offset)
    }
  }
  return null
}

/**
 * Parses moduledata from its words; null when the slices it holds do not
 * point into the function table the way the linker lays them out.
 */
export function parseModuleData(
  words: readonly bigint[],
  addr: bigint,
  pcHeader: bigint,
  header: { funcnameOffset: bigint; cuOffset: bigint; format: PclnTab['format'] }
): ModuleData | null {
  const w = (i: number): bigint => words[i] ?? 0n
  if (w(0) !== pcHeader) return null
  if (w(1) !== pcHeader + header.funcnameOffset) return null
  if (w(4) !== pcHeader + header.cuOffset) return null
  // Go 1.20 added covctrs/ecovctrs after noptrbss: every later field moves by two words.
  const s = header.format === 'go1.20+' ? 2 : 0
  const md: ModuleData = {
    addr,
    findfunctab: w(19),
    minpc: w(20),
    maxpc: w(21),
    text: w(22),
    etext: w(23),
    noptrdata: w(24),
    enoptrdata: w(25),
    data: w(26),
    edata: w(27),
    types: w(35 + s),
    etypes: w(36 + s),
    gofunc: w(38 + s),
    typelinks: { addr: w(42 + s), len: Number(w(43 + s)) },
    itablinks: { addr: w(45 + s), len: Number(w(46 + s)) }
  }
  const sane =
    md.text <= md.etext &&
    md.types <= md.etypes &&
    md.gofunc >= md.types &&
    md.gofunc <= md.etypes &&
    md.typelinks.len >= 0 &&
    md.typelinks.len < 1 << 26 &&
    md.itablinks.len >= 0 &&
    md.itablinks.len < 1 << 26
  return sane ? md : null
}

/** Finds and parses the moduledata; null when it cannot be found. */
export async function findModuleData(
  elf: ElfFile,
  tab: PclnTab,
  header: { funcnameOffset: bigint; cuOffset: bigint }
): Promise<ModuleData | null> {
  const pcHeader = vaddrOf(elf, tab.offset)
  if (pcHeader === null) return null
  const needle = Buffer.alloc(8)
  needle.writeBigUInt64LE(pcHeader)
  const writable = elf.programHeaders.filter(
    (ph) => ph.type === PT_LOAD && (ph.flags & PF_W) !== 0 && ph.filesz > 0n
  )
  for (const ph of writable) {
    const end = ph.offset + ph.filesz
    for (let pos = ph.offset; pos < end; pos += BigInt(CHUNK)) {
      const want = Number(end - pos < BigInt(CHUNK + 8) ? end - pos : BigInt(CHUNK + 8))
      const buf = await elf.src.read(pos, want)
      let i = buf.indexOf(needle)
      while (i !== -1) {
        const at = pos + BigInt(i)
        if (at % 8n === 0n) {
          const raw = await elf.src.read(at, WORDS * 8)
          if (raw.length === WORDS * 8) {
            const words = Array.from({ length: WORDS }, (_, k) => raw.readBigUInt64LE(k * 8))
            const md = parseModuleData(words, ph.vaddr + (at - ph.offset), pcHeader, {
              ...header,
              format: tab.format
            })
            if (md) return md
          }
        }
        i = buf.indexOf(needle, i + 1)
      }
    }
  }
  return null
}
