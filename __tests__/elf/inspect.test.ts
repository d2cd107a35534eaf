import { beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { adviceFor } from '../../src/elf/advice.js'
import { inspectBinary, inspectElf } from '../../src/elf/inspect.js'
import { ElfFile, bufferSource, type ByteSource } from '../../src/elf/reader.js'
import type { FindingId, Linkage } from '../../src/elf/types.js'
import { findingsCorpus, type CorpusName, type FindingsCorpus } from '../support/findings-corpus.js'
import { freshDir } from '../support/paths.js'

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
