import fc from 'fast-check'
import { performance } from 'node:perf_hooks'
import { judge, type Judgement } from '../../src/elf/linkage.js'
import { bufferSource, type ByteSource } from '../../src/elf/reader.js'
import { RUNNABLE_IN_SCRATCH, type Linkage } from '../../src/elf/types.js'
import { EM_AARCH64, LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import { corpus, headOf, PHDR_AT, PHDR_SIZE, syntheticElf } from '../support/corpus.js'

/**
 * judge() on damaged ELF files: whatever the bytes, it must resolve to a
 * well-formed verdict, quickly, with a bounded number of reads. A hang in
 * async code that only awaits resolved promises would starve timers, so the
 * bound is enforced by counting reads rather than by a timeout alone.
 */

const RUNS = 10_000
/** The most reads one verdict may take: a handful of headers plus at most 1000 DT_NEEDED names. */
const MAX_READS = 1_100
/** Per input: generous for a loaded 2-core machine, far below anything that looks like a hang. */
const MAX_MS_PER_INPUT = 1_000

const LINKAGES: readonly Linkage[] = [
  'static',
  'static-pie',
  'dynamic',
  'shared-library',
  'wrong-architecture',
  'not-elf',
  'malformed'
]
const NOT_OPENED: readonly Linkage[] = ['not-elf', 'wrong-architecture', 'malformed']

class ReadBudgetExceeded extends Error {}

function countingSource(bytes: Uint8Array): ByteSource & { reads: () => number } {
  const inner = bufferSource(bytes)
  let reads = 0
  return {
    size: inner.size,
    reads: () => reads,
    read(offset, length) {
      if (++reads > MAX_READS) throw new ReadBudgetExceeded(`more than ${MAX_READS} reads`)
      return inner.read(offset, length)
    }
  }
}

/** What is wrong with a judgement, whatever the input was; empty when nothing is. */
function problems({ verdict, elf }: Judgement, elapsed: number): string[] {
  const found: string[] = []
  const check = (ok: boolean, what: string) => ok || found.push(what)
  check(LINKAGES.includes(verdict.linkage), `unknown linkage ${String(verdict.linkage)}`)
  check(verdict.accepted === RUNNABLE_IN_SCRATCH.includes(verdict.linkage), 'accepted disagrees')
  check(typeof verdict.summary === 'string' && verdict.summary.length > 10, 'no summary')
  check(verdict.interpreter === null || typeof verdict.interpreter === 'string', 'interpreter')
  check(Array.isArray(verdict.needed), 'needed is not a list')
  check(
    verdict.needed.every((n) => typeof n === 'string'),
    'needed holds non-strings'
  )
  check(
    !verdict.accepted || (verdict.interpreter === null && verdict.needed.length === 0),
    'accepted with an interpreter or libraries'
  )
  check((elf === null) === NOT_OPENED.includes(verdict.linkage), 'elf present for a rejected file')
  check(elapsed < MAX_MS_PER_INPUT, `took ${elapsed.toFixed(0)} ms`)
  return found
}

/**
 * Judges `bytes` and checks everything a verdict must be. Plain checks, one
 * expect: ten thousand runs of many expect() calls would dominate the time.
 */
async function judgeChecked(
  bytes: Uint8Array,
  platform: Platform = LINUX_AMD64
): Promise<Judgement & { reads: number }> {
  const src = countingSource(bytes)
  const started = performance.now()
  const judgement = await judge(src, platform)
  const found = problems(judgement, performance.now() - started)
  if (found.length > 0) {
    expect({ summary: judgement.verdict.summary, problems: found }).toEqual({
      summary: judgement.verdict.summary,
      problems: []
    })
  }
  return { ...judgement, reads: src.reads() }
}

/** Header fields worth setting to odd values: [offset, width in bytes]. */
const HEADER_FIELDS: readonly (readonly [number, 1 | 2 | 8])[] = [
  [4, 1], // EI_CLASS
  [5, 1], // EI_DATA
  [7, 1], // EI_OSABI
  [16, 2], // e_type
  [18, 2], // e_machine
  [24, 8], // e_entry
  [32, 8], // e_phoff
  [40, 8], // e_shoff
  [54, 2], // e_phentsize
  [56, 2], // e_phnum
  [58, 2], // e_shentsize
  [60, 2], // e_shnum
  [62, 2] // e_shstrndx
]
/** Program header fields: type, flags, offset, vaddr, filesz, memsz. */
const PHDR_FIELDS: readonly (readonly [number, 4 | 8])[] = [
  [0, 4],
  [4, 4],
  [8, 8],
  [16, 8],
  [32, 8],
  [40, 8]
]
const DT_TAGS = [0n, 1n, 5n, 10n, 14n, 0x6ffffffbn, 0x7fffffffffffffffn]
const U64_MAX = (1n << 64n) - 1n

const value = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 3n, 4n, 0x38n, 0x40n, 0xffffn, 0x10000n, 0xffffffffn),
  fc.constantFrom(1n << 63n, U64_MAX, U64_MAX - 7n, 0x400000n, 0x08000000n),
  fc.bigInt({ min: 0n, max: 0x20000n }),
  fc.bigInt({ min: 0n, max: U64_MAX })
)

