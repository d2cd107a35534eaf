import { oneLine } from '../ground/terminal-text.js'
import type { RunEnd } from './publisher.js'
import { baselineLabel, metricName } from '../report/gate.js'
import type { GateJson, Report, SizeMetric, SmokeJson } from '../report/schema.js'
import { metricOf, baselineMetric, platformOf, platformReports } from '../report/schema.js'
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

/**
 * How the smoke run went, from the report's verdict, else (a result from
 * before verdicts) from its output: a run that printed something ran natively.
 */
function smokeOf(report: Report, output: string | null): SmokeJson | null {
  const smoke = report.image?.smoke ?? null
  if (smoke !== null) return smoke
  return output === null ? null : { ran: true, how: 'native' }
}

/** `passed: <first line>`, `passed under qemu-aarch64-static: …`, `not run: why`. */
function smokeText(smoke: SmokeJson, output: string | null, several: boolean): string {
  if (!smoke.ran) return `not run: ${oneLine(smoke.why)}`
  const first = (output ?? '').trim().split('\n')[0] ?? ''
  const shown = [...first].length > 60 ? `${[...first].slice(0, 60).join('')}…` : first
  const how = smoke.how === 'native' ? (several ? ' (native)' : '') : ` under ${oneLine(smoke.how)}`
  return `passed${how}${shown === '' ? '' : `: ${oneLine(shown)}`}`
}

function verdictMark(failed: boolean, warned: boolean, paintWith: ReturnType<typeof paint>) {
  return failed
    ? paintWith('red', '✗')
    : warned
      ? paintWith('yellow', '!')
      : paintWith('green', '✓')
}

function changeText(
  current: number | null,
  base: number | null,
  report: Report,
  options: SummaryOptions
): string {
  if (base === null || current === null) return ''
  const percent = formatPercentChange(base, current)
  const against = oneLine(
    options.baselineName ??
      baselineLabel(
        report.baseline ?? { ref: '', sha: '', binarySize: 0, imageSize: null, pullSize: null }
      )
  )
  return `, ${formatSignedBytes(current - base)}${percent === null ? '' : ` (${percent})`} against ${against}`
}

function factsText(report: Report): string {
  return [
    report.binary.linkage,
    report.binary.go?.version ? oneLine(report.binary.go.version) : (report.build?.toolchain ?? '')
  ]
    .filter((f) => f !== '')
    .map(oneLine)
    .join(', ')
}

function reportedLines(end: Extract<RunEnd, { outcome: 'reported' }>, options: SummaryOptions) {
  if ((end.composed.report.others ?? []).length > 0) return platformsLines(end, options)
  const paintWith = paint(options.color)
  const { report, evaluation } = end.composed
  const metric: SizeMetric = evaluation.gates[0]?.metric ?? 'image'
  const current = metricOf(report, metric)
  const base = report.baseline === null ? null : baselineMetric(report.baseline, metric)
  const reference = oneLine(imageReference(report) ?? report.image?.name ?? '')
  const failed = evaluation.failed
  const warned = evaluation.gates.some((g) => g.warned)
  const mark = verdictMark(failed, warned, paintWith)
  const change = changeText(current, base, report, options)
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
  const entries: [string, string][] = [
    ['image', sizeCells(report.image?.size ?? null, b?.imageSize ?? null, width)],
    [
      'pull',
      `${sizeCells(report.image?.pullSize ?? null, b?.pullSize ?? null, width)}${report.image?.pullSizeExact === false ? '  (estimated)' : ''}`
    ],
    [
      'binary',
      `${sizeCells(report.binary.size, b?.binarySize ?? null, width)}  ${factsText(report)}`
    ]
  ]
  const discovered = end.facts.compiled.discovered
  if (discovered !== undefined) {
    entries.push(['package', `${oneLine(discovered)}, the one main package here`])
  }
  for (const gate of evaluation.gates) entries.push(['gate', gateText(gate, paintWith)])
  // The causes the comment and the gate message give (the remainder is the last one).
  const causes = causeTexts(causesOf(report)).slice(0, options.causes ?? 3)
  causes.forEach((cause, i) => entries.push([i === 0 ? 'why' : '', oneLine(cause)]))
  const output = end.facts.image.smokeOutput
  const smoke = smokeOf(report, output)
  if (smoke !== null) entries.push(['smoke', smokeText(smoke, output, false)])
  const extras = extrasLine(report)
  if (extras !== null) entries.push(['added', extras])
  if (report.baseline === null && evaluation.gates.length === 0) {
    entries.push(['baseline', noBaselineText(options, paintWith)])
  }
  for (const note of evaluation.notes) entries.push(['note', oneLine(note)])
  entries.push(...keptRows(options.kept))
  return [verdict, ...rows(entries)]
}

