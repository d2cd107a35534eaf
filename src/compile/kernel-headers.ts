import { mkdtemp, rm, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gnuTriple, type Platform } from '../ground/platform.js'

// musl-gcc searches only musl's own headers, so a C program that includes
// <linux/…> (busybox's linux/kd.h, anything using ioctls or netlink) fails to
// compile. The kernel's userspace headers from linux-libc-dev are
// libc-independent; glibc's headers next to them in /usr/include are not. So
// musl-gcc gets `-idirafter` a folder of symlinks to just those directories.

/** Where to look for the kernel headers; the defaults are Debian's and Ubuntu's places. */
export interface KernelHeaderRoots {
  /** The system's include folder, where linux-libc-dev (of any architecture) puts them. */
  readonly includeRoot?: string
  /** Where Debian's cross packages live: linux-libc-dev-<arch>-cross puts them in `<root>/<triple>/include`. */
  readonly crossRoot?: string
  /**
   * The host is the platform itself: a distribution without multiarch folders
   * (one /usr/include/asm) then has the right asm/ too. Never for a cross build,
   * where that asm/ is the host's.
   */
  readonly native?: boolean
}

/**
 * The kernel header folders a musl wrapper may use for `platform`, and where
 * Debian/Ubuntu keep them. linux/, asm-generic/ and mtd/ are the same for every
 * architecture; asm/ is the platform's own, from its multiarch folder
 * (linux-libc-dev:<arch>) or the cross package's folder (linux-libc-dev-<arch>-cross,
 * which gcc-<triple> brings).
 */
export function kernelHeaderSources(
  platform: Platform,
  roots: KernelHeaderRoots = {}
): readonly { readonly name: string; readonly candidates: readonly string[] }[] {
  const includeRoot = roots.includeRoot ?? '/usr/include'
  // Debian's multiarch folder and cross prefix are the platform's GNU triple.
  const triple = gnuTriple(platform, 'gnu')
  const cross = join(roots.crossRoot ?? '/usr', triple, 'include')
  const at = (...parts: string[]): string => join(includeRoot, ...parts)
  const both = (name: string): string[] => [at(name), join(cross, name)]
  return [
    { name: 'linux', candidates: both('linux') },
    {
      name: 'asm',
      candidates: [at(triple, 'asm'), join(cross, 'asm'), ...(roots.native ? [at('asm')] : [])]
    },
    { name: 'asm-generic', candidates: both('asm-generic') },
    { name: 'mtd', candidates: both('mtd') }
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
  sources: ReturnType<typeof kernelHeaderSources>,
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
