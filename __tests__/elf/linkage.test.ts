import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { classify, judge, type Facts } from '../../src/elf/linkage.js'
import { bufferSource, openFileSource } from '../../src/elf/reader.js'
import type { Linkage } from '../../src/elf/types.js'
import { systemExec } from '../../src/ground/exec.js'
import { LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import { freshDir } from '../support/paths.js'
import {
  PHDR_AT,
  PHDR_SIZE,
  CORPUS_NAMES,
  corpus,
  syntheticElf,
  type Corpus,
  type CorpusEntry,
  type SyntheticSpec
} from '../support/corpus.js'

const DF_1_PIE = 0x08000000n

async function judgeBytes(bytes: Uint8Array) {
  return (await judge(bufferSource(bytes))).verdict
}

async function judgeFile(path: string, platform: Platform = LINUX_AMD64) {
  const src = await openFileSource(path)
  try {
    return await judge(src, platform)
  } finally {
    await src.close()
  }
}

/** DT_NEEDED as binutils reads it: an independent witness for the needed list. */
async function readelfNeeded(path: string): Promise<string[]> {
  const { stdout } = await systemExec.run('readelf', ['-d', '-W', path])
  return [...stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1] ?? '')
}

async function readelfInterpreter(path: string): Promise<string | null> {
  const { stdout } = await systemExec.run('readelf', ['-l', '-W', path])
  return /Requesting program interpreter: ([^\]]+)\]/.exec(stdout)?.[1] ?? null
}

const NOT_OPENED: readonly Linkage[] = ['not-elf', 'wrong-architecture', 'malformed']

