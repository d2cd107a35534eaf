import { basename, isAbsolute } from 'node:path'
import { UserError } from '../ground/errors.js'
import {
  DEFAULT_PLATFORM,
  LINUX_ARM64,
  debianArch,
  debianCrossPackage,
  gnuTriple,
  hostIs,
  hostPlatform,
  platformName,
  type Platform
} from '../ground/platform.js'
import type { Host } from './types.js'
import { showCommand } from '../ground/words.js'

/** One way to get a static C binary for the platform on some host. */
export interface CompilerCandidate {
  /** The program looked up on PATH. */
  readonly program: string
  /** The full compiler command: program and fixed leading arguments. */
  readonly command: readonly string[]
  /** Arguments that print the version (and tell us the program exists). */
  readonly versionArgs: readonly string[]
  /** Links glibc statically, which still loads NSS modules at run time. */
  readonly glibc: boolean
  /**
   * A musl wrapper (`-specs` with `-nostdinc`): it sees only musl's headers, so
   * the kernel's (linux-libc-dev) are added with `-idirafter`.
   */
  readonly muslWrapper: boolean
}

const MUSL_GCC: CompilerCandidate = {
  program: 'musl-gcc',
  command: ['musl-gcc'],
  versionArgs: ['--version'],
  glibc: false,
  muslWrapper: true
}
const GCC_STATIC: CompilerCandidate = {
  program: 'gcc',
  command: ['gcc', '-static'],
  versionArgs: ['--version'],
  glibc: true,
  muslWrapper: false
}
/** The cross compilers for `platform`: musl's, zig's, and static glibc's. */
function crossCompilers(platform: Platform): CompilerCandidate[] {
  const musl = gnuTriple(platform, 'musl')
  const gnu = `${gnuTriple(platform, 'gnu')}-gcc`
  return [
    // Debian's musl-dev:<arch> (Multi-Arch: same) ships this wrapper around the gnu cross gcc.
    {
      program: `${musl}-gcc`,
      command: [`${musl}-gcc`],
      versionArgs: ['--version'],
      glibc: false,
      muslWrapper: true
    },
    {
      program: 'zig',
      command: ['zig', 'cc', '-target', musl],
      versionArgs: ['version'],
      glibc: false,
      muslWrapper: false
    },
    {
      program: gnu,
      command: [gnu, '-static'],
      versionArgs: ['--version'],
      glibc: true,
      muslWrapper: false
    }
  ]
}

/** Compilers to try, best first. `muslOnly` for cgo, where static glibc is not worth the trouble. */
export function compilerCandidates(
  host: Host,
  muslOnly = false,
  platform: Platform = DEFAULT_PLATFORM
): CompilerCandidate[] {
  // Only a host of the platform itself can use its own gcc; everything else needs a cross compiler.
  const all = hostIs(platform, host) ? [MUSL_GCC, GCC_STATIC] : crossCompilers(platform)
  return muslOnly ? all.filter((c) => !c.glibc) : all
}

/** The first candidate whose program exists, or null. */
export function chooseCompiler(
  host: Host,
  available: ReadonlySet<string>,
  muslOnly = false,
  platform: Platform = DEFAULT_PLATFORM
): CompilerCandidate | null {
  return compilerCandidates(host, muslOnly, platform).find((c) => available.has(c.program)) ?? null
}

export const GLIBC_STATIC_WARNING =
  'No musl compiler found, so the binary links glibc statically. Static glibc still loads ' +
  'NSS modules (libnss_*.so) for user, group and host lookups at run time, which fail in a ' +
  'scratch image. Install musl (Debian/Ubuntu: `sudo apt-get install musl-tools`) to avoid this.'

/** Where Ubuntu keeps a platform's packages: arm64 on the ports mirror, the others on the main archive. */
function ubuntuMirror(platform: Platform): string {
  return platformName(platform) === platformName(LINUX_ARM64)
    ? 'http://ports.ubuntu.com/ubuntu-ports'
    : 'http://archive.ubuntu.com/ubuntu'
}

/**
 * The Debian and Ubuntu packages of the musl cross compiler for `platform`:
 * the gnu cross gcc and musl-dev of the target architecture, whose
 * `<triple>-musl-gcc` wrapper runs that gcc with musl's specs.
 */
export function crossPackages(platform: Platform): string[] {
  return [debianCrossPackage(platform), `musl-dev:${debianArch(platform)}`]
}

