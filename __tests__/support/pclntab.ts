/**
 * Hand-made Go function tables (and tiny ELF files around them) for the
 * attribution table tests and the fuzz tests: the layouts the Go 1.18–1.19
 * and 1.20+ linkers write, with exactly the fields the reader looks at.
 */

export interface SyntheticFunc {
  readonly name: string
  /** Own code bytes (the pcsp table ends here); null: no pcsp table. */
  readonly size: number | null
  /** Bytes to the next function. */
  readonly span: number
}

export interface SyntheticTable {
  readonly format?: 'go1.20+' | 'go1.18-1.19'
  readonly funcs: readonly SyntheticFunc[]
  readonly files?: readonly string[]
}

function uvarint(value: number): number[] {
  const out: number[] = []
  let v = value
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return out
}

/** The bytes of a pcHeader and the tables after it. */
export function encodePclntab(spec: SyntheticTable): Buffer {
  const go120 = (spec.format ?? 'go1.20+') === 'go1.20+'
  const funcSize = go120 ? 44 : 40
  const names: number[] = []
  const nameOff: number[] = []
  for (const fn of spec.funcs) {
    nameOff.push(names.length)
    names.push(...Buffer.from(`${fn.name}\0`, 'utf8'))
  }
  const files = Buffer.from((spec.files ?? ['main.go']).map((f) => `${f}\0`).join(''), 'utf8')
  // pctab starts with a zero byte: offset 0 means "no table".
  const pctab: number[] = [0]
  const pcsp: number[] = []
  for (const fn of spec.funcs) {
    if (fn.size === null) {
      pcsp.push(0)
      continue
    }
    pcsp.push(pctab.length)
    // Two steps: sp +8 over the first byte, then back over the rest; then the end mark.
    const first = Math.min(1, fn.size)
    pctab.push(...uvarint(16), ...uvarint(first))
    if (fn.size > first) pctab.push(...uvarint(15), ...uvarint(fn.size - first))
    pctab.push(0)
  }
  const header = 72
  const funcnameOffset = header
  const cuOffset = funcnameOffset + names.length
  const filetabOffset = cuOffset + 4
  const pctabOffset = filetabOffset + files.length
  const pclnOffset = (pctabOffset + pctab.length + 7) & ~7
  const n = spec.funcs.length
  const functabBytes = (n * 2 + 1) * 4
  const funcsAt = (functabBytes + 7) & ~7
  const total = pclnOffset + funcsAt + n * funcSize
  const buf = Buffer.alloc(total)
  buf.writeUInt32LE(go120 ? 0xfffffff1 : 0xfffffff0, 0)
  buf[6] = 1
  buf[7] = 8
  const fields = [n, spec.files?.length ?? 1, 0x401000, funcnameOffset, cuOffset]
  fields.push(filetabOffset, pctabOffset, pclnOffset)
  fields.forEach((v, i) => buf.writeBigUInt64LE(BigInt(v), 8 + 8 * i))
  Buffer.from(names).copy(buf, funcnameOffset)
  files.copy(buf, filetabOffset)
  Buffer.from(pctab).copy(buf, pctabOffset)
  let entry = 0
  spec.funcs.forEach((fn, i) => {
    const record = funcsAt + i * funcSize
    buf.writeUInt32LE(entry, pclnOffset + i * 8)
    buf.writeUInt32LE(record, pclnOffset + i * 8 + 4)
    const at = pclnOffset + record
    buf.writeUInt32LE(entry, at)
    buf.writeInt32LE(nameOff[i] ?? 0, at + 4)
    buf.writeUInt32LE(pcsp[i] ?? 0, at + 16)
    entry += fn.span
  })
  buf.writeUInt32LE(entry, pclnOffset + n * 8)
  return buf
}

export interface SyntheticGoElf {
  readonly bytes: Buffer
  /** File offset of the pcHeader. */
  readonly tableAt: number
  readonly tableSize: number
}

/**
 * An ELF64 file with the table in a read-only PT_LOAD, and, unless
 * `sections` is false, section headers naming `.text` and `.gopclntab`.
 */
export function syntheticGoElf(spec: SyntheticTable, sections = true): SyntheticGoElf {
  const table = encodePclntab(spec)
  const textSize = spec.funcs.reduce((n, f) => n + f.span, 0)
  const tableAt = 64 + 56
  const shstr = Buffer.from('\0.text\0.gopclntab\0.shstrtab\0', 'latin1')
  const shstrAt = tableAt + table.length
  const shoff = (shstrAt + shstr.length + 7) & ~7
  const shnum = sections ? 4 : 0
  const size = sections ? shoff + shnum * 64 : shstrAt
  const bytes = Buffer.alloc(size)
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])
  bytes.writeUInt16LE(2, 16)
  bytes.writeUInt16LE(62, 18)
  bytes.writeUInt32LE(1, 20)
  bytes.writeBigUInt64LE(0x401000n, 24)
  bytes.writeBigUInt64LE(64n, 32)
  bytes.writeBigUInt64LE(sections ? BigInt(shoff) : 0n, 40)
  bytes.writeUInt16LE(64, 52)
  bytes.writeUInt16LE(56, 54)
  bytes.writeUInt16LE(1, 56)
  bytes.writeUInt16LE(sections ? 64 : 0, 58)
  bytes.writeUInt16LE(shnum, 60)
  bytes.writeUInt16LE(sections ? 3 : 0, 62)
  // PT_LOAD, r--, over the whole file.
  bytes.writeUInt32LE(1, 64)
  bytes.writeUInt32LE(4, 68)
  bytes.writeBigUInt64LE(0n, 72)
  bytes.writeBigUInt64LE(0x400000n, 80)
  bytes.writeBigUInt64LE(0x400000n, 88)
  bytes.writeBigUInt64LE(BigInt(size), 96)
  bytes.writeBigUInt64LE(BigInt(size), 104)
  bytes.writeBigUInt64LE(0x1000n, 112)
  table.copy(bytes, tableAt)
  if (sections) {
    shstr.copy(bytes, shstrAt)
    const section = (i: number, name: number, offset: number, length: number): void => {
      const at = shoff + i * 64
      bytes.writeUInt32LE(name, at)
      bytes.writeUInt32LE(1, at + 4)
      bytes.writeBigUInt64LE(BigInt(offset), at + 24)
      bytes.writeBigUInt64LE(BigInt(length), at + 32)
    }
    section(1, 1, 0, textSize)
    section(2, 7, tableAt, table.length)
    section(3, 18, shstrAt, shstr.length)
  }
  return { bytes, tableAt, tableSize: table.length }
}