describe('corpus binaries built by the real toolchains', () => {
  let built: Corpus
  beforeAll(async () => {
    built = await corpus()
  }, 600_000)

  // Names are fixed here so that jest can list the cases before the build.
  test.each(CORPUS_NAMES)('%s', async (name) => {
    const entry: CorpusEntry = built.entry(name)
    if (entry.missing !== null) {
      console.warn(`${name} not built: ${entry.missing}`)
      return
    }
    const { verdict, elf } = await judgeFile(entry.path, entry.platform)
    expect({
      linkage: verdict.linkage,
      accepted: verdict.accepted,
      interpreter: verdict.interpreter,
      needed: verdict.needed
    }).toEqual({
      linkage: entry.linkage,
      accepted: entry.runsInScratch,
      interpreter: entry.interpreter,
      needed: entry.needed
    })
    expect(verdict.summary.length).toBeGreaterThan(20)
    expect(elf === null).toBe(NOT_OPENED.includes(verdict.linkage))
    if (elf !== null) {
      expect(verdict.needed).toEqual(await readelfNeeded(entry.path))
      expect(verdict.interpreter).toEqual(await readelfInterpreter(entry.path))
    }
  })

  test('the corpus lists exactly the entries tested above', () => {
    expect(built.entries).toHaveLength(28)
    expect(built.entries.filter((e) => e.platform === LINUX_ARM64).length).toBe(11)
  })

  test.each([
    ['go-386', /386.*32-bit|32-bit.*386/],
    ['go-s390x', /s390x.*|big-endian/],
    ['sh-script', /script \(#!\/bin\/sh\)/],
    ['go-static-truncated', /truncated/],
    ['go-pie', /\/lib64\/ld-linux-x86-64\.so\.2.*no shared libraries/],
    ['c-glibc-dynamic', /\/lib64\/ld-linux-x86-64\.so\.2 and libc\.so\.6/],
    ['c-musl-dynamic', /\/lib\/ld-musl-x86_64\.so\.1 and libc\.so/],
    ['c-shared-library', /shared library/],
    ['c-arm64-musl-static', /^statically linked AArch64 executable/],
    ['go-arm64-static', /^statically linked AArch64 executable/],
    ['go-arm64-cgo-static-pie', /^static-pie AArch64 executable/],
    ['c-arm64-glibc-dynamic', /\/lib\/ld-linux-aarch64\.so\.1 and libc\.so\.6/],
    ['c-arm64-musl-dynamic', /\/lib\/ld-musl-aarch64\.so\.1 and libc\.so/],
    ['go-arm64-cgo-dynamic', /\/lib\/ld-linux-aarch64\.so\.1 and libc\.so\.6/],
    ['go-arm64-pie', /\/lib\/ld-[a-z]+-aarch64\.so\.1 although it needs no shared libraries/],
    [
      'go-arm64',
      /^not a linux\/amd64 executable: a 64-bit little-endian ELF executable for arm64 \(aarch64\) \(e_machine 183\); build for linux\/amd64 \(Go: GOOS=linux GOARCH=amd64\)$/
    ],
    [
      'go-amd64-for-arm64',
      /^not a linux\/arm64 executable: a 64-bit little-endian ELF executable for amd64 \(x86-64\) \(e_machine 62\); build for linux\/arm64 \(Go: GOOS=linux GOARCH=arm64\)$/
    ]
  ])('%s: the summary says what it is', async (name, pattern) => {
    const entry = built.entry(name)
    if (entry.missing !== null) {
      console.warn(`${name} not built: ${entry.missing}`)
      return
    }
    const { verdict } = await judgeFile(entry.path, entry.platform)
    expect(verdict.summary).toMatch(pattern)
  })

  test('section headers are still readable through the returned ElfFile', async () => {
    const names = async (name: string) => {
      const src = await openFileSource(built.entry(name).path)
      try {
        const { elf } = await judge(src)
        return (await elf?.sections())?.map((s) => s.name)
      } finally {
        await src.close()
      }
    }
    expect(await names('go-static')).toContain('.gopclntab')
    expect(await names('go-static-no-sections')).toEqual([])
  })
})

describe('hand-made ELF files', () => {
  const pie: SyntheticSpec = { type: 3, flags1: DF_1_PIE }

  test.each<[string, SyntheticSpec, Linkage, string | null, string[]]>([
    ['ET_EXEC, no interpreter', {}, 'static', null, []],
    ['ET_EXEC with an empty dynamic table', { dynamic: true }, 'static', null, []],
    ['ET_DYN with DF_1_PIE, no DT_NEEDED', pie, 'static-pie', null, []],
    [
      'ET_DYN with DF_1_PIE among other flags',
      { type: 3, flags1: DF_1_PIE | 1n },
      'static-pie',
      null,
      []
    ],
    ['ET_DYN without DF_1_PIE', { type: 3, flags1: 1n }, 'shared-library', null, []],
    ['ET_DYN without any dynamic table', { type: 3 }, 'shared-library', null, []],
    [
      'ET_DYN shared library with needs',
      { type: 3, needed: ['libm.so.6'], soname: 'libx.so.1' },
      'dynamic',
      null,
      ['libm.so.6']
    ],
    [
      'interpreter, no DT_NEEDED',
      { interpreter: '/lib64/ld-linux-x86-64.so.2' },
      'dynamic',
      '/lib64/ld-linux-x86-64.so.2',
      []
    ],
    [
      'interpreter and two DT_NEEDED, in file order',
      {
        type: 3,
        flags1: DF_1_PIE,
        interpreter: '/lib/ld-musl-x86_64.so.1',
        needed: ['libz.so.1', 'libc.so']
      },
      'dynamic',
      '/lib/ld-musl-x86_64.so.1',
      ['libz.so.1', 'libc.so']
    ],
    [
      'DT_NEEDED without an interpreter',
      { ...pie, needed: ['libc.so.6'] },
      'dynamic',
      null,
      ['libc.so.6']
    ],
    [
      'interpreter on ET_DYN without the PIE flag',
      { type: 3, interpreter: '/x' },
      'dynamic',
      '/x',
      []
    ]
  ])('%s → %s', async (_, spec, linkage, interpreter, needed) => {
    const verdict = await judgeBytes(syntheticElf(spec).bytes)
    expect(verdict).toMatchObject({ linkage, interpreter, needed })
    expect(verdict.accepted).toBe(linkage === 'static' || linkage === 'static-pie')
  })

  test('a shared library is named by its SONAME', async () => {
    const verdict = await judgeBytes(syntheticElf({ type: 3, soname: 'libx.so.1' }).bytes)
    expect(verdict.summary).toMatch(/shared library \(libx\.so\.1\), not a program/)
  })

  test.each<[string, SyntheticSpec, RegExp]>([
    ['32-bit i386', { bits: 32, machine: 3 }, /32-bit little-endian .* 386/],
    ['32-bit arm', { bits: 32, machine: 40 }, /32-bit little-endian .*\barm\b/],
    ['32-bit x86-64 (x32)', { bits: 32, machine: 62 }, /x32/],
    ['big-endian s390x', { bigEndian: true, machine: 22 }, /64-bit big-endian .*s390x/],
    ['big-endian ppc64', { bigEndian: true, machine: 21 }, /big-endian .*ppc64 /],
    ['big-endian but machine 62', { bigEndian: true, machine: 62 }, /big-endian .*amd64/],
    ['e_machine 183', { machine: 183 }, /arm64 \(aarch64\) \(e_machine 183\)/],
    ['ppc64le', { machine: 21 }, /ppc64le/],
    ['riscv64', { machine: 243 }, /riscv64/],
    ['loong64', { machine: 258 }, /loong64/],
    ['unknown machine', { machine: 4242 }, /unknown machine \(e_machine 4242\)/],
    ['FreeBSD amd64', { osabi: 9 }, /for FreeBSD/]
  ])('%s → wrong-architecture', async (_, spec, summary) => {
    const verdict = await judgeBytes(syntheticElf(spec).bytes)
    expect(verdict.linkage).toBe('wrong-architecture')
    expect(verdict.accepted).toBe(false)
    expect(verdict.summary).toMatch(summary)
  })

  test('GNU/Linux OSABI (3, static glibc) is Linux', async () => {
    expect((await judgeBytes(syntheticElf({ osabi: 3 }).bytes)).linkage).toBe('static')
  })

  test.each([
    ['relocatable object', 1, /relocatable object.*linked into a program/],
    ['core dump', 4, /core dump/]
  ])('%s → not-elf (not a program)', async (_, type, summary) => {
    const verdict = await judgeBytes(syntheticElf({ type }).bytes)
    expect(verdict.linkage).toBe('not-elf')
    expect(verdict.summary).toMatch(summary)
  })
})

/** A valid synthetic ELF changed in place by `mutate`, or the buffer `mutate` returns. */
function broken(mutate: (bytes: Buffer) => unknown, spec: SyntheticSpec = {}): Buffer {
  const bytes = Buffer.from(syntheticElf(spec).bytes)
  const result = mutate(bytes)
  return result instanceof Buffer ? result : bytes
}

const ph = (index: number, field: number) => PHDR_AT + index * PHDR_SIZE + field
const P_OFFSET = 8
const P_FILESZ = 32
const P_MEMSZ = 40
const dynSpec: SyntheticSpec = { interpreter: '/lib/ld.so', needed: ['libc.so.6'] }

describe('malformed input becomes a verdict, never an exception', () => {
  test.each<[string, Buffer, RegExp]>([
    ['\\x7fELF and nothing else', Buffer.from('\x7fELF', 'latin1'), /cut off after 4 bytes/],
    ['identification only', broken((b) => b.subarray(0, 40)), /header is cut off after 40 bytes/],
    ['EI_CLASS 7', broken((b) => void (b[4] = 7)), /EI_CLASS is 7/],
    ['EI_DATA 0', broken((b) => void (b[5] = 0)), /EI_DATA is 0/],
    ['e_type 0', broken((b) => void b.writeUInt16LE(0, 16)), /e_type is 0/],
    ['no program headers', broken((b) => void b.writeUInt16LE(0, 56)), /no program headers/],
    ['e_phentsize 32', broken((b) => void b.writeUInt16LE(32, 54)), /entries are 32 bytes/],
    ['e_phnum 65535', broken((b) => void b.writeUInt16LE(0xffff, 56)), /65535 program headers/],
    [
      'e_phnum 1000 in a small file',
      broken((b) => void b.writeUInt16LE(1000, 56)),
      /program header table.*past the end/
    ],
    ['e_phoff past EOF', broken((b) => void b.writeBigUInt64LE(1n << 40n, 32)), /past the end/],
    [
      'e_phoff near 2^64',
      broken((b) => void b.writeBigUInt64LE(0xffffffffffffff00n, 32)),
      /past the end/
    ],
    ['no PT_LOAD', broken((b) => void b.writeUInt32LE(6, ph(0, 0))), /no PT_LOAD/],
    [
      'PT_LOAD past EOF',
      broken((b) => void b.writeBigUInt64LE(1n << 20n, ph(0, P_FILESZ))),
      /PT_LOAD.*past the end/
    ],
    [
      'PT_DYNAMIC past EOF',
      broken((b) => void b.writeBigUInt64LE(1n << 32n, ph(2, P_OFFSET)), dynSpec),
      /PT_DYNAMIC.*past the end/
    ],
    [
      'PT_DYNAMIC with no DT_NULL',
      broken((b) => void b.writeBigUInt64LE(16n, ph(2, P_FILESZ)), dynSpec),
      /no DT_NULL/
    ],
    [
      'DT_STRTAB in no segment',
      broken((b) => {
        const at = syntheticElf(dynSpec).dynamicOffset + 16
        b.writeBigUInt64LE(0xdead0000n, at + 8)
      }, dynSpec),
      /DT_STRTAB address 0xdead0000 lies in no PT_LOAD/
    ],
    [
      'DT_NEEDED name beyond DT_STRSZ',
      broken(
        (b) => void b.writeBigUInt64LE(4096n, syntheticElf(dynSpec).dynamicOffset + 8),
        dynSpec
      ),
      /outside the .*string table/
    ],
    [
      'PT_INTERP not NUL-terminated',
      broken((b) => void b.writeBigUInt64LE(5n, ph(1, P_FILESZ)), dynSpec),
      /PT_INTERP does not end in a NUL/
    ],
    [
      'PT_INTERP longer than PATH_MAX',
      broken((b) => void b.writeBigUInt64LE(5000n, ph(1, P_FILESZ)), dynSpec),
      /PT_INTERP is 5000 bytes|past the end/
    ],
    [
      'entry point outside the code',
      broken((b) => void b.writeBigUInt64LE(0x10n, 24)),
      /entry point 0x10/
    ],
    [
      'entry point in a non-executable segment',
      broken((b) => void b.writeUInt32LE(4, ph(0, 4))),
      /no executable PT_LOAD/
    ],
    [
      'truncated after the program headers',
      broken((b) => b.subarray(0, PHDR_AT + PHDR_SIZE)),
      /PT_LOAD.*past the end.*truncated/
    ]
  ])('%s', async (_, bytes, reason) => {
    const verdict = await judgeBytes(bytes)
    expect(verdict).toMatchObject({ linkage: 'malformed', accepted: false })
    expect(verdict.summary).toMatch(/^malformed ELF file: /)
    expect(verdict.summary).toMatch(reason)
  })

  test('a thousand DT_NEEDED entries are read; more are garbage', async () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `lib${i}.so`)
    const many = await judgeBytes(
      syntheticElf({ interpreter: '/ld.so', needed: names(1000) }).bytes
    )
    expect(many.needed).toHaveLength(1000)
    expect(many.needed[999]).toBe('lib999.so')
    const tooMany = await judgeBytes(
      syntheticElf({ interpreter: '/ld.so', needed: names(1001) }).bytes
    )
    expect(tooMany.summary).toMatch(/more than 1000 DT_NEEDED/)
  })

  test('memsz larger than filesz is not a reason to reject', async () => {
    const bytes = broken((b) => void b.writeBigUInt64LE(1n << 20n, ph(0, P_MEMSZ)))
    expect((await judgeBytes(bytes)).linkage).toBe('static')
  })

  test('garbage section headers do not matter to the verdict', async () => {
    const bytes = broken((b) => {
      b.writeBigUInt64LE(0xffffffffn, 40)
      b.writeUInt16LE(999, 60)
      b.writeUInt16LE(5, 62)
    })
    expect((await judgeBytes(bytes)).linkage).toBe('static')
  })

  test.each<[string, string | Uint8Array, RegExp]>([
    ['empty file', '', /an empty file/],
    [
      'shell script',
      '#!/bin/sh\necho hi\n',
      /script \(#!\/bin\/sh\); an empty image has no interpreter/
    ],
    ['text', 'hello world\n', /a text file/],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0]), /gzip/],
    ['Mach-O', new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), /Mach-O/]
  ])('%s → not-elf', async (_, content, summary) => {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    const verdict = await judgeBytes(bytes)
    expect(verdict).toMatchObject({ linkage: 'not-elf', accepted: false, interpreter: null })
    expect(verdict.summary).toMatch(/^not a linux\/amd64 executable: /)
    expect(verdict.summary).toMatch(summary)
  })
})

