import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { inspectBinary } from '../../src/elf/inspect.js'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import { attributeSizes } from '../../src/elf/sizes.js'
import type { FindingId, Linkage, SizeAttribution } from '../../src/elf/types.js'
import { RejectedBinaryError, verifyBinary } from '../../src/elf/verify.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { BANNER, arm64Corpus, type Arm64Corpus, type Arm64Name } from '../support/arm64-corpus.js'
import { corpus, type Corpus } from '../support/corpus.js'
import { memoryLog } from '../support/docker.js'
import { codeTruth } from '../support/sizes-corpus.js'

/**
 * linux/arm64 binaries verified and measured as linux/amd64 ones are: the
 * verdict for the platform asked, the findings, and where the bytes are,
 * checked against the toolchain's own symbol table.
 */

let arm: Arm64Corpus
let elf: Corpus
beforeAll(async () => {
  ;[arm, elf] = await Promise.all([arm64Corpus(), corpus()])
}, 1_200_000)

/** Whether the entry is there; says why not when this machine could not build it. */
function built(name: Arm64Name): boolean {
  const missing = arm.missing(name)
  if (missing !== null) console.warn(`${name} not built: ${missing}`)
  return missing === null
}

async function attribute(path: string): Promise<SizeAttribution> {
  return attributeSizes(await ElfFile.open(bufferSource(await readFile(path))))
}

