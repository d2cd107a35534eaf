import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import { attributeSizes } from '../../src/elf/sizes.js'
import type { SizeAttribution } from '../../src/elf/types.js'
import { GO_ENV, findingsCorpus } from '../support/findings-corpus.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { codeTruth, sizesCorpus } from '../support/sizes-corpus.js'

/**
 * Every byte of a stripped binary placed: in a package or in a named
 * bucket, adding up to the file; at least 85 % of the file in one of them,
 * and most of it in packages, on examples/http-server, cmd/go and a cgo
 * program. cmd/go is built from GOROOT once per toolchain and cached.
 */

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

/** cmd/go from GOROOT, `-s -w` and unstripped, cached under .cache/corpus-cmdgo/<go version>. */
async function cmdGo(): Promise<{ stripped: string; full: string }> {
  const { stdout } = await mustRun('go', ['env', 'GOVERSION'], { env: { ...GO_ENV } })
  const dir = join(repoRoot, '.cache', 'corpus-cmdgo', stdout.trim())
  const stripped = join(dir, 'go-sw')
  const full = join(dir, 'go-full')
  await mkdir(dir, { recursive: true })
  for (const [out, flags] of [
    [stripped, ['-ldflags=-s -w']],
    [full, []]
  ] as const) {
    if (await exists(out)) continue
    const temp = `${out}.${process.pid}`
    await mustRun('go', ['build', '-trimpath', ...flags, '-o', temp, 'cmd/go'], {
      cwd: dir,
      env: { ...GO_ENV },
      timeoutMs: 900_000
    })
    await rename(temp, out)
  }
  return { stripped, full }
}

async function attribute(path: string): Promise<SizeAttribution> {
  return attributeSizes(await ElfFile.open(bufferSource(await readFile(path))))
}

function share(part: number, sizes: SizeAttribution): number {
  return part / sizes.placed.file
}

describe('every byte placed', () => {
  let http: SizeAttribution
  let go: SizeAttribution
  let cgo: SizeAttribution
  let goFull: string
  beforeAll(async () => {
    const [sizes, findings, cmd] = await Promise.all([sizesCorpus(), findingsCorpus(), cmdGo()])
    http = await attribute(sizes.path('http-sw'))
    go = await attribute(cmd.stripped)
    cgo = await attribute(findings.path('go-cgo'))
    goFull = cmd.full
  }, 1_800_000)

  it.each([
    ['examples/http-server', () => http, 0.85],
    ['cmd/go', () => go, 0.85],
    ['a cgo program (musl, static)', () => cgo, 0.8]
  ] as const)('%s: rows add up to the file, ≥ 85 %% placed', (_, sizes, inPackages) => {
    const s = sizes()
    const rows = s.packages.reduce((n, p) => n + p.bytes, 0)
    expect(rows).toBe(s.placed.packages + s.placed.buckets)
    expect(rows).toBe(s.placed.file)
    expect(share(s.placed.packages + s.placed.buckets, s)).toBeGreaterThanOrEqual(0.85)
    expect(share(s.placed.packages, s)).toBeGreaterThanOrEqual(inPackages)
    // No row is a catch-all: the largest bucket is under a tenth of the file.
    const buckets = s.packages.filter((p) => p.name.startsWith('('))
    expect(Math.max(...buckets.map((b) => b.bytes))).toBeLessThan(s.placed.file / 10)
    // Each row is its parts summed, and rows are sorted by it.
    for (const p of s.packages) {
      expect(Object.values(p.parts).reduce((n, v) => n + (v ?? 0), 0)).toBe(p.bytes)
    }
    const order = s.packages.map((p) => p.bytes)
    expect(order).toEqual([...order].sort((a, b) => b - a))
  })

  it('files cmd/go packages under the cmd module, and their code agrees with go tool nm', async () => {
    const row = (name: string) => go.packages.find((p) => p.name === name)
    expect(row('cmd/go/internal/modload')?.module).toBe('cmd')
    expect(row('main')?.module).toBe('cmd')
    expect(row('net/http')?.module).toBe('std')
    const truth = await codeTruth(goFull)
    let checked = 0
    for (const [pkg, bytes] of truth) {
      if (bytes < 8192) continue
      const ours = row(pkg)?.parts.code ?? 0
      expect([pkg, Math.abs(ours - bytes) / bytes <= 0.02]).toEqual([pkg, true])
      checked++
    }
    expect(checked).toBeGreaterThan(80)
  }, 300_000)

  it('places a string literal with the package whose code loads it', async () => {
    const dir = await freshDir('strings')
    const banner = 'from-scratch places this literal with main. '.repeat(150)
    await writeFile(join(dir, 'go.mod'), 'module example.com/banner\n\ngo 1.21\n')
    await writeFile(
      join(dir, 'main.go'),
      `package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString(${JSON.stringify(banner)}) }\n`
    )
    const out = join(dir, 'banner')
    await mustRun('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, '.'], {
      cwd: dir,
      env: { ...GO_ENV },
      timeoutMs: 600_000
    })
    const sizes = await attribute(out)
    const main = sizes.packages.find((p) => p.name === 'main')
    expect(main?.parts.strings).toBeGreaterThanOrEqual(banner.length)
    expect(main?.parts.strings).toBeLessThan(banner.length + 1024)
  }, 600_000)

  it('lists the largest C symbols of an unstripped cgo binary', async () => {
    const dir = await freshDir('cgo')
    await writeFile(join(dir, 'go.mod'), 'module example.com/cgo\n\ngo 1.21\n')
    await writeFile(
      join(dir, 'main.go'),
      'package main\n\n// #include <stdio.h>\n// void shout(void) { puts("hello from C"); }\nimport "C"\n\nfunc main() { C.shout() }\n'
    )
    const out = join(dir, 'cgo')
    await mustRun(
      'go',
      ['build', '-trimpath', '-ldflags=-linkmode external -extldflags -static', '-o', out, '.'],
      { cwd: dir, env: { ...GO_ENV, CGO_ENABLED: '1', CC: 'musl-gcc' }, timeoutMs: 600_000 }
    )
    const sizes = await attribute(out)
    const names = sizes.symbols.map((s) => s.name)
    // musl's printf, pulled in by puts: C the Go side never names.
    expect(names).toContain('printf_core')
    expect(names.some((n) => n.includes('.') && !n.startsWith('.'))).toBe(false)
    expect(sizes.packages.find((p) => p.name === '(C code (cgo))')?.bytes).toBeGreaterThan(0)
  }, 600_000)

  it('puts the C code of a cgo binary in its own row', () => {
    const c = cgo.packages.find((p) => p.name === '(C code (cgo))')
    expect(c?.parts.code ?? c?.parts.data).toBeGreaterThan(0)
    expect(c?.module).toBe('')
  })
})
