import type { Place } from './go-place.js'

/**
 * String literals placed with the code that uses them (amd64). Go loads a
 * string's pointer with a RIP-relative LEA and its length with a MOV of an
 * immediate right after it:
 *
 *   48 8D 05 xx xx xx xx   LEA RAX, [RIP+disp32]     (REX.W, or 4C for R8–R15)
 *   BB nn nn nn nn         MOV EBX, imm32            (B8+r, or 41 B8+r, or 48/49 C7 C0+r)
 *
 * Every such pair whose target lies in the string area (read-only data
 * between the types and the funcdata, outside every type placed) names one
 * literal: [target, target + length). Each literal goes to the package of
 * the first function (in address order) that loads it; overlapping claims
 * are cut so no byte is placed twice. Pure; one pass over the code, each
 * byte looked at a bounded number of times.
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

/**
 * Places the literals the code loads. `funcs` are [start, end) offsets into
 * the code, sorted, with their packages. Returns the bytes placed.
 */
export function placeStrings(
  area: StringArea,
  funcs: readonly { readonly entry: number; readonly span: number }[],
  packages: readonly string[],
  place: Place
): number {
  const { buf, addr } = area.text
  const start = Number(area.start - addr)
  const end = Number(area.end - addr)
  const claims: { at: number; len: number; func: number }[] = []
  let f = 0
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
        if (len !== null && len > 0 && len <= MAX_LITERAL && target + len <= end) {
          while (f + 1 < funcs.length && (funcs[f + 1] as { entry: number }).entry <= i - 1) f++
          claims.push({ at: target, len, func: f })
        }
      }
    }
    i = buf.indexOf(0x8d, i + 1)
  }
  claims.sort((a, b) => a.at - b.at || a.func - b.func)
  let placed = 0
  let covered = -1
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
