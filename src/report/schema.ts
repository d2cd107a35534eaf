import { DEFAULT_PLATFORM, KNOWN_PLATFORMS, platformName } from '../ground/platform.js'
import type { BinaryJson } from './binary-json.js'
import { isSizesJson, type SizeComparison } from './sizes.js'

/** The only schema version this code writes and reads back. */
export const REPORT_SCHEMA = 1

/** One file in the image, as measured. */
export interface ImageFileJson {
  readonly path: string
  readonly size: number
}

/** Why an extra went in: a finding of the binary, or the `include` input. */
export type ExtraReasonJson =
  { readonly by: 'finding'; readonly finding: string } | { readonly by: 'asked' }

/** One extra (CA bundle, zoneinfo, passwd, /tmp) as the image stage put it in, with its reasons. */
export interface ExtraJson {
  readonly kind: string
  readonly reasons: readonly ExtraReasonJson[]
  /** Bytes of file content it adds. */
  readonly bytes: number
  /** Paths it added inside the image (a folder stands for everything under it). */
  readonly paths: readonly string[]
}

/** A finding of the binary that an extra answers, and that extra, whether or not it went in. */
export interface FindingExtraJson {
  readonly finding: string
  readonly extra: string
}

/** The `image` part of the report JSON; sizes per DESIGN.md "Sizes, defined once". */
export interface ImageJson {
  readonly name: string
  readonly tags: readonly string[]
  readonly id: string
  readonly digest: string
  /** Unpacked size, what `docker images` shows. */
  readonly size: number
  /** Config + compressed layers: what a node downloads; null when it could not be measured. */
  readonly pullSize: number | null
  /** False when the pull size was computed from saved layers rather than pushed/written ones. */
  readonly pullSizeExact: boolean
  readonly files: readonly ImageFileJson[]
  /** Added in schema 1 after its first release; absent in older reports. */
  readonly extras?: readonly ExtraJson[]
  readonly findingExtras?: readonly FindingExtraJson[]
  /**
   * How the smoke run went on this platform: natively, under an emulator, or
   * not at all (and why); absent or null when no smoke test was asked.
   */
  readonly smoke?: SmokeJson | null
}

/** The smoke run of one platform; "not run" is never a pass. */
export type SmokeJson =
  { readonly ran: true; readonly how: string } | { readonly ran: false; readonly why: string }

/** What this report is compared with: sizes from the default branch's saved report. */
export interface BaselineJson {
  /** e.g. `refs/heads/main`; for a file baseline, the file it came from. */
  readonly ref: string
  /** Commit the baseline was measured at; '' when unknown. */
  readonly sha: string
  readonly binarySize: number
  /** null when the baseline run built no image. */
  readonly imageSize: number | null
  readonly pullSize: number | null
  /**
   * The extras its image held (kind and bytes), so that a runtime need new in
   * this build is named as a cause; absent when the baseline recorded none.
   */
  readonly extras?: readonly { readonly kind: string; readonly bytes: number }[]
}

/** Which number a size gate looks at. */
export type SizeMetric = 'image' | 'pull' | 'binary'

/** Which rule a gate result comes from. */
export type GateKind = 'max-size' | 'max-increase' | 'warn-increase'

/** One evaluated gate, as stored in the report JSON. */
export interface GateJson {
  readonly gate: GateKind
  readonly metric: SizeMetric
  /** The rule as written by the user: `8MB`, `5%, 200KB`. */
  readonly rule: string
  /** Largest passing size in bytes (for increases: baseline + allowed growth). */
  readonly limit: number
  /** Measured size in bytes. */
  readonly actual: number
  /** Baseline size in bytes for increase gates; null for max-size. */
  readonly baseline: number | null
  /** False only for a failed max-size/max-increase; warn-increase never fails the job. */
  readonly passed: boolean
  /** True when a warn-increase was exceeded. */
  readonly warned: boolean
}

/** The commit a report was made for; lets a restored report name itself as a baseline. */
export interface SourceJson {
  readonly ref: string
  readonly sha: string
}

/** How the binary was made, from the compile stage: `go1.23.5`, `musl-gcc (gcc 12.2.0)`, `prebuilt`. */
export interface BuildJson {
  readonly language: string
  readonly toolchain: string
}

