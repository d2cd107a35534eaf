import { createHash, randomBytes } from 'node:crypto'
import { copyFile, link, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { Platform } from '../ground/platform.js'

/**
 * A kept home for `go build -o`, so that go's own up-to-date check (the build
 * ID of the file already there) can skip the link when nothing changed, as it
 * does for a user's `go build -o app`. A fresh output file every run means a
 * fresh link every run (0.3–0.6 s for a small server).
 *
 * One slot per program: `<root>/<key>/<binary name>`, the key a hash of the
 * working directory, the package, the binary name and the platform, so no
 * name from the repository becomes a path inside the cache and two programs
 * never share a slot. Different flags need no key of their own: go sees them
 * in the build ID and links again.
 *
 * go writes its output in place (remove, then copy) when it cannot rename
 * from its work folder, so a file go is writing is never read by anyone else:
 * each run hard-links the slot to a private name, lets go build that, and
 * renames it back over the slot once go succeeded. Readers see the old file
 * or the new one, never half of one.
 */

/** What tells one program's slot from another's. */
export interface GoSlotKey {
  /** Absolute folder `go build` runs in. */
  readonly workDir: string
  /** The package argument, e.g. `./cmd/server`. */
  readonly goPackage: string
  /** File name of the binary. */
  readonly binaryName: string
  readonly platform: Platform
}

/** The slot folder of a program under the cache root. Pure. */
export function goSlotDir(root: string, key: GoSlotKey): string {
  const { workDir, goPackage, binaryName, platform } = key
  const target = [platform.os, platform.architecture, platform.variant ?? ''].join('/')
  const hash = createHash('sha256')
    .update(JSON.stringify([workDir, goPackage, binaryName, target]))
    .digest('hex')
  return join(root, hash.slice(0, 20))
}

/** A run's private copy of the slot: go builds it, then it becomes the slot. */
export interface GoSlotRun {
  /** Where `go build -o` writes; holds the slot's last binary when there was one. */
  readonly target: string
  /** After a successful build: places the binary at `output` and keeps it as the slot. */
  commit(output: string): Promise<void>
  /** Removes the private file; safe to call after commit and more than once. */
  discard(): Promise<void>
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])

/**
 * Prepares a run in the slot `dir` for the binary `name`. Throws when the
 * cache folder cannot be made (a read-only home): the caller builds without it.
 */
export async function openGoSlot(dir: string, name: string): Promise<GoSlotRun> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const slot = join(dir, name)
  await removeAbandoned(dir)
  const target = join(dir, `${RUN_PREFIX}${HOST}-${process.pid}-${randomBytes(6).toString('hex')}`)
  // Only an ELF file is worth handing to go: anything else there (a stray
  // file) would make go refuse to overwrite it, so it is left for the rename.
  if (await startsWith(slot, ELF_MAGIC)) {
    await link(slot, target).catch(() =>
      // A partial copy would look like a foreign file to go: none at all then.
      copyFile(slot, target).catch(() => rm(target, { force: true }))
    )
  }
  const discard = (): Promise<void> => rm(target, { force: true })
  return {
    target,
    discard,
    async commit(output) {
      await placeAt(target, output)
      // Kept for the next run; a failure here only costs that run a link.
      await rename(target, slot).catch(discard)
    }
  }
}

/** Private copies are `.run-<host>-<pid>-<random>`: whose they are, to tell abandoned ones. */
const RUN_PREFIX = '.run-'
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8)
const RUN_NAME = /^\.run-([0-9a-f]{8})-(\d+)-[0-9a-f]{12}$/

/**
 * Removes the private copies that runs on this host left when they were
 * stopped before their clean-up (Ctrl-C during `go build`): a binary each.
 * A run of another host (a shared home) or of a live process is left alone.
 */
async function removeAbandoned(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const run = RUN_NAME.exec(name)
    if (run?.[1] !== HOST || isAlive(Number(run[2]))) continue
    await rm(join(dir, name), { force: true })
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Puts a copy of the complete file `from` at `to`: hard-linked (copied when
 * that fails, e.g. across file systems) to a temporary name beside `to`, then
 * renamed over it, so `to` is never a half-written file.
 */
async function placeAt(from: string, to: string): Promise<void> {
  const temp = join(to, '..', `.from-scratch-${randomBytes(6).toString('hex')}.tmp`)
  try {
    await link(from, temp).catch(() => copyFile(from, temp))
    await rename(temp, to)
  } finally {
    // Gone after a rename, except when `to` was already the same file (an
    // --output-dir built into before): rename does nothing then.
    await rm(temp, { force: true })
  }
}

async function startsWith(path: string, prefix: Buffer): Promise<boolean> {
  try {
    const handle = await open(path, 'r')
    try {
      const head = Buffer.alloc(prefix.length)
      const { bytesRead } = await handle.read(head, 0, prefix.length, 0)
      return bytesRead === prefix.length && head.equals(prefix)
    } finally {
      await handle.close()
    }
  } catch {
    return false
  }
}
