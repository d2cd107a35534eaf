import { goEnv, type Platform } from '../ground/platform.js'
import { UserError } from '../ground/errors.js'
import { splitList } from '../ground/words.js'

/** The Go part of the settings, already resolved to what `go build` needs. */
export interface GoBuildInput {
  /** Package to build, relative to the module root where `go build` runs. */
  readonly goPackage: string
  readonly goLdflags: string
  readonly goTags: readonly string[]
  readonly cgo: boolean
  /** Absolute output path for `-o`. */
  readonly output: string
  /** GOOS and GOARCH come from it. */
  readonly platform: Platform
  /** The C compiler command for cgo, e.g. `musl-gcc`; ignored without cgo. */
  readonly cc?: string
}

export interface GoBuild {
  /** Arguments after `go`. */
  readonly args: string[]
  /** Added to the environment of `go build`. */
  readonly env: Record<string, string>
}

// netgo and osusergo keep DNS and user lookups in pure Go, so even a cgo
// build never reaches for glibc's NSS modules, which scratch does not have.
const DEFAULT_TAGS = ['netgo', 'osusergo']

/** The `-ldflags` value: ours first so user flags are added to `-s -w`, and win where they repeat one. */
export function goLdflags(userLdflags: string, cgo: boolean): string {
  const ours = ['-s', '-w']
  // cgo links through the C toolchain; only an external static link keeps libc out of PT_INTERP.
  if (cgo) ours.push('-linkmode', 'external', '-extldflags', '-static')
  const user = userLdflags.trim()
  return user === '' ? ours.join(' ') : `${ours.join(' ')} ${user}`
}

/** `netgo,osusergo` plus the user's tags, in order, without repeats. */
export function goTags(userTags: readonly string[]): string {
  const words = splitList(userTags).flatMap((entry) => entry.split(/\s+/))
  return [...new Set([...DEFAULT_TAGS, ...words.filter((w) => w !== '')])].join(',')
}

/**
 * The package argument of `go build`: `.` when blank. Go reads a word that
 * starts with `-` as a flag wherever it stands, and flags such as
 * `-toolexec` run programs, so such a value is refused, not passed on.
 */
export function goPackageArg(value: string): string {
  const goPackage = value.trim()
  if (goPackage === '') return '.'
  if (goPackage.startsWith('-')) {
    throw new UserError(
      `Input \`package\` is "${goPackage}", but a Go package cannot start with \`-\`: go would read it as a flag.`,
      [
        'Give a package path such as `./cmd/server` or `example.com/app/cmd/server`; a folder named `-x` is `./-x`.'
      ]
    )
  }
  if ([...goPackage].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    throw new UserError(
      `Input \`package\` is ${JSON.stringify(goPackage)}, which holds a line break or another control character.`
    )
  }
  return goPackage
}

/** argv and environment for a static `go build` for the platform. */
export function goBuild(input: GoBuildInput): GoBuild {
  const env: Record<string, string> = {
    CGO_ENABLED: input.cgo ? '1' : '0',
    ...goEnv(input.platform)
  }
  if (input.cgo && input.cc) env.CC = input.cc
  const args = [
    'build',
    '-trimpath',
    '-ldflags',
    goLdflags(input.goLdflags, input.cgo),
    '-tags',
    goTags(input.goTags),
    '-o',
    input.output,
    goPackageArg(input.goPackage)
  ]
  return { args, env }
}

/** `go1.23.5` from `go version go1.23.5 linux/amd64`; the whole line when it looks different. */
export function goVersion(output: string): string {
  const line = output.trim().split('\n')[0] ?? ''
  return /^go version ((?:devel )?\S+)/.exec(line)?.[1] ?? line
}