/**
 * The report JSON: one schema for the `report-json` output file, the saved
 * baseline and `--json`. Fields may be added; existing ones keep their meaning.
 * `source` and `build` are additions to DESIGN.md's list (optional, so older files still read).
 */
export interface Report {
  readonly schema: typeof REPORT_SCHEMA
  readonly binary: BinaryJson
  readonly image: ImageJson | null
  readonly baseline: BaselineJson | null
  readonly gates: readonly GateJson[]
  readonly source?: SourceJson | null
  readonly build?: BuildJson | null
  /** What changed in `binary.sizes` against the baseline; null without a baseline. */
  readonly changes?: SizeComparison | null
  /**
   * The platform this report describes, `linux/amd64` (see platformName);
   * absent in reports saved before several platforms could be built, which
   * were all linux/amd64.
   */
  readonly platform?: string
  /**
   * With several platforms, the others' full reports (each with its own
   * binary, image, baseline, gates and changes), in the order of `platforms`;
   * this report is the first (primary) platform's. Absent for one platform.
   */
  readonly others?: readonly Report[]
}

/** The platform a report describes: its own field, or linux/amd64 for reports older than the field. */
export function platformOf(report: Pick<Report, 'platform'>): string {
  return report.platform ?? platformName(DEFAULT_PLATFORM)
}

/** The report and the others' reports, primary first: one per platform built. */
export function platformReports(report: Report): readonly Report[] {
  return [report, ...(report.others ?? [])]
}

/** The part of `report` (a restored baseline) that describes `platform`; null when it has none. */
export function reportForPlatform(report: Report, platform: string): Report | null {
  return platformReports(report).find((part) => platformOf(part) === platform) ?? null
}

/** A baseline read back from disk or the cache: a report, or why it cannot be used. */
export type ParsedBaseline =
  | { readonly report: Report; readonly reason: null }
  | { readonly report: null; readonly reason: string }

type Json = unknown

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isSize(value: Json): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isStringArray(value: Json): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/**
 * What a baseline may hold. A report this code writes stays far below each;
 * a restored one is untrusted, and every string and list of it ends up in a
 * loop, a diff or the comment (65,536 characters at most: a longer string
 * cannot be shown anyway). Breaking one makes the baseline damaged.
 */
export const BASELINE_LIMITS = {
  /** The report file. */
  bytes: 32 * 1024 * 1024,
  /** Any string, object key included. */
  string: 65_536,
  /** Any list, and the keys of any object. */
  list: 100_000,
  /** Nesting of objects and lists (a report has about six levels). */
  depth: 32
} as const

const tooLarge = `it is larger than ${BASELINE_LIMITS.bytes / 1024 / 1024} MB`

/** Why a baseline file too large to read is not read, as parseBaseline would say it. */
export const BASELINE_TOO_LARGE = `it is damaged: ${tooLarge}`

/**
 * The first limit `value` breaks, as a fixed sentence (never a piece of the
 * value), or null. A loop with its own stack: a deep value cannot overflow ours.
 */
function limitProblem(value: Json): string | null {
  const pending: { value: Json; depth: number }[] = [{ value, depth: 0 }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, depth } = next
    if (typeof item === 'string') {
      if (item.length > BASELINE_LIMITS.string)
        return `it holds a string longer than ${BASELINE_LIMITS.string.toLocaleString('en-US')} characters`
      continue
    }
    if (typeof item !== 'object' || item === null) continue
    if (depth >= BASELINE_LIMITS.depth)
      return `it nests deeper than ${BASELINE_LIMITS.depth} levels`
    const children = Array.isArray(item) ? (item as Json[]) : Object.values(item)
    if (children.length > BASELINE_LIMITS.list)
      return `it holds a list longer than ${BASELINE_LIMITS.list.toLocaleString('en-US')} entries`
    if (!Array.isArray(item)) {
      for (const key of Object.keys(item)) {
        if (key.length > BASELINE_LIMITS.string)
          return `it holds a key longer than ${BASELINE_LIMITS.string.toLocaleString('en-US')} characters`
      }
    }
    for (const child of children) pending.push({ value: child, depth: depth + 1 })
  }
  return null
}

