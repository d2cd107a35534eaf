/**
 * The platform a build targets, as an OCI image index names it, and what
 * that platform means to each tool along the way: Go's GOOS/GOARCH, the C
 * cross compilers' triples, the ELF machine the verdict expects, the image
 * config's architecture and the index entry a node pulls. This is the only
 * file that spells the platform's names; everything else asks it. A second
 * platform is one more row in KNOWN.
 */
export interface Platform {
  /** `linux` */
  readonly os: string
  /** GOARCH-style, as OCI uses it: `amd64` */
  readonly architecture: string
  /** OCI variant (`v8` for arm64, `v7` for arm); null when the architecture has none. */
  readonly variant: string | null
}

/** ELF e_machine of x86-64. */
export const EM_X86_64 = 62
/** ELF e_machine of AArch64. */
export const EM_AARCH64 = 183

interface Facts {
  readonly platform: Platform
  /** ELF e_machine a binary for it carries. */
  readonly elfMachine: number
  /** The CPU as people write it: `x86-64`. */
  readonly cpu: string
  /** The CPU in GNU target triples: `x86_64`. */
  readonly gnuCpu: string
  /** Node's `process.arch` on a host of this CPU, which can build for it without a cross compiler. */
  readonly nodeArch: string
  /** Other ways people write the same platform in a `--platform` list, read as this one. */
  readonly aliases: readonly string[]
}

export const LINUX_AMD64: Platform = { os: 'linux', architecture: 'amd64', variant: null }
/**
 * Without a variant, as `--platform linux/arm64` and ko write it: v8 is the only
 * arm64 variant a node asks for, and an entry without one matches it.
 */
export const LINUX_ARM64: Platform = { os: 'linux', architecture: 'arm64', variant: null }

const KNOWN: readonly Facts[] = [
  {
    platform: LINUX_AMD64,
    elfMachine: EM_X86_64,
    cpu: 'x86-64',
    gnuCpu: 'x86_64',
    nodeArch: 'x64',
    aliases: []
  },
  {
    platform: LINUX_ARM64,
    elfMachine: EM_AARCH64,
    cpu: 'AArch64',
    gnuCpu: 'aarch64',
    nodeArch: 'arm64',
    // v8 is arm64's only variant, so buildx and ko treat the two spellings as one.
    aliases: ['linux/arm64/v8']
  }
]

/** Every platform a build can target, in the order the docs list them. */
export const KNOWN_PLATFORMS: readonly Platform[] = KNOWN.map((known) => known.platform)

/** The platform every build targets until the settings can name another. */
export const DEFAULT_PLATFORM: Platform = LINUX_AMD64

function same(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && a.variant === b.variant
}

function factsOf(platform: Platform): Facts {
  const facts = KNOWN.find((known) => same(known.platform, platform))
  if (facts === undefined) throw new Error(`no facts for platform ${platformName(platform)}`)
  return facts
}

/** `linux/amd64`, or `linux/arm64/v8` with a variant: what buildx --platform and people read. */
export function platformName(platform: Platform): string {
  const { os, architecture, variant } = platform
  return variant === null ? `${os}/${architecture}` : `${os}/${architecture}/${variant}`
}

/**
 * The platform a `platforms` entry names (`linux/arm64`, or `linux/arm64/v8`
 * for the same), compared without regard to case; null for one no build targets.
 */
export function platformOfName(name: string): Platform | null {
  const wanted = name.trim().toLowerCase()
  return (
    KNOWN.find((known) => platformName(known.platform) === wanted || known.aliases.includes(wanted))
      ?.platform ?? null
  )
}

/** The ELF e_machine a binary for `platform` must carry. */
export function elfMachine(platform: Platform): number {
  return factsOf(platform).elfMachine
}

/** The CPU in prose: `x86-64`. */
export function cpuName(platform: Platform): string {
  return factsOf(platform).cpu
}

/** GOOS and GOARCH for `go build`. */
export function goEnv(platform: Platform): { GOOS: string; GOARCH: string } {
  return { GOOS: platform.os, GOARCH: platform.architecture }
}

/** `GOOS=linux GOARCH=amd64`, as a user would type it. */
export function goEnvText(platform: Platform): string {
  const env = goEnv(platform)
  return `GOOS=${env.GOOS} GOARCH=${env.GOARCH}`
}

/** A GNU target triple: `x86_64-linux-musl`, `x86_64-linux-gnu`. */
export function gnuTriple(platform: Platform, libc: 'musl' | 'gnu'): string {
  return `${factsOf(platform).gnuCpu}-${platform.os}-${libc}`
}

/** Debian's package of the glibc cross compiler for `platform`: `gcc-x86-64-linux-gnu`. */
export function debianCrossPackage(platform: Platform): string {
  return `gcc-${gnuTriple(platform, 'gnu').replace(/_/g, '-')}`
}

/**
 * Debian's name for the platform's architecture, as in `musl-dev:arm64`: the
 * same word as GOARCH's for every platform a build targets.
 */
export function debianArch(platform: Platform): string {
  return factsOf(platform).platform.architecture
}

/** Whether a host (node's process.platform and process.arch) builds for `platform` with its own compiler. */
export function hostIs(platform: Platform, host: { platform: string; arch: string }): boolean {
  return host.platform === platform.os && host.arch === factsOf(platform).nodeArch
}

/** Whether an index entry's platform is `platform`; an entry without a variant matches any. */
export function entryIsFor(
  entry: { readonly os: string | null; readonly architecture: string | null },
  platform: Platform
): boolean {
  return entry.os === platform.os && entry.architecture === platform.architecture
}

/** The platform whose binaries carry ELF machine `machine`; null for any other machine. */
export function platformOfMachine(machine: number): Platform | null {
  return KNOWN.find((known) => known.elfMachine === machine)?.platform ?? null
}

/** The platform node runs on, when it is one a build can target; null elsewhere (macOS, Windows, other CPUs). */
export function hostPlatform(host: { platform: string; arch: string }): Platform | null {
  return KNOWN.find((known) => hostIs(known.platform, host))?.platform ?? null
}

/** Names of the platforms' ELF machines by class and byte order, for describing any binary. */
export const PLATFORM_MACHINE_NAMES: Readonly<
  Record<number, (bits: number, littleEndian: boolean) => string>
> = {
  [EM_X86_64]: (bits, littleEndian) => {
    if (bits === 32) return 'x32 (x86-64 with 32-bit pointers)'
    return littleEndian ? 'amd64 (x86-64)' : 'amd64 (x86-64, big-endian?)'
  },
  [EM_AARCH64]: (bits) => (bits === 32 ? 'arm64 ILP32 (aarch64)' : 'arm64 (aarch64)')
}
