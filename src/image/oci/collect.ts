import { lstat, readdir, readlink, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UserError } from '../../ground/errors.js'
import type { Entry, Layer, LayerKind } from '../rootfs.js'
import type { ImageFile } from '../types.js'
import { completeLayer, dataSize, type LayerItem } from './entries.js'

// The adapter between a planned layer and the disk: the same choices
// context.ts makes when it copies the plan into a build context (user files
// keep "executable or not", trees are files 0444 and folders 0755, relative
// links that stay inside the tree are kept), but only stat'ed here: the
// contents are read once, later, while the tar is streamed.

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
  items: LayerItem[],
  root = src
): Promise<void> {
  items.push({ type: 'dir', path: dest, mode: 0o755 })
  const names = (await readdir(src)).sort()
  for (const name of names) {
    if (skip.includes(name)) continue
    const from = join(src, name)
    const path = `${dest}/${name}`
    const info = await lstat(from)
    if (info.isSymbolicLink()) {
      const target = await readlink(from)
      const inside = !isAbsolute(target) && !relative(root, resolve(src, target)).startsWith('..')
      // A link out of the tree would dangle in the image; leave it out.
      if (inside) items.push({ type: 'symlink', path, target })
    } else if (info.isDirectory()) {
      await tree(from, path, [], items, root)
    } else if (info.isFile()) {
      items.push({ type: 'file', path, mode: 0o444, size: info.size, src: from })
    }
  }
}

async function entryItems(kind: LayerKind, entry: Entry, items: LayerItem[]): Promise<void> {
  const path = inImage(entry.dest)
  switch (entry.type) {
    case 'file': {
      const { size, mode: hostMode } = await regularFile(entry.src, what(kind))
      const mode = kind === 'files' && (hostMode & 0o111) !== 0 ? 0o555 : entry.mode
      items.push({ type: 'file', path, mode, size, src: entry.src })
      return
    }
    case 'text':
      items.push({ type: 'data', path, mode: entry.mode, data: Buffer.from(entry.content, 'utf8') })
      return
    case 'dir':
      items.push({ type: 'dir', path, mode: entry.mode })
      return
    case 'tree':
      await tree(entry.src, path, entry.skip, items)
      return
  }
}

export interface CollectedLayer {
  /** Every entry, parents included, in tar order. */
  readonly items: readonly LayerItem[]
  /** Regular files in the order the plan names them, as the buildx path reports them. */
  readonly files: readonly ImageFile[]
}

export async function collectLayer(layer: Layer): Promise<CollectedLayer> {
  const items: LayerItem[] = []
  for (const entry of layer.entries) await entryItems(layer.kind, entry, items)
  const files = items.flatMap((item) =>
    item.type === 'file' || item.type === 'data'
      ? [{ path: `/${item.path}`, size: dataSize(item) }]
      : []
  )
  return { items: completeLayer(items), files }
}
