import { LINUX_AMD64, LINUX_ARM64, elfMachine } from '../ground/platform.js'
import type { Place } from './go-place.js'

/**
 * String literals placed with the code that uses them. Go loads a string's
 * pointer and its length into two registers, the length right after the
 * pointer; each CPU has its own instructions for it.
 *
 * x86-64, a RIP-relative LEA and a MOV of an immediate:
 *
 *   48 8D 05 xx xx xx xx   LEA RAX, [RIP+disp32]     (REX.W, or 4C for R8–R15)
 *   BB nn nn nn nn         MOV EBX, imm32            (B8+r, or 41 B8+r, or 48/49 C7 C0+r)
 *
 * AArch64, the page with ADRP, the offset in it with ADD, and the length in
 * the next register (the register ABI passes a string in Rn, Rn+1) with
 * MOVZ, or ORR of a bitmask immediate for lengths such as 1, 4 or 7:
 *
 *   ADRP Xn, page ; ADD Xn, Xn, #lo12 ; MOVZ Xn+1, #len  (or ORR Xn+1, XZR, #len)
 *
 * Every such sequence whose target lies in the string area (read-only data
 * between the types and the funcdata, outside every type placed) names one
 * literal: [target, target + length). Loads in other shapes (a pointer
 * stored to memory before its length is set) are not recognised, so their
 * bytes stay in the read-only data not placed: fewer bytes placed, never
 * wrong ones. Each literal goes to the package of the first function (in
 * address order) that loads it; overlapping claims are cut so no byte is
 * placed twice. Pure; one pass over the code, each byte looked at a bounded
 * number of times.
 */

export interface StringArea {
  /** Virtual address where the code starts, and its bytes. */
  readonly text: { readonly addr: bigint; readonly buf: Buffer }
  /** [start, end) virtual addresses strings may lie in. */
  readonly start: bigint
  readonly end: bigint
}

/** The length a MOV-immediate at `at` loads, or null. */
function movImmediate(buf: Buffer, at: number): number | null {
  const b = buf[at]
  if (b === undefined) return null
  if (b >= 0xb8 && b <= 0xbf && at + 5 <= buf.length) return buf.readUInt32LE(at + 1)
  const c = buf[at + 1]
  if (b === 0x41 && c !== undefined && c >= 0xb8 && c <= 0xbf && at + 6 <= buf.length) {
    return buf.readUInt32LE(at + 2)
  }
  if ((b === 0x48 || b === 0x49) && c === 0xc7 && at + 7 <= buf.length) {
    const modrm = buf[at + 2] as number
    if ((modrm & 0xf8) === 0xc0) return buf.readInt32LE(at + 3)
    // MOV QWORD [RSP+disp8], imm32: the length stored beside the pointer on the stack.
    if (modrm === 0x44 && buf[at + 3] === 0x24 && at + 9 <= buf.length) {
      return buf.readInt32LE(at + 5)
    }
  }
  return null
}

/** Longest literal believed: beyond this a MOV immediate is something else. */
const MAX_LITERAL = 16 * 1024 * 1024

/** A literal the code at `from` (an offset into the code) loads: [at, at + len) in code offsets. */
interface Load {
  readonly from: number
  readonly at: number
  readonly len: number
}

/** x86-64: LEA reg, [RIP+disp32] followed by a MOV of the length. */
function x86Loads(buf: Buffer, start: number, end: number, found: (load: Load) => void): void {
  let i = buf.indexOf(0x8d, 1)
  while (i !== -1 && i + 6 < buf.length) {
    const rex = buf[i - 1]
    const modrm = buf[i + 1] as number
    if ((rex === 0x48 || rex === 0x4c) && (modrm & 0xc7) === 0x05) {
      const next = i + 6
      const target = next + buf.readInt32LE(i + 2)
      if (target >= start && target < end) {
        // The length right after, or after the pointer's store to the stack (MOV [RSP+d8], reg).
        const store = buf[next] === 0x48 && buf[next + 1] === 0x89 && buf[next + 3] === 0x24
        const len = movImmediate(buf, next) ?? (store ? movImmediate(buf, next + 5) : null)
        if (len !== null) found({ from: i - 1, at: target, len })
      }
    }
    i = buf.indexOf(0x8d, i + 1)
  }
}

/**
 * The value of an AArch64 logical (bitmask) immediate, as DecodeBitMasks in
 * the Arm ARM computes it for 64-bit registers; null for a reserved encoding.
 */
export function bitmaskImmediate(n: number, immr: number, imms: number): bigint | null {
  const combined = (n << 6) | (~imms & 0x3f)
  if (combined === 0) return null
  const len = 31 - Math.clz32(combined)
  if (len < 1) return null
  const size = 1 << len
  const levels = size - 1
  const s = imms & levels
  const r = immr & levels
  if (s === levels) return null
  const width = BigInt(size)
  const mask = (1n << width) - 1n
  const ones = (1n << BigInt(s + 1)) - 1n
  const rotated = ((ones >> BigInt(r)) | (ones << (width - BigInt(r)))) & mask
  let value = 0n
  for (let k = 0; k < 64; k += size) value |= rotated << BigInt(k)
  return value & ((1n << 64n) - 1n)
}

