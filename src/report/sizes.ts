import type {
  ModuleSize,
  PackageSize,
  SectionShare,
  SectionSize,
  SizeAdvice,
  SizeAttribution,
  SizeKind,
  SizeMechanism,
  SymbolSize
} from '../elf/types.js'
import { formatBytes, formatSignedBytes } from './units.js'

/**
 * The `binary.sizes` part of the report JSON, and what changed between two
 * of them. Pure. Package and module names come from the binary (untrusted):
 * they are data here and code-spanned by the markdown renderer.
 */

/**
 * Rows kept in the JSON; the rest are summed into one `(other)` row. High
 * enough for cmd/go, so that a package moving across the cut is not taken
 * for a new one in a diff.
 */
export const MAX_PACKAGES = 500
export const MAX_MODULES = 200
export const MAX_SECTIONS = 64
export const MAX_MECHANISMS = 16
/** Name of the row that sums the packages or modules beyond the limit. */
export const OTHER = '(other)'

/** Every kind a package's bytes are split into, in the order tables show them. */
export const SIZE_KINDS: readonly SizeKind[] = [
  'code',
  'pclntab',
  'funcdata',
  'types',
  'strings',
  'data'
]

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
  /** Mechanisms the binary proves that keep code alive (reflect's Method, plugin, …). */
  readonly mechanisms: readonly SizeMechanism[]
  /** Bytes of the file, and how many of them went to packages and to named buckets. */
  readonly placed: SizeAttribution['placed']
  /** How many packages and modules the `(other)` rows stand for (0: none). */
  readonly others: { readonly packages: number; readonly modules: number }
}

type Parts = Partial<Record<SizeKind, number>>

interface Summed {
  bytes: number
  parts: Parts
  methods?: number
}

function summed(rows: readonly { bytes: number; parts: Parts; methods?: number }[]): Summed {
  const parts: Record<string, number> = {}
  let bytes = 0
  let methods: number | undefined
  for (const row of rows) {
    bytes += row.bytes
    for (const [kind, value] of Object.entries(row.parts)) parts[kind] = (parts[kind] ?? 0) + value
    if (row.methods !== undefined) methods = (methods ?? 0) + row.methods
  }
  return { bytes, parts, ...(methods === undefined ? {} : { methods }) }
}

/** The attribution bounded for the report JSON. */
export function sizesJson(attribution: SizeAttribution): SizesJson {
  const byBytes = <T extends { bytes: number }>(rows: readonly T[]): T[] =>
    [...rows].sort((a, b) => b.bytes - a.bytes)
  const packages = byBytes(attribution.packages)
  const modules = byBytes(attribution.modules)
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
    mechanisms: attribution.mechanisms.slice(0, MAX_MECHANISMS),
    placed: attribution.placed,
    others: { packages: extraPackages.length, modules: extraModules.length }
  }
}

/** A package's or module's bytes: the one figure its row shows. */
export function ownBytes(row: { bytes: number }): number {
  return row.bytes
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
  /** Packages only: the module it belongs to now (or, when gone, belonged to). */
  readonly module?: string
  /**
   * The part of `delta` that is exported methods kept for `reflect.Value.Method`
   * (see `methodShare`); for a module, its packages' parts summed. Absent when
   * neither side says.
   */
  readonly methods?: number
}

/** Mechanisms (by id) that appeared, disappeared or stayed between two attributions. */
export interface MechanismChanges {
  readonly added: readonly SizeMechanism[]
  readonly gone: readonly SizeMechanism[]
  readonly kept: readonly SizeMechanism[]
}

/** What changed between two attributions, each list ranked by the size of the change. */
export interface SizeDiff {
  readonly packages: readonly SizeChange[]
  readonly modules: readonly SizeChange[]
  readonly sections: readonly SizeChange[]
  /** Rows left out because their change was under NOISE_FLOOR. */
  readonly quiet: number
  readonly mechanisms: MechanismChanges
  /** Exported-method parts of every package's change, summed, the quiet ones included. */
  readonly methods: number
  /** Change of the bytes placed in packages and in named buckets (both sides' `placed`). */
  readonly placed: number
}

/** Changes smaller than this are noise (the linker shifts a few bytes around on any edit). */
export const NOISE_FLOOR = 128

