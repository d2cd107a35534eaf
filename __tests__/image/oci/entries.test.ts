import {
  comparePaths,
  completeLayer,
  headerFor,
  unpackedSize,
  type LayerItem
} from '../../../src/image/oci/entries.js'

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

const file = (path: string): LayerItem => ({ type: 'file', path, mode: 0o444, size: 3, src: '/x' })

test.each<[string, LayerItem[], [string, string, number][]]>([
  [
    'parents are added at 0755',
    [file('etc/ssl/certs/ca.crt')],
    [
      ['etc', 'dir', 0o755],
      ['etc/ssl', 'dir', 0o755],
      ['etc/ssl/certs', 'dir', 0o755],
      ['etc/ssl/certs/ca.crt', 'file', 0o444]
    ]
  ],
  [
    '/tmp as a parent stays writable for all',
    [file('tmp/seed')],
    [
      ['tmp', 'dir', 0o1777],
      ['tmp/seed', 'file', 0o444]
    ]
  ],
  [
    'a planned folder wins over an implied one',
    [file('data/x'), { type: 'dir', path: 'data', mode: 0o700 }],
    [
      ['data', 'dir', 0o700],
      ['data/x', 'file', 0o444]
    ]
  ],
  [
    'walk order, not string order',
    [file('a.b'), file('a/b'), file('passwd'), file('group')],
    [
      ['a', 'dir', 0o755],
      ['a/b', 'file', 0o444],
      ['a.b', 'file', 0o444],
      ['group', 'file', 0o444],
      ['passwd', 'file', 0o444]
    ]
  ]
])('completeLayer: %s', (_what, items, expected) => {
  expect(
    completeLayer(items).map((item) => [item.path, item.type, 'mode' in item ? item.mode : 0])
  ).toEqual(expected)
})

test.each([
  ['a path twice', [file('a'), file('a')], /twice/],
  ['a file used as a folder', [file('a'), file('a/b')], /both a folder and a file/]
])('completeLayer refuses %s', (_what, items, message) => {
  expect(() => completeLayer(items)).toThrow(message)
})

test('unpacked size counts file bytes and link targets, as dockerd 20.10 does', () => {
  const items: LayerItem[] = [
    { type: 'dir', path: 'z', mode: 0o755 },
    file('z/UTC'),
    { type: 'data', path: 'etc/passwd', mode: 0o444, data: Buffer.from('root\n') },
    { type: 'symlink', path: 'z/Zulu', target: 'UTC' }
  ]
  expect(unpackedSize(items)).toBe(3 + 5 + 3)
})

test.each<[LayerItem, object]>([
  [file('hello'), { name: 'hello', type: 'file', mode: 0o444, size: 3, linkname: '' }],
  [
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { name: 'tmp/', type: 'dir', mode: 0o1777 }
  ],
  [
    { type: 'symlink', path: 'z/Zulu', target: 'UTC' },
    { name: 'z/Zulu', type: 'symlink', mode: 0o777, size: 0, linkname: 'UTC' }
  ]
])('headerFor(%o): owned by root, stamped with the epoch', (item, expected) => {
  expect(headerFor(item, 42)).toMatchObject({ ...expected, uid: 0, gid: 0, mtime: 42 })
})
