import { describe, expect, it } from '@jest/globals'
import { adviceFor, type AdviceFacts, type Language } from '../../src/elf/advice.js'
import type { GoBuildInfo, Linkage, Verdict } from '../../src/elf/types.js'
import { LINUX_ARM64 } from '../../src/ground/platform.js'

const GLIBC = '/lib64/ld-linux-x86-64.so.2'
const MUSL = '/lib/ld-musl-x86_64.so.1'

function verdict(
  linkage: Linkage,
  interpreter: string | null = null,
  needed: string[] = []
): Verdict {
  const accepted = linkage === 'static' || linkage === 'static-pie'
  return { linkage, accepted, summary: `${linkage} (test)`, interpreter, needed }
}

function go(settings: Record<string, string>): GoBuildInfo {
  return { version: 'go1.23.5', path: 'example.com/x', settings: { GOARCH: 'amd64', ...settings } }
}

describe('adviceFor', () => {
  it.each<[string, AdviceFacts, Language | null, RegExp]>([
    ['static', { verdict: verdict('static'), go: null }, 'c', /^nothing to fix/],
    ['static-pie', { verdict: verdict('static-pie'), go: go({}) }, null, /^nothing to fix/],
    [
      'Go with cgo, dynamic',
      { verdict: verdict('dynamic', GLIBC, ['libc.so.6']), go: go({ CGO_ENABLED: '1' }) },
      null,
      /^built with cgo.*`cgo: false`.*musl with `cgo: true`$/
    ],
    [
      'Go -buildmode=pie without cgo',
      {
        verdict: verdict('dynamic', GLIBC),
        go: go({ CGO_ENABLED: '0', '-buildmode': 'pie' })
      },
      null,
      /^`-buildmode=pie`.*drop `-buildmode=pie`.*CGO_ENABLED=1.*-extldflags=-static-pie/
    ],
    [
      'Go -buildmode=pie with cgo: both fixes',
      {
        verdict: verdict('dynamic', GLIBC, ['libc.so.6']),
        go: go({ CGO_ENABLED: '1', '-buildmode': 'pie' })
      },
      null,
      /^`-buildmode=pie`.*; built with cgo/
    ],
    [
      'Go -linkshared',
      {
        verdict: verdict('dynamic', GLIBC, ['libstd.so']),
        go: go({ CGO_ENABLED: '0', '-linkshared': 'true' })
      },
      null,
      /^`-linkshared`/
    ],
    [
      'Go, cause unknown: names the loader',
      { verdict: verdict('dynamic', GLIBC), go: go({ CGO_ENABLED: '0' }) },
      null,
      /asks for \/lib64\/ld-linux-x86-64\.so\.2: build with `CGO_ENABLED=0`/
    ],
    [
      'Go too old to read: the note makes it Go',
      { verdict: verdict('dynamic', GLIBC, ['libc.so.6']), go: null, goNote: 'old' },
      'c',
      /CGO_ENABLED=0/
    ],
    [
      'C against glibc',
      { verdict: verdict('dynamic', GLIBC, ['libc.so.6']), go: null },
      'c',
      /^link statically: `musl-gcc -static`.*or `gcc -static`$/
    ],
    [
      'C against musl',
      { verdict: verdict('dynamic', MUSL, ['libc.so']), go: null },
      'c',
      /^add `-static` to the link \(`musl-gcc -static`\)$/
    ],
    [
      'C with other libraries: names their archives',
      { verdict: verdict('dynamic', GLIBC, ['libssl.so.3', 'libm.so.6', 'libc.so.6']), go: null },
      'c',
      /libssl\.so\.3 must then be linked from static archives \(libssl\.a\)$/
    ],
    [
      'dynamic, language unknown',
      { verdict: verdict('dynamic', GLIBC, ['libc.so.6']), go: null },
      null,
      /for Go, `CGO_ENABLED=0`.*for C, `musl-gcc -static`/
    ],
    [
      'Go wrong architecture (hint)',
      { verdict: verdict('wrong-architecture'), go: null },
      'go',
      /^build with `GOOS=linux GOARCH=amd64`$/
    ],
    [
      'C wrong architecture',
      { verdict: verdict('wrong-architecture'), go: null },
      'c',
      /x86_64-linux-musl-gcc -static.*gcc-x86-64-linux-gnu musl-dev:amd64/
    ],
    [
      'wrong architecture, language unknown',
      { verdict: verdict('wrong-architecture'), go: null },
      null,
      /for Go, .*GOARCH=amd64.*for C, /
    ],
    [
      'Go c-shared',
      { verdict: verdict('shared-library'), go: go({ '-buildmode': 'c-shared' }) },
      null,
      /shared library.*`-buildmode=c-shared`.*`package main`/
    ],
    ['C shared library', { verdict: verdict('shared-library'), go: null }, 'c', /drop `-shared`/],
    ['not ELF', { verdict: verdict('not-elf'), go: null }, null, /point `binary` at the compiled/],
    ['malformed', { verdict: verdict('malformed'), go: null }, 'c', /truncated or damaged/]
  ])('%s', (_label, facts, language, expected) => {
    expect(adviceFor(facts, language)).toMatch(expected)
  })

  describe('for linux/arm64', () => {
    const ARM_GLIBC = '/lib/ld-linux-aarch64.so.1'
    const ARM_MUSL = '/lib/ld-musl-aarch64.so.1'
    it.each<[string, AdviceFacts, Language | null, RegExp, RegExp | null]>([
      [
        'an amd64 Go binary given for linux/arm64',
        { verdict: verdict('wrong-architecture'), go: null },
        'go',
        /^build with `GOOS=linux GOARCH=arm64`$/,
        null
      ],
      [
        'an amd64 C binary given for linux/arm64',
        { verdict: verdict('wrong-architecture'), go: null },
        'c',
        /AArch64 Linux: `musl-gcc -static` on an AArch64 host, or elsewhere the cross compiler `aarch64-linux-musl-gcc -static` \(Debian\/Ubuntu: `dpkg --add-architecture arm64`, on Ubuntu an apt source with arm64 packages, then `apt-get install gcc-aarch64-linux-gnu musl-dev:arm64`\)$/,
        /x86|amd64/
      ],
      [
        'a dynamic glibc C binary',
        { verdict: verdict('dynamic', ARM_GLIBC, ['libc.so.6']), go: null },
        'c',
        /^link statically: `aarch64-linux-musl-gcc -static`.*`aarch64-linux-gnu-gcc -static`$/,
        /x86|amd64|`musl-gcc/
      ],
      [
        'a dynamic musl C binary',
        { verdict: verdict('dynamic', ARM_MUSL, ['libc.so']), go: null },
        'c',
        /^add `-static` to the link \(`aarch64-linux-musl-gcc -static`\)$/,
        null
      ],
      [
        'a Go binary built with cgo against glibc',
        {
          verdict: verdict('dynamic', ARM_GLIBC, ['libc.so.6']),
          go: go({ CGO_ENABLED: '1', GOARCH: 'arm64' })
        },
        null,
        /^built with cgo.*musl with `cgo: true`$/,
        null
      ]
    ])('%s', (_label, facts, language, expected, never) => {
      const line = adviceFor(facts, language, LINUX_ARM64)
      expect(line).toMatch(expected)
      if (never) expect(line).not.toMatch(never)
    })
  })

  it('never says -linkmode=internal fixes PIE (it does not in Go 1.23)', () => {
    const line = adviceFor({ verdict: verdict('dynamic', GLIBC), go: go({ '-buildmode': 'pie' }) })
    expect(line).not.toMatch(/-ldflags[= ]"?-linkmode=internal/)
  })
})
