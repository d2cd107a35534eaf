import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, whatever folder jest was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The global under which a test file's `freshDir` folders are listed (fresh-dirs-environment.ts removes them). */
export const FRESH_DIRS = '__fromScratchFreshDirs'

function made(): string[] {
  const holder = globalThis as Record<string, unknown>
  const list = holder[FRESH_DIRS]
  if (Array.isArray(list)) return list as string[]
  const fresh: string[] = []
  holder[FRESH_DIRS] = fresh
  return fresh
}

/** A fresh, empty temporary folder for one test; removed when the test file is done. */
export async function freshDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `from-scratch-${prefix}-`))
  made().push(dir)
  return dir
}
