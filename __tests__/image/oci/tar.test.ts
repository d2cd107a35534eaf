import {
  BLOCK,
  applyPending,
  headerChecksum,
  parseTarHeader,
  readExtended
} from '../../../src/ground/tar-format.js'
import {
  encodeHeader,
  endOfArchive,
  dataPadding,
  paxRecord,
  splitUstarPath,
  type TarHeaderInput
} from '../../../src/image/oci/tar.js'

const base: TarHeaderInput = {
  name: 'hello',
  type: 'file',
  mode: 0o555,
  uid: 0,
  gid: 0,
  size: 17808,
  mtime: 1700000000,
  linkname: ''
}

function field(block: Buffer, start: number, length: number): string {
  return block.toString('latin1', start, start + length)
}

test.each([
  // name, type, mode field, size field, typeflag
  ['hello', 'file', 0o555, '0100555\0', '0'],
  ['tmp/', 'dir', 0o1777, '0041777\0', '5'],
  ['usr/share/zoneinfo/Zulu', 'symlink', 0o777, '0120777\0', '2']
] as const)('%s (%s) is one USTAR block as Go writes it', (name, type, mode, modeField, flag) => {
  const block = encodeHeader({ ...base, name, type, mode, size: type === 'file' ? 17808 : 0 })
  expect(block).toHaveLength(BLOCK)
  expect(field(block, 0, name.length + 1)).toBe(`${name}\0`)
  expect(field(block, 100, 8)).toBe(modeField)
  expect(field(block, 108, 16)).toBe('0000000\0'.repeat(2))
  expect(field(block, 124, 12)).toBe(type === 'file' ? '00000042620\0' : '00000000000\0')
  expect(field(block, 136, 12)).toBe('14524770400\0')
  expect(field(block, 156, 1)).toBe(flag)
  expect(field(block, 257, 8)).toBe('ustar\u000000')
  expect(field(block, 265, 5)).toBe('root\0')
  expect(field(block, 297, 5)).toBe('root\0')
  expect(field(block, 329, 16)).toBe('0000000\0'.repeat(2))
  // Six octal digits, NUL, space.
  expect(field(block, 154, 2)).toBe('\0 ')
  expect(parseInt(field(block, 148, 6), 8)).toBe(headerChecksum(block))
})

test('the checksum of the BuildKit layer header for /hello is the same number', () => {
  // From `docker save` of a buildx image (dockerd 20.10): "012113\0 ".
  expect(field(encodeHeader(base), 148, 8)).toBe('012113\0 ')
})

test('a non-root owner has no user or group name', () => {
  const block = encodeHeader({ ...base, uid: 65532, gid: 65532 })
  expect(field(block, 108, 8)).toBe('0177774\0')
  expect(block.subarray(265, 265 + 64).every((b) => b === 0)).toBe(true)
})

test.each([
  ['a'.repeat(100), null],
  [`${'d'.repeat(60)}/${'f'.repeat(60)}`, { prefix: 'd'.repeat(60), name: 'f'.repeat(60) }],
  [`${'d'.repeat(10)}/${'f'.repeat(101)}`, null],
  [`${'d'.repeat(156)}/f`, null],
  [`é${'d'.repeat(100)}/f`, null]
])('splitUstarPath(%s)', (name, expected) => {
  expect(splitUstarPath(name)).toEqual(expected)
})

test.each([
  ['path', 'a', '9 path=a\n'],
  ['path', 'x'.repeat(91), `101 path=${'x'.repeat(91)}\n`],
  ['path', 'x'.repeat(89), `98 path=${'x'.repeat(89)}\n`]
])('paxRecord(%s, …) counts its own length', (key, value, record) => {
  expect(paxRecord(key, value)).toBe(record)
  expect(Buffer.byteLength(record)).toBe(Number(record.split(' ')[0]))
})

test.each([
  ['a long name with no slash to split at', `usr/${'z'.repeat(120)}`],
  ['a non-ASCII name', 'etc/café'],
  ['a long folder', `${'d'.repeat(120)}/`]
])('%s goes into a PAX record the reader gives back', (_what, name) => {
  const type = name.endsWith('/') ? 'dir' : 'file'
  const bytes = encodeHeader({ ...base, name, type, size: type === 'dir' ? 0 : 5 })
  expect(bytes.length % BLOCK).toBe(0)
  const pax = parseTarHeader(bytes.subarray(0, BLOCK))
  if (pax.kind !== 'header') throw new Error('no header')
  expect(pax.header.type).toBe('x')
  // Go's name for it, cut to 100 bytes like Go cuts it.
  expect(pax.header.name).toMatch(/PaxHeaders\.0|^d{100}$/)
  const pending = readExtended('x', bytes.subarray(BLOCK, BLOCK + pax.header.size), {})
  const main = parseTarHeader(bytes.subarray(bytes.length - BLOCK))
  if (main.kind !== 'header') throw new Error('no header')
  expect(applyPending(main.header, pending).name).toBe(name)
})

test('padding and the end of the archive', () => {
  expect(dataPadding(0)).toHaveLength(0)
  expect(dataPadding(1)).toHaveLength(511)
  expect(dataPadding(512)).toHaveLength(0)
  expect(endOfArchive()).toEqual(Buffer.alloc(1024))
})
