import type { Annotation } from '../ground/annotation.js'
import type { Platform } from '../ground/platform.js'

export type { Annotation }

/** What the compile stage needs from the action inputs; filled and validated by inputs.ts. */
export interface CompileSettings {
  /** `go`, `c`, or `auto`: go.mod in `workingDirectory` → go, else any file matching `sources` → c. */
  readonly language: 'auto' | 'go' | 'c'
  /** Module / project root, relative to `workspace` (or absolute). Compilers run here. */
  readonly workingDirectory: string
  /** Go package to build, relative to `workingDirectory`, e.g. `./cmd/server`. */
  readonly goPackage: string
  /** Extra Go linker flags, added after our `-s -w` (never replacing them), e.g. `-X main.version=1.2.3`. */
  readonly goLdflags: string
  /** Extra Go build tags, added to `netgo,osusergo` and deduplicated; entries may be comma-separated. */
  readonly goTags: readonly string[]
  /** Build Go with cgo, linked statically against musl. */
  readonly cgo: boolean
  /** C source globs relative to `workingDirectory` (`*`, `?`, `**`, `[…]`, `!` excludes); entries may be newline- or comma-separated. */
  readonly sources: readonly string[]
  /** A custom build (e.g. `make`), split into words without a shell; empty when not used. */
  readonly buildCommand: string
  /** The binary to use, relative to `workingDirectory`: the result of `buildCommand`, or a prebuilt binary when there is no `buildCommand`. Empty when not used. */
  readonly binary: string
  /** Extra C compiler flags, added after `-Os -static -s`; words, quotes allowed. */
  readonly cflags: string
  /** The C compiler command (e.g. `musl-gcc`, `zig cc -target x86_64-linux-musl`); empty → choose one. */
  readonly cc: string
  /** How long build-command, go build or the C compiler may run (`build-timeout`); default 30 minutes. */
  readonly buildTimeoutMs?: number
  /** Where compiled binaries are written, relative to `workspace` (or absolute); created when missing. */
  readonly outputDir: string
  /** The repository root (GITHUB_WORKSPACE); annotation paths are made relative to it. */
  readonly workspace: string
  /** Where short-lived work folders go (the kernel header links); default the system temp folder. */
  readonly tempDir?: string
  /**
   * A folder the terminal keeps between runs, where plain `go build` (not cgo,
   * not build-command) writes its output so that go skips the link when nothing
   * changed; the binary is then linked or copied into `outputDir`. Null or
   * absent (the action): go writes straight into `outputDir`.
   */
  readonly goOutputCache?: string | null
  /** What the binary is built for: GOOS/GOARCH, the C compiler's target. */
  readonly platform: Platform
  /**
   * How many platforms the build compiles for, this one among them (default 1).
   * With more, a prebuilt `binary` must name a file per platform
   * (`${PLATFORM_ARCH}`), and a build-command's result that does not is copied
   * into `outputDir` before the next platform's build overwrites it.
   */
  readonly platformCount?: number
}

export interface CompileResult {
  /** Absolute path of the binary to verify and package. */
  readonly binaryPath: string
  readonly language: 'go' | 'c' | 'prebuilt'
  /** What built it, e.g. `go1.23.5`, `musl-gcc (gcc 12.2.0)`; `prebuilt` when nothing did. */
  readonly toolchain: string
  /** Every warning already passed to `log.warning`, for the report. */
  readonly warnings: readonly string[]
  /** Every annotation already passed to `log.annotate` (compiler warnings on a successful build). */
  readonly annotations: readonly Annotation[]
  /** The Go package that was found rather than given (`./cmd/server`, the one main package). */
  readonly discovered?: string
}

/** Where the compile stage reports progress; main.ts maps it onto @actions/core, cli.ts onto stderr. */
export interface CompileLog {
  info(message: string): void
  warning(message: string): void
  annotate(annotation: Annotation): void
}

/** The machine we compile on; decides which cross compilers make sense. */
export interface Host {
  /** `process.platform`, e.g. `linux`, `darwin`. */
  readonly platform: string
  /** `process.arch`, e.g. `x64`, `arm64`. */
  readonly arch: string
}
