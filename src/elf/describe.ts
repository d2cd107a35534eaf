/**
 * Names for what a file is, from its first bytes and ELF identification
 * fields. Pure: the verdict uses these to tell a person what they handed us
 * instead of a linux/amd64 executable.
 */

import { PLATFORM_MACHINE_NAMES } from '../ground/platform.js'

/** How many leading bytes `describeBytes` looks at (tar's magic sits at 257). */
export const DESCRIBE_PREFIX_LENGTH = 512

/** The longest `#!` line we quote back; kernels stop reading well before this. */
const MAX_SHEBANG = 120

/** Byte signatures at offset 0, most specific first. */
const SIGNATURES: readonly (readonly [magic: readonly number[], what: string])[] = [
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (or a .jar)'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty zip archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz-compressed file'],
  [[0x42, 0x5a, 0x68], 'a bzip2-compressed file'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a zstd-compressed file'],
  [[0x21, 0x3c, 0x61, 0x72, 0x63, 0x68, 0x3e, 0x0a], 'an ar archive (a static library, .a)'],
  [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module'],
  [[0xfe, 0xed, 0xfa, 0xce], 'a 32-bit Mach-O (macOS) binary'],
  [[0xce, 0xfa, 0xed, 0xfe], 'a 32-bit Mach-O (macOS) binary'],
  [[0xfe, 0xed, 0xfa, 0xcf], 'a 64-bit Mach-O (macOS) binary'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a 64-bit Mach-O (macOS) binary'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document']
]

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
}

function be32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0
}

/**
 * 0xCAFEBABE starts both Java class files and universal (fat) Mach-O files.
 * `file` tells them apart the same way: a fat header's next word is a small
 * architecture count, a class file's is its version (major ≥ 45).
 */
function cafebabe(bytes: Uint8Array): string {
  if (bytes.length < 8) return 'a Java class file or a universal Mach-O binary'
  const next = be32(bytes, 4)
  return next > 0 && next < 20 ? 'a universal (fat) Mach-O (macOS) binary' : 'a Java class file'
}

/** A Windows PE has "PE\0\0" at the offset stored at 0x3c; a bare MZ is a DOS program. */
function mz(bytes: Uint8Array): string {
  if (bytes.length >= 0x40) {
    const at = bytes[0x3c] | (bytes[0x3d] << 8) | (bytes[0x3e] << 16) | (bytes[0x3f] << 24)
    if (at >= 0 && at + 4 <= bytes.length && startsWith(bytes.subarray(at), [0x50, 0x45, 0, 0])) {
      return 'a Windows PE executable (.exe/.dll)'
    }
  }
  return 'a Windows or DOS executable (MZ)'
}

function isTar(bytes: Uint8Array): boolean {
  // "ustar" at 257, followed by NUL (POSIX) or space (old GNU).
  return startsWith(bytes.subarray(257), [0x75, 0x73, 0x74, 0x61, 0x72])
}

/** Printable text with the usual whitespace; valid UTF-8 multibyte sequences count too. */
function looksLikeText(bytes: Uint8Array): boolean {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    if (b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || (b >= 0x20 && b < 0x7f)) {
      i++
      continue
    }
    const extra = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1
    if (extra < 0 || b >= 0xf8) return false
    for (let k = 1; k <= extra; k++) {
      // A sequence cut by the prefix length is still text.
      if (i + k >= bytes.length) return true
      if ((bytes[i + k] & 0xc0) !== 0x80) return false
    }
    i += extra + 1
  }
  return true
}

function hex(bytes: Uint8Array, count: number): string {
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ')
}

/**
 * What a non-ELF file looks like, from its first bytes (pass at least
 * DESCRIBE_PREFIX_LENGTH of them when the file has that many). Returns a
 * phrase such as `a shell script (#!/bin/sh)` or `an empty file`.
 */
