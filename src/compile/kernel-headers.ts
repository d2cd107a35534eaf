import { mkdtemp, rm, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_PLATFORM, gnuTriple } from '../ground/platform.js'

// musl-gcc searches only musl's own headers, so a C program that includes
// <linux/…> (busybox's linux/kd.h, anything using ioctls or netlink) fails to
// compile. The kernel's userspace headers from linux-libc-dev are
// libc-independent; glibc's headers next to them in /usr/include are not. So
// musl-gcc gets `-idirafter` a folder of symlinks to just those directories.

/** The kernel header folders musl-gcc may use, and where Debian/Ubuntu keep them (asm per architecture). */
export function kernelHeaderSources(
  includeRoot = '/usr/include',
  // Debian's multiarch folder is the platform's GNU triple.
  multiarch = gnuTriple(DEFAULT_PLATFORM, 'gnu')
): readonly { readonly name: string; readonly candidates: readonly string[] }[] {
  const at = (...parts: string[]): string => join(includeRoot, ...parts)
  return [
    { name: 'linux', candidates: [at('linux')] },
    { name: 'asm', candidates: [at(multiarch, 'asm'), at('asm')] },
    { name: 'asm-generic', candidates: [at('asm-generic')] },
    { name: 'mtd', candidates: [at('mtd')] }
  ]
}

export interface KernelHeaders {
  /** The folder to pass with `-idirafter`. */
  readonly dir: string
  /** Which of linux, asm, asm-generic, mtd it links. */
  readonly linked: readonly string[]
  /** Removes the folder (the symlinks only, never what they point to). */
  cleanup(): Promise<void>
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false
  )
}

/**
 * A temporary folder of symlinks to the kernel header folders found on this
 * machine; null when there is no `linux/` folder (linux-libc-dev is not
 * installed), so there is nothing to add.
 */
export async function kernelHeaderFolder(
  sources = kernelHeaderSources(),
  parent = tmpdir()
): Promise<KernelHeaders | null> {
  const found: { name: string; target: string }[] = []
  for (const source of sources) {
    for (const candidate of source.candidates) {
      if (await isDirectory(candidate)) {
        found.push({ name: source.name, target: candidate })
        break
      }
    }
  }
  if (!found.some((entry) => entry.name === 'linux')) return null
  const dir = await mkdtemp(join(parent, 'from-scratch-kernel-headers-'))
  try {
    for (const entry of found) await symlink(entry.target, join(dir, entry.name))
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
  return {
    dir,
    linked: found.map((entry) => entry.name),
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}
