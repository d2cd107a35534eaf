import type {
  ModuleSize,
  PackageSize,
  SectionShare,
  SectionSize,
  SizeAdvice,
  SizeAttribution,
  SizeKind,
  SizeMechanism,
  SizeParts,
  SizePlaced,
  SymbolSize
} from '../elf/types.js'
import { formatBytes, formatSignedBytes } from './units.js'

/**
 * The `binary.sizes` part of the report JSON, and what changed between two
 * of them. Pure. Package and module names come from the binary (untrusted):
 * they are data here and code-spanned by the markdown renderer.
 */

/** Rows kept in the JSON; the rest are summed into one `(other)` row. */
export const MAX_PACKAGES = 200
export const MAX_MODULES = 100
export const MAX_SECTIONS = 64
/** Name of the row that sums the packages or modules beyond the limit. */
export const OTHER = '(other)'

/** The bounded `sizes` object of the report JSON. */
export interface SizesJson {
  readonly layout: SizeAttribution['layout']
  readonly sections: readonly SectionSize[]
  /** Largest first; at most MAX_PACKAGES, then an `(other)` row when there were more. */
  readonly packages: readonly PackageSize[]
  /** Largest first; at most MAX_MODULES, then an `(other)` row. */
  readonly modules: readonly ModuleSize[]
  readonly symbols: readonly SymbolSize[]
  readonly attributed: Readonly<Record<string, SectionShare>>
  readonly advice: readonly SizeAdvice[]
  readonly notes: readonly string[]
  readonly mechanisms: readonly SizeMechanism[]
  readonly placed: SizePlaced
  /** How many packages and modules the `(other)` rows stand for (0: none). */
  readonly others: { readonly packages: number; readonly modules: number }
}

function summed(rows: readonly { bytes: number; parts: SizeParts; methods?: number }[]): {
  bytes: number
  parts: SizeParts
  methods?: number
} {
  const parts: Partial<Record<SizeKind, number>> = {}
  let bytes = 0
  let methods: number | undefined
  for (const row of rows) {
    bytes += row.bytes
    for (const [kind, value] of Object.entries(row.parts) as [SizeKind, number][]) {
      parts[kind] = (parts[kind] ?? 0) + value
    }
    if (row.methods !== undefined) methods = (methods ?? 0) + row.methods
  }
  return { bytes, parts, ...(methods === undefined ? {} : { methods }) }
}

/** The attribution bounded for the report JSON. */
export function sizesJson(attribution: SizeAttribution): SizesJson {
  const { packages, modules } = attribution
  const extraPackages = packages.slice(MAX_PACKAGES)
  const extraModules = modules.slice(MAX_MODULES)
  return {
    layout: attribution.layout,
    sections: attribution.sections.slice(0, MAX_SECTIONS),
    packages: [
      ...packages.slice(0, MAX_PACKAGES),
      ...(extraPackages.length > 0 ? [{ name: OTHER, module: '', ...summed(extraPackages) }] : [])
    ],
    modules: [
      ...modules.slice(0, MAX_MODULES),
      ...(extraModules.length > 0
        ? [
            {
              path: OTHER,
              version: '',
              packages: extraModules.reduce((n, m) => n + m.packages, 0),
              ...summed(extraModules)
            }
          ]
        : [])
    ],
    symbols: attribution.symbols,
    attributed: attribution.attributed,
    advice: attribution.advice,
    notes: attribution.notes,
    mechanisms: attribution.mechanisms,
    placed: attribution.placed,
    others: { packages: extraPackages.length, modules: extraModules.length }
  }
}

/** One line of "What changed". */
export interface SizeChange {
  readonly name: string
  /** Bytes in the base, null when it is new. */
  readonly base: number | null
  /** Bytes now, null when it is gone. */
  readonly current: number | null
  readonly delta: number
  /** Modules only: the versions, when they differ (or the module is new or gone). */
  readonly baseVersion?: string
  readonly currentVersion?: string
}

/** What changed between two attributions, each list ranked by the size of the change. */
export interface SizeDiff {
  readonly packages: readonly SizeChange[]
  readonly modules: readonly SizeChange[]
  readonly sections: readonly SizeChange[]
  /** Rows left out because their change was under NOISE_FLOOR. */
  readonly quiet: number
}

