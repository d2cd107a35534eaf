import { MalformedElfError, cString, type ElfFile, type SectionHeader } from './reader.js'

/** One entry of `.symtab` that has bytes: a function or a data object. */
export interface ElfSymbol {
  readonly name: string
  readonly kind: 'func' | 'object'
  readonly size: number
  /** Name of the section it lies in; '' when the index points nowhere. */
  readonly section: string
  /** The object file a local symbol came from (the STT_FILE before it), or ''. */
  readonly file: string
}

const SYM_SIZE = 24
const STT_OBJECT = 1
const STT_FUNC = 2
const STT_FILE = 4
const STT_TLS = 6
const SHN_LORESERVE = 0xff00
const STB_LOCAL = 0
/** Symbol tables beyond this are not read (the largest real ones are tens of MB). */
export const MAX_SYMTAB_BYTES = 256 * 1024 * 1024
/** Symbol names longer than this are cut (C++ and Go generics can be long, not this long). */
const MAX_SYMBOL_NAME = 4096

/**
 * Parses ELF64 little-endian symbols from the raw `.symtab` and its string
 * table. Pure. Only sized functions and objects are kept; a name or section
 * index out of range gives '' rather than an error.
 */
export function parseSymbols(
  table: Buffer,
  strings: Buffer,
  sections: readonly Pick<SectionHeader, 'name'>[]
): ElfSymbol[] {
  const out: ElfSymbol[] = []
  let file = ''
  for (let at = 0; at + SYM_SIZE <= table.length; at += SYM_SIZE) {
    const info = table[at + 4] as number
    const type = info & 0xf
    const bind = info >> 4
    if (type === STT_FILE) {
      file = cString(strings, table.readUInt32LE(at), MAX_SYMBOL_NAME)
      continue
    }
    if (type !== STT_FUNC && type !== STT_OBJECT && type !== STT_TLS) continue
    const size = table.readBigUInt64LE(at + 16)
    if (size === 0n || size > BigInt(Number.MAX_SAFE_INTEGER)) continue
    const shndx = table.readUInt16LE(at + 6)
    const section = shndx < SHN_LORESERVE ? (sections[shndx]?.name ?? '') : ''
    out.push({
      name: cString(strings, table.readUInt32LE(at), MAX_SYMBOL_NAME),
      kind: type === STT_FUNC ? 'func' : 'object',
      size: Number(size),
      section,
      // Global symbols follow all locals; the last STT_FILE says nothing about them.
      file: bind === STB_LOCAL ? file : ''
    })
  }
  return out
}

/** The symbols of `.symtab`, or null when the binary has none (stripped). */
export async function readSymbols(elf: ElfFile): Promise<ElfSymbol[] | null> {
  const sections = await elf.sections()
  const symtab = sections.find((s) => s.name === '.symtab')
  if (!symtab) return null
  const strtab = sections.find((s) => s.name === '.strtab')
  if (!strtab) throw new MalformedElfError('.symtab has no .strtab beside it')
  if (symtab.size > BigInt(MAX_SYMTAB_BYTES) || strtab.size > BigInt(MAX_SYMTAB_BYTES)) {
    throw new MalformedElfError(`the symbol table is larger than the ${MAX_SYMTAB_BYTES} read`)
  }
  const table = await elf.read(symtab.offset, Number(symtab.size), '.symtab')
  const strings = await elf.read(strtab.offset, Number(strtab.size), '.strtab')
  return parseSymbols(table, strings, sections)
}