interface Entry {
  readonly bytes: number
  readonly version?: string
  readonly module?: string
  /** Packages: exported-method bytes that came or went with the change (see `methodShare`). */
  readonly methods?: number
}

/**
 * The part of a package's change that is exported methods: the change in its
 * `methods`, but never more than the package itself grew (or shrank). The
 * elf stage reports `methods` only where every exported method is kept, so
 * in a base without the mechanism it is 0, and methods the package had kept
 * anyway would otherwise be counted as new.
 */
export function methodShare(delta: number, methods: number): number {
  return delta >= 0 ? Math.min(Math.max(methods, 0), delta) : Math.max(Math.min(methods, 0), delta)
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
    const module = c?.module ?? b?.module
    const methods = c?.methods ?? b?.methods
    rows.push({
      name,
      base: b?.bytes ?? null,
      current: c?.bytes ?? null,
      delta,
      ...(b?.version !== undefined || c?.version !== undefined
        ? { baseVersion: b?.version ?? '', currentVersion: c?.version ?? '' }
        : {}),
      ...(module === undefined ? {} : { module }),
      ...(methods === undefined ? {} : { methods })
    })
  }
  rows.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.name.localeCompare(y.name))
  return { rows, quiet }
}

/**
 * Each package's share of exported methods in the change, by package, and
 * summed by module; both sides' packages, the quiet ones included.
 */
function methodShares(
  base: SizesJson,
  current: SizesJson
): { packages: Map<string, number>; modules: Map<string, number>; total: number } {
  const before = new Map(base.packages.map((p) => [p.name, p]))
  const now = new Map(current.packages.map((p) => [p.name, p]))
  const packages = new Map<string, number>()
  const modules = new Map<string, number>()
  let total = 0
  for (const name of new Set([...before.keys(), ...now.keys()])) {
    const b = before.get(name)
    const c = now.get(name)
    if (b?.methods === undefined && c?.methods === undefined) continue
    const share = methodShare(
      (c?.bytes ?? 0) - (b?.bytes ?? 0),
      (c?.methods ?? 0) - (b?.methods ?? 0)
    )
    packages.set(name, share)
    const module = c?.module ?? b?.module ?? ''
    modules.set(module, (modules.get(module) ?? 0) + share)
    total += share
  }
  return { packages, modules, total }
}

function packageEntries(sizes: SizesJson, shares: ReadonlyMap<string, number>): Map<string, Entry> {
  return new Map(
    sizes.packages.map((p) => {
      const share = shares.get(p.name)
      return [
        p.name,
        { bytes: p.bytes, module: p.module, ...(share === undefined ? {} : { methods: share }) }
      ]
    })
  )
}

function moduleEntries(sizes: SizesJson, shares: ReadonlyMap<string, number>): Map<string, Entry> {
  return new Map(
    sizes.modules.map((m) => {
      const share = shares.get(m.path)
      return [
        m.path,
        { bytes: m.bytes, version: m.version, ...(share === undefined ? {} : { methods: share }) }
      ]
    })
  )
}

function sectionEntries(sizes: SizesJson): Map<string, Entry> {
  return new Map(sizes.sections.map((s) => [s.name, { bytes: s.size }]))
}

function mechanismChanges(base: SizesJson, current: SizesJson): MechanismChanges {
  const before = new Set(base.mechanisms.map((m) => m.id))
  const now = new Set(current.mechanisms.map((m) => m.id))
  return {
    added: current.mechanisms.filter((m) => !before.has(m.id)),
    gone: base.mechanisms.filter((m) => !now.has(m.id)),
    kept: current.mechanisms.filter((m) => before.has(m.id))
  }
}

