import { stat } from 'node:fs/promises'
import { UserError } from '../ground/errors.js'
import {
  DEFAULT_PLATFORM,
  elfMachine,
  platformOfMachine,
  type Platform
} from '../ground/platform.js'
import { readGoBuildInfo } from './go-buildinfo.js'
import { judge } from './linkage.js'
import { evidenceOf, findingsFrom } from './needs.js'
import { attributeSizes } from './sizes.js'
import {
  MalformedElfError,
  hasElfMagic,
  openFileSource,
  type ElfFile,
  type FileSource
} from './reader.js'
import type { Finding, GoBuildInfo, Inspection, SizeAttribution } from './types.js'

/** The Go facts and findings of an ELF file for the platform; only what the verdict did not already read. */
export async function inspectElf(
  elf: ElfFile
): Promise<{ go: GoBuildInfo | null; goNote: string | null; findings: Finding[] }> {
  let go: GoBuildInfo | null = null
  let goNote: string | null = null
  let knownGo = false
  try {
    const info = await readGoBuildInfo(elf)
    if (info.kind === 'go') go = info.info
    if (info.kind === 'unreadable') goNote = info.note
    knownGo = info.kind !== 'not-go'
  } catch (error) {
    // The verdict already stands; damaged build info only costs us the Go facts.
    if (!(error instanceof MalformedElfError)) throw error
    goNote = `Go build info unreadable: ${error.message}`
    knownGo = true
  }
  let findings: Finding[] = []
  try {
    findings = findingsFrom(await evidenceOf(elf, knownGo))
  } catch (error) {
    if (!(error instanceof MalformedElfError)) throw error
  }
  return { go, goNote, findings }
}

/** Size attribution, or null when the file is too damaged for even the section list. */
async function sizesOf(elf: ElfFile): Promise<SizeAttribution | null> {
  try {
    return await attributeSizes(elf)
  } catch (error) {
    if (error instanceof MalformedElfError) return null
    throw error
  }
}

function cannotRead(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'ENOENT':
      return new UserError(`${path}: no such file; check the path of the binary.`)
    case 'EACCES':
    case 'EPERM':
      return new UserError(`${path}: permission denied; the binary must be readable.`)
    case 'EISDIR':
      return new UserError(`${path} is a directory, not a binary.`)
    default:
      return new UserError(`${path}: cannot be read (${code ?? String(error)}).`)
  }
}

/**
 * Everything from-scratch learns about one binary: the verdict, then, for
 * ELF files for the platform, Go build info and run-time findings. Reads a few
 * headers and tables through positional reads, never the whole file.
 * A path that is not a readable regular file is a UserError. With
 * `sizes`, also where the bytes are (reads the function and symbol tables
 * whole: tens of milliseconds on a large binary, so only when asked).
 */
export async function inspectBinary(
  path: string,
  options: {
    readonly sizes?: boolean
    /** What the binary must be built for; the pipeline passes the one from the settings. */
    readonly platform?: Platform
  } = {}
): Promise<Inspection> {
  const platform = options.platform ?? DEFAULT_PLATFORM
  const info = await stat(path).catch((error: unknown) => {
    throw cannotRead(path, error)
  })
  if (info.isDirectory()) throw cannotRead(path, { code: 'EISDIR' })
  if (!info.isFile())
    throw new UserError(`${path} is not a regular file (a device, socket or pipe?).`)
  const src: FileSource = await openFileSource(path).catch((error: unknown) => {
    throw cannotRead(path, error)
  })
  try {
    const { verdict, elf } = await judge(src, platform)
    const size = Number(src.size)
    if (!elf || elf.header.machine !== elfMachine(platform)) {
      return { path, size, verdict, go: null, goNote: null, findings: [] }
    }
    const inspection: Inspection = { path, size, verdict, ...(await inspectElf(elf)) }
    if (!options.sizes) return inspection
    return { ...inspection, sizes: await sizesOf(elf) }
  } finally {
    await src.close()
  }
}

/**
 * Where the bytes of `path` are (see `inspectBinary`'s `sizes`), on its own:
 * the pipeline reads it while the image is built, when the main thread mostly
 * waits for docker, since cold it costs about 100 ms on a 5 MB Go binary.
 * Reads only the headers the attribution needs, not the findings again.
 */
export async function binarySizes(
  path: string,
  platform: Platform
): Promise<SizeAttribution | null> {
  const src = await openFileSource(path).catch((error: unknown) => {
    throw cannotRead(path, error)
  })
  try {
    const { elf } = await judge(src, platform)
    return elf && elf.header.machine === elfMachine(platform) ? await sizesOf(elf) : null
  } finally {
    await src.close()
  }
}

/**
 * The platform a file says it is for: the one whose ELF machine it carries,
 * when a build can target it (a 64-bit little-endian ELF); else `fallback`,
 * against which it is then judged (and rejected, saying what it is).
 * `inspect` asks this, so that an arm64 binary gets its verdict and sizes
 * rather than "not an x86-64 executable". Never throws: a file that cannot
 * be read is `fallback`, and inspectBinary then says why it cannot be read.
 */
export async function platformOfBinary(
  path: string,
  fallback: Platform = DEFAULT_PLATFORM
): Promise<Platform> {
  let src: FileSource
  try {
    src = await openFileSource(path)
  } catch {
    return fallback
  }
  try {
    const ident = await src.read(0n, 20)
    // EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian): the only shape a platform here has.
    if (ident.length < 20 || !hasElfMagic(ident) || ident[4] !== 2 || ident[5] !== 1) {
      return fallback
    }
    return platformOfMachine(ident.readUInt16LE(18)) ?? fallback
  } catch {
    return fallback
  } finally {
    await src.close()
  }
}
