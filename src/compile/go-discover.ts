import { readdir, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { UserError } from '../ground/errors.js'
import { readFileHead } from '../ground/file-head.js'

/**
 * Finding the program the way `go` does: the module is the nearest go.mod at
 * or above the folder, and the program is a main package. When the folder
 * asked for is not one, the main packages below it are listed (the usual
 * `cmd/server`, `cmd/worker` layout): one is built, several are named.
 */

/** The nearest folder at or above `dir` that holds a go.mod, or null. */
export async function findModuleRoot(dir: string): Promise<string | null> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const found = await stat(join(current, 'go.mod')).catch(() => null)
    if (found?.isFile()) return current
    if (dirname(current) === current) return null
  }
}

/**
 * The package clause of a Go file (`package main` → `main`), skipping the
 * comments and build constraints before it; null when there is none. Pure.
 */
export function packageClause(source: string): string | null {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '')
  return /^\s*package\s+([A-Za-z_]\w*)/m.exec(text)?.[1] ?? null
}

/** What the .go files of one folder (tests left out) declare: `main`, another name, or null (no Go files). */
async function packageOf(dir: string): Promise<string | null> {
  const names = await readdir(dir).catch(() => [] as string[])
  const files = names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort()
  let other: string | null = null
  for (const name of files) {
    // The clause is near the top; a licence header is rarely longer than this.
    const head = await readFileHead(join(dir, name), 64 * 1024)
    const clause = head === null ? null : packageClause(head.toString('utf8'))
    if (clause === 'main') return 'main'
    if (clause !== null) other ??= clause
  }
  return other
}

/** Whether a folder holds Go files (tests left out). */
export async function hasGoFiles(dir: string): Promise<boolean> {
  return (await packageOf(dir)) !== null
}

/** Folders go leaves out of `./...`, and ones no program lives in. */
function skipped(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('_') ||
    name === 'testdata' ||
    name === 'vendor' ||
    name === 'node_modules'
  )
}

/** How far below the folder to look, and how many folders at most: a monorepo must not stall us. */
const MAX_DEPTH = 6
const MAX_FOLDERS = 5000

/** Main packages below `dir` (not `dir` itself, nor nested modules), as `./a/b`, sorted. */
export async function mainPackagesBelow(dir: string): Promise<string[]> {
  const found: string[] = []
  let seen = 0
  const walk = async (folder: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || seen > MAX_FOLDERS) return
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      // Symlinks are not followed: they may lead out of the repository, or round in a loop.
      if (!entry.isDirectory() || skipped(entry.name)) continue
      const child = join(folder, entry.name)
      seen++
      if (await stat(join(child, 'go.mod')).catch(() => null)) continue
      if ((await packageOf(child)) === 'main')
        found.push(`./${relative(dir, child).split(sep).join('/')}`)
      await walk(child, depth + 1)
    }
  }
  await walk(dir, 1)
  return found
}

/** What to build: the package as given, or the one main package found below it. */
export interface GoTarget {
  readonly goPackage: string
  /** Set when the package was found rather than given: e.g. `./cmd/server`. */
  readonly discovered: string | null
}

/**
 * Checks that `goPackage` (relative to `workDir`) is a main package when it is
 * a local folder, and finds the program when it is not. Other package paths
 * (`example.com/x/cmd/y`, patterns) are go's to resolve.
 */
export async function resolveGoTarget(
  workDir: string,
  goPackage: string,
  shownDir: string
): Promise<GoTarget> {
  const given = goPackage.trim() === '' ? '.' : goPackage.trim()
  if (
    !(given === '.' || given.startsWith('./') || given.startsWith('../')) ||
    given.includes('...')
  ) {
    return { goPackage: given, discovered: null }
  }
  const folder = resolve(workDir, given)
  const declared = await packageOf(folder)
  if (declared === 'main') return { goPackage: given, discovered: null }
  const below = (await mainPackagesBelow(folder)).map((p) =>
    given === '.' ? p : `./${join(given, p).split(sep).join('/')}`
  )
  const where = given === '.' ? `\`${shownDir}\`` : `\`${given}\` (in \`${shownDir}\`)`
  const what =
    declared === null
      ? `${where} has no Go files`
      : `${where} is package ${declared}, a library, not a program (package main)`
  if (below.length === 1 && given === '.') return { goPackage: below[0], discovered: below[0] }
  if (below.length > 0) {
    throw new UserError(
      `${what}. Main packages here: ${below.join(', ')}; set \`package: ${below[0]}\` to build one.`
    )
  }
  throw new UserError(
    `${what}, and there is no main package below it: from-scratch builds a program. ` +
      'Point `package` at the folder of your `package main` (e.g. `./cmd/server`), or `binary` at a prebuilt executable.'
  )
}
