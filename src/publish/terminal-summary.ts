import { oneLine } from '../ground/terminal-text.js'
import type { RunEnd } from './publisher.js'
import { baselineLabel, metricName } from '../report/gate.js'
import type { GateJson, Report, SizeMetric } from '../report/schema.js'
import { metricOf, baselineMetric } from '../report/schema.js'
import { causeTexts, causesOf } from '../report/causes.js'
import { formatBytes, formatPercentChange, formatSignedBytes } from '../report/units.js'

/**
 * What `from-scratch build` says on stderr when it is done: a verdict line,
 * then a few aligned rows (sizes with their changes, gates, causes, extras,
 * kept files). Plain text; colour only where the caller says stderr is a
 * terminal that wants it. Pure.
 */
export interface SummaryOptions {
  /** ANSI colours for the verdict and the pass/fail words. */
  readonly color: boolean
  /** Files kept after the command ends (`--output-dir`): shown once, at the end. */
  readonly kept: readonly { readonly what: string; readonly path: string }[]
  /** What to call the baseline (the file as the user typed it); default its recorded ref. */
  readonly baselineName?: string
  /** `--save-baseline FILE`: where this report is kept for the next comparison. */
  readonly savedTo?: string
  /** How many causes of a change to name. */
  readonly causes?: number
}

/** Why an extra went in, in words a person at a terminal knows it by. */
const PURPOSE: Readonly<Record<string, string>> = {
  'ca-certificates': 'HTTPS verification',
  tzdata: 'time zones',
  passwd: 'user lookups',
  tmp: 'temporary files'
}

const COLORS = { green: 32, red: 31, yellow: 33, dim: 2, bold: 1 } as const
type Color = keyof typeof COLORS

function paint(on: boolean): (color: Color, text: string) => string {
  return (color, text) => (on ? `\x1b[${COLORS[color]}m${text}\x1b[0m` : text)
}

/** Rows of `label  value`, labels padded to one column. */
function rows(entries: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...entries.map(([label]) => label.length)) + 2
  return entries.map(([label, value]) => `  ${label.padEnd(width)}${value}`.trimEnd())
}

/** `1.39 MB  +62.1 kB  +4.5 %`, size column right-aligned to `width`. */
function sizeCells(current: number | null, base: number | null, width: number): string {
  if (current === null) return 'not measured'
  const size = formatBytes(current).padStart(width)
  if (base === null) return size
  const delta = current - base
  if (delta === 0) return `${size}  no change`
  const percent = formatPercentChange(base, current)
  return `${size}  ${formatSignedBytes(delta).padStart(9)}${percent === null ? '' : `  ${percent}`}`
}

function gateText(gate: GateJson, paintWith: ReturnType<typeof paint>): string {
  const ok = gate.gate === 'warn-increase' ? !gate.warned : gate.passed
  const word = ok
    ? paintWith('green', 'pass')
    : gate.gate === 'warn-increase'
      ? paintWith('yellow', 'warn')
      : paintWith('red', 'FAIL')
  const limit = `${metricName(gate.metric)} ${formatBytes(gate.actual)}, limit ${formatBytes(gate.limit)}`
  return `${word}  --${gate.gate} ${oneLine(gate.rule)}: ${limit}`
}

/** The reference a person runs: the pushed digest, else the first tag. */
export function imageReference(report: Pick<Report, 'image'>): string | null {
  const image = report.image
  if (image === null) return null
  if (image.digest !== '') return `${image.name}@${image.digest}`
  return image.tags[0] ?? null
}

function extrasLine(report: Report): string | null {
  const extras = report.image?.extras ?? []
  if (extras.length === 0) return null
  return extras
    .map((extra) => {
      const why = extra.reasons.some((r) => r.by === 'finding')
        ? (PURPOSE[extra.kind] ?? extra.kind)
        : '--include'
      const paths = extra.paths.map(oneLine).join(', ')
      return `${paths} (${why}, ${formatBytes(extra.bytes)})`
    })
    .join('; ')
}