export function describeBytes(first: Uint8Array): string {
  if (first.length === 0) return 'an empty file'
  if (first[0] === 0x23 && first[1] === 0x21) {
    const end = first.findIndex((b) => b === 0x0a || b === 0x0d)
    const line = Buffer.from(first.subarray(0, end === -1 ? first.length : end))
      .toString('utf8')
      .trim()
    const shown = line.length > MAX_SHEBANG ? `${line.slice(0, MAX_SHEBANG)}…` : line
    return `a script (${shown})`
  }
  if (first[0] === 0x4d && first[1] === 0x5a) return mz(first)
  if (startsWith(first, [0xca, 0xfe, 0xba, 0xbe])) return cafebabe(first)
  for (const [magic, what] of SIGNATURES) {
    if (startsWith(first, magic)) return what
  }
  if (isTar(first)) return 'a tar archive'
  if (startsWith(first, [0x7f, 0x45, 0x4c, 0x46])) return 'an ELF file'
  if (looksLikeText(first)) return 'a text file'
  return `data of no known format (starts with ${hex(first, 8)})`
}

/** ELF identification fields needed to name a target. */
export interface ElfIdent {
  /** EI_CLASS: 1 = 32-bit, 2 = 64-bit. */
  readonly bits: 32 | 64
  readonly littleEndian: boolean
  readonly machine: number
}

/**
 * e_machine → the name people know. Where the name depends on class or byte
 * order (ppc64 vs ppc64le, mips vs mips64le), the function picks it; the
 * names follow GOARCH where Go has one, since that is what users type.
 */
const MACHINES: Readonly<Record<number, string | ((id: ElfIdent) => string)>> = {
  2: (id) => (id.bits === 64 ? 'sparc64' : 'sparc'),
  3: '386 (i386)',
  6: '486 (i486)',
  8: (id) => `mips${id.bits === 64 ? '64' : ''}${id.littleEndian ? 'le' : ''}`,
  10: 'mips (MIPS RS3000 LE)',
  15: 'parisc (HP PA-RISC)',
  18: 'sparc32plus',
  20: (id) => (id.littleEndian ? 'ppcle (PowerPC)' : 'ppc (PowerPC)'),
  21: (id) => (id.littleEndian ? 'ppc64le (PowerPC 64)' : 'ppc64 (PowerPC 64, big-endian)'),
  22: (id) => (id.bits === 64 ? 's390x (IBM Z)' : 's390 (IBM S/390)'),
  40: (id) => (id.littleEndian ? 'arm (32-bit ARM)' : 'armbe (32-bit ARM, big-endian)'),
  41: 'alpha',
  42: 'sh (SuperH)',
  43: 'sparc64 (SPARC V9)',
  50: 'ia64 (Itanium)',
  190: 'cuda (NVIDIA GPU)',
  224: 'amdgpu',
  243: (id) => (id.bits === 64 ? 'riscv64' : 'riscv32'),
  247: 'bpf (eBPF)',
  258: (id) => (id.bits === 64 ? 'loong64 (LoongArch)' : 'loong32 (LoongArch)'),
  ...Object.fromEntries(
    Object.entries(PLATFORM_MACHINE_NAMES).map(([machine, name]) => [
      machine,
      (id: ElfIdent) => name(id.bits, id.littleEndian)
    ])
  )
}

/** The name of an ELF target, e.g. `arm64 (aarch64)` or `e_machine 4242`. */
export function machineName(id: ElfIdent): string {
  const entry = MACHINES[id.machine]
  if (entry === undefined) return `an unknown machine (e_machine ${id.machine})`
  return typeof entry === 'string' ? entry : entry(id)
}

/** EI_OSABI values for systems other than Linux (0 = System V and 3 = GNU/Linux both mean Linux). */
const FOREIGN_OSABI: Readonly<Record<number, string>> = {
  1: 'HP-UX',
  2: 'NetBSD',
  6: 'Solaris',
  7: 'AIX',
  8: 'IRIX',
  9: 'FreeBSD',
  10: 'Tru64',
  11: 'Novell Modesto',
  12: 'OpenBSD',
  13: 'OpenVMS',
  14: 'NonStop Kernel',
  15: 'AROS',
  16: 'FenixOS',
  17: 'CloudABI'
}

/** The operating system an ELF file says it is for, when that is plainly not Linux. */
export function foreignOsName(osabi: number): string | null {
  return FOREIGN_OSABI[osabi] ?? null
}

/** e_type in words, for summaries. */
export function elfTypeName(type: number): string {
  switch (type) {
    case 1:
      return 'relocatable object'
    case 2:
      return 'executable'
    case 3:
      return 'shared object or position-independent executable'
    case 4:
      return 'core dump'
    default:
      return `file of e_type ${type}`
  }
}
