import { lstat, readdir, readlink, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UserError } from '../ground/errors.js'
import { completeEntries, dataSize, entry, type RootfsEntry } from './entry-list.js'
import type { Entry, Layer, LayerKind } from './rootfs.js'
import type { ImageFile } from './types.js'

// The adapter between a planned layer and the disk, for both engines: the plan's
// entries become the layer's list of paths, with every choice made here once.
// User files keep "executable or not" (so a helper script stays runnable),
// trees are files 0444 and folders 0755, relative links that stay inside a
// tree are kept and others left out (they would dangle), other file types are
// left out. Files are only stat'ed: their contents are read once, later, by
// the engine that writes them.

function inImage(dest: string): string {
  return dest.replace(/^\/+/, '')
}

function what(kind: LayerKind): string {
  return kind === 'files' ? 'files' : kind === 'tzdata' ? 'include tzdata' : kind
}

async function regularFile(src: string, label: string): Promise<{ size: number; mode: number }> {
  let info
  try {
    info = await stat(src)
  } catch {
    throw new UserError(`${label}: ${src} does not exist.`)
  }
  if (!info.isFile()) throw new UserError(`${label}: ${src} is not a regular file.`)
  return { size: info.size, mode: info.mode }
}

async function tree(
  src: string,
  dest: string,
  skip: readonly string[],
  out: RootfsEntry[],
  root = src
): Promise<void> {
  out.push(entry(dest, 0o755, { from: 'directory' }))
  const names = (await readdir(src)).sort()
  for (const name of names) {
    if (skip.includes(name)) continue
    const from = join(src, name)
    const path = `${dest}/${name}`
    const info = await lstat(from)
    if (info.isSymbolicLink()) {
      const target = await readlink(from)
      const inside = !isAbsolute(target) && !relative(root, resolve(src, target)).startsWith('..')
      if (inside) out.push(entry(path, 0o777, { from: 'symlink', target }))
    } else if (info.isDirectory()) {
      await tree(from, path, [], out, root)
    } else if (info.isFile()) {
      out.push(entry(path, 0o444, { from: 'host', path: from, size: info.size }))
    }
  }
}

async function entriesOf(kind: LayerKind, planned: Entry, out: RootfsEntry[]): Promise<void> {
  const path = inImage(planned.dest)
  switch (planned.type) {
    case 'file': {
      const { size, mode: hostMode } = await regularFile(planned.src, what(kind))
      const mode = kind === 'files' && (hostMode & 0o111) !== 0 ? 0o555 : planned.mode
      out.push(entry(path, mode, { from: 'host', path: planned.src, size }))
      return
    }
    case 'text':
      out.push(entry(path, planned.mode, { from: 'bytes', data: Buffer.from(planned.content) }))
      return
    case 'dir':
      out.push(entry(path, planned.mode, { from: 'directory' }))
      return
    case 'tree':
      await tree(planned.src, path, planned.skip, out)
      return
  }
}

export interface MaterialisedLayer {
  readonly kind: LayerKind
  /** Every entry, parents included, in walk (tar) order. */
  readonly entries: readonly RootfsEntry[]
  /** Regular files in the order the plan names them, for the report. */
  readonly files: readonly ImageFile[]
  /** Bytes of file content: what an extra weighs. */
  readonly bytes: number
}

/** One planned layer as the list of entries both engines write. */
export async function materialiseLayer(layer: Layer): Promise<MaterialisedLayer> {
  const listed: RootfsEntry[] = []
  for (const planned of layer.entries) await entriesOf(layer.kind, planned, listed)
  const files = listed.flatMap((item) =>
    item.source.from === 'host' || item.source.from === 'bytes'
      ? [{ path: `/${item.path}`, size: dataSize(item) }]
      : []
  )
  return {
    kind: layer.kind,
    entries: completeEntries(listed),
    files,
    bytes: files.reduce((sum, file) => sum + file.size, 0)
  }
}
