import { posix } from 'node:path'

/**
 * Just enough of the tar format to find the files in a `docker save`
 * archive: ustar headers (with the prefix field), GNU long names and PAX
 * path/size records, octal and base-256 numbers. Pure: bytes in, plain data
 * out; the adapter in measure-save.ts does the reads.
 */

export const BLOCK = 512

/** A malformed archive; the message says which field and where. */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError'
}

/**
 * One header as written. `type` is the typeflag character, with the old
 * NUL flag already mapped to '0' (regular file).
 */
export interface TarHeader {
  readonly name: string
  readonly type: string
  readonly size: number
  readonly linkname: string
}

export type HeaderBlock =
  { readonly kind: 'end' } | { readonly kind: 'header'; readonly header: TarHeader }

function text(block: Uint8Array, start: number, length: number): string {
  const field = block.subarray(start, start + length)
  const nul = field.indexOf(0)
  return Buffer.from(nul < 0 ? field : field.subarray(0, nul)).toString('utf8')
}

/**
 * A numeric field: octal digits padded with spaces or NULs, or, when the high
 * bit of the first byte is set, a big-endian base-256 number (GNU and Go
 * write sizes of 8 GiB and more that way).
 */
export function parseNumber(field: Uint8Array, what: string): number {
  if (field.length > 0 && (field[0] & 0x80) !== 0) {
    if ((field[0] & 0x40) !== 0) throw new TarFormatError(`${what} is a negative base-256 number`)
    let value = BigInt(field[0] & 0x3f)
    for (let i = 1; i < field.length; i++) value = (value << 8n) | BigInt(field[i])
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new TarFormatError(`${what} is too large`)
    return Number(value)
  }
  const digits = Buffer.from(field)
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '')
  if (digits === '') return 0
  if (!/^[0-7]+$/.test(digits)) {
    throw new TarFormatError(`${what} ${JSON.stringify(digits)} is not an octal number`)
  }
  const value = parseInt(digits, 8)
  if (!Number.isSafeInteger(value)) throw new TarFormatError(`${what} is too large`)
  return value
}

/** Sum of the header bytes with the checksum field counted as eight spaces, as tar defines it. */
export function headerChecksum(block: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]
  return sum
}

/** Parses one 512-byte header block; an all-zero block marks the end of the archive. */
export function parseTarHeader(block: Uint8Array): HeaderBlock {
  if (block.length !== BLOCK) {
    throw new TarFormatError(
      `a header needs ${BLOCK} bytes, the archive ends after ${block.length}`
    )
  }
  if (block.every((byte) => byte === 0)) return { kind: 'end' }
  const stored = parseNumber(block.subarray(148, 156), 'header checksum')
  if (stored !== headerChecksum(block)) {
    throw new TarFormatError('header checksum does not match: not a tar archive, or a damaged one')
  }
  const flag = block[156]
  const type = flag === 0 ? '0' : String.fromCharCode(flag)
  const magic = text(block, 257, 6)
  let name = text(block, 0, 100)
  // Only POSIX ustar has a prefix field; GNU tar ("ustar  ") uses those bytes for times.
  if (magic === 'ustar' && block[263] === 0x30 && block[264] === 0x30) {
    const prefix = text(block, 345, 155)
    if (prefix !== '') name = `${prefix}/${name}`
  }
  return {
    kind: 'header',
    header: {
      name,
      type,
      size: parseNumber(block.subarray(124, 136), `size of ${JSON.stringify(name)}`),
      linkname: text(block, 157, 100)
    }
  }
}

