/**
 * The rootfs as one list of entries: every path of a layer with its mode,
 * owner and where its content comes from. Made once from the plan
 * (materialise.ts); the buildx context writer and the OCI layer writer both
 * consume it, so the two engines cannot drift on modes, links or parents.
 */

/** Where one entry's content comes from. */
export type EntrySource =
  /** A regular file on the runner, read when the layer is written; `size` as listed. */
  | { readonly from: 'host'; readonly path: string; readonly size: number }
  /** A small generated text (passwd, group), held in memory. */
  | { readonly from: 'bytes'; readonly data: Buffer }
  | { readonly from: 'directory' }
  | { readonly from: 'symlink'; readonly target: string }

export interface RootfsEntry {
  /** Inside the image, without a leading `/`, e.g. `etc/ssl/certs/ca-certificates.crt`. */
  readonly path: string
  /** Permission bits (and the sticky bit of /tmp), never setuid or setgid. */
  readonly mode: number
  readonly uid: number
  readonly gid: number
  readonly source: EntrySource
}

/** Every entry is owned by root, as COPY without --chown makes it. */
export const OWNER = { uid: 0, gid: 0 } as const

/** Setuid and setgid never reach the image, whatever the runner's file had. */
export function normaliseMode(mode: number): number {
  return mode & 0o1777
}

export function entry(path: string, mode: number, source: EntrySource): RootfsEntry {
  return { path, mode: normaliseMode(mode), ...OWNER, source }
}

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

function kindOf(entry: RootfsEntry): string {
  switch (entry.source.from) {
    case 'host':
    case 'bytes':
      return 'file'
    case 'directory':
      return 'folder'
    case 'symlink':
      return 'symlink'
  }
}

/**
 * Adds every missing parent folder, keeps one entry per path (a folder the
 * plan names wins over an implied one) and sorts in walk order.
 */
export function completeEntries(entries: readonly RootfsEntry[]): RootfsEntry[] {
  const byPath = new Map<string, RootfsEntry>()
  for (const item of entries) {
    const existing = byPath.get(item.path)
    if (
      existing !== undefined &&
      !(existing.source.from === 'directory' && item.source.from === 'directory')
    ) {
      throw new Error(`the layer lists ${item.path} twice`)
    }
    byPath.set(item.path, item)
  }
  for (const item of entries) {
    const parts = item.path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/')
      const existing = byPath.get(parent)
      if (existing === undefined) {
        byPath.set(parent, entry(parent, parentMode(parent), { from: 'directory' }))
      } else if (existing.source.from !== 'directory') {
        throw new Error(`${parent} is both a folder and a ${kindOf(existing)} in one layer`)
      }
    }
  }
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path))
}

/** Bytes the entry's content takes (symlinks and folders have none). */
export function dataSize(item: RootfsEntry): number {
  if (item.source.from === 'host') return item.source.size
  if (item.source.from === 'bytes') return item.source.data.length
  return 0
}
