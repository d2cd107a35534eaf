import {
  DESCRIBE_PREFIX_LENGTH,
  describeBytes,
  elfTypeName,
  foreignOsName,
  machineName,
  type ElfIdent
} from '../../src/elf/describe.js'

const bytes = (...values: number[]) => new Uint8Array(values)
const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

/** A 512-byte tar header block for a file named `name`. */
function tarHeader(name: string): Uint8Array {
  const block = Buffer.alloc(DESCRIBE_PREFIX_LENGTH)
  block.write(name, 0)
  block.write('0000644\0', 100)
  block.write('ustar\x0000', 257, 'latin1')
  return block
}

/** "MZ", a DOS stub, and "PE\0\0" at the offset stored at 0x3c. */
function peHeader(): Uint8Array {
  const b = Buffer.alloc(0x100)
  b.write('MZ', 0, 'latin1')
  b.writeUInt32LE(0x80, 0x3c)
  b.write('PE\0\0', 0x80, 'latin1')
  return b
}

describe('describeBytes', () => {
  test.each<[string, Uint8Array, string]>([
    ['empty', bytes(), 'an empty file'],
    ['sh script', text('#!/bin/sh\necho hi\n'), 'a script (#!/bin/sh)'],
    ['env script', text('#!/usr/bin/env python3\nprint(1)\n'), 'a script (#!/usr/bin/env python3)'],
    ['script with CRLF', text('#!/bin/bash\r\necho\r\n'), 'a script (#!/bin/bash)'],
    ['shebang with no newline', text('#!/bin/sh'), 'a script (#!/bin/sh)'],
    ['shebang with spaces', text('#! /bin/sh -e\n'), 'a script (#! /bin/sh -e)'],
    ['text', text('hello\tworld\n'), 'a text file'],
    ['UTF-8 text', text('grüße, 世界\n'), 'a text file'],
    ['UTF-8 cut mid-character', text('abc€').subarray(0, 5), 'a text file'],
    ['Dockerfile', text('FROM scratch\nCOPY app /\n'), 'a text file'],
    ['gzip', bytes(0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0), 'a gzip-compressed file'],
    ['zip', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0), 'a zip archive (or a .jar)'],
    ['empty zip', bytes(0x50, 0x4b, 0x05, 0x06, 0, 0), 'an empty zip archive'],
    ['xz', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4), 'an xz-compressed file'],
    ['bzip2', text('BZh91AY&SY'), 'a bzip2-compressed file'],
    ['zstd', bytes(0x28, 0xb5, 0x2f, 0xfd, 0x04), 'a zstd-compressed file'],
    ['tar', tarHeader('app'), 'a tar archive'],
    [
      'ar / static library',
      text('!<arch>\n/               0'),
      'an ar archive (a static library, .a)'
    ],
    ['PE', peHeader(), 'a Windows PE executable (.exe/.dll)'],
    ['bare MZ', bytes(0x4d, 0x5a, 0x90, 0), 'a Windows or DOS executable (MZ)'],
    [
      'MZ with e_lfanew past the end',
      text('MZ').subarray(0, 2),
      'a Windows or DOS executable (MZ)'
    ],
    [
      'Mach-O 64 (arm64/amd64)',
      bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1),
      'a 64-bit Mach-O (macOS) binary'
    ],
    ['Mach-O 32', bytes(0xce, 0xfa, 0xed, 0xfe, 7, 0, 0, 0), 'a 32-bit Mach-O (macOS) binary'],
    ['Mach-O 64 big-endian', bytes(0xfe, 0xed, 0xfa, 0xcf), 'a 64-bit Mach-O (macOS) binary'],
    [
      'universal Mach-O',
      bytes(0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2),
      'a universal (fat) Mach-O (macOS) binary'
    ],
    ['Java class', bytes(0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 61), 'a Java class file'],
    [
      'cafebabe cut short',
      bytes(0xca, 0xfe, 0xba, 0xbe),
      'a Java class file or a universal Mach-O binary'
    ],
    ['WebAssembly', bytes(0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0), 'a WebAssembly module'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'a PNG image'],
    ['PDF', text('%PDF-1.7\n'), 'a PDF document'],
    ['ELF', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1), 'an ELF file'],
    [
      'zeros',
      bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      'data of no known format (starts with 00 00 00 00 00 00 00 00)'
    ],
    ['one binary byte', bytes(0xff), 'data of no known format (starts with ff)'],
    [
      'Latin-1, not UTF-8',
      bytes(0x63, 0x61, 0x66, 0xe9, 0x0a),
      'data of no known format (starts with 63 61 66 e9 0a)'
    ]
  ])('%s', (_, first, expected) => {
    expect(describeBytes(first)).toBe(expected)
  })

  test('a very long #! line is cut short', () => {
    const described = describeBytes(text(`#!/${'x'.repeat(400)}\n`))
    expect(described.length).toBeLessThan(150)
    expect(described).toMatch(/^a script \(#!\/x+…\)$/)
  })
})

describe('machineName', () => {
  const id = (machine: number, bits: 32 | 64 = 64, littleEndian = true): ElfIdent => ({
    machine,
    bits,
    littleEndian
  })
  test.each<[ElfIdent, string]>([
    [id(62), 'amd64 (x86-64)'],
    [id(62, 32), 'x32 (x86-64 with 32-bit pointers)'],
    [id(3, 32), '386 (i386)'],
    [id(183), 'arm64 (aarch64)'],
    [id(40, 32), 'arm (32-bit ARM)'],
    [id(40, 32, false), 'armbe (32-bit ARM, big-endian)'],
    [id(22), 's390x (IBM Z)'],
    [id(22, 32, false), 's390 (IBM S/390)'],
    [id(21), 'ppc64le (PowerPC 64)'],
    [id(21, 64, false), 'ppc64 (PowerPC 64, big-endian)'],
    [id(20, 32, false), 'ppc (PowerPC)'],
    [id(243), 'riscv64'],
    [id(243, 32), 'riscv32'],
    [id(8, 32, false), 'mips'],
    [id(8, 32), 'mipsle'],
    [id(8, 64, false), 'mips64'],
    [id(8, 64), 'mips64le'],
    [id(258), 'loong64 (LoongArch)'],
    [id(2, 32, false), 'sparc'],
    [id(43, 64, false), 'sparc64 (SPARC V9)'],
    [id(50), 'ia64 (Itanium)'],
    [id(247), 'bpf (eBPF)'],
    [id(0), 'an unknown machine (e_machine 0)'],
    [id(65535), 'an unknown machine (e_machine 65535)']
  ])('%j → %s', (ident, name) => {
    expect(machineName(ident)).toBe(name)
  })
})

describe('foreignOsName', () => {
  test.each<[number, string | null]>([
    [0, null],
    [3, null],
    [9, 'FreeBSD'],
    [12, 'OpenBSD'],
    [2, 'NetBSD'],
    [6, 'Solaris'],
    [97, null],
    [255, null]
  ])('EI_OSABI %i → %s', (osabi, name) => {
    expect(foreignOsName(osabi)).toBe(name)
  })
})

describe('elfTypeName', () => {
  test.each<[number, string]>([
    [1, 'relocatable object'],
    [2, 'executable'],
    [3, 'shared object or position-independent executable'],
    [4, 'core dump'],
    [0, 'file of e_type 0'],
    [0xfe00, 'file of e_type 65024']
  ])('%i → %s', (type, name) => {
    expect(elfTypeName(type)).toBe(name)
  })
})
