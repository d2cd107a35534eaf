import {
  DEFAULT_PLATFORM,
  cpuName,
  elfMachine,
  goEnv,
  goEnvText,
  platformName,
  type Platform
} from '../ground/platform.js'
import {
  DESCRIBE_PREFIX_LENGTH,
  describeBytes,
  elfTypeName,
  foreignOsName,
  machineName
} from './describe.js'
import {
  ET_DYN,
  ET_EXEC,
  ElfFile,
  MalformedElfError,
  PF_X,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  cString,
  hasElfMagic,
  type ByteSource,
  type ProgramHeader
} from './reader.js'
import { RUNNABLE_IN_SCRATCH, type Linkage, type Verdict } from './types.js'

/** The verdict, and the opened file when it is an ELF for the platform that later stages can read further. */
export interface Judgement {
  readonly verdict: Verdict
  /** Null for `not-elf`, `wrong-architecture` and `malformed`. */
  readonly elf: ElfFile | null
}

const ELFCLASS32 = 1
const ELFCLASS64 = 2
const ELFDATA2LSB = 1
const ELFDATA2MSB = 2
const ET_REL = 1
const ET_CORE = 4
const EHDR64_SIZE = 64
const PHDR64_SIZE = 56
const DYN_ENTRY_SIZE = 16

const DT_NULL = 0n
const DT_NEEDED = 1n
const DT_STRTAB = 5n
const DT_STRSZ = 10n
const DT_SONAME = 14n
const DT_FLAGS_1 = 0x6ffffffbn
const DF_1_PIE = 0x08000000n

/**
 * Linux's loader (fs/binfmt_elf.c) refuses a program header table larger than
 * 64 KiB, and one whose entries are not exactly 56 bytes: such a file gets
 * "exec format error", so the verdict says malformed rather than guessing.
 */
const KERNEL_MAX_PHNUM = Math.floor(65536 / PHDR64_SIZE)
/** The kernel refuses a PT_INTERP longer than PATH_MAX or shorter than 2 bytes. */
const PATH_MAX = 4096
/** Library names are short; a NUL not found within this many bytes means a corrupt table. */
const MAX_NAME = 4096
/** Real programs name a few dozen libraries; thousands means the dynamic table is garbage. */
const MAX_NEEDED = 1000
/** DT entries read per positional read: a real dynamic table fits in one. */
const DYN_CHUNK_ENTRIES = 256

/** `linux/amd64 executable`: what every rejection says the file is not. */
function executableFor(platform: Platform): string {
  return `${platformName(platform)} executable`
}

/**
 * Judges whether the binary behind `src` would start in an empty (`FROM
 * scratch`) image, reading only headers, PT_INTERP and PT_DYNAMIC. Bad input
 * of any kind becomes a verdict (`not-elf`, `wrong-architecture`,
 * `malformed`); only a failing source (an I/O error) rejects the promise.
 */
export async function judge(
  src: ByteSource,
  platform: Platform = DEFAULT_PLATFORM
): Promise<Judgement> {
  try {
    return await judgeOrThrow(src, platform)
  } catch (error) {
    // Every check below reports bad input as MalformedElfError; anything else
    // (an I/O error from the source) is not a fact about the binary.
    if (error instanceof MalformedElfError)
      return rejected('malformed', `malformed ELF file: ${error.message}`)
    throw error
  }
}