/** Changes smaller than this are noise (the linker shifts a few bytes around on any edit). */
export const NOISE_FLOOR = 128

interface Entry {
  readonly bytes: number
  readonly version?: string
}

function changes(
  base: ReadonlyMap<string, Entry>,
  current: ReadonlyMap<string, Entry>
): { rows: SizeChange[]; quiet: number } {
  const rows: SizeChange[] = []
  let quiet = 0
  for (const name of new Set([...base.keys(), ...current.keys()])) {
    if (name === OTHER) continue
    const b = base.get(name)
    const c = current.get(name)
    const delta = (c?.bytes ?? 0) - (b?.bytes ?? 0)
    const versionChanged = b?.version !== c?.version && b !== undefined && c !== undefined
    if (Math.abs(delta) < NOISE_FLOOR && !versionChanged) {
      if (delta !== 0) quiet++
      continue
    }
    rows.push({
      name,
      base: b?.bytes ?? null,
      current: c?.bytes ?? null,
      delta,
      ...(b?.version !== undefined || c?.version !== undefined
        ? { baseVersion: b?.version ?? '', currentVersion: c?.version ?? '' }
        : {})
    })
  }
  rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.name.localeCompare(y.name))
  return { rows, quiet }
}

function packageEntries(sizes: SizesJson): Map<string, Entry> {
  return new Map<string, Entry>(sizes.packages.map((p) => [p.name, { bytes: p.bytes }]))
}

function moduleEntries(sizes: SizesJson): Map<string, Entry> {
  return new Map(sizes.modules.map((m) => [m.path, { bytes: m.bytes, version: m.version }]))
}

function sectionEntries(sizes: SizesJson): Map<string, Entry> {
  return new Map(sizes.sections.map((s) => [s.name, { bytes: s.size }]))
}

/** What grew, shrank, appeared or disappeared between `base` and `current`. */
export function diffSizes(base: SizesJson, current: SizesJson): SizeDiff {
  const packages = changes(packageEntries(base), packageEntries(current))
  const modules = changes(moduleEntries(base), moduleEntries(current))
  // A module whose version changed leads its table, whatever its bytes.
  modules.rows.sort((a, b) => Number(versionChange(b) !== '') - Number(versionChange(a) !== ''))
  const sections =
    base.layout === current.layout
      ? changes(sectionEntries(base), sectionEntries(current))
      : { rows: [], quiet: 0 }
  return {
    packages: packages.rows,
    modules: modules.rows,
    sections: sections.rows,
    quiet: packages.quiet + modules.quiet + sections.quiet
  }
}

export function isEmptyDiff(diff: SizeDiff): boolean {
  return diff.packages.length + diff.modules.length + diff.sections.length === 0
}

/** `new`, `gone`, or the signed delta. */
export function changeWord(change: SizeChange): string {
  if (change.base === null) return `new, ${formatBytes(change.current ?? 0)}`
  if (change.current === null) return `gone, ${formatSignedBytes(change.delta)}`
  return formatSignedBytes(change.delta)
}

/** `v1.2.0 → v1.3.0`, `new v1.2.0`, `removed v1.2.0`, or '' when the version did not change. */
export function versionChange(change: SizeChange): string {
  const { baseVersion, currentVersion } = change
  if (baseVersion === undefined || currentVersion === undefined) return ''
  if (change.base === null) return currentVersion === '' ? '' : `new ${currentVersion}`
  if (change.current === null) return baseVersion === '' ? '' : `removed ${baseVersion}`
  return baseVersion === currentVersion ? '' : `${baseVersion} → ${currentVersion}`
}

/** A name from the binary made safe for one log line: no control characters, bounded. */
export function plainName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = name.replace(/[\u0000-\u001f\u007f]/g, '?')
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat
}

/**
 * The top `count` causes of a size change, as plain phrases for a gate's
 * failure message: modules that are new or changed version, then new
 * packages, then packages that grew, each by bytes. With no diff, the
 * largest packages.
 */