/** What grew, shrank, appeared or disappeared between `base` and `current`. */
export function diffSizes(base: SizesJson, current: SizesJson): SizeDiff {
  const shares = methodShares(base, current)
  const packages = changes(
    packageEntries(base, shares.packages),
    packageEntries(current, shares.packages)
  )
  const modules = changes(
    moduleEntries(base, shares.modules),
    moduleEntries(current, shares.modules)
  )
  // A module whose version changed leads its table, whatever its bytes.
  modules.rows.sort((a, b) => Number(versionChange(b) !== '') - Number(versionChange(a) !== ''))
  const sections =
    base.layout === current.layout
      ? changes(sectionEntries(base), sectionEntries(current))
      : { rows: [], quiet: 0 }
  const placed = (s: SizesJson): number => s.placed.packages + s.placed.buckets
  return {
    packages: packages.rows,
    modules: modules.rows,
    sections: sections.rows,
    quiet: packages.quiet + modules.quiet + sections.quiet,
    mechanisms: mechanismChanges(base, current),
    methods: shares.total,
    placed: placed(current) - placed(base)
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

/** Longest name a report shows; longer ones keep both ends (`github.com/aaaa…zzzz/pkg`). */
export const NAME_LIMIT = 120

/**
 * A name from a binary or a baseline cut to `limit` characters, keeping its
 * start and its end, where the package's own name is. Applied before layout,
 * so a crafted name cannot push the gates out of a comment.
 */
export function capName(name: string, limit = NAME_LIMIT): string {
  if (name.length <= limit) return name
  const tail = Math.floor((limit - 1) / 2)
  const head = limit - 1 - tail
  // Never split a surrogate pair: an unpaired half renders as a replacement character.
  const start = name.slice(0, head).replace(/[\ud800-\udbff]$/, '')
  const end = name.slice(name.length - tail).replace(/^[\udc00-\udfff]/, '')
  return `${start}…${end}`
}

/** A name from the binary made safe for one log line: no control characters, bounded. */
export function plainName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return capName(name).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?')
}

/** The report's `changes`: what changed against the baseline, or why that cannot be said. */
export type SizeComparison =
  | { readonly status: 'compared'; readonly diff: SizeDiff }
  /** The baseline was saved before reports carried this `binary.sizes`: only totals compare. */
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isParts(value: unknown): boolean {
  return (
    isRecord(value) &&
    Object.entries(value).every(
      ([kind, bytes]) => (SIZE_KINDS as readonly string[]).includes(kind) && isCount(bytes)
    )
  )
}

function rowsOf(
  value: unknown,
  name: string,
  counts: readonly string[],
  limit: number,
  more: (row: Record<string, unknown>) => boolean = () => true
): boolean {
  return (
    Array.isArray(value) &&
    value.length <= limit &&
    value.every(
      (row) =>
        isRecord(row) &&
        typeof row[name] === 'string' &&
        counts.every((key) => isCount(row[key])) &&
        more(row)
    )
  )
}

const sized = (row: Record<string, unknown>): boolean =>
  isParts(row.parts) && (row.methods === undefined || isCount(row.methods))

function isMechanism(row: unknown): boolean {
  return (
    isRecord(row) &&
    typeof row.id === 'string' &&
    typeof row.message === 'string' &&
    Array.isArray(row.evidence) &&
    row.evidence.length <= 64 &&
    row.evidence.every((item) => typeof item === 'string') &&
    (row.functions === null || isCount(row.functions)) &&
    (row.bytes === null || isCount(row.bytes))
  )
}

/**
 * Whether a restored `binary.sizes` can be diffed: a baseline is untrusted
 * input, and one with a damaged `sizes` (or one saved in an older shape)
 * still compares its totals.
 */
export function isSizesJson(value: unknown): value is SizesJson {
  if (!isRecord(value)) return false
  const { others, placed } = value
  return (
    (value.layout === 'sections' || value.layout === 'segments') &&
    rowsOf(value.sections, 'name', ['size', 'memory'], MAX_SECTIONS) &&
    rowsOf(
      value.packages,
      'name',
      ['bytes'],
      MAX_PACKAGES + 1,
      (p) => typeof p.module === 'string' && sized(p)
    ) &&
    rowsOf(
      value.modules,
      'path',
      ['bytes', 'packages'],
      MAX_MODULES + 1,
      (m) => typeof m.version === 'string' && sized(m)
    ) &&
    rowsOf(value.symbols, 'name', ['size'], 1000) &&
    isRecord(value.attributed) &&
    Array.isArray(value.advice) &&
    Array.isArray(value.notes) &&
    Array.isArray(value.mechanisms) &&
    value.mechanisms.length <= MAX_MECHANISMS &&
    value.mechanisms.every(isMechanism) &&
    isRecord(placed) &&
    isCount(placed.file) &&
    isCount(placed.packages) &&
    isCount(placed.buckets) &&
    isRecord(others) &&
    isCount(others.packages) &&
    isCount(others.modules)
  )
}