async function judgeOrThrow(src: ByteSource, platform: Platform): Promise<Judgement> {
  const prefix = await src.read(0n, DESCRIBE_PREFIX_LENGTH)
  if (!hasElfMagic(prefix)) return rejected('not-elf', notElfSummary(prefix, platform))

  const foreign = identify(prefix, platform)
  if (foreign) return foreign

  if (prefix.length < EHDR64_SIZE) {
    throw new MalformedElfError(
      `the ELF header is cut off after ${prefix.length} bytes; ELF64 needs ${EHDR64_SIZE} (truncated?)`
    )
  }
  const header = prefix.subarray(0, EHDR64_SIZE)
  const type = header.readUInt16LE(16)
  const phentsize = header.readUInt16LE(54)
  const phnum = header.readUInt16LE(56)
  if (type === ET_REL || type === ET_CORE) {
    return rejected(
      'not-elf',
      `not a ${executableFor(platform)}: an ${cpuName(platform)} ELF ${elfTypeName(type)}` +
        (type === ET_REL ? ', which must be linked into a program first' : '')
    )
  }
  if (type !== ET_EXEC && type !== ET_DYN) {
    throw new MalformedElfError(
      `e_type is ${type}, neither an executable (2) nor a shared object (3)`
    )
  }
  checkProgramHeaderShape(phnum, phentsize)

  const elf = await ElfFile.open(src)
  const loads = elf.programHeaders.filter((ph) => ph.type === PT_LOAD)
  if (loads.length === 0)
    throw new MalformedElfError('no PT_LOAD segment: there is nothing to load')

  const interpHeader = elf.programHeaders.find((ph) => ph.type === PT_INTERP)
  const interpreter = interpHeader ? await readInterpreter(elf, interpHeader) : null
  const dynHeader = elf.programHeaders.find((ph) => ph.type === PT_DYNAMIC)
  const dyn = dynHeader ? await readDynamic(elf, dynHeader) : EMPTY_DYNAMIC
  const needed = await neededNames(elf, dyn)

  const facts: Facts = { type, interpreter, needed, pie: (dyn.flags1 & DF_1_PIE) !== 0n }
  const linkage = classify(facts)
  if (RUNNABLE_IN_SCRATCH.includes(linkage)) checkEntry(elf, loads)
  const soname = linkage === 'shared-library' ? await sonameOf(elf, dyn) : null
  return {
    verdict: {
      linkage,
      accepted: RUNNABLE_IN_SCRATCH.includes(linkage),
      summary: summarize(linkage, facts, soname, platform),
      interpreter,
      needed
    },
    elf
  }
}

/** What the rules look at, once read. */
export interface Facts {
  readonly type: number
  readonly interpreter: string | null
  readonly needed: readonly string[]
  /** DT_FLAGS_1 has DF_1_PIE. */
  readonly pie: boolean
}

/**
 * The rules of DESIGN.md ("The verdict on a binary"). One addition: shared
 * libraries named without a PT_INTERP are `dynamic` too, whatever e_type says,
 * because nothing would load them and the program would not start.
 */
export function classify(facts: Facts): Linkage {
  if (facts.interpreter !== null || facts.needed.length > 0) return 'dynamic'
  if (facts.type === ET_EXEC) return 'static'
  return facts.pie ? 'static-pie' : 'shared-library'
}

function join(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** What the binary is, as a fact; what to do about it is advice.ts's, which knows the language. */
export function summarize(
  linkage: Linkage,
  facts: Facts,
  soname: string | null,
  platform: Platform
): string {
  const { interpreter, needed } = facts
  switch (linkage) {
    case 'static':
      return `statically linked ${cpuName(platform)} executable (no program interpreter, no shared libraries): runs in an empty image`
    case 'static-pie':
      return `static-pie ${cpuName(platform)} executable (position-independent, no program interpreter, no shared libraries): runs in an empty image`
    case 'shared-library':
      return `a shared library${soname ? ` (${soname})` : ''}, not a program (ET_DYN without the DF_1_PIE flag): build an executable instead`
    case 'dynamic':
      if (interpreter === null) {
        return `needs shared libraries ${join(needed)} but has no program interpreter to load them, so it cannot start in an empty image`
      }
      if (needed.length === 0) {
        return `asks the kernel for the program interpreter ${interpreter} although it needs no shared libraries (as Go -buildmode=pie does); an empty image has no ${interpreter}, so it fails with "no such file or directory"`
      }
      return `dynamically linked: needs the program interpreter ${interpreter} and ${join(needed)}, which an empty image does not have`
    default:
      return `not a ${executableFor(platform)}`
  }
}

function rejected(linkage: Linkage, summary: string): Judgement {
  return {
    verdict: { linkage, accepted: false, summary, interpreter: null, needed: [] },
    elf: null
  }
}

function notElfSummary(prefix: Buffer, platform: Platform): string {
  const what = describeBytes(prefix)
  if (prefix[0] === 0x23 && prefix[1] === 0x21) {
    return `not a ${executableFor(platform)}: ${what}; an empty image has no interpreter to run it`
  }
  return `not a ${executableFor(platform)}: ${what}`
}

/**
 * Rejects anything that is not a 64-bit little-endian ELF for the platform's machine and OS, naming
 * what it is; returns null to go on. Throws when the identification itself
 * is cut off or holds impossible values.
 */
function identify(prefix: Buffer, platform: Platform): Judgement | null {
  if (prefix.length < 20) {
    throw new MalformedElfError(
      `the ELF identification is cut off after ${prefix.length} bytes (truncated?)`
    )
  }
  const cls = prefix[4]
  const data = prefix[5]
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) {
    throw new MalformedElfError(`EI_CLASS is ${cls}, neither 32-bit (1) nor 64-bit (2)`)
  }
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
    throw new MalformedElfError(`EI_DATA is ${data}, neither little-endian (1) nor big-endian (2)`)
  }
  const little = data === ELFDATA2LSB
  const bits = cls === ELFCLASS64 ? 64 : 32
  const machine = little ? prefix.readUInt16LE(18) : prefix.readUInt16BE(18)
  const type = little ? prefix.readUInt16LE(16) : prefix.readUInt16BE(16)
  if (bits !== 64 || !little || machine !== elfMachine(platform)) {
    const shape = `${bits}-bit ${little ? 'little' : 'big'}-endian`
    return rejected(
      'wrong-architecture',
      `not a ${executableFor(platform)}: a ${shape} ELF ${elfTypeName(type)} for ${machineName({ bits, littleEndian: little, machine })} (e_machine ${machine}); build for ${platformName(platform)} (Go: ${goEnvText(platform)})`
    )
  }
  const os = foreignOsName(prefix[7])
  if (os !== null) {
    return rejected(
      'wrong-architecture',
      `not a ${executableFor(platform)}: an ${cpuName(platform)} ELF ${elfTypeName(type)} for ${os} (EI_OSABI ${prefix[7]}); build for Linux (Go: GOOS=${goEnv(platform).GOOS})`
    )
  }
  return null
}

