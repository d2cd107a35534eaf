import {
  comparePaths,
  completeEntries,
  entry,
  type RootfsEntry
} from '../../src/image/entry-list.js'
import { headerFor, unpackedSize } from '../../src/image/oci/entries.js'

test.each([
  ['a/b', 'a.b', -1],
  ['a', 'a/b', -1],
  ['etc/group', 'etc/passwd', -1],
  ['B', 'a', -1],
  ['same', 'same', 0]
])('comparePaths(%s, %s) is a sorted directory walk', (a, b, sign) => {
  expect(Math.sign(comparePaths(a, b))).toBe(sign)
  expect(Math.sign(comparePaths(b, a))).toBe(sign === 0 ? 0 : -sign)
})

const file = (path: string, mode = 0o444): RootfsEntry =>
  entry(path, mode, { from: 'host', path: '/x', size: 3 })
const dir = (path: string, mode: number): RootfsEntry => entry(path, mode, { from: 'directory' })
const link = (path: string, target: string): RootfsEntry =>
  entry(path, 0o777, { from: 'symlink', target })

test.each<[string, RootfsEntry[], [string, string, number][]]>([
  [
    'parents are added at 0755',
    [file('etc/ssl/certs/ca.crt')],
    [
      ['etc', 'directory', 0o755],
      ['etc/ssl', 'directory', 0o755],
      ['etc/ssl/certs', 'directory', 0o755],
      ['etc/ssl/certs/ca.crt', 'host', 0o444]
    ]
  ],
  [
    '/tmp as a parent stays writable for all',
    [file('tmp/seed')],
    [
      ['tmp', 'directory', 0o1777],
      ['tmp/seed', 'host', 0o444]
    ]
  ],
  [
    'a planned folder wins over an implied one',
    [file('data/x'), dir('data', 0o700)],
    [
      ['data', 'directory', 0o700],
      ['data/x', 'host', 0o444]
    ]
  ],
  [
    'walk order, not string order',
    [file('a.b'), file('a/b'), file('passwd'), file('group')],
    [
      ['a', 'directory', 0o755],
      ['a/b', 'host', 0o444],
      ['a.b', 'host', 0o444],
      ['group', 'host', 0o444],
      ['passwd', 'host', 0o444]
    ]
  ]
])('completeEntries: %s', (_what, items, expected) => {
  expect(completeEntries(items).map((item) => [item.path, item.source.from, item.mode])).toEqual(
    expected
  )
})

test.each([
  ['a path twice', [file('a'), file('a')], /twice/],
  ['a file used as a folder', [file('a'), file('a/b')], /both a folder and a file/],
  ['a link used as a folder', [link('a', 'b'), file('a/b')], /both a folder and a symlink/]
])('completeEntries refuses %s', (_what, items, message) => {
  expect(() => completeEntries(items)).toThrow(message)
})

test.each([
  [0o4755, 0o755],
  [0o2755, 0o755],
  [0o6555, 0o555],
  [0o1777, 0o1777],
  [0o444, 0o444]
])('mode %o becomes %o: no setuid or setgid in the image', (given, kept) => {
  expect(file('app', given).mode).toBe(kept)
  expect(headerFor(file('app', given), 0).mode).toBe(kept)
})

test('unpacked size counts file bytes and link targets, as dockerd 20.10 does', () => {
  const items: RootfsEntry[] = [
    dir('z', 0o755),
    file('z/UTC'),
    entry('etc/passwd', 0o444, { from: 'bytes', data: Buffer.from('root\n') }),
    link('z/Zulu', 'UTC')
  ]
  expect(unpackedSize(items)).toBe(3 + 5 + 3)
})

test.each<[RootfsEntry, object]>([
  [file('hello'), { name: 'hello', type: 'file', mode: 0o444, size: 3, linkname: '' }],
  [dir('tmp', 0o1777), { name: 'tmp/', type: 'dir', mode: 0o1777 }],
  [
    link('z/Zulu', 'UTC'),
    { name: 'z/Zulu', type: 'symlink', mode: 0o777, size: 0, linkname: 'UTC' }
  ]
])('headerFor(%o): owned by root, stamped with the epoch', (item, expected) => {
  expect(headerFor(item, 42)).toMatchObject({ ...expected, uid: 0, gid: 0, mtime: 42 })
})