test('file sources read at the offset asked, in any order', async () => {
  const { bytes } = syntheticElf({ needed: ['libc.so.6'], interpreter: '/lib/ld.so' })
  const dir = await freshDir('linkage')
  try {
    const path = join(dir, 'elf')
    await writeFile(path, bytes)
    const src = await openFileSource(path)
    try {
      expect(await src.read(100n, 4)).toEqual(bytes.subarray(100, 104))
      expect(await src.read(0n, 4)).toEqual(bytes.subarray(0, 4))
      expect((await judge(src)).verdict.needed).toEqual(['libc.so.6'])
    } finally {
      await src.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

describe('classify (the rules, as a table)', () => {
  const ET_EXEC = 2
  const ET_DYN = 3
  test.each<[Facts, Linkage]>([
    [{ type: ET_EXEC, interpreter: null, needed: [], pie: false }, 'static'],
    [{ type: ET_EXEC, interpreter: null, needed: [], pie: true }, 'static'],
    [{ type: ET_EXEC, interpreter: '/ld.so', needed: [], pie: false }, 'dynamic'],
    [{ type: ET_EXEC, interpreter: null, needed: ['libc.so.6'], pie: false }, 'dynamic'],
    [{ type: ET_DYN, interpreter: null, needed: [], pie: true }, 'static-pie'],
    [{ type: ET_DYN, interpreter: '/ld.so', needed: [], pie: true }, 'dynamic'],
    [{ type: ET_DYN, interpreter: null, needed: ['libc.so'], pie: true }, 'dynamic'],
    [{ type: ET_DYN, interpreter: null, needed: [], pie: false }, 'shared-library']
  ])('%j → %s', (facts, linkage) => {
    expect(classify(facts)).toBe(linkage)
  })
})