/** The constant an AArch64 instruction puts in register `reg`, when it is a MOVZ or ORR-from-XZR; else null. */
function a64Constant(insn: number, reg: number): number | null {
  if ((insn & 0x1f) !== reg) return null
  // MOVZ Xd or Wd, #imm16, LSL #(16*hw)
  if ((insn & 0x7f800000) >>> 0 === 0x52800000) {
    const hw = (insn >>> 21) & 3
    const sf = insn >>> 31
    if (sf === 0 && hw > 1) return null
    return ((insn >>> 5) & 0xffff) * 2 ** (16 * hw)
  }
  // ORR Xd, XZR, #bitmask (what MOVD $7, Rd assembles to)
  if ((insn & 0xff8003e0) >>> 0 === 0xb20003e0) {
    const value = bitmaskImmediate((insn >>> 22) & 1, (insn >>> 16) & 0x3f, (insn >>> 10) & 0x3f)
    return value === null || value > BigInt(MAX_LITERAL) ? null : Number(value)
  }
  return null
}

/** AArch64: ADRP Xn + ADD Xn, Xn, #lo12 followed by the length into Xn+1. */
function a64Loads(
  buf: Buffer,
  addr: bigint,
  start: number,
  end: number,
  found: (load: Load) => void
): void {
  const base = Number(addr)
  // Instructions are 4-byte aligned; the text starts on a page boundary or close to one.
  for (let i = (4 - (base % 4)) % 4; i + 12 <= buf.length; i += 4) {
    const adrp = buf.readUInt32LE(i)
    if ((adrp & 0x9f000000) >>> 0 !== 0x90000000) continue
    const reg = adrp & 0x1f
    const add = buf.readUInt32LE(i + 4)
    // ADD Xd, Xn, #imm12 (no shift), 64-bit, with Xd = Xn = the ADRP's register.
    if ((add & 0xffc00000) >>> 0 !== 0x91000000) continue
    if ((add & 0x1f) !== reg || ((add >>> 5) & 0x1f) !== reg || reg >= 30) continue
    const immlo = (adrp >>> 29) & 3
    const immhi = (adrp >>> 5) & 0x7ffff
    const pages = (((immhi << 2) | immlo) << 11) >> 11 // sign-extend 21 bits
    const pc = base + i
    const target = Math.floor(pc / 4096) * 4096 + pages * 4096 + ((add >>> 10) & 0xfff) - base
    if (target < start || target >= end) continue
    const len = a64Constant(buf.readUInt32LE(i + 8), reg + 1)
    if (len !== null) found({ from: i, at: target, len })
  }
}

/** The instruction decoders by ELF machine: one per platform a build can target. */
const LOADS: ReadonlyMap<
  number,
  (buf: Buffer, addr: bigint, start: number, end: number, found: (load: Load) => void) => void
> = new Map([
  [elfMachine(LINUX_AMD64), (buf, _addr, start, end, found) => x86Loads(buf, start, end, found)],
  [elfMachine(LINUX_ARM64), a64Loads]
])

/** Whether string literals can be placed in code for this ELF machine. */
export function placesStringsFor(machine: number): boolean {
  return LOADS.has(machine)
}

/**
 * Places the literals the code loads. `funcs` are [start, end) offsets into
 * the code, sorted, with their packages; `machine` is the ELF machine, which
 * says how to read the code. Returns the bytes placed (0 for a machine
 * whose instructions are not decoded here).
 */
export function placeStrings(
  area: StringArea,
  funcs: readonly { readonly entry: number; readonly span: number }[],
  packages: readonly string[],
  place: Place,
  machine: number
): number {
  const { buf, addr } = area.text
  const start = Number(area.start - addr)
  const end = Number(area.end - addr)
  const loads = LOADS.get(machine)
  if (loads === undefined) return 0
  const claims: { at: number; len: number; func: number }[] = []
  let f = 0
  loads(buf, addr, start, end, (load) => {
    const { from, at, len } = load
    if (len <= 0 || len > MAX_LITERAL || at + len > end) return
    while (f + 1 < funcs.length && (funcs[f + 1] as { entry: number }).entry <= from) f++
    claims.push({ at, len, func: f })
  })
  claims.sort((a, b) => a.at - b.at || a.func - b.func)
  let placed = 0
  // Offsets are from the start of the code: strings below it are negative.
  let covered = -Infinity
  for (const c of claims) {
    const from = Math.max(c.at, covered)
    const to = c.at + c.len
    if (to <= from) continue
    place(packages[c.func] ?? '(no package)', 'strings', to - from)
    placed += to - from
    covered = to
  }
  return placed
}
