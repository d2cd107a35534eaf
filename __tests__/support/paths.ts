import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, whatever folder jest was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A fresh, empty temporary folder for one test. */
export function freshDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `from-scratch-${prefix}-`))
}
