import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { READ_CHUNK } from './layer.js'
import { dataPadding, encodeHeader } from './tar.js'

// Members of the archives `docker load` reads: root-owned 0644 files, stamped with
// the image's epoch, whether they come from a file on disk or from memory.

/** The header of a member of `size` bytes; the caller streams them, then pads. */
export function memberHeader(name: string, size: number, mtime: number): Buffer {
  return encodeHeader({
    name,
    size,
    type: 'file',
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime,
    linkname: ''
  })
}

/** A file on disk as one member: header, its bytes as read, padding. */
export async function* fileMember(
  name: string,
  path: string,
  mtime: number
): AsyncGenerator<Buffer> {
  const { size } = await stat(path)
  yield memberHeader(name, size, mtime)
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    yield chunk as Buffer
  }
  yield dataPadding(size)
}

/** Bytes in memory as one member. */
export function bytesMember(name: string, bytes: Buffer, mtime: number): Buffer[] {
  return [memberHeader(name, bytes.length, mtime), bytes, dataPadding(bytes.length)]
}
