import {
  binaryFor,
  buildCommandEnv,
  checkPrebuiltPerPlatform,
  namesPlatformArch,
  platformVars
} from '../../src/compile/platform-env.js'
import { UserError } from '../../src/ground/errors.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'

describe('platformVars', () => {
  test.each([
    [
      LINUX_AMD64,
      { GOOS: 'linux', GOARCH: 'amd64', TARGET: 'x86_64-linux-musl', PLATFORM_ARCH: 'amd64' }
    ],
    [
      LINUX_ARM64,
      { GOOS: 'linux', GOARCH: 'arm64', TARGET: 'aarch64-linux-musl', PLATFORM_ARCH: 'arm64' }
    ]
  ])('%j', (platform, vars) => {
    expect(platformVars(platform)).toEqual(vars)
  })
})

describe('buildCommandEnv', () => {
  test.each([
    [
      'Go without cgo: no C compiler',
      LINUX_ARM64,
      false,
      null,
      {
        GOOS: 'linux',
        GOARCH: 'arm64',
        TARGET: 'aarch64-linux-musl',
        PLATFORM_ARCH: 'arm64',
        CGO_ENABLED: '0'
      }
    ],
    [
      'C for arm64: the cross compiler in CC',
      LINUX_ARM64,
      false,
      { CC: 'aarch64-linux-musl-gcc', CFLAGS: '-Os -static -s', LDFLAGS: '-static -s' },
      {
        GOOS: 'linux',
        GOARCH: 'arm64',
        TARGET: 'aarch64-linux-musl',
        PLATFORM_ARCH: 'arm64',
        CGO_ENABLED: '0',
        CC: 'aarch64-linux-musl-gcc',
        CFLAGS: '-Os -static -s',
        LDFLAGS: '-static -s'
      }
    ],
    [
      'Go with cgo for amd64',
      LINUX_AMD64,
      true,
      { CC: 'musl-gcc', CFLAGS: '-Os -static -s', LDFLAGS: '-static -s' },
      {
        GOOS: 'linux',
        GOARCH: 'amd64',
        TARGET: 'x86_64-linux-musl',
        PLATFORM_ARCH: 'amd64',
        CGO_ENABLED: '1',
        CC: 'musl-gcc',
        CFLAGS: '-Os -static -s',
        LDFLAGS: '-static -s'
      }
    ]
  ])('%s', (_name, platform, cgo, compilerEnv, env) => {
    expect(buildCommandEnv(platform, cgo, compilerEnv)).toEqual(env)
  })
})

describe('binaryFor', () => {
  test.each([
    ['dist/app-${PLATFORM_ARCH}', LINUX_ARM64, 'dist/app-arm64'],
    ['dist/app-${PLATFORM_ARCH}', LINUX_AMD64, 'dist/app-amd64'],
    ['out/$PLATFORM_ARCH/app', LINUX_ARM64, 'out/arm64/app'],
    ['${PLATFORM_ARCH}/app-${PLATFORM_ARCH}', LINUX_ARM64, 'arm64/app-arm64'],
    ['app', LINUX_ARM64, 'app'],
    // Only the one name: a path is never expanded by a shell.
    ['$PLATFORM_ARCHIVE/app', LINUX_ARM64, '$PLATFORM_ARCHIVE/app'],
    ['$HOME/app-${GOARCH}', LINUX_ARM64, '$HOME/app-${GOARCH}']
  ])('%s for %j → %s', (binary, platform, path) => {
    expect(binaryFor(binary, platform)).toBe(path)
    expect(namesPlatformArch(binary)).toBe(path !== binary)
  })
})

describe('checkPrebuiltPerPlatform', () => {
  test.each([
    ['app', 1],
    ['dist/app-${PLATFORM_ARCH}', 2],
    ['dist/$PLATFORM_ARCH/app', 2]
  ])('%s with %d platform(s) is fine', (binary, count) => {
    expect(() => checkPrebuiltPerPlatform(binary, LINUX_ARM64, count)).not.toThrow()
  })

  test('one prebuilt file for two platforms is refused, saying how to name one per platform', () => {
    let error: unknown
    try {
      checkPrebuiltPerPlatform('dist/app', LINUX_ARM64, 2)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe(
      '`binary` is `dist/app`, one prebuilt file, but `platforms` asks for 2 platforms, and one file is a program for one of them only (this one is linux/arm64).'
    )
    expect((error as UserError).details).toEqual([
      'Name a file per platform with `${PLATFORM_ARCH}`, e.g. `binary: dist/app-${PLATFORM_ARCH}`, which is `dist/app-arm64` here.'
    ])
  })
})