function checkProgramHeaderShape(phnum: number, phentsize: number): void {
  if (phnum === 0) {
    throw new MalformedElfError('no program headers: the kernel cannot load it')
  }
  if (phentsize !== PHDR64_SIZE) {
    throw new MalformedElfError(
      `program header entries are ${phentsize} bytes; ELF64 needs ${PHDR64_SIZE} and the kernel refuses anything else`
    )
  }
  if (phnum > KERNEL_MAX_PHNUM) {
    throw new MalformedElfError(
      `${phnum} program headers, more than the ${KERNEL_MAX_PHNUM} the kernel accepts`
    )
  }
}

async function readInterpreter(elf: ElfFile, ph: ProgramHeader): Promise<string> {
  if (ph.filesz < 2n || ph.filesz > BigInt(PATH_MAX)) {
    throw new MalformedElfError(
      `PT_INTERP is ${ph.filesz} bytes; the kernel accepts 2 to ${PATH_MAX}`
    )
  }
  const bytes = await elf.segmentBytes(ph, 'PT_INTERP')
  if (bytes[bytes.length - 1] !== 0) {
    throw new MalformedElfError('PT_INTERP does not end in a NUL byte')
  }
  const path = cString(bytes, 0, PATH_MAX)
  if (path === '') throw new MalformedElfError('PT_INTERP names an empty path')
  return path
}

/** The DT entries the verdict needs. */
export interface DynamicFacts {
  /** String-table offsets of the DT_NEEDED names, in file order. */
  readonly needed: readonly bigint[]
  readonly strtab: bigint | null
  readonly strsz: bigint | null
  readonly soname: bigint | null
  readonly flags1: bigint
}

const EMPTY_DYNAMIC: DynamicFacts = {
  needed: [],
  strtab: null,
  strsz: null,
  soname: null,
  flags1: 0n
}

/**
 * Reads PT_DYNAMIC (found through program headers: section headers may be
 * gone) a chunk at a time up to DT_NULL, never past the segment's file size.
 */
