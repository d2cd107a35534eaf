import { UserError } from '../../src/ground/errors.js'
import { chooseExtras, parseInclude } from '../../src/image/include.js'
import {
  checkImagePath,
  parseFiles,
  parseUser,
  passwdFiles,
  planRootfs,
  type HostFiles,
  type PlanInput
} from '../../src/image/rootfs.js'

describe('parseUser', () => {
  test.each<[string | null, { uid: number; gid: number }]>([
    [null, { uid: 65532, gid: 65532 }],
    ['', { uid: 65532, gid: 65532 }],
    ['0', { uid: 0, gid: 0 }],
    ['1000:100', { uid: 1000, gid: 100 }],
    [' 65534:65534 ', { uid: 65534, gid: 65534 }]
  ])('%j', (value, expected) => {
    expect(parseUser(value)).toEqual(expected)
  })
  test.each([
    'nonroot',
    'root:root',
    '1000:',
    ':1000',
    '-1',
    '1000:100:1',
    '99999999999',
    '1000\n0'
  ])('%j is rejected', (value) => {
    expect(() => parseUser(value)).toThrow(UserError)
  })
})

describe('checkImagePath', () => {
  test.each(['/etc/app.yaml', '/a/b/c', '/tmp/x'])('%s is fine', (p) => {
    expect(checkImagePath(p, 'files')).toBe(p)
  })
  test.each([
    'etc/app',
    '/',
    '/a/../b',
    '/a//b',
    '/a/',
    '/a b',
    '/a\nb',
    '/$HOME',
    '/a"b',
    '/a\\b'
  ])('%j is rejected', (p) => {
    expect(() => checkImagePath(p, 'files')).toThrow(UserError)
  })
})

describe('parseFiles', () => {
  test.each([
    [['config.yaml:/etc/app/config.yaml'], [{ src: 'config.yaml', dest: '/etc/app/config.yaml' }]],
    [['C:/x/y.txt:/y.txt', ''], [{ src: 'C:/x/y.txt', dest: '/y.txt' }]],
    [[' a/b:/c '], [{ src: 'a/b', dest: '/c' }]]
  ])('%j', (lines, expected) => {
    expect(parseFiles(lines)).toEqual(expected)
  })
  test.each([['config.yaml'], ['config.yaml:etc/x'], [':/etc/x'], ['a:/x/../y']])(
    '%j is rejected',
    (line) => {
      expect(() => parseFiles([line])).toThrow(UserError)
    }
  )
})

describe('passwdFiles', () => {
  test('root, nobody, nonroot', () => {
    expect(passwdFiles({ uid: 65532, gid: 65532 })).toEqual({
      passwd:
        'root:x:0:0:root:/root:/sbin/nologin\n' +
        'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' +
        'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
      group: 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n'
    })
  })
  test('a user that is none of them gets an entry', () => {
    const { passwd, group } = passwdFiles({ uid: 1000, gid: 0 })
    expect(passwd).toContain('app:x:1000:0:app:/:/sbin/nologin\n')
    expect(group).toBe('root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n')
  })
})

const host: HostFiles = {
  binaryPath: '/work/out/hello',
  caBundle: '/etc/ssl/certs/ca-certificates.crt',
  zoneinfo: '/usr/share/zoneinfo'
}
const plan = (include: string, over: Partial<PlanInput> = {}) =>
  planRootfs({
    binaryName: 'hello',
    extras: chooseExtras(parseInclude(include), []),
    user: { uid: 65532, gid: 65532 },
    files: [],
    host,
    ...over
  })

describe('planRootfs', () => {
  test('binary alone: one layer, /hello 0555', () => {
    expect(plan('none')).toEqual({
      binaryName: 'hello',
      layers: [
        {
          kind: 'binary',
          dir: 'binary',
          entries: [{ type: 'file', src: '/work/out/hello', dest: '/hello', mode: 0o555 }],
          reasons: []
        }
      ]
    })
  })

  test('one layer per kind, least changing first, binary last', () => {
    const layers = plan('tmp,passwd,tzdata,ca-certificates', {
      files: [{ src: '/w/config.yaml', dest: '/etc/app/config.yaml' }]
    }).layers
    expect(layers.map((l) => [l.kind, l.dir])).toEqual([
      ['ca-certificates', 'ca-certificates'],
      ['tzdata', 'tzdata'],
      ['passwd', 'passwd'],
      ['tmp', 'tmp'],
      ['files', 'files'],
      ['binary', 'binary']
    ])
    expect(layers[0].entries).toEqual([
      { type: 'file', src: host.caBundle, dest: '/etc/ssl/certs/ca-certificates.crt', mode: 0o444 }
    ])
    expect(layers[1].entries).toEqual([
      {
        type: 'tree',
        src: '/usr/share/zoneinfo',
        dest: '/usr/share/zoneinfo',
        skip: ['right', 'localtime']
      }
    ])
    expect(layers[2].entries.map((e) => e.dest)).toEqual(['/etc/passwd', '/etc/group'])
    expect(layers[3].entries).toEqual([{ type: 'dir', dest: '/tmp', mode: 0o1777 }])
  })

  test('a zone list copies only those zones', () => {
    expect(plan('tzdata:Europe/Berlin,UTC').layers[0].entries).toEqual([
      {
        type: 'file',
        src: '/usr/share/zoneinfo/Europe/Berlin',
        dest: '/usr/share/zoneinfo/Europe/Berlin',
        mode: 0o444
      },
      { type: 'file', src: '/usr/share/zoneinfo/UTC', dest: '/usr/share/zoneinfo/UTC', mode: 0o444 }
    ])
  })

  test.each<[string, Partial<PlanInput>, RegExp]>([
    ['ca-certificates', { host: { ...host, caBundle: null } }, /apt-get install ca-certificates/],
    ['tzdata', { host: { ...host, zoneinfo: null } }, /tzdata/],
    ['none', { binaryName: 'a b' }, /cannot be used/],
    ['none', { binaryName: '../x' }, /cannot be used/],
    ['passwd', { files: [{ src: '/x', dest: '/etc/passwd' }] }, /Two things want \/etc\/passwd/],
    ['none', { files: [{ src: '/x', dest: '/hello' }] }, /Two things want \/hello/]
  ])('%s %j is rejected', (include, over, why) => {
    let caught: unknown
    try {
      plan(include, over)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(UserError)
    const error = caught as UserError
    expect([error.message, ...error.details].join('\n')).toMatch(why)
  })
})