function reportedLines(end: Extract<RunEnd, { outcome: 'reported' }>, options: SummaryOptions) {
  const paintWith = paint(options.color)
  const { report, evaluation } = end.composed
  const metric: SizeMetric = evaluation.gates[0]?.metric ?? 'image'
  const current = metricOf(report, metric)
  const base = report.baseline === null ? null : baselineMetric(report.baseline, metric)
  const reference = oneLine(imageReference(report) ?? report.image?.name ?? '')
  const failed = evaluation.failed
  const warned = evaluation.gates.some((g) => g.warned)
  const mark = failed
    ? paintWith('red', '✗')
    : warned
      ? paintWith('yellow', '!')
      : paintWith('green', '✓')
  const change =
    base === null || current === null
      ? ''
      : `, ${formatSignedBytes(current - base)}${((p) => (p === null ? '' : ` (${p})`))(formatPercentChange(base, current))} against ${oneLine(options.baselineName ?? baselineLabel(report.baseline ?? { ref: '', sha: '', binarySize: 0, imageSize: null, pullSize: null }))}`
  const failedGates = evaluation.gates.filter((g) => !g.passed).map((g) => `--${g.gate}`)
  const verdict =
    `${mark} ${paintWith('bold', reference)}  ${current === null ? '' : `${formatBytes(current)} ${metricName(metric).replace(' size', '')}`}${change}` +
    (failed ? `: ${paintWith('red', `${failedGates.join(', ')} failed`)}` : '')
  const b = report.baseline
  const width = Math.max(
    ...[report.image?.size ?? 0, report.image?.pullSize ?? 0, report.binary.size].map(
      (n) => formatBytes(n).length
    )
  )
  const facts = [
    report.binary.linkage,
    report.binary.go?.version ? oneLine(report.binary.go.version) : (report.build?.toolchain ?? '')
  ]
    .filter((f) => f !== '')
    .map(oneLine)
    .join(', ')
  const entries: [string, string][] = [
    ['image', sizeCells(report.image?.size ?? null, b?.imageSize ?? null, width)],
    [
      'pull',
      `${sizeCells(report.image?.pullSize ?? null, b?.pullSize ?? null, width)}${report.image?.pullSizeExact === false ? '  (estimated)' : ''}`
    ],
    ['binary', `${sizeCells(report.binary.size, b?.binarySize ?? null, width)}  ${facts}`]
  ]
  const discovered = end.facts.compiled.discovered
  if (discovered !== undefined) {
    entries.push(['package', `${oneLine(discovered)}, the one main package here`])
  }
  for (const gate of evaluation.gates) entries.push(['gate', gateText(gate, paintWith)])
  // The causes the comment and the gate message give (the remainder is the last one).
  const causes = causeTexts(causesOf(report)).slice(0, options.causes ?? 3)
  causes.forEach((cause, i) => entries.push([i === 0 ? 'why' : '', oneLine(cause)]))
  const smoke = end.facts.image.smokeOutput
  if (smoke !== null) {
    const first = smoke.trim().split('\n')[0] ?? ''
    const shown = [...first].length > 60 ? `${[...first].slice(0, 60).join('')}…` : first
    entries.push(['smoke', `passed${shown === '' ? '' : `: ${oneLine(shown)}`}`])
  }
  const extras = extrasLine(report)
  if (extras !== null) entries.push(['added', extras])
  if (report.baseline === null && evaluation.gates.length === 0) {
    entries.push([
      'baseline',
      paintWith(
        'dim',
        options.savedTo === undefined
          ? 'none: keep one with --save-baseline FILE, compare with --baseline FILE'
          : `none yet; this report is saved to ${oneLine(options.savedTo)}`
      )
    ])
  }
  for (const note of evaluation.notes) entries.push(['note', oneLine(note)])
  entries.push(...keptRows(options.kept))
  return [verdict, ...rows(entries)]
}

/** `kept  out/app (binary)`, one row per file, the label once. */
function keptRows(kept: SummaryOptions['kept']): [string, string][] {
  return kept.map((k, i) => [i === 0 ? 'kept' : '', `${oneLine(k.path)} (${k.what})`])
}

/** The summary for how the run ended; a failed run gets only its kept files (the error says the rest). */
export function summaryLines(end: RunEnd, options: SummaryOptions): string[] {
  if (end.outcome === 'reported') return reportedLines(end, options)
  return options.kept.length === 0 ? [] : rows(keptRows(options.kept))
}
