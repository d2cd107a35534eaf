import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { goBuild, goLdflags, goPackageArg, goTags, goVersion } from '../../src/compile/go.js'
import { UserError } from '../../src/ground/errors.js'

const base = {
  goPackage: '.',
  goLdflags: '',
  goTags: [],
  cgo: false,
  output: '/out/app',
  platform: LINUX_AMD64
}

describe('goBuild', () => {
  test.each([
    [
      'defaults',
      {},
      ['build', '-trimpath', '-ldflags', '-s -w', '-tags', 'netgo,osusergo', '-o', '/out/app', '.'],
      { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
    ],
    [
      'a package, user ldflags added to -s -w, user tags added',
      { goPackage: './cmd/server', goLdflags: '-X main.version=1.2.3', goTags: ['timetzdata'] },
      [
        'build',
        '-trimpath',
        '-ldflags',
        '-s -w -X main.version=1.2.3',
        '-tags',
        'netgo,osusergo,timetzdata',
        '-o',
        '/out/app',
        './cmd/server'
      ],
      { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
    ],
    [
      'blank package means the module root',
      { goPackage: '  ' },
      ['build', '-trimpath', '-ldflags', '-s -w', '-tags', 'netgo,osusergo', '-o', '/out/app', '.'],
      { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
    ],
    [
      'cgo links externally and statically with the musl compiler',
      { cgo: true, cc: 'musl-gcc' },
      [
        'build',
        '-trimpath',
        '-ldflags',
        '-s -w -linkmode external -extldflags -static',
        '-tags',
        'netgo,osusergo',
        '-o',
        '/out/app',
        '.'
      ],
      { CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'amd64', CC: 'musl-gcc' }
    ],
    [
      'cc is ignored without cgo',
      { cc: 'musl-gcc' },
      ['build', '-trimpath', '-ldflags', '-s -w', '-tags', 'netgo,osusergo', '-o', '/out/app', '.'],
      { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
    ],
    [
      'cgo with zig as the C compiler',
      { cgo: true, cc: 'zig cc -target x86_64-linux-musl', goLdflags: "-X 'main.name=a b'" },
      [
        'build',
        '-trimpath',
        '-ldflags',
        "-s -w -linkmode external -extldflags -static -X 'main.name=a b'",
        '-tags',
        'netgo,osusergo',
        '-o',
        '/out/app',
        '.'
      ],
      { CGO_ENABLED: '1', GOOS: 'linux', GOARCH: 'amd64', CC: 'zig cc -target x86_64-linux-musl' }
    ],
    [
      'linux/arm64: the same argv, GOARCH=arm64',
      { platform: LINUX_ARM64 },
      ['build', '-trimpath', '-ldflags', '-s -w', '-tags', 'netgo,osusergo', '-o', '/out/app', '.'],
      { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'arm64' }
    ],
    [
      'linux/arm64 with cgo: the musl cross wrapper as CC, linked statically',
      { platform: LINUX_ARM64, cgo: true, cc: 'aarch64-linux-musl-gcc -idirafter /tmp/k' },
      [
        'build',
        '-trimpath',
        '-ldflags',
        '-s -w -linkmode external -extldflags -static',
        '-tags',
        'netgo,osusergo',
        '-o',
        '/out/app',
        '.'
      ],
      {
        CGO_ENABLED: '1',
        GOOS: 'linux',
        GOARCH: 'arm64',
        CC: 'aarch64-linux-musl-gcc -idirafter /tmp/k'
      }
    ]
  ])('%s', (_name, overrides, args, env) => {
    expect(goBuild({ ...base, ...overrides })).toEqual({ args, env })
  })
})

describe('goPackageArg', () => {
  test.each([
    ['', '.'],
    ['  ', '.'],
    ['./cmd/server', './cmd/server'],
    [' example.com/app/cmd/x ', 'example.com/app/cmd/x'],
    ['./-odd', './-odd'],
    ['./...', './...']
  ])('%j → %s', (value, arg) => {
    expect(goPackageArg(value)).toBe(arg)
  })

  test.each([
    ['-toolexec=/tmp/x', 'cannot start with `-`'],
    [' -o=/etc/passwd', 'cannot start with `-`'],
    ['--', 'cannot start with `-`'],
    ['./a\n-toolexec=x', 'line break']
  ])('%j is refused, naming the input', (value, why) => {
    expect(() => goPackageArg(value)).toThrow(UserError)
    expect(() => goPackageArg(value)).toThrow('Input `package`')
    expect(() => goPackageArg(value)).toThrow(why)
  })

  test('goBuild refuses it before making any argv', () => {
    expect(() => goBuild({ ...base, goPackage: '-toolexec=x' })).toThrow('Input `package`')
  })
})

describe('goLdflags', () => {
  test.each([
    ['', false, '-s -w'],
    ['   ', false, '-s -w'],
    ['-X main.version=1.0 ', false, '-s -w -X main.version=1.0'],
    ['-s -w', false, '-s -w -s -w'],
    ['', true, '-s -w -linkmode external -extldflags -static']
  ])('%j (cgo %s) → %j', (user, cgo, ldflags) => {
    expect(goLdflags(user, cgo)).toBe(ldflags)
  })
})

describe('goTags', () => {
  test.each([
    [[], 'netgo,osusergo'],
    [['netgo'], 'netgo,osusergo'],
    [['timetzdata', 'netgo', 'timetzdata'], 'netgo,osusergo,timetzdata'],
    [['a,b', ' c '], 'netgo,osusergo,a,b,c'],
    [['a b'], 'netgo,osusergo,a,b'],
    [['osusergo,x\ny'], 'netgo,osusergo,x,y']
  ])('%j → %s', (user, tags) => {
    expect(goTags(user)).toBe(tags)
  })
})

describe('goVersion', () => {
  test.each([
    ['go version go1.23.5 linux/amd64\n', 'go1.23.5'],
    ['go version go1.24rc1 darwin/arm64', 'go1.24rc1'],
    ['go version devel go1.25-abc linux/amd64', 'devel go1.25-abc'],
    ['something else', 'something else']
  ])('%j → %s', (output, version) => {
    expect(goVersion(output)).toBe(version)
  })
})
