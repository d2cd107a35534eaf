import { open, type FileHandle } from 'node:fs/promises'

/**
 * Random access to the bytes of a binary. Everything in elf/ reads through
 * this, a few bytes at a time, so that a 100 MB binary costs what a 1 MB one
 * does. `read` returns fewer bytes than asked only at the end of the source.
 */
export interface ByteSource {
  readonly size: bigint
  read(offset: bigint, length: number): Promise<Buffer>
}

/** The binary is not a well-formed ELF file: truncated, or offsets that point nowhere. */
export class MalformedElfError extends Error {
  override readonly name = 'MalformedElfError'
}

/** A source over bytes already in memory (tests, fuzzing). */
export function bufferSource(bytes: Uint8Array): ByteSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {
    size: BigInt(buf.length),
    async read(offset, length) {
      if (offset >= BigInt(buf.length)) return Buffer.alloc(0)
      const start = Number(offset)
      return buf.subarray(start, Math.min(buf.length, start + length))
    }
  }
}

/** A source over a file, read with positional reads; close it when done. */
export interface FileSource extends ByteSource {
  close(): Promise<void>
}

export async function openFileSource(path: string): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r')
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`)
    const size = BigInt(stat.size)
    return {
      size,
      async read(offset, length) {
        if (offset >= size || length <= 0) return Buffer.alloc(0)
        const want = Number(BigInt(length) < size - offset ? BigInt(length) : size - offset)
        const buf = Buffer.alloc(want)
        let got = 0
        while (got < want) {
          // Node 20 ignores a bigint position here and reads at the current file
          // position instead; files are far below 2^53 bytes, so a number is exact.
          const position = Number(offset) + got
          const { bytesRead } = await handle.read(buf, got, want - got, position)
          if (bytesRead === 0) break
          got += bytesRead
        }
        return buf.subarray(0, got)
      },
      close: () => handle.close()
    }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/** Reads exactly `length` bytes or explains, in the error, what was cut off. */
export async function readExact(
  src: ByteSource,
  offset: bigint,
  length: number,
  what: string
): Promise<Buffer> {
  if (offset < 0n || offset + BigInt(length) > src.size) {
    throw new MalformedElfError(
      `${what} lies at bytes ${offset}..${offset + BigInt(length)}, past the end of the ${src.size}-byte file (truncated?)`
    )
  }
  const buf = await src.read(offset, length)
  if (buf.length !== length) {
    throw new MalformedElfError(`${what}: short read at ${offset} (truncated?)`)
  }
  return buf
}

export const ET_EXEC = 2
export const ET_DYN = 3
export const PT_LOAD = 1
export const PT_DYNAMIC = 2
export const PT_INTERP = 3
export const PF_X = 1
export const PF_W = 2
export const PF_R = 4
export const SHT_NOBITS = 8

export interface ElfHeader {
  readonly type: number
  readonly machine: number
  readonly entry: bigint
  readonly phoff: bigint
  readonly shoff: bigint
  readonly phentsize: number
  readonly phnum: number
  readonly shentsize: number
  readonly shnum: number
  readonly shstrndx: number
}

export interface ProgramHeader {
  readonly type: number
  readonly flags: number
  readonly offset: bigint
  readonly vaddr: bigint
  readonly filesz: bigint
  readonly memsz: bigint
}

export interface SectionHeader {
  readonly name: string
  readonly type: number
  readonly flags: bigint
  readonly addr: bigint
  readonly offset: bigint
  readonly size: bigint
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
const EHDR64_SIZE = 64
const PHDR64_SIZE = 56
const SHDR64_SIZE = 64
/** Section names are short; a longer read means a corrupt string table. */
const MAX_SECTION_NAME = 256

export function hasElfMagic(first: Uint8Array): boolean {
  return first.length >= 4 && Buffer.from(first.subarray(0, 4)).equals(ELF_MAGIC)
}

/** Parses the 64-byte ELF64 little-endian header. Other classes are the caller's to reject first. */
export function parseElfHeader(bytes: Buffer): ElfHeader {
  if (bytes.length < EHDR64_SIZE) {
    throw new MalformedElfError(
      `ELF header is ${bytes.length} bytes, needs ${EHDR64_SIZE} (truncated?)`
    )
  }
  return {
    type: bytes.readUInt16LE(16),
    machine: bytes.readUInt16LE(18),
    entry: bytes.readBigUInt64LE(24),
    phoff: bytes.readBigUInt64LE(32),
    shoff: bytes.readBigUInt64LE(40),
    phentsize: bytes.readUInt16LE(54),
    phnum: bytes.readUInt16LE(56),
    shentsize: bytes.readUInt16LE(58),
    shnum: bytes.readUInt16LE(60),
    shstrndx: bytes.readUInt16LE(62)
  }
}

export function parseProgramHeaders(
  table: Buffer,
  count: number,
  entsize: number
): ProgramHeader[] {
  const headers: ProgramHeader[] = []
  for (let i = 0; i < count; i++) {
    const at = i * entsize
    headers.push({
      type: table.readUInt32LE(at),
      flags: table.readUInt32LE(at + 4),
      offset: table.readBigUInt64LE(at + 8),
      vaddr: table.readBigUInt64LE(at + 16),
      filesz: table.readBigUInt64LE(at + 32),
      memsz: table.readBigUInt64LE(at + 40)
    })
  }
  return headers
}

/**
 * An ELF64 little-endian file opened for positional reads. Program headers
 * are read eagerly (the verdict needs them); section headers only on demand,
 * and a file without them (stripped with e.g. `sstrip`) still works.
 */
export class ElfFile {
  private sectionsRead: Promise<readonly SectionHeader[]> | undefined

  private constructor(
    readonly src: ByteSource,
    readonly header: ElfHeader,
    readonly programHeaders: readonly ProgramHeader[]
  ) {}

  static async open(src: ByteSource): Promise<ElfFile> {
    const header = parseElfHeader(await readExact(src, 0n, EHDR64_SIZE, 'ELF header'))
    if (header.phnum > 0 && header.phentsize < PHDR64_SIZE) {
      throw new MalformedElfError(
        `program header entries are ${header.phentsize} bytes, ELF64 needs ${PHDR64_SIZE}`
      )
    }
    const table = await readExact(
      src,
      header.phoff,
      header.phnum * header.phentsize,
      `program header table (${header.phnum} entries)`
    )
    const programHeaders = parseProgramHeaders(table, header.phnum, header.phentsize)
    programHeaders.forEach((ph, i) => {
      if (ph.type === PT_LOAD || ph.type === PT_INTERP || ph.type === PT_DYNAMIC) {
        if (ph.offset + ph.filesz > src.size) {
          throw new MalformedElfError(
            `segment ${i} (${segmentName(ph.type)}) ends at byte ${ph.offset + ph.filesz}, past the end of the ${src.size}-byte file (truncated?)`
          )
        }
      }
    })
    return new ElfFile(src, header, programHeaders)
  }

  /** Bytes of the file; throws MalformedElfError when they are not all there. */
  read(offset: bigint, length: number, what: string): Promise<Buffer> {
    return readExact(this.src, offset, length, what)
  }

  /** The file bytes of a segment (only what is in the file, not the zero-filled tail). */
  segmentBytes(ph: ProgramHeader, what: string): Promise<Buffer> {
    return this.read(ph.offset, Number(ph.filesz), what)
  }

  /** Maps a virtual address to a file offset through the PT_LOAD segments. */
  offsetOfAddress(vaddr: bigint): bigint | undefined {
    for (const ph of this.programHeaders) {
      if (ph.type === PT_LOAD && vaddr >= ph.vaddr && vaddr < ph.vaddr + ph.filesz) {
        return ph.offset + (vaddr - ph.vaddr)
      }
    }
    return undefined
  }

  /**
   * Section headers with their names, or an empty list when the file has
   * none or they do not fit in the file (section headers are optional for
   * running a program, so their absence or damage is not fatal).
   */
  sections(): Promise<readonly SectionHeader[]> {
    this.sectionsRead ??= this.readSections().catch((error: unknown) => {
      if (error instanceof MalformedElfError) return []
      throw error
    })
    return this.sectionsRead
  }

  async section(name: string): Promise<SectionHeader | undefined> {
    return (await this.sections()).find((s) => s.name === name)
  }

  private async readSections(): Promise<readonly SectionHeader[]> {
    const { shoff, shnum, shentsize, shstrndx } = this.header
    if (shoff === 0n || shnum === 0 || shentsize < SHDR64_SIZE || shstrndx >= shnum) return []
    const table = await this.read(shoff, shnum * shentsize, 'section header table')
    const raw = []
    for (let i = 0; i < shnum; i++) {
      const at = i * shentsize
      raw.push({
        nameOffset: table.readUInt32LE(at),
        type: table.readUInt32LE(at + 4),
        flags: table.readBigUInt64LE(at + 8),
        addr: table.readBigUInt64LE(at + 16),
        offset: table.readBigUInt64LE(at + 24),
        size: table.readBigUInt64LE(at + 32)
      })
    }
    const strtab = raw[shstrndx]
    if (!strtab || strtab.size > 1n << 20n) return []
    const names = await this.read(strtab.offset, Number(strtab.size), 'section name table')
    return raw.map(({ nameOffset, ...rest }) => ({ ...rest, name: cString(names, nameOffset) }))
  }
}

/** A NUL-terminated string at `at`, or '' when `at` is out of range. */
export function cString(buf: Buffer, at: number, max = MAX_SECTION_NAME): string {
  if (at < 0 || at >= buf.length) return ''
  const end = buf.indexOf(0, at)
  const stop = end === -1 ? buf.length : end
  return buf.toString('latin1', at, Math.min(stop, at + max))
}

export function segmentName(type: number): string {
  switch (type) {
    case PT_LOAD:
      return 'PT_LOAD'
    case PT_DYNAMIC:
      return 'PT_DYNAMIC'
    case PT_INTERP:
      return 'PT_INTERP'
    default:
      return `type 0x${type.toString(16)}`
  }
}
