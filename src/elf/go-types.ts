import { LINKER_BUCKET, unescapePath } from './go-names.js'
import type { Place } from './go-place.js'

/**
 * Type descriptors and itabs of a Go binary, found through the module
 * data's type links and itab links and everything they point to, each
 * placed under the package of its type (named: its own package path;
 * unnamed: its element's, or the package qualifying its fields). A type's
 * bytes are its descriptor with the arrays that follow it (parameters,
 * fields, interface methods, the uncommon part and its method table), and
 * the names it is the first to use. Pure: works on the bytes of the types
 * region (`types`..`etypes`), as read.
 *
 * Layouts are internal/abi's (Go 1.20–1.23): a 48-byte Type header, then
 * the kind's fields, then UncommonType when the flag says so.
 */

const TFLAG_UNCOMMON = 1
const TFLAG_NAMED = 4
const HEADER = 48
const KIND = {
  array: 17,
  chan: 18,
  func: 19,
  interface: 20,
  map: 21,
  pointer: 22,
  slice: 23,
  struct: 25
} as const

/** The types region as read, and where it lies in memory. */
export interface TypesRegion {
  readonly buf: Buffer
  /** Virtual address of buf[0] (moduledata.types). */
  readonly base: bigint
}

interface TypeInfo {
  /** Bytes from the type's start to the end of its last array. */
  readonly size: number
  readonly kind: number
  readonly named: boolean
  /** Offsets (in the region) of the types it refers to, in the order a type string names them. */
  readonly refs: number[]
  /** Offsets of the names it uses. */
  readonly names: number[]
  /** Own package path (named types, structs and interfaces with unexported members), or ''. */
  readonly pkgPath: string
}

function readName(buf: Buffer, at: number): { text: string; size: number } | null {
  if (at < 0 || at + 2 > buf.length) return null
  const flags = buf[at] as number
  let p = at + 1
  const len = varint(buf, p)
  if (!len) return null
  p = len.next
  const text = buf.toString('utf8', p, Math.min(p + len.value, buf.length))
  p += len.value
  if (flags & 2) {
    const tag = varint(buf, p)
    if (!tag) return null
    p = tag.next + tag.value
  }
  if (flags & 4) p += 4
  return p > buf.length ? null : { text, size: p - at }
}

function varint(buf: Buffer, at: number): { value: number; next: number } | null {
  let value = 0
  let shift = 0
  for (let i = at; i < buf.length && i < at + 5; i++) {
    const b = buf[i] as number
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return { value, next: i + 1 }
    shift += 7
  }
  return null
}

/** Parses the type at `o`; null when what is there does not look like one. */
function parseType(region: TypesRegion, o: number): TypeInfo | null {
  const { buf, base } = region
  if (o < 0 || o + HEADER > buf.length || o % 8 !== 0) return null
  const tflag = buf[o + 20] as number
  const kind = (buf[o + 23] as number) & 0x1f
  if (kind === 0 || kind > 26) return null
  const ptr = (at: number): number | null => {
    if (at + 8 > buf.length) return null
    const v = buf.readBigUInt64LE(at)
    if (v === 0n) return null
    const off = v - base
    return off >= 0n && off < BigInt(buf.length) ? Number(off) : null
  }
  const refs: number[] = []
  const names: number[] = []
  const str = buf.readInt32LE(o + 40)
  if (str > 0 && str < buf.length) names.push(str)
  const ptrToThis = buf.readInt32LE(o + 44)
  let fixed = HEADER
  let arrays: { at: number; count: number; each: number } | null = null
  let pkgPath = ''
  switch (kind) {
    case KIND.array:
      fixed += 24
      for (const r of [ptr(o + 48), ptr(o + 56)]) if (r !== null) refs.push(r)
      break
    case KIND.chan:
    case KIND.pointer:
    case KIND.slice: {
      fixed += kind === KIND.chan ? 16 : 8
      const elem = ptr(o + 48)
      if (elem !== null) refs.push(elem)
      break
    }
    case KIND.map:
      fixed += 40
      for (const r of [ptr(o + 48), ptr(o + 56), ptr(o + 64)]) if (r !== null) refs.push(r)
      break
    case KIND.func: {
      fixed += 8
      if (o + 52 > buf.length) return null
      const count = buf.readUInt16LE(o + 48) + (buf.readUInt16LE(o + 50) & 0x7fff)
      const start = o + fixed + (tflag & TFLAG_UNCOMMON ? 16 : 0)
      arrays = { at: start, count, each: 8 }
      for (let k = 0; k < count; k++) {
        const r = ptr(start + k * 8)
        if (r !== null) refs.push(r)
      }
      break
    }
    case KIND.interface:
    case KIND.struct: {
      fixed += 32
      const path = ptr(o + 48)
      if (path !== null) {
        names.push(path)
        pkgPath = readName(buf, path)?.text ?? ''
      }
      const at = ptr(o + 56)
      if (o + 72 > buf.length) return null
      const count = Number(buf.readBigUInt64LE(o + 64))
      if (at === null || count > 1 << 20) break
      const each = kind === KIND.struct ? 24 : 8
      arrays = { at, count, each }
      for (let k = 0; k < count && at + (k + 1) * each <= buf.length; k++) {
        const e = at + k * each
        if (kind === KIND.struct) {
          const name = ptr(e)
          if (name !== null) names.push(name)
          const r = ptr(e + 8)
          if (r !== null) refs.push(r)
        } else {
          names.push(buf.readInt32LE(e))
          const t = buf.readInt32LE(e + 4)
          if (t > 0) refs.push(t)
        }
      }
      break
    }
  }
  let end = o + fixed
  const named = (tflag & TFLAG_NAMED) !== 0
  if (tflag & TFLAG_UNCOMMON) {
    const u = o + fixed
    if (u + 16 > buf.length) return null
    end = Math.max(end, u + 16)
    const path = buf.readInt32LE(u)
    if (path > 0 && path < buf.length) {
      names.push(path)
      if (named) pkgPath = readName(buf, path)?.text ?? ''
    }
    const mcount = buf.readUInt16LE(u + 4)
    const moff = buf.readUInt32LE(u + 8)
    const methods = u + moff
    if (mcount > 0 && methods + mcount * 16 <= buf.length) {
      end = Math.max(end, methods + mcount * 16)
      for (let k = 0; k < mcount; k++) {
        const m = methods + k * 16
        names.push(buf.readInt32LE(m))
        const mtyp = buf.readInt32LE(m + 4)
        if (mtyp > 0 && mtyp < buf.length) refs.push(mtyp)
      }
    }
  }
  if (arrays) end = Math.max(end, Math.min(buf.length, arrays.at + arrays.count * arrays.each))
  if (ptrToThis > 0 && ptrToThis < buf.length) refs.push(ptrToThis)
  return { size: end - o, kind, named, refs, names, pkgPath }
}

