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
  /** Where the bytes are; present when asked for (`inspectBinary(path, { sizes: true })`). */
  readonly sizes?: SizeAttribution | null
}

/** One section's bytes (or, without section headers, one segment's). */
export interface SectionSize {
  /** `.text`, `.rodata`…; for segments `LOAD #1 (r-x)`. */
  readonly name: string
  /** Bytes it occupies in the file: 0 for `.bss` and other sections with no file bytes. */
  readonly size: number
  /** Bytes it occupies in memory, when that differs from the file (`.bss`); else equal to `size`. */
  readonly memory: number
}

/**
 * Kinds of bytes a package owns. `code` includes the alignment padding after
 * each function (counted with the function before it, never on its own row);
 * `pclntab` is its `_func` record, pc-value tables and name/file entries in
 * `.gopclntab`; `funcdata` what those records point to in `.rodata`; `types`
 * type descriptors and itabs; `strings` string literals; `data` package
 * variables and other data symbols.
 */
export type SizeKind = 'code' | 'pclntab' | 'funcdata' | 'types' | 'strings' | 'data'

/** Bytes by kind; a kind with no bytes may be left out. */
export type SizeParts = Readonly<Partial<Record<SizeKind, number>>>

/** Bytes a Go package (or a named bucket) brings. */
export interface PackageSize {
  /** Import path (`net/http`), or a bucket in parentheses: `(runtime tables)`, `(C code (cgo))`, `(strings not placed)`… */
  readonly name: string
  /** Module path from the build info, `std`, `cmd`, or `(unknown module)`; '' for buckets. */
  readonly module: string
  /** Every byte placed with it: the sum of `parts`. The one figure its row shows; rows sort by it. */
  readonly bytes: number
  readonly parts: SizeParts
  /**
   * Bytes of its exported methods (their code and their pclntab share), a
   * subset of `bytes`. Present only when the binary keeps every exported
   * method (the `reflect-method` mechanism), where it says how much came with it.
   */
  readonly methods?: number
}

/** Bytes a module brings: its packages summed. */
export interface ModuleSize {
  readonly path: string
  /** From the build info; '' for `std`, `cmd` and unknown modules. */
  readonly version: string
  readonly bytes: number
  readonly parts: SizeParts
  readonly packages: number
  /** Its packages' `methods`, summed; present as theirs is. */
  readonly methods?: number
}

/** A linker or build mechanism that keeps bytes in the binary, proven by what the binary holds. */
export type SizeMechanismId = 'reflect-method' | 'plugin' | 'embedded-file' | 'dwarf'

export interface SizeMechanism {
  readonly id: SizeMechanismId
  /** What keeps the bytes and what to do, in plain words, no markdown. */
  readonly message: string
  /** Function names / section names seen in the binary that prove it. */
  readonly evidence: readonly string[]
  /** Functions kept by it, when the binary tells; null otherwise. */
  readonly functions: number | null
  /** Bytes kept by it, when the binary tells; null otherwise. */
  readonly bytes: number | null
}

/** How much of the file was placed. */
export interface SizePlaced {
  /** Bytes of the file. */
  readonly file: number
  /** Bytes placed in real packages (names without parentheses). */
  readonly packages: number
  /** Bytes in named buckets (`(runtime tables)`, `(ELF headers)`…). */
  readonly buckets: number
}

/** A large symbol of a non-Go (or unstripped) binary. */
export interface SymbolSize {
  readonly name: string
  readonly size: number
  readonly section: string
  /** The object file it came from, when the symbol table says (local symbols). */
  readonly file: string
}

/** How much of one section was put to a name. */
export interface SectionShare {
  readonly size: number
  /** Bytes attributed to packages (Go) or symbols (C). */
  readonly attributed: number
  /** Where the attribution came from, or why there is none. */
  readonly how: string
}

export type SizeAdviceId = 'strip-symbols' | 'strip-dwarf' | 'trimpath' | 'tzdata' | 'static-glibc'

/** One way to shrink the binary, with the bytes measured in it. */
export interface SizeAdvice {
  readonly id: SizeAdviceId
  /** What to change and why; no markdown inside. */
  readonly message: string
  /** Bytes this would save, as measured in this binary; null when the binary alone cannot tell. */
  readonly bytes: number | null
}

/** Where a binary's bytes are. */
export interface SizeAttribution {
  /** Whether sections came from section headers or, without them, from program headers (segments). */
  readonly layout: 'sections' | 'segments'
  readonly sections: readonly SectionSize[]
  /** Largest first (by `bytes`); for Go only. Packages and named buckets. */
  readonly packages: readonly PackageSize[]
  /** Largest first; for Go only. */
  readonly modules: readonly ModuleSize[]
  /** Largest symbols first, at most TOP_SYMBOLS; from `.symtab` of non-Go binaries, and the C side of an unstripped cgo binary. */
  readonly symbols: readonly SymbolSize[]
  /** Keyed by section name. */
  readonly attributed: Readonly<Record<string, SectionShare>>
  readonly advice: readonly SizeAdvice[]
  /** What could not be attributed and why, one sentence each. */
  readonly notes: readonly string[]
  /** Mechanisms that keep bytes alive, proven by the binary. */
  readonly mechanisms: readonly SizeMechanism[]
  readonly placed: SizePlaced
}
