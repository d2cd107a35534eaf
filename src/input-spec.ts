/**
 * Every input the action takes, once. action.yml, the terminal's flags and
 * the README table are checked against this list by a test, so a new input
 * cannot be half-added.
 */
export interface InputSpec {
  readonly name: string
  /** The default as the user would type it; '' means "not set". */
  readonly default: string
  readonly description: string
  /** Never printed, and masked in logs. */
  readonly secret?: boolean
}

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'language',
    default: 'auto',
    description: '`go`, `c`, or `auto` (a `go.mod` in `working-directory` means Go, else `*.c` files mean C).'
  },
  {
    name: 'working-directory',
    default: '.',
    description: 'The Go module or C project root, relative to the workspace.'
  },
  {
    name: 'package',
    default: '.',
    description: 'Go package to build, e.g. `./cmd/server`.'
  },
  {
    name: 'sources',
    default: '*.c',
    description:
      'C sources compiled into one binary: globs relative to `working-directory`, newline- or comma-separated; `**` matches folders.'
  },
  {
    name: 'build-command',
    default: '',
    description:
      'A custom build, e.g. `make`, run without a shell in `working-directory` with `CC`, `CFLAGS`, `LDFLAGS` set for a static linux/amd64 build. `binary` names its result.'
  },
  {
    name: 'binary',
    default: '',
    description:
      'Path of the binary to ship, relative to `working-directory`. Without `build-command` it is a prebuilt binary: compiling is skipped, the verdict still runs.'
  },
  {
    name: 'go-ldflags',
    default: '-s -w',
    description: 'Go linker flags. Yours are added to `-s -w`, not put in their place.'
  },
  {
    name: 'go-tags',
    default: 'netgo,osusergo',
    description: 'Go build tags, added to `netgo,osusergo` (pure-Go DNS and user lookups).'
  },
  {
    name: 'cgo',
    default: 'false',
    description: '`true` builds Go with cgo, linked statically against musl (`musl-gcc`).'
  },
  {
    name: 'cflags',
    default: '-Os',
    description: 'C compiler flags, added to `-Os -static -s` (a later `-O` wins).'
  },
  {
    name: 'cc',
    default: '',
    description:
      'C compiler to use. Empty picks one: `musl-gcc`, then `gcc -static` on x86-64; a musl or x86_64 cross compiler elsewhere.'
  }
]

export function inputSpec(name: string): InputSpec {
  const spec = INPUTS.find((input) => input.name === name)
  if (!spec) throw new Error(`unknown input ${name}`)
  return spec
}

export interface OutputSpec {
  readonly name: string
  readonly description: string
}

export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'binary', description: 'Absolute path of the verified binary.' },
  { name: 'binary-size', description: 'Size of the binary in bytes.' },
  {
    name: 'linkage',
    description:
      '`static` or `static-pie` when it runs in scratch; otherwise `dynamic`, `shared-library`, `wrong-architecture`, `not-elf` or `malformed`.'
  },
  {
    name: 'go-version',
    description: 'The Go version recorded in the binary (e.g. `go1.23.5`); empty for C.'
  }
]
