import { dataSize, type RootfsEntry } from '../entry-list.js'
import type { TarHeaderInput } from './tar.js'

/**
 * What dockerd 20.10 counts for `docker images` SIZE: the sizes of every
 * non-folder entry of the unpacked layer, so a symlink counts the length of
 * its target (moby pkg/directory.Size uses lstat).
 */
export function unpackedSize(entries: readonly RootfsEntry[]): number {
  return entries.reduce(
    (sum, item) =>
      sum +
      (item.source.from === 'symlink' ? Buffer.byteLength(item.source.target) : dataSize(item)),
    0
  )
}

/** The tar header for an entry, stamped with `epoch`. */
export function headerFor(item: RootfsEntry, epoch: number): TarHeaderInput {
  const common = { uid: item.uid, gid: item.gid, mtime: epoch, mode: item.mode }
  switch (item.source.from) {
    case 'host':
    case 'bytes':
      return { ...common, name: item.path, type: 'file', size: dataSize(item), linkname: '' }
    case 'directory':
      return { ...common, name: `${item.path}/`, type: 'dir', size: 0, linkname: '' }
    case 'symlink':
      return {
        ...common,
        name: item.path,
        type: 'symlink',
        size: 0,
        linkname: item.source.target
      }
  }
}