/**
 * The first thing wrong with `value` as a report, or null when it is one.
 * Each reason is a fixed sentence: it reaches the comment, and the value does not.
 */
function problemOf(value: Json): string | null {
  const problem = partProblem(value)
  if (problem !== null || !isObject(value) || value.others === undefined) return problem
  const others = value.others
  if (!Array.isArray(others) || others.length > MAX_OTHERS)
    return `"others" is not a list of at most ${MAX_OTHERS} reports`
  const seen = new Set([value.platform ?? DEFAULT_NAME])
  for (const [index, other] of others.entries()) {
    const inner = partProblem(other)
    if (inner !== null) return `"others[${index}]": ${inner}`
    if (!isObject(other) || typeof other.platform !== 'string')
      return `"others[${index}]" names no platform`
    if (seen.has(other.platform)) return `"others[${index}]" repeats a platform`
    seen.add(other.platform)
  }
  return null
}

/** Platforms a restored report may name; any other is not one this code wrote. */
const PLATFORM_NAMES: ReadonlySet<string> = new Set(KNOWN_PLATFORMS.map(platformName))
const DEFAULT_NAME = platformName(DEFAULT_PLATFORM)
/** Other platforms a restored report may hold. */
const MAX_OTHERS = 8

/** The first thing wrong with one platform's report (the top level or an `others` entry), or null. */
function partProblem(value: Json): string | null {
  if (!isObject(value)) return 'it is not a JSON object'
  if (isSize(value.schema) && value.schema > REPORT_SCHEMA) {
    return `it was written by a newer from-scratch (schema ${value.schema}; this version reads schema ${REPORT_SCHEMA})`
  }
  if (value.schema !== REPORT_SCHEMA) {
    return `it has no schema ${REPORT_SCHEMA}, the only one this version of from-scratch reads`
  }
  const binary = value.binary
  if (!isObject(binary)) return '"binary" is missing'
  if (typeof binary.path !== 'string') return '"binary.path" is not a string'
  if (!isSize(binary.size)) return '"binary.size" is not a size in bytes'
  if (typeof binary.linkage !== 'string') return '"binary.linkage" is not a string'
  if (!isStringArray(binary.needed)) return '"binary.needed" is not a list of strings'
  if (!Array.isArray(binary.findings)) return '"binary.findings" is not a list'
  for (const finding of binary.findings) {
    if (!isObject(finding) || typeof finding.id !== 'string' || typeof finding.message !== 'string')
      return '"binary.findings" holds an entry without id and message'
    if (!isStringArray(finding.evidence)) return 'a finding\'s "evidence" is not a list of strings'
  }
  if (binary.go !== null && binary.go !== undefined) {
    if (!isObject(binary.go) || typeof binary.go.version !== 'string')
      return '"binary.go" has no version'
    if (!isObject(binary.go.settings)) return '"binary.go.settings" is not an object'
  }
  const image = value.image
  if (image !== null) {
    if (!isObject(image)) return '"image" is neither an object nor null'
    for (const key of ['name', 'id', 'digest'] as const) {
      if (typeof image[key] !== 'string') return `"image.${key}" is not a string`
    }
    if (!isStringArray(image.tags)) return '"image.tags" is not a list of strings'
    if (!isSize(image.size)) return '"image.size" is not a size in bytes'
    if (image.pullSize !== null && !isSize(image.pullSize))
      return '"image.pullSize" is neither a size in bytes nor null'
    if (typeof image.pullSizeExact !== 'boolean') return '"image.pullSizeExact" is not a boolean'
    if (!Array.isArray(image.files)) return '"image.files" is not a list'
    for (const file of image.files) {
      if (!isObject(file) || typeof file.path !== 'string' || !isSize(file.size))
        return '"image.files" holds an entry without path and size'
    }
  }
  if (value.baseline !== null && !isObject(value.baseline))
    return '"baseline" is neither an object nor null'
  if (!Array.isArray(value.gates)) return '"gates" is not a list'
  const source = value.source
  if (source !== undefined && source !== null) {
    if (!isObject(source) || typeof source.ref !== 'string' || typeof source.sha !== 'string')
      return '"source" has no ref and sha'
  }
  if (value.platform !== undefined) {
    if (typeof value.platform !== 'string' || !PLATFORM_NAMES.has(value.platform))
      return '"platform" is not a platform this version of from-scratch builds'
  }
  return null
}

