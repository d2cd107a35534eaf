import {
  cBuildEnv,
  cCompileArgs,
  chooseCompiler,
  compilerCandidates,
  describeCompiler,
  crossPackages,
  installHint,
  sourceArg
} from '../../src/compile/c.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { UserError } from '../../src/ground/errors.js'

const linuxX64 = { platform: 'linux', arch: 'x64' }
const linuxArm = { platform: 'linux', arch: 'arm64' }
const macArm = { platform: 'darwin', arch: 'arm64' }
const macX64 = { platform: 'darwin', arch: 'x64' }

describe('chooseCompiler', () => {
  test.each([
    ['linux x64, everything', linuxX64, ['musl-gcc', 'gcc'], false, ['musl-gcc'], false],
    ['linux x64, gcc only', linuxX64, ['gcc'], false, ['gcc', '-static'], true],
    [
      'linux x64, cross tools ignored',
      linuxX64,
      ['zig', 'x86_64-linux-musl-gcc'],
      false,
      null,
      false
    ],
    ['linux x64, cgo refuses glibc', linuxX64, ['gcc'], true, null, false],
    ['linux x64, nothing', linuxX64, [], false, null, false],
    [
      'linux arm64, all cross compilers',
      linuxArm,
      ['x86_64-linux-musl-gcc', 'zig', 'x86_64-linux-gnu-gcc', 'gcc', 'musl-gcc'],
      false,
      ['x86_64-linux-musl-gcc'],
      false
    ],
    [
      'linux arm64, zig',
      linuxArm,
      ['zig', 'x86_64-linux-gnu-gcc'],
      false,
      ['zig', 'cc', '-target', 'x86_64-linux-musl'],
      false
    ],
    [
      'linux arm64, gnu cross only',
      linuxArm,
      ['x86_64-linux-gnu-gcc', 'gcc'],
      false,
      ['x86_64-linux-gnu-gcc', '-static'],
      true
    ],
    [
      'linux arm64, native gcc is the wrong arch',
      linuxArm,
      ['gcc', 'musl-gcc'],
      false,
      null,
      false
    ],
    [
      'macOS x64, host gcc makes Mach-O',
      macX64,
      ['gcc', 'zig'],
      false,
      ['zig', 'cc', '-target', 'x86_64-linux-musl'],
      false
    ],
    [
      'macOS arm64, cgo with zig',
      macArm,
      ['zig'],
      true,
      ['zig', 'cc', '-target', 'x86_64-linux-musl'],
      false
    ],
    ['macOS arm64, cgo refuses gnu cross', macArm, ['x86_64-linux-gnu-gcc'], true, null, false]
  ])('%s', (_name, host, available, muslOnly, command, glibc) => {
    const chosen = chooseCompiler(host, new Set(available), muslOnly)
    expect(chosen?.command ?? null).toEqual(command)
    if (chosen) expect(chosen.glibc).toBe(glibc)
  })

  test('candidates are tried in the documented order', () => {
    expect(compilerCandidates(linuxX64).map((c) => c.command.join(' '))).toEqual([
      'musl-gcc',
      'gcc -static'
    ])
    expect(compilerCandidates(linuxArm).map((c) => c.command.join(' '))).toEqual([
      'x86_64-linux-musl-gcc',
      'zig cc -target x86_64-linux-musl',
      'x86_64-linux-gnu-gcc -static'
    ])
  })
})

describe('cCompileArgs', () => {
  test.each([
    [
      'defaults',
      ['musl-gcc'],
      [],
      ['hello.c'],
      ['musl-gcc', '-Os', '-static', '-s', '-o', '/out/app', './hello.c']
    ],
    [
      'names that look like flags stay file names',
      ['musl-gcc'],
      [],
      ['-name.c', 'src/-x.c', './a.c', '/abs/b.c'],
      [
        'musl-gcc',
        '-Os',
        '-static',
        '-s',
        '-o',
        '/out/app',
        './-name.c',
        './src/-x.c',
        './a.c',
        '/abs/b.c'
      ]
    ],
    [
      'user cflags after ours so they win; libraries after the sources',
      ['gcc', '-static'],
      ['-O2', '-lm', '-Iinclude', '-lpthread'],
      ['a.c', 'src/b.c'],
      [
        'gcc',
        '-static',
        '-Os',
        '-static',
        '-s',
        '-O2',
        '-Iinclude',
        '-o',
        '/out/app',
        './a.c',
        './src/b.c',
        '-lm',
        '-lpthread'
      ]
    ],
    [
      'zig',
      ['zig', 'cc', '-target', 'x86_64-linux-musl'],
      ['-DX=1'],
      ['main.c'],
      [
        'zig',
        'cc',
        '-target',
        'x86_64-linux-musl',
        '-Os',
        '-static',
        '-s',
        '-DX=1',
        '-o',
        '/out/app',
        './main.c'
      ]
    ],
    [
      'the arm64 musl cross wrapper, with kernel headers',
      ['aarch64-linux-musl-gcc', '-idirafter', '/tmp/k'],
      ['-lm'],
      ['hello.c'],
      [
        'aarch64-linux-musl-gcc',
        '-idirafter',
        '/tmp/k',
        '-Os',
        '-static',
        '-s',
        '-o',
        '/out/app',
        './hello.c',
        '-lm'
      ]
    ]
  ])('%s', (_name, compiler, cflags, sources, argv) => {
    expect(cCompileArgs(compiler, cflags, sources, '/out/app')).toEqual(argv)
  })
})

