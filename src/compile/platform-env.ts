import { UserError } from '../ground/errors.js'
import { goEnv, gnuTriple, platformName, type Platform } from '../ground/platform.js'

/**
 * What a build for one platform is told about it, by name, so that a
 * `build-command` (and a `cc` or `binary` that names them) can do one
 * platform's build without knowing which: `GOOS`/`GOARCH` for go,
 * `TARGET` the GNU triple a musl cross compiler has in its name (`zig cc
 * -target $TARGET`, `$TARGET-gcc`), `PLATFORM_ARCH` the architecture as
 * images and file names write it. Pure.
 */
export function platformVars(platform: Platform): Record<string, string> {
  return {
    ...goEnv(platform),
    TARGET: gnuTriple(platform, 'musl'),
    PLATFORM_ARCH: platform.architecture
  }
}

/**
 * The environment a `build-command` gets for `platform`, before the C
 * compiler's CC/CFLAGS/LDFLAGS (`compilerEnv`, when a C compiler is wanted)
 * are added: a Go project's Makefile calls `go build`, which reads GOOS,
 * GOARCH and CGO_ENABLED; a C build reads CC and ignores the rest. Pure.
 */
export function buildCommandEnv(
  platform: Platform,
  cgo: boolean,
  compilerEnv: Readonly<Record<string, string>> | null
): Record<string, string> {
  return {
    ...platformVars(platform),
    CGO_ENABLED: cgo ? '1' : '0',
    ...(compilerEnv ?? {})
  }
}

const PLATFORM_ARCH = /\$\{PLATFORM_ARCH\}|\$PLATFORM_ARCH(?![A-Za-z0-9_])/g

/** Whether `binary` names a file per platform (`dist/app-${PLATFORM_ARCH}`). */
export function namesPlatformArch(text: string): boolean {
  return new RegExp(PLATFORM_ARCH.source).test(text)
}

/**
 * The `binary` input for one platform: `${PLATFORM_ARCH}` (or
 * `$PLATFORM_ARCH`) replaced by its architecture, `arm64` in
 * `dist/app-${PLATFORM_ARCH}`. Any other `$` stays as written: `binary` is a
 * path, never expanded by a shell. Pure.
 */
export function binaryFor(binary: string, platform: Platform): string {
  return binary.replace(PLATFORM_ARCH, platform.architecture)
}

/**
 * With several platforms, one prebuilt `binary` cannot be all of them: it
 * must name a file per platform. Throws the UserError that says how. Pure.
 */
export function checkPrebuiltPerPlatform(
  binary: string,
  platform: Platform,
  platformCount: number
): void {
  if (platformCount <= 1 || namesPlatformArch(binary)) return
  throw new UserError(
    `\`binary\` is \`${binary}\`, one prebuilt file, but \`platforms\` asks for ${platformCount} platforms, ` +
      `and one file is a program for one of them only (this one is ${platformName(platform)}).`,
    [
      'Name a file per platform with `${PLATFORM_ARCH}`, e.g. `binary: dist/app-${PLATFORM_ARCH}`, ' +
        `which is \`dist/app-${platform.architecture}\` here.`
    ]
  )
}
