import { describe, expect, it } from '@jest/globals'
import { paddingBetween } from '../../src/elf/go-sizes.js'
import { bitmaskImmediate, placeStrings, type StringArea } from '../../src/elf/go-strings.js'
import type { SectionHeader } from '../../src/elf/reader.js'
import { EM_AARCH64, LINUX_AMD64, elfMachine } from '../../src/ground/platform.js'

/**
 * String placement from hand-assembled code: the AArch64 sequences Go emits
 * (ADRP, ADD, then the length into the next register), and the ones that
 * must not be read as a string load.
 */

const TEXT = 0x10000
const AREA = { start: 0x20000n, end: 0x30000n }

const adrp = (rd: number, pages: number): number => {
  const imm = pages & 0x1fffff
  return (0x90000000 | ((imm & 3) << 29) | ((imm >> 2) << 5) | rd) >>> 0
}
const add = (rd: number, rn: number, imm12: number): number =>
  (0x91000000 | (imm12 << 10) | (rn << 5) | rd) >>> 0
const movz = (rd: number, imm16: number): number => (0xd2800000 | (imm16 << 5) | rd) >>> 0
/** ORR Xd, XZR, #imm as Go's assembler writes MOVD $7 and MOVD $4 (from go tool objdump). */
const orr7 = (rd: number): number => (0xb2400be0 | rd) >>> 0
const orr4 = (rd: number): number => (0xb27e03e0 | rd) >>> 0
const NOP = 0xd503201f

function code(words: readonly number[]): Buffer {
  const buf = Buffer.alloc(words.length * 4)
  words.forEach((word, i) => buf.writeUInt32LE(word, i * 4))
  return buf
}

/** Pages from the instruction at word `at` to the area's page, as ADRP counts them. */
const toArea = (at: number, textAt = TEXT): number =>
  (Number(AREA.start) - Math.floor((textAt + at * 4) / 4096) * 4096) / 4096

function place(
  words: readonly number[],
  machine: number,
  funcs = [{ entry: 0, span: words.length * 4 }],
  textAt = TEXT
): Record<string, number> {
  const area: StringArea = { text: { addr: BigInt(textAt), buf: code(words) }, ...AREA }
  const placed: Record<string, number> = {}
  const total = placeStrings(
    area,
    funcs,
    funcs.map((_, i) => `pkg${i}`),
    (pkg, kind, bytes) => {
      expect(kind).toBe('strings')
      placed[pkg] = (placed[pkg] ?? 0) + bytes
    },
    machine
  )
  expect(Object.values(placed).reduce((a, b) => a + b, 0)).toBe(total)
  return placed
}

