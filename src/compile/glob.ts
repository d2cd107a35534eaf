import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

// Node 20 has no fs.glob, and the few glob forms people write for C sources
// are easy to get exactly right: `*` and `?` stay inside one path segment,
// `**` spans segments (`a/**/b.c` also matches `a/b.c`), `[…]` is a class.

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch
}

/** A glob over `/`-separated relative paths, as a RegExp matching the whole path. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^(\.\/)+/, '')
  let out = ''
  let i = 0
  while (i < pattern.length) {
    const ch = pattern[i]
    if (ch === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/'
      if (atStart && pattern[i + 2] === '/') {
        out += '(?:[^/]*/)*'
        i += 3
      } else {
        out += '.*'
        i += 2
      }
    } else if (ch === '*') {
      out += '[^/]*'
      i++
    } else if (ch === '?') {
      out += '[^/]'
      i++
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) {
        out += '\\['
        i++
        continue
      }
      let body = pattern.slice(i + 1, end)
      const negated = body.startsWith('!') || body.startsWith('^')
      if (negated) body = body.slice(1)
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`
      i = end + 1
    } else {
      out += escape(ch)
      i++
    }
  }
  return new RegExp(`^${out}$`)
}

/**
 * The files matching any pattern and no `!pattern`, sorted so the compiler
 * sees the same order on every machine.
 */
export function matchFiles(patterns: readonly string[], files: readonly string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp)
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)))
  return files
    .filter((f) => include.some((re) => re.test(f)) && !exclude.some((re) => re.test(f)))
    .sort()
}

/** How many directory levels the patterns can reach (`*.c` → 1); Infinity with `**`. */
export function depthOf(patterns: readonly string[]): number {
  let depth = 0
  for (const p of patterns) {
    if (p.startsWith('!')) continue
    if (p.includes('**')) return Infinity
    depth = Math.max(depth, p.replace(/^(\.\/)+/, '').split('/').length)
  }
  return depth
}

// Hidden folders (.git, .cache) and node_modules never hold sources of the
// program itself, and walking them can cost seconds on a big checkout.
function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules'
}

/** Regular files under `root`, as `/`-separated paths relative to it, `depth` levels deep. */
export async function listFiles(root: string, depth: number): Promise<string[]> {
  const found: string[] = []
  async function walk(relative: string, level: number): Promise<void> {
    if (level > depth) return
    const entries = await readdir(join(root, relative), { withFileTypes: true })
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isFile()) found.push(path)
      else if (entry.isDirectory() && !skipped(entry.name)) await walk(path, level + 1)
    }
  }
  await walk('', 1)
  return found
}
