import { parseModules, type ModuleVersion } from './go-names.js'
import type { GoBuildInfo } from './types.js'
import { PF_W, PF_X, PT_LOAD, SHT_NOBITS, type ByteSource, type ElfFile } from './reader.js'

/** What `.go.buildinfo` told us: Go facts, a note for a Go we cannot read, or nothing (not Go). */
export type BuildInfoResult =
  | {
      readonly kind: 'go'
      readonly info: GoBuildInfo
      /** The `mod` and `dep` lines: which module each package comes from. */
      readonly modules: {
        readonly main: ModuleVersion | null
        readonly deps: readonly ModuleVersion[]
      }
    }
  | { readonly kind: 'unreadable'; readonly note: string }
  | { readonly kind: 'not-go' }

export const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1')
/** Magic (14), pointer size (1), flags (1), two pointers (16): see debug/buildinfo. */
const HEADER_SIZE = 32
const ALIGN = 16n
/** Flag bit set by Go ≥ 1.18: the strings follow the header instead of being pointed to. */
const FLAG_INLINE = 2
/** Go's own search reads 1 MiB at a time; so do we. */
const CHUNK = 1 << 20
/** A version string is a few bytes; modinfo of a large module graph is tens of KB. */
const MAX_VERSION = 256
const MAX_MODINFO = 1 << 20
/** cmd/go frames modinfo with 16-byte sentinels (modload.infoStart / infoEnd). */
const SENTINEL = 16

export const OLD_GO_NOTE = 'built with Go older than 1.18: build info not read'

/**
 * Forward search of `pattern` in [start, end) of `src`, reading `CHUNK` bytes
 * at a time with an overlap so that a match across two chunks is not missed.
 * `accept` sees each match's absolute offset and may reject it (alignment).
 */
export async function searchForward(
  src: ByteSource,
  start: bigint,
  end: bigint,
  pattern: Buffer,
  accept: (offset: bigint) => boolean = () => true,
  chunk = CHUNK
): Promise<bigint | null> {
  const stop = end < src.size ? end : src.size
  let pos = start
  while (pos < stop) {
    const want = Number(stop - pos < BigInt(chunk) ? stop - pos : BigInt(chunk))
    const buf = await src.read(pos, want)
    if (buf.length === 0) return null
    let i = buf.indexOf(pattern)
    while (i !== -1) {
      if (accept(pos + BigInt(i))) return pos + BigInt(i)
      i = buf.indexOf(pattern, i + 1)
    }
    if (pos + BigInt(buf.length) >= stop) return null
    // Back up so a pattern that straddles the chunk boundary is seen whole next time.
    pos += BigInt(Math.max(1, buf.length - (pattern.length - 1)))
  }
  return null
}

/** File offset of the build info header, or null when the binary has none. */
export async function locateBuildInfo(elf: ElfFile): Promise<bigint | null> {
  const section = await elf.section('.go.buildinfo')
  if (section && section.type !== SHT_NOBITS && section.size >= BigInt(HEADER_SIZE)) {
    const head = await elf.src.read(section.offset, BUILDINFO_MAGIC.length)
    if (head.equals(BUILDINFO_MAGIC)) return section.offset
  }
  // Without section headers, do what debug/buildinfo does: the first writable,
  // non-executable PT_LOAD, magic aligned to 16 in the address space.
  const data = elf.programHeaders.find(
    (ph) => ph.type === PT_LOAD && (ph.flags & (PF_X | PF_W)) === PF_W
  )
  if (!data) return null
  const delta = data.vaddr - data.offset
  return searchForward(
    elf.src,
    data.offset,
    data.offset + data.filesz,
    BUILDINFO_MAGIC,
    (offset) => (offset + delta) % ALIGN === 0n
  )
}

/** An unsigned LEB128 varint, as Go's binary.Uvarint; null when it runs off the buffer or overflows. */
export function uvarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let value = 0
  let shift = 0
  for (let i = at; i < buf.length && i < at + 5; i++) {
    const b = buf[i]
    value += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return { value, next: i + 1 }
    shift += 7
  }
  return null
}

/**
 * Reads the header and the two inline strings (version, modinfo). Reads are
 * bounded: the strings are length-prefixed and the lengths are capped.
 */