describe('placeStrings on AArch64 code', () => {
  it.each<[string, readonly number[], Record<string, number>]>([
    [
      'ADRP, ADD, MOVZ into the next register',
      [adrp(0, toArea(0)), add(0, 0, 0x10), movz(1, 5)],
      { pkg0: 5 }
    ],
    ['the length by ORR (MOVD $7)', [adrp(2, toArea(0)), add(2, 2, 0x40), orr7(3)], { pkg0: 7 }],
    ['the length by ORR (MOVD $4)', [adrp(4, toArea(0)), add(4, 4, 0), orr4(5)], { pkg0: 4 }],
    [
      'a length shifted by 16 (MOVZ, LSL #16)',
      [adrp(0, toArea(0)), add(0, 0, 0), (movz(1, 1) | (1 << 21)) >>> 0],
      { pkg0: 0x10000 }
    ],
    [
      'the length into another register: not a string',
      [adrp(0, toArea(0)), add(0, 0, 0x10), movz(2, 5)],
      {}
    ],
    [
      'ADD from another register: not this address',
      [adrp(0, toArea(0)), add(0, 3, 0x10), movz(1, 5)],
      {}
    ],
    ['something between ADRP and ADD', [adrp(0, toArea(0)), NOP, add(0, 0, 0x10), movz(1, 5)], {}],
    [
      'a target outside the string area',
      [adrp(0, toArea(0) + 16), add(0, 0, 0x10), movz(1, 5)],
      {}
    ],
    [
      'a length running past the area',
      [adrp(0, toArea(0) + 15), add(0, 0, 0xff0), movz(1, 0x20)],
      {}
    ],
    ['a zero length', [adrp(0, toArea(0)), add(0, 0, 0x10), movz(1, 0)], {}]
  ])('%s', (_label, words, expected) => {
    expect(place(words, EM_AARCH64)).toEqual(expected)
  })

  it('ADRP backwards: code above the data it loads', () => {
    const textAt = 0x30000
    expect(toArea(0, textAt)).toBeLessThan(0)
    expect(
      place([adrp(0, toArea(0, textAt)), add(0, 0, 8), movz(1, 3)], EM_AARCH64, undefined, textAt)
    ).toEqual({ pkg0: 3 })
  })

  it('a literal two functions load goes to the first; overlapping claims are cut', () => {
    const words = [
      adrp(0, toArea(0)),
      add(0, 0, 0x10),
      movz(1, 8),
      adrp(0, toArea(3)),
      add(0, 0, 0x10),
      movz(1, 8),
      adrp(0, toArea(6)),
      add(0, 0, 0x14),
      movz(1, 8)
    ]
    const funcs = [
      { entry: 0, span: 12 },
      { entry: 12, span: 24 }
    ]
    // [0x10, 0x18) to the first; the second adds only [0x18, 0x1c).
    expect(place(words, EM_AARCH64, funcs)).toEqual({ pkg0: 8, pkg1: 4 })
  })

  it('reads the code as the machine it is for: AArch64 sequences mean nothing as x86-64, and an unknown machine places nothing', () => {
    const words = [adrp(0, toArea(0)), add(0, 0, 0x10), movz(1, 5)]
    expect(place(words, elfMachine(LINUX_AMD64))).toEqual({})
    expect(place(words, 243)).toEqual({})
  })
})

describe('bitmaskImmediate (DecodeBitMasks, 64-bit)', () => {
  it.each<[number, number, number, bigint | null]>([
    [1, 0, 0, 1n],
    [1, 0, 2, 7n],
    [1, 62, 0, 4n],
    [1, 0, 62, 0x7fffffffffffffffn],
    [0, 0, 0b111100, 0x5555555555555555n],
    [0, 0, 0b001111, 0x0000ffff0000ffffn],
    [1, 0, 63, null],
    [0, 0, 0b111111, null]
  ])('N=%i immr=%i imms=%i → %s', (n, immr, imms, value) => {
    expect(bitmaskImmediate(n, immr, imms)).toBe(value)
  })
})

describe('paddingBetween', () => {
  const section = (offset: number, size: number, type = 1): SectionHeader =>
    ({
      name: 's',
      type,
      flags: 0n,
      addr: 0n,
      offset: BigInt(offset),
      size: BigInt(size)
    }) as SectionHeader

  it.each<[string, SectionHeader[], number]>([
    ['back to back', [section(0x1000, 0x100), section(0x1100, 0x10)], 0],
    [
      'a segment starting on the next 64 KiB boundary',
      [section(0x1000, 0x100), section(0x10000, 0x10)],
      0x10000 - 0x1100
    ],
    [
      'out of order, as a table may list them',
      [section(0x10000, 0x10), section(0x1000, 0x100)],
      0x10000 - 0x1100
    ],
    [
      'bss takes no file bytes',
      [section(0x1000, 0x100), section(0x1100, 0x9000, 8), section(0x1200, 0x10)],
      0x100
    ],
    [
      'a section inside another',
      [section(0x1000, 0x1000), section(0x1100, 0x10), section(0x2000, 1)],
      0
    ]
  ])('%s', (_label, sections, padding) => {
    expect(paddingBetween(sections)).toBe(padding)
  })
})