/** A report restored from disk: missing optional fields filled so readers need no guards. */
function normalized(value: Record<string, Json>): Report {
  const report = value as unknown as Report
  const others = report.others
  const part = normalizedPart(report)
  return others === undefined
    ? part
    : { ...part, others: others.map((other) => normalizedPart(other)) }
}

function normalizedPart(report: Report): Report {
  const binary = report.binary
  // An `others` entry is one platform's report: it holds no others of its own.
  const { others: _nested, ...rest } = report
  void _nested
  return {
    ...rest,
    binary: {
      ...binary,
      interpreter: binary.interpreter ?? null,
      go: binary.go ?? null,
      accepted: binary.accepted ?? true,
      summary: binary.summary ?? '',
      // A damaged `sizes` costs only the "what changed" table, never the totals.
      ...(binary.sizes === undefined
        ? {}
        : { sizes: isSizesJson(binary.sizes) ? binary.sizes : null })
    },
    source: report.source ?? null,
    build: report.build ?? null
  }
}

/**
 * Reads a baseline report from text. Anything unusable — not JSON, an older or
 * newer schema, missing sizes — gives `report: null` with a reason to log;
 * this never throws, because a broken baseline must not break a build.
 */
export function parseBaseline(text: string): ParsedBaseline {
  if (text.length > BASELINE_LIMITS.bytes) {
    return { report: null, reason: BASELINE_TOO_LARGE }
  }
  let value: Json
  try {
    value = JSON.parse(text)
  } catch {
    // The parser's message quotes the text: it names no more than "not JSON" here.
    return { report: null, reason: 'it is not JSON' }
  }
  const damage = limitProblem(value)
  if (damage !== null) return { report: null, reason: `it is damaged: ${damage}` }
  const problem = problemOf(value)
  if (problem !== null) return { report: null, reason: problem }
  return { report: normalized(value as Record<string, Json>), reason: null }
}

/** Extras a restored report names; more than this is not a report this code wrote. */
const MAX_EXTRAS = 16

/**
 * The extras of a restored report's image as kind and bytes, or undefined
 * when it recorded none or they are damaged (it is untrusted input).
 */
function baselineExtras(image: ImageJson | null): BaselineJson['extras'] {
  const extras: unknown = image?.extras
  if (!Array.isArray(extras) || extras.length > MAX_EXTRAS) return undefined
  const out: { kind: string; bytes: number }[] = []
  for (const extra of extras as unknown[]) {
    if (!isObject(extra) || typeof extra.kind !== 'string' || !isSize(extra.bytes)) return undefined
    out.push({ kind: extra.kind.slice(0, 64), bytes: extra.bytes })
  }
  return out
}

/** The baseline entry for a report that compares itself with `previous`. */
export function baselineOf(previous: Report, fallback: SourceJson): BaselineJson {
  const source = previous.source ?? fallback
  const extras = baselineExtras(previous.image)
  return {
    ref: source.ref,
    sha: source.sha,
    binarySize: previous.binary.size,
    imageSize: previous.image?.size ?? null,
    pullSize: previous.image?.pullSize ?? null,
    ...(extras === undefined ? {} : { extras })
  }
}

/** The size a metric names, in a report or its baseline; null when it was not measured. */
export function metricOf(
  report: Pick<Report, 'binary' | 'image'>,
  metric: SizeMetric
): number | null {
  switch (metric) {
    case 'binary':
      return report.binary.size
    case 'image':
      return report.image?.size ?? null
    case 'pull':
      return report.image?.pullSize ?? null
  }
}

export function baselineMetric(baseline: BaselineJson, metric: SizeMetric): number | null {
  switch (metric) {
    case 'binary':
      return baseline.binarySize
    case 'image':
      return baseline.imageSize
    case 'pull':
      return baseline.pullSize
  }
}

/** The report JSON as written to disk: stable key order, trailing newline. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