export interface TypeRoots {
  /** Offsets in the region from the type links. */
  readonly typelinks: readonly number[]
  /** Offsets in the region of each itab. */
  readonly itabs: readonly number[]
}

/**
 * Places every type reachable from the roots and every itab. Returns the
 * bytes placed in the region (descriptors, their names and itabs).
 */
export function placeTypes(
  region: TypesRegion,
  roots: TypeRoots,
  place: Place
): { placed: number; end: number } {
  const { buf, base } = region
  const types = new Map<number, TypeInfo>()
  const queue: number[] = [...roots.typelinks]
  const ptr = (at: number): number | null => {
    if (at + 8 > buf.length) return null
    const off = buf.readBigUInt64LE(at) - base
    return off >= 0n && off < BigInt(buf.length) ? Number(off) : null
  }
  const itabTypes: { at: number; type: number; size: number }[] = []
  for (const itab of roots.itabs) {
    const inter = ptr(itab)
    const type = ptr(itab + 8)
    if (inter === null || type === null) continue
    queue.push(inter, type)
    const methods = inter + 64 + 8 <= buf.length ? Number(buf.readBigUInt64LE(inter + 64)) : 1
    itabTypes.push({ at: itab, type, size: 24 + 8 * Math.max(1, Math.min(methods, 4096)) })
  }
  // Breadth-first over everything the types point at; bounded by the region.
  while (queue.length > 0) {
    const o = queue.pop() as number
    if (types.has(o)) continue
    const info = parseType(region, o)
    if (!info) continue
    types.set(o, info)
    for (const r of info.refs) if (!types.has(r)) queue.push(r)
  }
  const pkgOf = new Map<number, string | null>()
  const packageOfType = (o: number, depth = 0): string | null => {
    if (pkgOf.has(o)) return pkgOf.get(o) ?? null
    const info = types.get(o)
    if (!info || depth > 64) return null
    pkgOf.set(o, null)
    let pkg: string | null = null
    if (info.named) pkg = info.pkgPath === '' ? null : unescapePath(info.pkgPath)
    else if (info.pkgPath !== '') pkg = unescapePath(info.pkgPath)
    else {
      const own =
        info.kind === KIND.func || info.kind === KIND.struct || info.kind === KIND.interface
      const refs = info.kind === KIND.array ? info.refs.slice(0, 1) : info.refs
      for (const r of own || info.kind === KIND.map ? refs : refs.slice(0, 1)) {
        pkg = packageOfType(r, depth + 1)
        if (pkg !== null) break
      }
    }
    pkgOf.set(o, pkg)
    return pkg
  }
  let placed = 0
  let end = 0
  const claimed = new Set<number>()
  for (const o of [...types.keys()].sort((a, b) => a - b)) {
    const info = types.get(o) as TypeInfo
    const pkg = packageOfType(o) ?? LINKER_BUCKET
    place(pkg, 'types', info.size)
    placed += info.size
    end = Math.max(end, o + info.size)
    for (const n of info.names) {
      if (claimed.has(n) || types.has(n)) continue
      const name = readName(buf, n)
      if (!name) continue
      claimed.add(n)
      place(pkg, 'types', name.size)
      placed += name.size
      end = Math.max(end, n + name.size)
    }
  }
  for (const itab of itabTypes) {
    place(packageOfType(itab.type) ?? LINKER_BUCKET, 'types', itab.size)
    placed += itab.size
  }
  return { placed, end }
}