describe('verifyBinary against each binary’s own platform', () => {
  it('passes a static arm64 binary for linux/arm64, with the verdict and Go facts logged', async () => {
    const log = memoryLog()
    const inspection = await verifyBinary(elf.entry('go-arm64-static').path, 'go', log, LINUX_ARM64)
    expect(inspection.verdict.linkage).toBe('static')
    expect(inspection.go?.settings.GOARCH).toBe('arm64')
    expect(log.lines[0]).toMatch(/^static: statically linked AArch64 executable/)
  })

  it.each<[string, string, 'go' | 'c', RegExp, RegExp]>([
    [
      'an amd64 Go binary given for linux/arm64',
      'go-static',
      'go',
      /not a linux\/arm64 executable: a 64-bit little-endian ELF executable for amd64 \(x86-64\)/,
      /^fix: build with `GOOS=linux GOARCH=arm64`$/
    ],
    [
      'an amd64 C binary given for linux/arm64',
      'c-musl-static',
      'c',
      /not a linux\/arm64 executable: .*for amd64 \(x86-64\)/,
      /^fix: compile for AArch64 Linux: .*`aarch64-linux-musl-gcc -static` \(Debian\/Ubuntu: .*gcc-aarch64-linux-gnu musl-dev:arm64`\)$/
    ],
    [
      'an arm64 Go binary given for linux/amd64',
      'go-arm64-static',
      'go',
      /not a linux\/amd64 executable: a 64-bit little-endian ELF executable for arm64 \(aarch64\)/,
      /^fix: build with `GOOS=linux GOARCH=amd64`$/
    ]
  ])(
    'rejects %s, saying what it is and how to build it',
    async (_label, name, language, says, fix) => {
      const platform = name.includes('arm64') ? LINUX_AMD64 : LINUX_ARM64
      const failure = await verifyBinary(
        elf.entry(name).path,
        language,
        memoryLog(),
        platform
      ).then(
        () => null,
        (error: unknown) => error
      )
      expect(failure).toBeInstanceOf(RejectedBinaryError)
      const rejected = failure as RejectedBinaryError
      expect(rejected.message).toMatch(says)
      expect(rejected.details.at(-1)).toMatch(fix)
    }
  )

  it.each<[string, 'go' | 'c', string, readonly string[], RegExp]>([
    [
      'c-arm64-glibc-dynamic',
      'c',
      '/lib/ld-linux-aarch64.so.1',
      ['libc.so.6'],
      /aarch64-linux-musl-gcc -static/
    ],
    [
      'c-arm64-musl-dynamic',
      'c',
      '/lib/ld-musl-aarch64.so.1',
      ['libc.so'],
      /^fix: add `-static` to the link \(`aarch64-linux-musl-gcc -static`\)$/
    ],
    [
      'go-arm64-cgo-dynamic',
      'go',
      '/lib/ld-linux-aarch64.so.1',
      ['libc.so.6'],
      /^fix: built with cgo against a shared C library/
    ]
  ])(
    'rejects the dynamic %s as it rejects amd64 ones: interpreter, libraries, fix',
    async (name, language, interpreter, needed, fix) => {
      const entry = elf.entry(name)
      if (entry.missing !== null) {
        console.warn(`${name} not built: ${entry.missing}`)
        return
      }
      const failure = await verifyBinary(entry.path, language, memoryLog(), LINUX_ARM64).then(
        () => null,
        (error: unknown) => error
      )
      expect(failure).toBeInstanceOf(RejectedBinaryError)
      const rejected = failure as RejectedBinaryError
      expect(rejected.message).toContain('will not run in a FROM scratch image: dynamically linked')
      expect(rejected.details).toEqual([
        `interpreter: ${interpreter}`,
        `needed libraries: ${needed.join(', ')}`,
        expect.stringMatching(fix)
      ])
      // A rejected binary's report still shows where its bytes are.
      expect(rejected.inspection.sizes?.placed.file).toBe((await readFile(entry.path)).length)
    }
  )
})

describe('findings of arm64 binaries', () => {
  it.each<[Arm64Name, Linkage, FindingId[]]>([
    ['go-hello', 'static', []],
    ['go-https', 'static', ['ca-certificates']],
    ['go-tz', 'static', ['tzdata']],
    ['go-user', 'static', ['user-lookup']],
    ['go-tmp', 'static', ['tmp']],
    ['go-cgo-musl', 'static', []],
    ['go-cgo-glibc', 'static', ['cgo-calls']],
    ['c-nss', 'static', ['nss']],
    ['c-musl', 'static', []]
  ])('%s: %s, findings %j', async (name, linkage, findings) => {
    if (!built(name)) return
    const inspection = await inspectBinary(arm.path(name), { platform: LINUX_ARM64 })
    expect(inspection.verdict.linkage).toBe(linkage)
    expect(inspection.findings.map((f) => f.id)).toEqual(findings)
  })

  it('go-cgo-glibc: the cgo warning names the wrappers and glibc’s strings', async () => {
    if (!built('go-cgo-glibc')) return
    const log = memoryLog()
    await verifyBinary(arm.path('go-cgo-glibc'), 'go', log, LINUX_ARM64)
    const warning = log.lines.find((line) => line.startsWith('warning: calls C through cgo'))
    expect(warning).toContain('main._Cfunc_hello')
    expect(warning).toContain('GLIBC_TUNABLES')
  })
})

describe('where the bytes of an arm64 binary are', () => {
  let http: SizeAttribution
  beforeAll(async () => {
    http = await attribute(arm.path('http-sw'))
  }, 120_000)

  it('examples/http-server (-s -w): rows add up to the file, ≥ 85 % in packages, no catch-all row', () => {
    const rows = http.packages.reduce((n, p) => n + p.bytes, 0)
    expect(rows).toBe(http.placed.file)
    expect(http.placed.packages + http.placed.buckets).toBe(http.placed.file)
    expect(http.placed.packages / http.placed.file).toBeGreaterThanOrEqual(0.85)
    const buckets = http.packages.filter((p) => p.name.startsWith('('))
    expect(Math.max(...buckets.map((b) => b.bytes))).toBeLessThan(http.placed.file / 10)
    expect(http.packages.find((p) => p.name === 'main')?.module).toBe('example.com/http-server')
    expect(http.notes).toEqual([])
    // Go's arm64 linker starts each segment on a 64 KiB boundary in the file:
    // that padding has its own row, and the headers stay a few KB.
    const row = (name: string) => http.packages.find((p) => p.name === name)?.bytes ?? 0
    expect(row('(segment alignment)')).toBeGreaterThan(32 * 1024)
    expect(row('(ELF headers)')).toBeLessThan(16 * 1024)
  })

  it.each<[string, Arm64Name, Arm64Name, string | null]>([
    ['Go 1.23', 'http-sw', 'http-full', null],
    [
      'Go 1.19 (the 1.18–1.19 table layout)',
      'http119-sw',
      'http119-full',
      '/usr/lib/go-1.19/bin/go'
    ]
  ])(
    'examples/http-server, %s: code per package of the -s -w build within 2 %% of the symbol table of the unstripped one',
    async (_label, stripped, full, goCommand) => {
      if (!built(stripped)) return
      const sizes = await attribute(arm.path(stripped))
      const truth = await codeTruth(arm.path(full), goCommand ?? 'go')
      let checked = 0
      for (const [pkg, bytes] of truth) {
        if (bytes < 8192) continue
        const ours = sizes.packages.find((p) => p.name === pkg)?.parts.code ?? 0
        expect([pkg, ours, Math.abs(ours - bytes) / bytes <= 0.02]).toEqual([pkg, ours, true])
        checked++
      }
      expect(checked).toBeGreaterThan(30)
      const text = sizes.attributed['.text']
      expect((text?.attributed ?? 0) / (text?.size ?? 1)).toBeGreaterThanOrEqual(0.99)
    },
    300_000
  )

  it('places a string literal with the package whose arm64 code loads it (ADRP, ADD, MOVZ)', async () => {
    const sizes = await attribute(arm.path('banner'))
    const main = sizes.packages.find((p) => p.name === 'main')
    expect(main?.parts.strings).toBeGreaterThanOrEqual(BANNER.length)
    expect(main?.parts.strings).toBeLessThan(BANNER.length + 1024)
  })

  it('places about as many string bytes as the same program built for amd64', async () => {
    const amd = await attribute(arm.path('http-amd64-sw'))
    const strings = (s: SizeAttribution) =>
      s.packages.reduce((n, p) => n + (p.parts.strings ?? 0), 0)
    // The same literals, loaded by other instructions: a decoder gone wrong shows here.
    expect(strings(http) / strings(amd)).toBeGreaterThan(0.9)
    expect(strings(http) / strings(amd)).toBeLessThan(1.1)
    // Without strings, the packages of the two agree too: only the code differs in size.
    const names = (s: SizeAttribution) =>
      new Set(s.packages.filter((p) => (p.parts.strings ?? 0) > 0).map((p) => p.name))
    expect([...names(http)].filter((n) => !names(amd).has(n))).toEqual([])
  })

  it('a static C program (musl, unstripped): its largest functions by the symbol table', async () => {
    if (!built('c-prog-full')) return
    const sizes = await attribute(arm.path('c-prog-full'))
    const names = sizes.symbols.map((s) => s.name)
    expect(names).toEqual(expect.arrayContaining(['printf_core', 'main']))
    expect(sizes.attributed['.text']?.attributed).toBeGreaterThan(
      0.9 * (sizes.attributed['.text']?.size ?? 0)
    )
    expect(sizes.packages).toEqual([])
  })
})
