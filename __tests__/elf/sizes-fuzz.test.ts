import { expect, test } from '@jest/globals'
import fc from 'fast-check'
import { performance } from 'node:perf_hooks'
import { DamagedFuncTableError, parseFuncTable } from '../../src/elf/go-functab.js'
import { ElfFile, MalformedElfError, bufferSource } from '../../src/elf/reader.js'
import { attributeSizes } from '../../src/elf/sizes.js'
import type { SizeAttribution } from '../../src/elf/types.js'
import { syntheticElf } from '../support/corpus.js'
import { encodePclntab, syntheticGoElf, type SyntheticTable } from '../support/pclntab.js'

/**
 * Size attribution over damaged inputs: whatever the bytes, the function
 * table parser either reads a table or says it is damaged, and
 * attributeSizes returns an attribution (with notes) for any file that
 * opens as ELF. Each input within a bounded time.
 */

const RUNS = 10_000
const MAX_MS = 1_000

const TABLES: readonly SyntheticTable[] = [
  {
    funcs: [
      { name: 'runtime.main', size: 200, span: 224 },
      { name: 'main.main', size: 90, span: 96 },
      { name: 'gopkg.in/yaml%2ev3.F[go.shape.int]', size: null, span: 32 },
      { name: 'type:.eq.main.T', size: 31, span: 32 }
    ],
    files: ['/src/a.go', 'b.go']
  },
  { format: 'go1.18-1.19', funcs: [{ name: 'p.f', size: 1, span: 1 }] }
]

const SEEDS: readonly Buffer[] = [
  ...TABLES.map((t) => syntheticGoElf(t).bytes),
  ...TABLES.map((t) => syntheticGoElf(t, false).bytes),
  syntheticElf().bytes,
  syntheticElf({ type: 3, flags1: 0x08000000n }).bytes
]

const INTERESTING = [0, 1, 7, 8, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffff1, 0xffffffff]

type Mutation =
  | { readonly kind: 'byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'u32'; readonly at: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({
    kind: fc.constant('u32' as const),
    // Mostly near the start, where the headers and the functab are.
    at: fc.oneof(fc.nat(400), fc.nat()),
    value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat(0xffffffff))
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
)

function mutate(seed: Buffer, mutations: readonly Mutation[], base = 0): Buffer {
  let bytes = Buffer.from(seed)
  for (const m of mutations) {
    if (bytes.length === 0) break
    if (m.kind === 'byte') bytes[m.at % bytes.length] = m.value
    else if (m.kind === 'u32') {
      const at = (base + m.at) % bytes.length
      if (at + 4 <= bytes.length) bytes.writeUInt32LE(m.value >>> 0, at)
    } else bytes = bytes.subarray(0, m.at % (bytes.length + 1))
  }
  return bytes
}

test(`${RUNS} mutated function tables are read or refused as damaged`, () => {
  const tables = TABLES.map((t) => encodePclntab(t))
  let read = 0
  let refused = 0
  fc.assert(
    fc.property(
      fc.nat(tables.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      (index, mutations) => {
        const bytes = mutate(tables[index] ?? Buffer.alloc(0), mutations)
        const started = performance.now()
        try {
          const table = parseFuncTable(bytes)
          read++
          for (const fn of table.funcs) {
            if (!(fn.size >= 0 && fn.size <= fn.span)) throw new Error(`bad size ${fn.size}`)
          }
        } catch (error) {
          if (!(error instanceof DamagedFuncTableError)) throw error
          refused++
        }
        expect(performance.now() - started < MAX_MS).toBe(true)
      }
    ),
    { numRuns: RUNS }
  )
  // Both outcomes must be reached, or the fuzzer proves little.
  expect(read).toBeGreaterThan(100)
  expect(refused).toBeGreaterThan(100)
})

function wellFormed(sizes: SizeAttribution): boolean {
  const sizesOk = [...sizes.packages, ...sizes.modules].every(
    (row) => row.bytes >= 0 && Object.values(row.parts).every((n) => n >= 0)
  )
  return Array.isArray(sizes.sections) && Array.isArray(sizes.notes) && sizesOk
}

test(`${RUNS} mutated binaries get an attribution or a note, never a crash`, async () => {
  let opened = 0
  let attributed = 0
  await fc.assert(
    fc.asyncProperty(
      fc.nat(SEEDS.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      async (index, mutations) => {
        // u32 writes land past the ELF and program headers, in the table.
        const bytes = mutate(SEEDS[index] ?? Buffer.alloc(0), mutations, 120)
        let elf: ElfFile
        try {
          elf = await ElfFile.open(bufferSource(bytes))
        } catch (error) {
          if (!(error instanceof MalformedElfError)) throw error
          return
        }
        opened++
        const started = performance.now()
        const sizes = await attributeSizes(elf)
        expect(wellFormed(sizes) && performance.now() - started < MAX_MS).toBe(true)
        if (sizes.packages.length > 0) attributed++
      }
    ),
    { numRuns: RUNS }
  )
  expect(opened).toBeGreaterThan(RUNS / 4)
  expect(attributed).toBeGreaterThan(100)
}, 300_000)
