import type { TarHeaderInput } from './tar.js'

/**
 * What one layer holds, as the tar will list it. Paths are inside the image,
 * without a leading `/`. File contents stay on disk (`src`) or in memory for
 * the small generated texts (`data`), so nothing big is ever held twice.
 */
export type LayerItem =
  | {
      readonly type: 'file'
      readonly path: string
      readonly mode: number
      readonly size: number
      readonly src: string
    }
  | { readonly type: 'data'; readonly path: string; readonly mode: number; readonly data: Buffer }
  | { readonly type: 'dir'; readonly path: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string }

/** Folders the plan does not name but a file needs: 0755, and /tmp stays writable for all. */
export function parentMode(path: string): number {
  return path === 'tmp' ? 0o1777 : 0o755
}

/**
 * Order of a directory walk with sorted names (Go's filepath.Walk, which
 * dockerd uses to tar a layer): component by component, bytewise, so `a/b`
 * comes before `a.b` although `.` sorts before `/`.
 */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/')
  const right = b.split('/')
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = Buffer.compare(Buffer.from(left[i]), Buffer.from(right[i]))
    if (order !== 0) return order
  }
  return left.length - right.length
}

/**
 * Adds every missing parent folder, keeps one item per path (a folder the
 * plan names wins over an implied one) and sorts in walk order.
 */
export function completeLayer(items: readonly LayerItem[]): LayerItem[] {
  const byPath = new Map<string, LayerItem>()
  for (const item of items) {
    const existing = byPath.get(item.path)
    if (existing !== undefined && !(existing.type === 'dir' && item.type === 'dir')) {
      throw new Error(`the layer lists ${item.path} twice`)
    }
    byPath.set(item.path, item)
  }
  for (const item of items) {
    const parts = item.path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/')
      const existing = byPath.get(parent)
      if (existing === undefined) {
        byPath.set(parent, { type: 'dir', path: parent, mode: parentMode(parent) })
      } else if (existing.type !== 'dir') {
        throw new Error(`${parent} is both a folder and a ${existing.type} in one layer`)
      }
    }
  }
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path))
}

/** Bytes the item's data takes in the tar (symlinks and folders have none). */
export function dataSize(item: LayerItem): number {
  if (item.type === 'file') return item.size
  if (item.type === 'data') return item.data.length
  return 0
}

/**
 * What dockerd 20.10 counts for `docker images` SIZE: the sizes of every
 * non-folder entry of the unpacked layer, so a symlink counts the length of
 * its target (moby pkg/directory.Size uses lstat).
 */
export function unpackedSize(items: readonly LayerItem[]): number {
  return items.reduce(
    (sum, item) =>
      sum + (item.type === 'symlink' ? Buffer.byteLength(item.target) : dataSize(item)),
    0
  )
}

/** The tar header for an item, owned by root and stamped with `epoch`. */
export function headerFor(item: LayerItem, epoch: number): TarHeaderInput {
  const common = { uid: 0, gid: 0, mtime: epoch }
  switch (item.type) {
    case 'file':
    case 'data':
      return {
        ...common,
        name: item.path,
        type: 'file',
        mode: item.mode,
        size: dataSize(item),
        linkname: ''
      }
    case 'dir':
      return {
        ...common,
        name: `${item.path}/`,
        type: 'dir',
        mode: item.mode,
        size: 0,
        linkname: ''
      }
    case 'symlink':
      return {
        ...common,
        name: item.path,
        type: 'symlink',
        mode: 0o777,
        size: 0,
        linkname: item.target
      }
  }
}