/** Bytes an entry's data takes in the archive: its size rounded up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK
}

/** PAX extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePaxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>()
  const bytes = Buffer.from(data)
  let at = 0
  while (at < bytes.length) {
    if (bytes[at] === 0) break // padding after the last record
    const space = bytes.indexOf(0x20, at)
    const lengthText = space < 0 ? '' : bytes.toString('latin1', at, space)
    const length = /^[0-9]+$/.test(lengthText) ? Number(lengthText) : NaN
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > bytes.length) {
      throw new TarFormatError(`PAX record at byte ${at} has a bad length`)
    }
    const record = bytes.toString('utf8', space + 1, at + length)
    if (!record.endsWith('\n') || !record.includes('=')) {
      throw new TarFormatError(`PAX record at byte ${at} is not key=value`)
    }
    const eq = record.indexOf('=')
    records.set(record.slice(0, eq), record.slice(eq + 1, -1))
    at += length
  }
  return records
}

/** What extended headers (PAX `x`, GNU `L`/`K`) said about the next entry. */
export interface Pending {
  readonly path?: string
  readonly linkpath?: string
  readonly size?: number
}

/** Typeflags whose data describes the next entry rather than being a file. */
export function isExtendedHeader(type: string): boolean {
  return type === 'x' || type === 'g' || type === 'L' || type === 'K'
}

/**
 * Folds an extended header's data into what applies to the next entry.
 * Global PAX headers (`g`) apply to every later entry in theory; docker never
 * writes path or size there, so they are read and ignored.
 */
export function readExtended(type: string, data: Uint8Array, pending: Pending): Pending {
  switch (type) {
    case 'L':
      return { ...pending, path: text(data, 0, data.length) }
    case 'K':
      return { ...pending, linkpath: text(data, 0, data.length) }
    case 'x': {
      const records = parsePaxRecords(data)
      const next: { path?: string; linkpath?: string; size?: number } = { ...pending }
      const path = records.get('path')
      const linkpath = records.get('linkpath')
      const size = records.get('size')
      if (path !== undefined) next.path = path
      if (linkpath !== undefined) next.linkpath = linkpath
      if (size !== undefined) {
        if (!/^[0-9]+$/.test(size) || !Number.isSafeInteger(Number(size))) {
          throw new TarFormatError(`PAX size ${JSON.stringify(size)} is not a size`)
        }
        next.size = Number(size)
      }
      return next
    }
    default:
      return pending
  }
}

/** A header with its extended-header overrides applied. */
export function applyPending(header: TarHeader, pending: Pending): TarHeader {
  return {
    name: pending.path ?? header.name,
    type: header.type,
    size: pending.size ?? header.size,
    linkname: pending.linkpath ?? header.linkname
  }
}

/** Archive paths compare without `./` and trailing slashes: `./a/b/` and `a/b` are one entry. */
export function normalizeTarPath(path: string): string {
  const normal = posix.normalize(path.replace(/^\/+/, '')).replace(/\/+$/, '')
  return normal === '.' ? '' : normal
}

/** An entry found in the archive, with where its data starts. */
export interface TarEntry {
  readonly name: string
  readonly type: string
  readonly size: number
  readonly linkname: string
  /** Byte offset of the entry's data in the archive. */
  readonly offset: number
}

const MAX_LINK_HOPS = 16

/**
 * The regular file an archive path means, following symbolic links (relative
 * to the link's folder) and hard links (archive paths). Newer `docker save`
 * writes the legacy `<id>/layer.tar` names as symlinks into `blobs/sha256/`.
 * Null when the path is missing, a loop, or not a file.
 */
export function resolveEntry(
  entries: ReadonlyMap<string, TarEntry>,
  path: string
): TarEntry | null {
  let current = normalizeTarPath(path)
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    const entry = entries.get(current)
    if (entry === undefined) return null
    if (entry.type === '0' || entry.type === '7') return entry
    if (entry.type === '1') current = normalizeTarPath(entry.linkname)
    else if (entry.type === '2') {
      current = entry.linkname.startsWith('/')
        ? normalizeTarPath(entry.linkname)
        : normalizeTarPath(posix.join(posix.dirname(current), entry.linkname))
    } else return null
  }
  return null
}