type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'header'; readonly field: number; readonly value: bigint }
  | {
      readonly kind: 'phdr'
      readonly index: number
      readonly field: number
      readonly value: bigint
    }
  | { readonly kind: 'dyn'; readonly entry: number; readonly tag: bigint; readonly value: bigint }
  | { readonly kind: 'truncate'; readonly at: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({
    kind: fc.constant('header' as const),
    field: fc.nat(HEADER_FIELDS.length - 1),
    value
  }),
  fc.record({
    kind: fc.constant('phdr' as const),
    index: fc.nat(15),
    field: fc.nat(PHDR_FIELDS.length - 1),
    value
  }),
  fc.record({
    kind: fc.constant('dyn' as const),
    entry: fc.nat(40),
    tag: fc.constantFrom(...DT_TAGS),
    value
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
)

function writeUint(bytes: Buffer, at: number, width: number, v: bigint): void {
  if (at < 0 || at + width > bytes.length) return
  const masked = v & ((1n << BigInt(width * 8)) - 1n)
  for (let i = 0; i < width; i++) bytes[at + i] = Number((masked >> BigInt(8 * i)) & 0xffn)
}

/** File offset of the seed's PT_DYNAMIC, so that mutations can reach DT entries. */
function dynamicOffset(bytes: Buffer): number | null {
  if (bytes.length < 64) return null
  const phoff = Number(bytes.readBigUInt64LE(32))
  const phnum = bytes.readUInt16LE(56)
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PHDR_SIZE
    if (at + PHDR_SIZE > bytes.length) return null
    if (bytes.readUInt32LE(at) === 2) return Number(bytes.readBigUInt64LE(at + 8))
  }
  return null
}

function mutate(seed: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(seed)
  const dyn = dynamicOffset(seed)
  for (const m of mutations) {
    switch (m.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[m.at % bytes.length] = m.byte
        break
      case 'header': {
        const [at, width] = HEADER_FIELDS[m.field] ?? [0, 1]
        writeUint(bytes, at, width, m.value)
        break
      }
      case 'phdr': {
        const [at, width] = PHDR_FIELDS[m.field] ?? [0, 4]
        writeUint(bytes, PHDR_AT + m.index * PHDR_SIZE + at, width, m.value)
        break
      }
      case 'dyn':
        if (dyn !== null) {
          writeUint(bytes, dyn + m.entry * 16, 8, m.tag)
          writeUint(bytes, dyn + m.entry * 16 + 8, 8, m.value)
        }
        break
      case 'truncate':
        bytes = bytes.subarray(0, m.at % (bytes.length + 1))
        break
    }
  }
  return bytes
}

const DF_1_PIE = 0x08000000n
const SYNTHETIC = [
  syntheticElf(),
  syntheticElf({ type: 3, flags1: DF_1_PIE }),
  syntheticElf({ type: 3, soname: 'libx.so.1' }),
  syntheticElf({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6', 'libm.so.6'] }),
  syntheticElf({ type: 3, flags1: DF_1_PIE, needed: ['libc.so'] }),
  syntheticElf({ bits: 32, machine: 3 }),
  syntheticElf({ bigEndian: true, machine: 22 })
].map((s) => s.bytes)

/** Small real binaries whole (so PT_DYNAMIC and string tables are in reach), big ones by their head. */
const WHOLE = ['c-glibc-dynamic', 'c-musl-dynamic', 'c-shared-library', 'c-musl-static']
const HEADS = ['go-static', 'go-pie', 'go-cgo-dynamic', 'c-glibc-static-pie', 'go-arm64', 'go-386']
const HEAD_BYTES = 4096

/** linux/arm64 seeds, judged for linux/arm64 (entries this machine could not build are left out). */
const ARM64_WHOLE = ['c-arm64-glibc-dynamic', 'c-arm64-musl-dynamic', 'c-arm64-musl-static']
const ARM64_HEADS = [
  'go-arm64-static',
  'go-arm64-pie',
  'go-arm64-cgo-dynamic',
  'go-amd64-for-arm64'
]
const ARM64_SYNTHETIC = [
  syntheticElf({ machine: EM_AARCH64 }),
  syntheticElf({ machine: EM_AARCH64, type: 3, flags1: DF_1_PIE }),
  syntheticElf({ machine: EM_AARCH64, type: 3, soname: 'libx.so.1' }),
  syntheticElf({
    machine: EM_AARCH64,
    interpreter: '/lib/ld-linux-aarch64.so.1',
    needed: ['libc.so.6']
  })
].map((s) => s.bytes)

let seeds: Buffer[] = []
let arm64Seeds: Buffer[] = []
let musl: Buffer = Buffer.alloc(0)

beforeAll(async () => {
  const built = await corpus()
  const present = (names: readonly string[]) =>
    names.map((n) => built.entry(n)).filter((e) => e.missing === null)
  arm64Seeds = [
    ...(await Promise.all(present(ARM64_WHOLE).map((e) => headOf(e.path, 64 * 1024)))),
    ...(await Promise.all(present(ARM64_HEADS).map((e) => headOf(e.path, HEAD_BYTES)))),
    ...ARM64_SYNTHETIC
  ]
  const whole = await Promise.all(WHOLE.map((n) => headOf(built.entry(n).path, 64 * 1024)))
  const heads = await Promise.all(HEADS.map((n) => headOf(built.entry(n).path, HEAD_BYTES)))
  seeds = [...whole, ...heads, ...SYNTHETIC]
  musl = whole[WHOLE.indexOf('c-musl-static')] ?? Buffer.alloc(0)
}, 600_000)

test(`${RUNS} mutated and truncated ELF files each get a verdict`, async () => {
  expect(seeds.length).toBeGreaterThanOrEqual(15)
  const seen = new Map<Linkage, number>()
  let maxReads = 0
  await fc.assert(
    fc.asyncProperty(
      fc.nat(seeds.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      async (seedIndex, mutations) => {
        const bytes = mutate(seeds[seedIndex] ?? Buffer.alloc(0), mutations)
        const { verdict, reads } = await judgeChecked(bytes)
        maxReads = Math.max(maxReads, reads)
        seen.set(verdict.linkage, (seen.get(verdict.linkage) ?? 0) + 1)
      }
    ),
    { numRuns: RUNS }
  )
  // The fuzzer must reach past the header checks, or it proves little.
  for (const linkage of [
    'static',
    'static-pie',
    'dynamic',
    'shared-library',
    'malformed'
  ] as const) {
    expect(seen.get(linkage) ?? 0).toBeGreaterThan(20)
  }
  expect(maxReads).toBeLessThanOrEqual(MAX_READS)
}, 120_000)

test('mutated linux/arm64 files judged for linux/arm64 each get a verdict', async () => {
  expect(arm64Seeds.length).toBeGreaterThanOrEqual(ARM64_SYNTHETIC.length + 2)
  const seen = new Map<Linkage, number>()
  await fc.assert(
    fc.asyncProperty(
      fc.nat(arm64Seeds.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      async (seedIndex, mutations) => {
        const bytes = mutate(arm64Seeds[seedIndex] ?? Buffer.alloc(0), mutations)
        const { verdict } = await judgeChecked(bytes, LINUX_ARM64)
        seen.set(verdict.linkage, (seen.get(verdict.linkage) ?? 0) + 1)
      }
    ),
    { numRuns: 3_000 }
  )
  for (const linkage of [
    'static',
    'static-pie',
    'dynamic',
    'shared-library',
    'malformed'
  ] as const) {
    expect(seen.get(linkage) ?? 0).toBeGreaterThan(10)
  }
}, 120_000)

test('random bytes behind an ELF64 identification get a verdict', async () => {
  const ident = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 1024 }), fc.boolean(), async (tail, withIdent) => {
      await judgeChecked(withIdent ? new Uint8Array([...ident, ...tail]) : tail)
    }),
    { numRuns: 2_000 }
  )
}, 60_000)

test('a static binary cut anywhere inside its segments is malformed, never accepted', async () => {
  expect(musl.length).toBeGreaterThan(1000)
  const phoff = Number(musl.readBigUInt64LE(32))
  let end = 0
  for (let i = 0; i < musl.readUInt16LE(56); i++) {
    const at = phoff + i * PHDR_SIZE
    if (musl.readUInt32LE(at) === 1) {
      end = Math.max(end, Number(musl.readBigUInt64LE(at + 8) + musl.readBigUInt64LE(at + 32)))
    }
  }
  expect((await judgeChecked(musl)).verdict.linkage).toBe('static')
  await fc.assert(
    fc.asyncProperty(fc.nat(end - 1), async (cut) => {
      const { verdict } = await judgeChecked(musl.subarray(0, cut))
      expect(verdict.accepted).toBe(false)
      expect(cut < 4 ? 'not-elf' : 'malformed').toBe(verdict.linkage)
    }),
    { numRuns: 500 }
  )
}, 60_000)

test('the read budget itself is enforced', async () => {
  const src = countingSource(new Uint8Array(8))
  for (let i = 0; i < MAX_READS; i++) await src.read(0n, 1)
  expect(() => src.read(0n, 1)).toThrow(ReadBudgetExceeded)
})