function noBaselineText(options: SummaryOptions, paintWith: ReturnType<typeof paint>): string {
  return paintWith(
    'dim',
    options.savedTo === undefined
      ? 'none: keep one with --save-baseline FILE, compare with --baseline FILE'
      : `none yet; this report is saved to ${oneLine(options.savedTo)}`
  )
}

/**
 * Several platforms: the verdict names the largest (the one a limit is
 * about), then each platform's sizes, gates and smoke run under its name.
 */
function platformsLines(end: Extract<RunEnd, { outcome: 'reported' }>, options: SummaryOptions) {
  const paintWith = paint(options.color)
  const { report, evaluation } = end.composed
  const parts = platformReports(report)
  const metric: SizeMetric = parts.flatMap((p) => p.gates)[0]?.metric ?? 'image'
  const sized = parts.map((part) => ({ part, size: metricOf(part, metric) }))
  const big = sized.reduce((a, b) => ((b.size ?? -1) > (a.size ?? -1) ? b : a))
  const base = big.part.baseline === null ? null : baselineMetric(big.part.baseline, metric)
  const reference = oneLine(imageReference(report) ?? report.image?.name ?? '')
  const failedOn = parts.filter((part) => part.gates.some((g) => !g.passed))
  const warned = parts.some((part) => part.gates.some((g) => g.warned))
  const mark = verdictMark(evaluation.failed, warned, paintWith)
  const what = metricName(metric).replace(' size', '')
  const largest =
    big.size === null
      ? ''
      : `${formatBytes(big.size)} ${what} (${oneLine(platformOf(big.part))}, the largest of ${parts.length} platforms)${changeText(big.size, base, big.part, options)}`
  // `--max-size failed on linux/arm64`, `--max-increase failed on linux/amd64 and linux/arm64`.
  const failedKinds = [
    ...new Set(failedOn.flatMap((part) => part.gates.filter((g) => !g.passed).map((g) => g.gate)))
  ]
  const failedText = failedKinds
    .map((kind) => {
      const where = failedOn
        .filter((part) => part.gates.some((g) => g.gate === kind && !g.passed))
        .map((part) => oneLine(platformOf(part)))
      return `--${kind} failed on ${where.join(' and ')}`
    })
    .join('; ')
  const verdict =
    `${mark} ${paintWith('bold', reference)}  ${largest}` +
    (failedText === '' ? '' : `: ${paintWith('red', failedText)}`)
  const width = Math.max(
    ...parts.flatMap((part) =>
      [part.image?.size ?? 0, part.image?.pullSize ?? 0, part.binary.size].map(
        (n) => formatBytes(n).length
      )
    )
  )
  const nameWidth = Math.max(...parts.map((part) => oneLine(platformOf(part)).length))
  const entries: [string, string][] = []
  const builds = [end.facts, ...(end.others ?? [])]
  parts.forEach((part, index) => {
    const b = part.baseline
    const own: [string, string][] = [
      ['image', sizeCells(part.image?.size ?? null, b?.imageSize ?? null, width)],
      [
        'pull',
        `${sizeCells(part.image?.pullSize ?? null, b?.pullSize ?? null, width)}${part.image?.pullSizeExact === false ? '  (estimated)' : ''}`
      ],
      ['binary', `${sizeCells(part.binary.size, b?.binarySize ?? null, width)}  ${factsText(part)}`]
    ]
    for (const gate of part.gates) own.push(['gate', gateText(gate, paintWith)])
    const output = builds[index]?.image.smokeOutput ?? null
    const smoke = smokeOf(part, output)
    if (smoke !== null) own.push(['smoke', smokeText(smoke, output, true)])
    if (b === null && parts.some((other) => other.baseline !== null)) {
      own.push(['baseline', 'none for this platform'])
    }
    own.forEach(([label, value], i) => {
      const name = i === 0 ? oneLine(platformOf(part)) : ''
      entries.push([`${name.padEnd(nameWidth)}  ${label}`, value])
    })
  })
  const discovered = end.facts.compiled.discovered
  if (discovered !== undefined) {
    entries.push(['package', `${oneLine(discovered)}, the one main package here`])
  }
  const causes = causeTexts(causesOf(report)).slice(0, options.causes ?? 3)
  causes.forEach((cause, i) =>
    entries.push([i === 0 ? `why (${oneLine(platformOf(report))})` : '', oneLine(cause)])
  )
  const extras = extrasLine(report)
  if (extras !== null) entries.push(['added', extras])
  if (parts.every((part) => part.baseline === null && part.gates.length === 0)) {
    entries.push(['baseline', noBaselineText(options, paintWith)])
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
