import { promisify } from 'node:util'
import * as zlib from 'node:zlib'
import {
  BLOCK,
  TarFormatError,
  applyPending,
  isExtendedHeader,
  paddedSize,
  parseTarHeader,
  readExtended,
  type Pending
} from '../ground/tar-format.js'
import { BASELINE_LIMITS } from '../report/schema.js'

/*
 * The baseline out of a restored cache archive, without tar placing files:
 * the archive is unpacked in memory and only the one member asked for, by
 * its exact name, is read. A member named `/etc/x` or `../../x` is simply
 * not that member, and nothing reaches the disk. Whatever is wrong with the
 * archive is said in a fixed sentence: its bytes are written by whoever
 * could write the cache.
 */

/** The unpacked archive may hold the report and a folder entry or two; a bit more is damage. */
export const UNPACKED_LIMIT = BASELINE_LIMITS.bytes + 1024 * 1024

type ZstdDecompress = (
  buffer: Uint8Array,
  options: { maxOutputLength: number },
  callback: (error: Error | null, result: Buffer) => void
) => void
// Typed as maybe missing: node 22.15 and 23.8 added it; the action runs on node 24.
const zstdDecompress = (zlib as { zstdDecompress?: ZstdDecompress }).zstdDecompress
const gunzip = promisify(zlib.gunzip)

export type ArchiveRead = { readonly text: string } | { readonly why: string }

function damaged(why: string): ArchiveRead {
  return { why: `the cached archive is damaged: ${why}` }
}

/** The tar stream inside `archive` (zstd or gzip, as @actions/cache writes it), at most UNPACKED_LIMIT. */
async function unpack(archive: Buffer): Promise<Buffer | ArchiveRead> {
  const options = { maxOutputLength: UNPACKED_LIMIT }
  try {
    if (archive.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
      if (zstdDecompress === undefined)
        return {
          why: 'the cached archive is zstd, which this node cannot unpack (node 22.15 or later can)'
        }
      const decompress = zstdDecompress
      return await new Promise<Buffer>((resolve, reject) =>
        decompress(archive, options, (error, result) => (error ? reject(error) : resolve(result)))
      )
    }
    if (archive[0] === 0x1f && archive[1] === 0x8b) return await gunzip(archive, options)
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      return damaged(`it unpacks to more than ${UNPACKED_LIMIT / 1024 / 1024} MB`)
    return damaged('it does not unpack')
  }
  return damaged('it is neither zstd nor gzip')
}

/**
 * The text of the regular-file member named `name` (`./name` too), or why
 * there is none. Links, folders and devices by that name are damage: they are
 * never followed.
 */
export async function readArchiveMember(archive: Buffer, name: string): Promise<ArchiveRead> {
  const tar = await unpack(archive)
  if (!Buffer.isBuffer(tar)) return tar
  let pending: Pending = {}
  try {
    for (let at = 0; at + BLOCK <= tar.length;) {
      const block = parseTarHeader(tar.subarray(at, at + BLOCK))
      if (block.kind === 'end') break
      const header = applyPending(block.header, pending)
      const start = at + BLOCK
      const end = start + header.size
      if (end > tar.length) return damaged('a member runs past its end')
      at = start + paddedSize(header.size)
      if (isExtendedHeader(block.header.type)) {
        pending = readExtended(block.header.type, tar.subarray(start, end), pending)
        continue
      }
      pending = {}
      if (header.name !== name && header.name !== `./${name}`) continue
      if (header.type !== '0' && header.type !== '7') {
        return damaged('the report in it is not a regular file')
      }
      if (header.size > BASELINE_LIMITS.bytes) {
        return damaged(`the report in it is larger than ${BASELINE_LIMITS.bytes / 1024 / 1024} MB`)
      }
      return { text: tar.subarray(start, end).toString('utf8') }
    }
  } catch (error) {
    if (error instanceof TarFormatError) return damaged('it is not a readable tar archive')
    throw error
  }
  return { why: 'the cached archive holds no report' }
}
