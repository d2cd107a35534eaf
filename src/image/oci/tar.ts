import { posix } from 'node:path'
import { BLOCK, headerChecksum, paddedSize } from '../../ground/tar-format.js'

/**
 * The tar header encoder of the daemonless writer. It writes what Go's
 * archive/tar writes for the headers dockerd builds a layer diff from
 * (moby pkg/archive: USTAR when the entry fits, PAX records only when it does
 * not; mode with the file-type bits; checksum as six octal digits, NUL,
 * space; device numbers written as zeros), so a layer holding the same files
 * at the same modes and mtimes is the same bytes as the one BuildKit hands to
 * dockerd 20.10. Pure: plain data in, bytes out.
 */

export type TarType = 'file' | 'dir' | 'symlink'

export interface TarHeaderInput {
  /** Path inside the image without a leading `/`; folders end with `/`. */
  readonly name: string
  readonly type: TarType
  /** Permission bits, with setuid/setgid/sticky; the type bits are added here. */
  readonly mode: number
  readonly uid: number
  readonly gid: number
  readonly size: number
  /** Seconds since the epoch. */
  readonly mtime: number
  readonly linkname: string
}

const TYPE_FLAG: Record<TarType, string> = { file: '0', dir: '5', symlink: '2' }
// S_IFREG, S_IFDIR, S_IFLNK: Go's FileInfoHeader keeps them in the mode field.
const TYPE_BITS: Record<TarType, number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000 }

const NAME_SIZE = 100
const PREFIX_SIZE = 155

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0 || code >= 0x80) return false
  }
  return true
}

/** Whether `value` fits the field as octal digits followed by a NUL. */
function fitsOctal(value: number, width: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value < 8 ** (width - 1)
}

function putString(block: Buffer, offset: number, width: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8')
  bytes.copy(block, offset, 0, Math.min(width, bytes.length))
}

function putOctal(block: Buffer, offset: number, width: number, value: number): void {
  const digits = fitsOctal(value, width) ? value.toString(8) : '0'
  putString(block, offset, width, digits.padStart(width - 1, '0'))
}

/**
 * Splits a long ASCII name at a `/` into the USTAR prefix and name fields, as
 * Go's splitUSTARPath does; null when it cannot be split.
 */
export function splitUstarPath(name: string): { prefix: string; name: string } | null {
  if (name.length <= NAME_SIZE || !isAscii(name)) return null
  let length = name.length
  if (length > PREFIX_SIZE + 1) length = PREFIX_SIZE + 1
  else if (name[length - 1] === '/') length--
  const slash = name.lastIndexOf('/', length - 1)
  const suffix = name.length - slash - 1
  if (slash <= 0 || suffix > NAME_SIZE || suffix === 0 || slash > PREFIX_SIZE) return null
  return { prefix: name.slice(0, slash), name: name.slice(slash + 1) }
}

/** One PAX record, `<length> <key>=<value>\n`, its length counting its own digits. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let size = Buffer.byteLength(body)
  size += String(size).length
  // Adding the digits can itself add a digit (e.g. 98 + 2 → 100).
  if (String(size).length + Buffer.byteLength(body) !== size) {
    size = String(size).length + Buffer.byteLength(body)
  }
  return `${size}${body}`
}

function finish(block: Buffer): Buffer {
  putString(block, 257, 6, 'ustar\0')
  putString(block, 263, 2, '00')
  const sum = headerChecksum(block)
  putString(block, 148, 7, sum.toString(8).padStart(6, '0'))
  block[154] = 0
  block[155] = 0x20
  return block
}

/** What must travel in PAX records because the USTAR fields cannot hold it. */
function paxFields(header: TarHeaderInput): Map<string, string> {
  const records = new Map<string, string>()
  if (!isAscii(header.name) || header.name.length > NAME_SIZE) {
    if (!isAscii(header.name) || splitUstarPath(header.name) === null) {
      records.set('path', header.name)
    }
  }
  if (!isAscii(header.linkname) || header.linkname.length > NAME_SIZE) {
    records.set('linkpath', header.linkname)
  }
  if (!fitsOctal(header.uid, 8)) records.set('uid', String(header.uid))
  if (!fitsOctal(header.gid, 8)) records.set('gid', String(header.gid))
  if (!fitsOctal(header.size, 12)) records.set('size', String(header.size))
  // Go adds the path to the records whenever PAX is used at all and the name is long.
  if (records.size > 0 && header.name.length > NAME_SIZE) records.set('path', header.name)
  return records
}

