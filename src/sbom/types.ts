import type { ModuleVersion } from '../elf/go-names.js'
import type { ExtraKind } from '../image/types.js'

/** `sbom-format`: which documents `sbom: true` writes. */
export type SbomFormat = 'spdx' | 'cyclonedx' | 'both'

/** A Debian (or Ubuntu) package the runner's dpkg database names, as a purl needs it. */
export interface DebPackage {
  /** `debian`, `ubuntu`: ID from /etc/os-release, the purl namespace. */
  readonly distro: string
  /** `12`, `24.04`: VERSION_ID, or '' when os-release has none. */
  readonly distroVersion: string
  readonly name: string
  /** The package version as dpkg has it, e.g. `20230311` or `1.2.3-1`. */
  readonly version: string
  /** `all`, `amd64`… */
  readonly architecture: string
}

/** The C library linked into the binary and how we know. */
export interface CLibrary {
  readonly name: 'musl' | 'glibc'
  /** Upstream version (`1.2.3`), from the package that installed it; null when unknown. */
  readonly version: string | null
  /** The runner's package it came from (`musl-dev`, `libc6-dev`); null off Debian/Ubuntu. */
  readonly source: DebPackage | null
  /** Why we say so, in plain words: the compiler used, strings in the binary. */
  readonly evidence: string
}

/** One extra put into the image and where its bytes came from. */
export interface ExtraFacts {
  readonly kind: ExtraKind
  /** Paths it added inside the image. */
  readonly paths: readonly string[]
  /** The runner's package the files belong to (ca-certificates, tzdata); null when none is known. */
  readonly source: DebPackage | null
  /** Where the files were taken from on the runner, or `from-scratch` when it wrote them itself. */
  readonly origin: string
}

/** Everything an SBOM says, as plain data: the same facts give the same document, byte for byte. */
export interface SbomFacts {
  readonly tool: { readonly name: string; readonly version: string }
  /** SOURCE_DATE_EPOCH (else the commit time): the document's timestamp. */
  readonly epoch: number
  readonly image: {
    /** `ghcr.io/acme/api`: without a tag. */
    readonly name: string
    /** The manifest digest when known (writer, or pushed); else null. */
    readonly manifestDigest: string | null
    /** The config digest: the image ID in every store. */
    readonly imageId: string
    readonly tags: readonly string[]
    /** `amd64`, `arm64`: the purl's `arch` qualifier. */
    readonly architecture: string
  }
  readonly binary: {
    /** The file name inside the image (`/<name>`). */
    readonly name: string
    /** Hex SHA-256 of the file. */
    readonly sha256: string
  }
  /** The Go build info; null for C and prebuilt non-Go binaries. */
  readonly go: {
    /** `go1.23.5` (anything after a space, such as GOEXPERIMENT, dropped). */
    readonly version: string
    readonly main: ModuleVersion | null
    readonly deps: readonly ModuleVersion[]
  } | null
  /** For a binary with C in it (C, or Go with cgo): the compiler and the C library. */
  readonly c: {
    /** What built it, e.g. `musl-gcc (gcc 12.2.0)`; '' when unknown (prebuilt). */
    readonly toolchain: string
    readonly library: CLibrary | null
  } | null
  readonly extras: readonly ExtraFacts[]
}

/** What was written and attached, for the outputs and the report. */
export interface SbomResult {
  /** The document files written, SPDX first. */
  readonly files: readonly { readonly format: 'spdx' | 'cyclonedx'; readonly path: string }[]
  /** The `sbom` output: the first file's path. */
  readonly path: string
  /** `sha256:` of the first document's bytes (the `sbom-digest` output). */
  readonly digest: string
  /** Go modules listed (main module, dependencies and the standard library); 0 for C. */
  readonly modules: number
  /** Components listed in all (image, binary, modules, C library, extras). */
  readonly components: number
  /** Artifact manifests written or pushed, where and how. */
  readonly attached: readonly string[]
}