export async function readBuildInfoAt(elf: ElfFile, at: bigint): Promise<BuildInfoResult> {
  const header = await elf.read(at, HEADER_SIZE, 'Go build info header')
  const flags = header.readUInt8(15)
  if ((flags & FLAG_INLINE) === 0) return { kind: 'unreadable', note: OLD_GO_NOTE }
  const first = await elf.src.read(at + BigInt(HEADER_SIZE), 16 + MAX_VERSION)
  const vlen = uvarint(first, 0)
  if (
    !vlen ||
    vlen.value === 0 ||
    vlen.value > MAX_VERSION ||
    vlen.next + vlen.value > first.length
  ) {
    return { kind: 'unreadable', note: 'Go build info is damaged: no version string' }
  }
  const version = first.toString('utf8', vlen.next, vlen.next + vlen.value)
  const modAt = vlen.next + vlen.value
  const mlen = uvarint(first, modAt)
  if (!mlen || mlen.value > MAX_MODINFO) {
    return { kind: 'unreadable', note: `Go build info is damaged: no module info (${version})` }
  }
  const raw = await elf.src.read(at + BigInt(HEADER_SIZE + mlen.next), mlen.value)
  const text = unframe(raw.toString('utf8'))
  return { kind: 'go', info: { version, ...parseModInfo(text) }, modules: parseModules(text) }
}

/** Strips cmd/go's sentinels the way debug/buildinfo does; an unframed string means no module info. */
export function unframe(mod: string): string {
  if (mod.length >= 2 * SENTINEL + 1 && mod[mod.length - SENTINEL - 1] === '\n') {
    return mod.slice(SENTINEL, mod.length - SENTINEL)
  }
  return ''
}

/** The `path` line and `build` settings of a modinfo text (runtime/debug.ParseBuildInfo's format). */
export function parseModInfo(text: string): { path: string; settings: Record<string, string> } {
  let path = ''
  const settings: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (line.startsWith('path\t')) path = line.slice('path\t'.length)
    else if (line.startsWith('build\t')) {
      const kv = parseSetting(line.slice('build\t'.length))
      if (kv) settings[kv[0]] = kv[1]
    }
  }
  return { path, settings }
}

/** `KEY=VALUE` where either side may be Go-quoted (values with spaces, e.g. `-ldflags="-s -w"`). */
export function parseSetting(kv: string): [string, string] | null {
  let key: string
  let rest: string
  if (kv.startsWith('"') || kv.startsWith('`')) {
    const quoted = quotedPrefix(kv)
    if (quoted === null) return null
    key = quoted.value
    rest = kv.slice(quoted.length)
    if (!rest.startsWith('=')) return null
    rest = rest.slice(1)
  } else {
    const eq = kv.indexOf('=')
    if (eq <= 0) return null
    key = kv.slice(0, eq)
    rest = kv.slice(eq + 1)
  }
  if (rest.startsWith('"') || rest.startsWith('`')) {
    const quoted = quotedPrefix(rest)
    return quoted && quoted.length === rest.length ? [key, quoted.value] : null
  }
  return [key, rest]
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'"
}

/** A Go string literal at the start of `s` (strconv.QuotedPrefix + Unquote). */
export function quotedPrefix(s: string): { value: string; length: number } | null {
  if (s.startsWith('`')) {
    const end = s.indexOf('`', 1)
    return end === -1 ? null : { value: s.slice(1, end), length: end + 1 }
  }
  if (!s.startsWith('"')) return null
  const bytes: number[] = []
  let i = 1
  while (i < s.length) {
    const c = String.fromCodePoint(s.codePointAt(i) ?? 0)
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), length: i + 1 }
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'))
      i += c.length
      continue
    }
    const e = s[i + 1]
    if (e === undefined) return null
    const simple = SIMPLE_ESCAPES[e]
    if (simple !== undefined) {
      bytes.push(simple.charCodeAt(0))
      i += 2
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = s.slice(i + 2, i + 2 + n)
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) return null
      const code = parseInt(hex, 16)
      if (e === 'x') bytes.push(code)
      else bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'))
      i += 2 + n
    } else if (e >= '0' && e <= '7') {
      const oct = s.slice(i + 1, i + 4)
      if (!/^[0-7]{3}$/.test(oct)) return null
      bytes.push(parseInt(oct, 8) & 0xff)
      i += 4
    } else {
      return null
    }
  }
  return null
}

/** Go facts from `.go.buildinfo`; `not-go` when there is no build info at all. */
export async function readGoBuildInfo(elf: ElfFile): Promise<BuildInfoResult> {
  const at = await locateBuildInfo(elf)
  if (at === null) return { kind: 'not-go' }
  return readBuildInfoAt(elf, at)
}