export function topCauses(
  diff: SizeDiff | null,
  sizes: SizesJson | null,
  count = 3
): { name: string; text: string }[] {
  if (diff !== null && !isEmptyDiff(diff)) {
    // Causes before effects: a new or bumped module, then a new package, then one that grew
    // (text/template keeps every exported method alive, so reflect and crypto/tls grow with it).
    const modules = diff.modules
      .filter((m) => versionChange(m) !== '' && m.delta > 0)
      .map((m) => ({
        name: m.name,
        rank: 0,
        delta: m.delta,
        text: `module ${plainName(m.name)} ${plainName(versionChange(m))} (${changeWord(m)})`
      }))
    const packages = diff.packages
      .filter((p) => p.delta > 0 && !p.name.startsWith('('))
      .map((p) => ({
        name: p.name,
        rank: p.base === null ? 1 : 2,
        delta: p.delta,
        text: `${plainName(p.name)} (${changeWord(p)})`
      }))
    const rows = [...modules, ...packages]
    rows.sort((a, b) => a.rank - b.rank || b.delta - a.delta)
    return rows.slice(0, count).map(({ name, text }) => ({ name, text }))
  }
  if (sizes === null) return []
  return sizes.packages
    .filter((p) => !p.name.startsWith('('))
    .slice(0, count)
    .map((p) => ({ name: p.name, text: `${plainName(p.name)} (${formatBytes(p.bytes)})` }))
}

/** The report's `changes`: what changed against the baseline, or why that cannot be said. */
export type SizeComparison =
  | { readonly status: 'compared'; readonly diff: SizeDiff }
  /** The baseline was saved before reports carried `binary.sizes`: only totals compare. */
  | { readonly status: 'base-without-attribution' }
  /** This build has no attribution to compare. */
  | { readonly status: 'no-attribution' }

/** Compares this build's sizes with the baseline's; null when there is no baseline. */
export function compareSizes(
  hasBaseline: boolean,
  base: SizesJson | null | undefined,
  current: SizesJson | null | undefined
): SizeComparison | null {
  if (!hasBaseline) return null
  if (!current) return { status: 'no-attribution' }
  if (!base) return { status: 'base-without-attribution' }
  return { status: 'compared', diff: diffSizes(base, current) }
}

/** Why a failed gate failed, for its message: ` Top causes: a (+1 kB), b (new, 2 kB).` or ''. */
export function causesSentence(causes: readonly { text: string }[]): string {
  return causes.length === 0 ? '' : ` Top causes: ${causes.map((c) => c.text).join(', ')}.`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function rowsOf(value: unknown, name: string, counts: readonly string[]): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (row) =>
        isRecord(row) && typeof row[name] === 'string' && counts.every((key) => isCount(row[key]))
    )
  )
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function isParts(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every(isCount)
}

function isMechanism(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.message === 'string' &&
    Array.isArray(value.evidence) &&
    value.evidence.every((e) => typeof e === 'string') &&
    (value.functions === null || isCount(value.functions)) &&
    (value.bytes === null || isCount(value.bytes))
  )
}

/**
 * Whether a restored `binary.sizes` can be diffed: a baseline is untrusted
 * input, and one with a damaged `sizes` still compares its totals.
 */
export function isSizesJson(value: unknown): value is SizesJson {
  if (!isRecord(value)) return false
  const others = value.others
  return (
    (value.layout === 'sections' || value.layout === 'segments') &&
    rowsOf(value.sections, 'name', ['size', 'memory']) &&
    rowsOf(value.packages, 'name', ['bytes']) &&
    rowsOf(value.modules, 'path', ['bytes', 'packages']) &&
    [...asArray(value.packages), ...asArray(value.modules)].every(
      (row) => isRecord(row) && isParts(row.parts)
    ) &&
    Array.isArray(value.modules) &&
    value.modules.every((m: unknown) => isRecord(m) && typeof m.version === 'string') &&
    Array.isArray(value.packages) &&
    value.packages.every((p: unknown) => isRecord(p) && typeof p.module === 'string') &&
    rowsOf(value.symbols, 'name', ['size']) &&
    isRecord(value.attributed) &&
    Array.isArray(value.advice) &&
    Array.isArray(value.notes) &&
    Array.isArray(value.mechanisms) &&
    value.mechanisms.every(isMechanism) &&
    isRecord(value.placed) &&
    isCount(value.placed.file) &&
    isCount(value.placed.packages) &&
    isCount(value.placed.buckets) &&
    isRecord(others) &&
    isCount(others.packages) &&
    isCount(others.modules)
  )
}