function asciiOnly(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) < 0x80 && c !== '\0').join('')
}

function mainBlock(header: TarHeaderInput, pax: boolean): Buffer {
  const block = Buffer.alloc(BLOCK)
  let name = header.name
  let prefix = ''
  if (!pax) {
    const split = splitUstarPath(header.name)
    if (split !== null) ({ prefix, name } = split)
  } else {
    name = asciiOnly(name)
  }
  putString(block, 0, NAME_SIZE, name)
  putOctal(block, 100, 8, TYPE_BITS[header.type] | (header.mode & 0o7777))
  putOctal(block, 108, 8, header.uid)
  putOctal(block, 116, 8, header.gid)
  putOctal(block, 124, 12, header.size)
  putOctal(block, 136, 12, header.mtime)
  block.write(TYPE_FLAG[header.type], 156, 'latin1')
  putString(block, 157, NAME_SIZE, pax ? asciiOnly(header.linkname) : header.linkname)
  // dockerd looks the owner up on its own host: uid and gid 0 are "root" there.
  putString(block, 265, 32, header.uid === 0 ? 'root' : '')
  putString(block, 297, 32, header.gid === 0 ? 'root' : '')
  putOctal(block, 329, 8, 0)
  putOctal(block, 337, 8, 0)
  putString(block, 345, PREFIX_SIZE, prefix)
  return finish(block)
}

/** The PAX extended header Go writes before an entry: `<dir>/PaxHeaders.0/<file>`, type `x`. */
function paxBlocks(header: TarHeaderInput, records: Map<string, string>): Buffer {
  const data = Buffer.from(
    [...records.keys()]
      .sort()
      .map((key) => paxRecord(key, records.get(key) ?? ''))
      .join(''),
    'utf8'
  )
  // Go: path.Join(path.Split(name) with PaxHeaders.0 between), ASCII only, ≤ 100 bytes.
  const slash = header.name.lastIndexOf('/')
  const joined = posix
    .join(header.name.slice(0, slash + 1), 'PaxHeaders.0', header.name.slice(slash + 1))
    .replace(/\/+$/, '')
  const paxName = asciiOnly(joined).slice(0, NAME_SIZE).replace(/\/+$/, '')
  const block = Buffer.alloc(BLOCK)
  putString(block, 0, NAME_SIZE, paxName)
  putOctal(block, 100, 8, 0)
  putOctal(block, 108, 8, 0)
  putOctal(block, 116, 8, 0)
  putOctal(block, 124, 12, data.length)
  putOctal(block, 136, 12, 0)
  block.write('x', 156, 'latin1')
  const padded = Buffer.alloc(paddedSize(data.length))
  data.copy(padded)
  return Buffer.concat([finish(block), padded])
}

/** The header block(s) for one entry: 512 bytes, or a PAX header first when USTAR cannot hold it. */
export function encodeHeader(header: TarHeaderInput): Buffer {
  const records = paxFields(header)
  if (records.size === 0) return mainBlock(header, false)
  return Buffer.concat([paxBlocks(header, records), mainBlock(header, true)])
}

/** Zeros that pad an entry's data of `size` bytes to a whole block. */
export function dataPadding(size: number): Buffer {
  return Buffer.alloc(paddedSize(size) - size)
}

/** Two zero blocks end the archive; Go adds no record padding after them. */
export function endOfArchive(): Buffer {
  return Buffer.alloc(2 * BLOCK)
}
