/** What a binary is, as far as running it in an empty image goes. */
export type Linkage =
  | 'static'
  | 'static-pie'
  | 'dynamic'
  | 'shared-library'
  | 'wrong-architecture'
  | 'not-elf'
  | 'malformed'

/** Linkages that run in a `FROM scratch` image. */
export const RUNNABLE_IN_SCRATCH: readonly Linkage[] = ['static', 'static-pie']

export interface Verdict {
  readonly linkage: Linkage
  /** True only for `static` and `static-pie`. */
  readonly accepted: boolean
  /** One sentence a person can act on: what the binary is and, when rejected, why. */
  readonly summary: string
  /** PT_INTERP path, for dynamic binaries. */
  readonly interpreter: string | null
  /** Every DT_NEEDED entry, in file order. */
  readonly needed: readonly string[]
}

/** Facts from `.go.buildinfo`. */
export interface GoBuildInfo {
  /** e.g. `go1.23.5` */
  readonly version: string
  /** Main package path, e.g. `example.com/hello`. */
  readonly path: string
  /** Build settings (`CGO_ENABLED`, `-tags`, `-ldflags`, `GOARCH`, …) as recorded by the linker. */
  readonly settings: Readonly<Record<string, string>>
}

export type FindingId = 'nss' | 'ca-certificates' | 'tzdata' | 'user-lookup' | 'tmp' | 'cgo-calls'

/** A run-time need or risk, found in the binary, with the evidence for it. */
export interface Finding {
  readonly id: FindingId
  /** What will go wrong in scratch and what to do about it. */
  readonly message: string
  /** The names or strings seen in the binary that prove it. */
  readonly evidence: readonly string[]
}

/** Everything from-scratch learned about one binary. */
export interface Inspection {
  readonly path: string
  readonly size: number
  readonly verdict: Verdict
  /** Present for Go binaries (Go ≥ 1.18); null otherwise. */
  readonly go: GoBuildInfo | null
  /** Set when the binary is Go but its build info could not be read (e.g. Go < 1.18). */
  readonly goNote: string | null
  readonly findings: readonly Finding[]
}