/** What to install when no candidate exists, for the error message. */
export function installHint(host: Host, platform: Platform = DEFAULT_PLATFORM): string {
  if (hostIs(platform, host)) {
    return 'Install musl: `sudo apt-get install musl-tools` (Debian/Ubuntu), or set `cc`.'
  }
  const target = platformName(platform)
  if (host.platform === 'darwin') {
    return (
      `Install a cross compiler for ${target}: \`brew install FiloSottile/musl-cross/musl-cross\` ` +
      'or `brew install zig`, or set `cc`.'
    )
  }
  const arch = debianArch(platform)
  const own = hostPlatform(host)
  const ownArch = own === null ? 'the host’s own architecture' : `\`${debianArch(own)}\``
  return (
    `Install the musl cross compiler for ${target} (\`${gnuTriple(platform, 'musl')}-gcc\`). ` +
    `Debian: \`sudo dpkg --add-architecture ${arch} && sudo apt-get update && sudo apt-get install ${crossPackages(platform).join(' ')}\`. ` +
    `Ubuntu (ubuntu-latest): the same, but ${arch} packages come from ${ubuntuMirror(platform)}, so first limit the existing apt sources to ${ownArch} ` +
    `(\`Architectures: ${own === null ? '…' : debianArch(own)}\` in each stanza of /etc/apt/sources.list.d/ubuntu.sources) and add a source for ${arch} from that mirror; ` +
    'from-scratch’s docs/cross-compile.md has the lines. Or use zig (e.g. the `mlugg/setup-zig` action), or set `cc`.'
  )
}

// Static linking resolves libraries in command-line order, so `-lm` given
// before the sources finds nothing to resolve; libraries go after them.
function isLibrary(flag: string): boolean {
  return flag.startsWith('-l') && flag.length > 2
}

/**
 * A source path as the compiler must see it. File names come from the
 * repository, so they may start with `-` (read as a flag) or `@` (gcc reads
 * options from the file it names, and `-wrapper` or `-fplugin` run code).
 * A relative path always gets `./` in front. A base name starting with `@`
 * is refused even then: gcc passes it on to cc1 as `-dumpbase @name.c`, and
 * cc1 expands that as an options file too.
 */
export function sourceArg(path: string): string {
  if (path === '') throw new Error('an empty source path')
  if (basename(path).startsWith('@')) {
    throw new UserError(
      `C source \`${path}\` starts with \`@\`, and gcc reads a word starting with \`@\` as a file of options ` +
        `(the compiler passes the base name on as one), so it is not compiled.`,
      [`Rename the file, or leave it out with \`!${path}\` in \`sources\`.`]
    )
  }
  return isAbsolute(path) || path.startsWith('./') ? path : `./${path}`
}

/** Full argv (compiler command first) to compile `sources` into one static binary. */
export function cCompileArgs(
  compiler: readonly string[],
  cflags: readonly string[],
  sources: readonly string[],
  output: string
): string[] {
  return [
    ...compiler,
    '-Os',
    '-static',
    '-s',
    ...cflags.filter((f) => !isLibrary(f)),
    '-o',
    output,
    ...sources.map(sourceArg),
    ...cflags.filter(isLibrary)
  ]
}

/**
 * Environment for a user's `build-command`. `-static -s` sit in CFLAGS as
 * well as LDFLAGS because many Makefiles compile and link in one
 * `$(CC) $(CFLAGS) -o …` and never read LDFLAGS; both are harmless with -c.
 * Words are shell-quoted: make hands `$(CFLAGS)` to /bin/sh, which must get
 * back exactly the words the user wrote (`-DNAME="x y"` stays one word).
 */
export function cBuildEnv(
  compiler: readonly string[],
  cflags: readonly string[]
): Record<string, string> {
  return {
    CC: showCommand(compiler),
    CFLAGS: showCommand(['-Os', '-static', '-s', ...cflags]),
    LDFLAGS: '-static -s'
  }
}

/** `musl-gcc (gcc 12.2.0)` from the program name and what its version flag printed. */
export function describeCompiler(name: string, versionOutput: string): string {
  const line = versionOutput.trim().split('\n')[0]?.trim() ?? ''
  const gcc =
    /\bgcc\b.*?(\d+\.\d+(?:\.\d+)?)\s*$/.exec(line) ?? /^gcc.*?(\d+\.\d+(?:\.\d+)?)/.exec(line)
  if (gcc) return `${name} (gcc ${gcc[1]})`
  const clang = /clang version (\d+\.\d+(?:\.\d+)?)/.exec(line)
  if (clang) return `${name} (clang ${clang[1]})`
  if (/^\d+\.\d+\.\d+\S*$/.test(line)) return `${name} (${name.split(' ')[0]} ${line})`
  return line === '' ? name : `${name} (${line})`
}
