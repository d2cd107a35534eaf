import { beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { adviceFor } from '../../src/elf/advice.js'
import { inspectBinary, inspectElf, platformOfBinary } from '../../src/elf/inspect.js'
import { ElfFile, bufferSource, type ByteSource } from '../../src/elf/reader.js'
import type { FindingId, Linkage } from '../../src/elf/types.js'
import { findingsCorpus, type CorpusName, type FindingsCorpus } from '../support/findings-corpus.js'
import { freshDir } from '../support/paths.js'
import { syntheticElf } from '../support/corpus.js'
import {
  EM_AARCH64,
  EM_X86_64,
  LINUX_AMD64,
  LINUX_ARM64,
  type Platform
} from '../../src/ground/platform.js'

describe('inspectBinary on real binaries', () => {
  let corpus: FindingsCorpus
  beforeAll(async () => {
    corpus = await findingsCorpus()
  }, 600_000)

  it.each<[CorpusName, Linkage, boolean, FindingId[]]>([
    ['go-hello', 'static', true, []],
    ['go-https', 'static', true, ['ca-certificates']],
    ['go-https-nosections', 'static', true, ['ca-certificates']],
    ['go-tz', 'static', true, ['tzdata']],
    ['go-tzdata', 'static', true, []],
    ['go-user', 'static', true, ['user-lookup']],
    ['go-tmp', 'static', true, ['tmp']],
    ['go-cgo', 'static', true, []],
    ['go-cgo-glibc', 'static', true, ['cgo-calls']],
    ['go-pie', 'dynamic', true, []],
    ['c-nss', 'static', false, ['nss']],
    ['c-nss-nosections', 'static', false, ['nss']],
    ['c-musl', 'static', false, []],
    ['c-dynamic', 'dynamic', false, []]
  ])('%s: %s, Go %s, findings %j', async (name, linkage, isGo, findings) => {
    const inspection = await inspectBinary(corpus.path(name))
    expect(inspection.verdict.linkage).toBe(linkage)
    expect(inspection.go?.version ?? null).toBe(isGo ? corpus.goVersion : null)
    expect(inspection.goNote).toBeNull()
    expect(inspection.findings.map((f) => f.id)).toEqual(findings)
    expect(inspection.size).toBe((await readFile(corpus.path(name))).length)
    expect(inspection.path).toBe(corpus.path(name))
  })

  it('finds the same with and without section headers', async () => {
    for (const [a, b] of [
      ['go-https', 'go-https-nosections'],
      ['c-nss', 'c-nss-nosections']
    ] as const) {
      const withSections = await inspectBinary(corpus.path(a))
      const without = await inspectBinary(corpus.path(b))
      expect([b, without.go, without.findings]).toEqual([b, withSections.go, withSections.findings])
    }
  })

  it('advice for the rejected ones says what is true of them', async () => {
    const pie = await inspectBinary(corpus.path('go-pie'))
    expect(pie.verdict.interpreter).toMatch(/ld-linux-x86-64/)
    expect(pie.verdict.needed).toEqual([])
    expect(adviceFor(pie)).toMatch(/^`-buildmode=pie`/)
    const dyn = await inspectBinary(corpus.path('c-dynamic'))
    expect(adviceFor(dyn, 'c')).toMatch(/^link statically: `musl-gcc -static`/)
  })

  it('reads a fraction of the binary, a bounded chunk at a time', async () => {
    for (const name of ['go-https', 'go-https-nosections', 'c-nss-nosections'] as const) {
      const bytes = await readFile(corpus.path(name))
      const inner = bufferSource(bytes)
      let total = 0
      let largest = 0
      const counting: ByteSource = {
        size: inner.size,
        async read(offset, length) {
          total += length
          largest = Math.max(largest, length)
          return inner.read(offset, length)
        }
      }
      await inspectElf(await ElfFile.open(counting))
      expect([name, total < bytes.length / 2, largest <= (1 << 20) + 256]).toEqual([
        name,
        true,
        true
      ])
    }
  })
})

describe('inspectBinary on things that are not binaries', () => {
  it('a script: not-elf, no Go facts, no findings', async () => {
    const dir = await freshDir('inspect')
    const script = join(dir, 'run.sh')
    await writeFile(script, '#!/bin/sh\necho hi\n', { mode: 0o755 })
    const inspection = await inspectBinary(script)
    expect(inspection.verdict.linkage).toBe('not-elf')
    expect(inspection.verdict.accepted).toBe(false)
    expect(inspection).toMatchObject({ go: null, goNote: null, findings: [], size: 18 })
  })

  it('a missing path is a UserError that names it', async () => {
    const missing = join(await freshDir('inspect'), 'nope')
    await expect(inspectBinary(missing)).rejects.toThrow(UserError)
    await expect(inspectBinary(missing)).rejects.toThrow(/nope: no such file/)
  })

  it('a directory is a UserError', async () => {
    const dir = await freshDir('inspect')
    await mkdir(join(dir, 'bin'))
    await expect(inspectBinary(join(dir, 'bin'))).rejects.toThrow(/is a directory, not a binary/)
  })

  const root = process.getuid?.() === 0
  ;(root ? it.skip : it)('an unreadable file is a UserError (skipped as root)', async () => {
    const file = join(await freshDir('inspect'), 'secret')
    await writeFile(file, 'x')
    await chmod(file, 0)
    await expect(inspectBinary(file)).rejects.toThrow(/permission denied/)
  })
})

describe('platformOfBinary: what inspect judges a file for', () => {
  it.each<[string, () => Uint8Array, Platform]>([
    ['an x86-64 ELF', () => syntheticElf({ machine: EM_X86_64 }).bytes, LINUX_AMD64],
    ['an AArch64 ELF', () => syntheticElf({ machine: EM_AARCH64 }).bytes, LINUX_ARM64],
    [
      'a 32-bit ELF of the same machine number (x32)',
      () => syntheticElf({ bits: 32, machine: EM_X86_64 }).bytes,
      LINUX_AMD64
    ],
    [
      'a big-endian AArch64 ELF: no platform here, judged for the default',
      () => syntheticElf({ bigEndian: true, machine: EM_AARCH64 }).bytes,
      LINUX_AMD64
    ],
    ['an s390x ELF', () => syntheticElf({ bigEndian: true, machine: 22 }).bytes, LINUX_AMD64],
    ['a script', () => Buffer.from('#!/bin/sh\necho hi\n'), LINUX_AMD64],
    ['an empty file', () => new Uint8Array(0), LINUX_AMD64],
    [
      'the first 19 bytes of an AArch64 ELF',
      () => syntheticElf({ machine: EM_AARCH64 }).bytes.subarray(0, 19),
      LINUX_AMD64
    ]
  ])('%s', async (_label, bytes, platform) => {
    const file = join(await freshDir('platform-of'), 'bin')
    await writeFile(file, bytes())
    expect(await platformOfBinary(file)).toEqual(platform)
  })

  it('a missing file is the fallback: inspectBinary then says why it cannot be read', async () => {
    const missing = join(await freshDir('platform-of'), 'nope')
    expect(await platformOfBinary(missing, LINUX_ARM64)).toEqual(LINUX_ARM64)
  })
})
