import type { Inspection } from '../elf/types.js'
import { sizesJson, type SizesJson } from './sizes.js'

/** The `binary` part of the report JSON (DESIGN.md: one schema for output, baseline and --json). */
export interface BinaryJson {
  readonly path: string
  readonly size: number
  readonly linkage: string
  readonly accepted: boolean
  readonly summary: string
  readonly interpreter: string | null
  readonly needed: readonly string[]
  readonly go: {
    readonly version: string
    readonly path: string
    readonly settings: Readonly<Record<string, string>>
  } | null
  readonly findings: readonly { id: string; message: string; evidence: readonly string[] }[]
  /** Where the bytes are; null when not measured (or unreadable); absent in reports saved before it existed. */
  readonly sizes?: SizesJson | null
}

export function binaryJson(inspection: Inspection): BinaryJson {
  const { verdict } = inspection
  return {
    path: inspection.path,
    size: inspection.size,
    linkage: verdict.linkage,
    accepted: verdict.accepted,
    summary: verdict.summary,
    interpreter: verdict.interpreter,
    needed: verdict.needed,
    go: inspection.go,
    findings: inspection.findings,
    sizes: inspection.sizes ? sizesJson(inspection.sizes) : null
  }
}