describe('sourceArg', () => {
  test.each([
    ['main.c', './main.c'],
    ['-name.c', './-name.c'],
    ['src/--help.c', './src/--help.c'],
    ['./a.c', './a.c'],
    ['/abs/-b.c', '/abs/-b.c']
  ])('%s → %s', (path, arg) => {
    expect(sourceArg(path)).toBe(arg)
  })

  test.each(['@r.c', 'src/@r.c', './@x.c', '/abs/@y.c'])(
    '%s is refused: gcc hands the base name to cc1, which reads `@name` as options',
    (path) => {
      expect(() => sourceArg(path)).toThrow(UserError)
      expect(() => sourceArg(path)).toThrow(`C source \`${path}\` starts with \`@\``)
    }
  )
})

describe('cBuildEnv', () => {
  test.each([
    [['musl-gcc'], [], { CC: 'musl-gcc', CFLAGS: '-Os -static -s', LDFLAGS: '-static -s' }],
    [
      ['zig', 'cc', '-target', 'x86_64-linux-musl'],
      ['-O2', '-DNAME="x y"'],
      {
        CC: 'zig cc -target x86_64-linux-musl',
        CFLAGS: `-Os -static -s -O2 '-DNAME="x y"'`,
        LDFLAGS: '-static -s'
      }
    ]
  ])('%j %j', (compiler, cflags, env) => {
    expect(cBuildEnv(compiler, cflags)).toEqual(env)
  })
})

describe('describeCompiler', () => {
  test.each([
    [
      'musl-gcc',
      'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright …',
      'musl-gcc (gcc 12.2.0)'
    ],
    ['gcc', 'gcc (Ubuntu 13.2.0-23ubuntu4) 13.2.0\n', 'gcc (gcc 13.2.0)'],
    [
      'x86_64-linux-musl-gcc',
      'x86_64-linux-musl-gcc (GCC) 9.2.0',
      'x86_64-linux-musl-gcc (gcc 9.2.0)'
    ],
    ['zig cc', '0.13.0\n', 'zig cc (zig 0.13.0)'],
    ['cc', 'Apple clang version 15.0.0 (clang-1500.3.9.4)', 'cc (clang 15.0.0)'],
    ['tcc', 'tcc version 0.9.27 (x86_64 Linux)', 'tcc (tcc version 0.9.27 (x86_64 Linux))'],
    ['odd', '', 'odd']
  ])('%s: %j → %s', (name, output, described) => {
    expect(describeCompiler(name, output)).toBe(described)
  })
})

describe('arm64 from an x86-64 host', () => {
  test('candidates: the musl wrapper, zig, static glibc; cgo only the first two', () => {
    expect(
      compilerCandidates(linuxX64, false, LINUX_ARM64).map((c) => [
        c.command.join(' '),
        c.muslWrapper
      ])
    ).toEqual([
      ['aarch64-linux-musl-gcc', true],
      ['zig cc -target aarch64-linux-musl', false],
      ['aarch64-linux-gnu-gcc -static', false]
    ])
    expect(compilerCandidates(linuxX64, true, LINUX_ARM64).map((c) => c.program)).toEqual([
      'aarch64-linux-musl-gcc',
      'zig'
    ])
  })

  test.each([
    [['musl-gcc', 'gcc', 'aarch64-linux-musl-gcc'], ['aarch64-linux-musl-gcc']],
    [['musl-gcc', 'gcc'], null],
    [['aarch64-linux-gnu-gcc'], ['aarch64-linux-gnu-gcc', '-static']]
  ])('available %j → %j (the host’s own gcc makes x86-64)', (available, command) => {
    expect(
      chooseCompiler(linuxX64, new Set(available), false, LINUX_ARM64)?.command ?? null
    ).toEqual(command)
  })

  test('on an arm64 host, arm64 is native: musl-gcc', () => {
    expect(compilerCandidates(linuxArm, false, LINUX_ARM64).map((c) => c.program)).toEqual([
      'musl-gcc',
      'gcc'
    ])
  })

  test('the packages: the gnu cross gcc and musl-dev of the target architecture', () => {
    expect(crossPackages(LINUX_ARM64)).toEqual(['gcc-aarch64-linux-gnu', 'musl-dev:arm64'])
    expect(crossPackages(LINUX_AMD64)).toEqual(['gcc-x86-64-linux-gnu', 'musl-dev:amd64'])
  })

  test('the hint says how on Debian and on Ubuntu (ports.ubuntu.com)', () => {
    const hint = installHint(linuxX64, LINUX_ARM64)
    expect(hint).toContain('`aarch64-linux-musl-gcc`')
    expect(hint).toContain(
      'Debian: `sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install gcc-aarch64-linux-gnu musl-dev:arm64`'
    )
    expect(hint).toContain('Ubuntu (ubuntu-latest)')
    expect(hint).toContain('http://ports.ubuntu.com/ubuntu-ports')
    expect(hint).toContain('`Architectures: amd64`')
    expect(installHint(linuxArm, LINUX_AMD64)).toContain('http://archive.ubuntu.com/ubuntu')
    expect(installHint(linuxArm, LINUX_AMD64)).toContain('`Architectures: arm64`')
  })
})

describe('installHint', () => {
  test.each([
    [linuxX64, 'sudo apt-get install musl-tools'],
    [linuxArm, 'sudo apt-get install gcc-x86-64-linux-gnu'],
    [macArm, 'brew install zig']
  ])('%j names %s', (host, what) => {
    expect(installHint(host)).toContain(what)
  })
})