async function readDynamic(elf: ElfFile, ph: ProgramHeader): Promise<DynamicFacts> {
  const needed: bigint[] = []
  let strtab: bigint | null = null
  let strsz: bigint | null = null
  let soname: bigint | null = null
  let flags1 = 0n
  const total = ph.filesz / BigInt(DYN_ENTRY_SIZE)
  for (let first = 0n; first < total; first += BigInt(DYN_CHUNK_ENTRIES)) {
    const count = Number(
      total - first < BigInt(DYN_CHUNK_ENTRIES) ? total - first : DYN_CHUNK_ENTRIES
    )
    const chunk = await elf.read(
      ph.offset + first * BigInt(DYN_ENTRY_SIZE),
      count * DYN_ENTRY_SIZE,
      'PT_DYNAMIC'
    )
    for (let i = 0; i < count; i++) {
      const tag = chunk.readBigInt64LE(i * DYN_ENTRY_SIZE)
      const value = chunk.readBigUInt64LE(i * DYN_ENTRY_SIZE + 8)
      if (tag === DT_NULL) return { needed, strtab, strsz, soname, flags1 }
      if (tag === DT_NEEDED) {
        if (needed.length >= MAX_NEEDED) {
          throw new MalformedElfError(
            `more than ${MAX_NEEDED} DT_NEEDED entries: the dynamic table is garbage`
          )
        }
        needed.push(value)
      } else if (tag === DT_STRTAB) strtab ??= value
      else if (tag === DT_STRSZ) strsz ??= value
      else if (tag === DT_SONAME) soname ??= value
      else if (tag === DT_FLAGS_1) flags1 |= value
    }
  }
  // The dynamic linker stops at DT_NULL; a table without one is not trusted.
  throw new MalformedElfError('PT_DYNAMIC has no DT_NULL terminator')
}

/** Where the dynamic string table lies in the file, and how many bytes of it may be read. */
interface StringTable {
  readonly offset: bigint
  readonly limit: bigint
}

function stringTable(elf: ElfFile, dyn: DynamicFacts): StringTable {
  if (dyn.strtab === null) throw new MalformedElfError('DT_NEEDED or DT_SONAME without a DT_STRTAB')
  // DT_STRTAB is a virtual address: map it through PT_LOAD to a file offset.
  const offset = elf.offsetOfAddress(dyn.strtab)
  if (offset === undefined) {
    throw new MalformedElfError(
      `DT_STRTAB address 0x${dyn.strtab.toString(16)} lies in no PT_LOAD segment`
    )
  }
  const rest = elf.src.size - offset
  return { offset, limit: dyn.strsz !== null && dyn.strsz < rest ? dyn.strsz : rest }
}

async function stringAt(
  elf: ElfFile,
  table: StringTable,
  at: bigint,
  what: string
): Promise<string> {
  if (at >= table.limit) {
    throw new MalformedElfError(
      `${what} name at string-table offset ${at} lies outside the ${table.limit}-byte string table`
    )
  }
  const room = table.limit - at
  const length = Number(room < BigInt(MAX_NAME) ? room : MAX_NAME)
  const bytes = await elf.read(table.offset + at, length, `${what} name`)
  if (bytes.indexOf(0) === -1) {
    throw new MalformedElfError(`${what} name at string-table offset ${at} is not NUL-terminated`)
  }
  return cString(bytes, 0, MAX_NAME)
}

async function neededNames(elf: ElfFile, dyn: DynamicFacts): Promise<string[]> {
  if (dyn.needed.length === 0) return []
  const table = stringTable(elf, dyn)
  const names: string[] = []
  for (const at of dyn.needed) names.push(await stringAt(elf, table, at, 'DT_NEEDED'))
  return names
}

/** The SONAME of a shared library, only to name it; a bad one is not worth failing for. */
async function sonameOf(elf: ElfFile, dyn: DynamicFacts): Promise<string | null> {
  if (dyn.soname === null) return null
  try {
    return await stringAt(elf, stringTable(elf, dyn), dyn.soname, 'DT_SONAME')
  } catch (error) {
    if (error instanceof MalformedElfError) return null
    throw error
  }
}

/**
 * An accepted verdict must mean the program starts: its entry point has to
 * lie in an executable PT_LOAD, or the kernel jumps into nothing.
 */
function checkEntry(elf: ElfFile, loads: readonly ProgramHeader[]): void {
  const entry = elf.header.entry
  const inCode = loads.some(
    (ph) => (ph.flags & PF_X) !== 0 && entry >= ph.vaddr && entry < ph.vaddr + ph.memsz
  )
  if (!inCode) {
    throw new MalformedElfError(
      `entry point 0x${entry.toString(16)} lies in no executable PT_LOAD segment`
    )
  }
}
