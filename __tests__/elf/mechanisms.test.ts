import { beforeAll, describe, expect, it } from '@jest/globals'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readFuncTable } from '../../src/elf/go-functab.js'
import { isExportedMethod } from '../../src/elf/go-mechanisms.js'
import { packageOf } from '../../src/elf/go-names.js'
import { findPclnTab } from '../../src/elf/go-pclntab.js'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import { attributeSizes } from '../../src/elf/sizes.js'
import type { SizeAttribution } from '../../src/elf/types.js'
import { GO_ENV } from '../support/findings-corpus.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { sizesCorpus } from '../support/sizes-corpus.js'

/**
 * Size mechanisms on real programs: the same small program built twice,
 * once looking a method up by a name known only at run time
 * (reflect.Value.MethodByName), once not. The first keeps every exported
 * method of every reachable type; the report must say so, with the count
 * and bytes, and the second must not.
 */

const program = (lookup: boolean): string => `package main

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
)

func main() {
	var b bytes.Buffer
	var s strings.Builder
	v := reflect.ValueOf(&b)
	${lookup ? 'if m := v.MethodByName(os.Args[len(os.Args)-1]); m.IsValid() { fmt.Println(m.Type()) }' : 'fmt.Println(v.Kind())'}
	fmt.Fprint(&s, b.Len())
	os.Stdout.WriteString(s.String())
}
`

async function build(dir: string, name: string, lookup: boolean): Promise<Buffer> {
  const src = join(dir, name)
  await mustRun('mkdir', ['-p', src])
  await writeFile(join(src, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`)
  await writeFile(join(src, 'main.go'), program(lookup))
  const out = join(dir, `${name}.bin`)
  await mustRun('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, '.'], {
    cwd: src,
    env: { ...GO_ENV },
    timeoutMs: 600_000
  })
  return readFile(out)
}

async function exportedMethodCount(bytes: Buffer): Promise<number> {
  const elf = await ElfFile.open(bufferSource(bytes))
  const tab = await findPclnTab(elf)
  if (!tab) throw new Error('no function table')
  const table = await readFuncTable(elf, tab)
  return table.funcs.filter((fn) => {
    const pkg = packageOf(fn.name)
    return pkg !== null && isExportedMethod(fn.name, pkg)
  }).length
}

describe('reflect-method', () => {
  let dynamic: Buffer
  let plain: Buffer
  let withLookup: SizeAttribution
  let without: SizeAttribution
  beforeAll(async () => {
    const dir = await freshDir('mechanisms')
    ;[dynamic, plain] = await Promise.all([build(dir, 'lookup', true), build(dir, 'plain', false)])
    withLookup = await attributeSizes(await ElfFile.open(bufferSource(dynamic)))
    without = await attributeSizes(await ElfFile.open(bufferSource(plain)))
  }, 600_000)

  it('names the call, and counts the exported methods that came with it', async () => {
    const mechanism = withLookup.mechanisms.find((m) => m.id === 'reflect-method')
    expect(mechanism?.evidence).toContain('reflect.Value.MethodByName')
    const kept = await exportedMethodCount(dynamic)
    const before = await exportedMethodCount(plain)
    // The same program without the lookup has far fewer exported methods: they came with it.
    expect(kept).toBeGreaterThan(before + 100)
    expect(mechanism?.functions).toBe(kept)
    expect(mechanism?.message).toMatch(/keeps every exported method/)
    // Its bytes are the methods' rows summed: a large part of what the binary grew by
    // (the rest is what those methods call, their types and their tables).
    const rows = withLookup.packages.reduce((n, p) => n + (p.methods ?? 0), 0)
    expect(mechanism?.bytes).toBe(rows)
    const growth = dynamic.length - plain.length
    expect(rows).toBeGreaterThan(growth / 4)
    expect(rows).toBeLessThan(growth)
    expect(withLookup.packages.find((p) => p.name === 'bytes')?.methods).toBeGreaterThan(1000)
  })

  it('says nothing about methods when nothing looks them up by name', () => {
    expect(without.mechanisms).toEqual([])
    expect(without.packages.every((p) => p.methods === undefined)).toBe(true)
  })
})

describe('other mechanisms', () => {
  it('names DWARF left in, with its sections and bytes, and the embedded zone database', async () => {
    const corpus = await sizesCorpus()
    const full = await attributeSizes(
      await ElfFile.open(bufferSource(await readFile(corpus.path('gofmt-full'))))
    )
    const dwarf = full.mechanisms.find((m) => m.id === 'dwarf')
    const debug = full.sections.filter((s) => s.name.startsWith('.debug_'))
    expect(dwarf?.evidence).toEqual(debug.map((s) => s.name))
    expect(dwarf?.bytes).toBe(debug.reduce((n, s) => n + s.size, 0))
    const tz = await attributeSizes(
      await ElfFile.open(bufferSource(await readFile(corpus.path('tz-sw'))))
    )
    const zone = tz.mechanisms.find((m) => m.id === 'embedded-file')
    expect(zone?.bytes).toBe(tz.advice.find((a) => a.id === 'tzdata')?.bytes)
    expect(zone?.bytes).toBeGreaterThan(300_000)
    const stripped = await attributeSizes(
      await ElfFile.open(bufferSource(await readFile(corpus.path('app-sw'))))
    )
    expect(stripped.mechanisms).toEqual([])
  }, 1_200_000)
})
