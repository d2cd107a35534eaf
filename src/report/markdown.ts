import { code, text } from '../ground/markdown-escape.js'
import { baselineLabel, metricName } from './gate.js'
import type { BaselineJson, GateJson, Report } from './schema.js'
import { breakdownLines, causesLine, whatChangedLines, type RowLimits } from './sizes-markdown.js'
import { topCauses } from './sizes.js'
import { formatBytes, formatDelta, formatExact } from './units.js'

/** GitHub refuses issue comments longer than this many characters. */
export const COMMENT_LIMIT = 65_536

/** The hidden line that marks our comment; `key` is the normalized comment-key. */
export function commentMarker(key: string): string {
  return `<!-- from-scratch:${key} -->`
}

export interface RenderOptions {
  /** When set, the body starts with the hidden marker for this comment-key (PR comments). */
  readonly commentKey?: string | null
  /** Header of the current column: `this PR` (default), `this commit`, `this build`. */
  readonly current?: string
  /** Gates that could not be evaluated (from `evaluateGates(...).notes`). */
  readonly notes?: readonly string[]
  /** Hard cap on the body; details are trimmed first. Default: COMMENT_LIMIT. */
  readonly maxLength?: number
  /** Why there is no baseline (e.g. the cache could not be read), when the report has none. */
  readonly noBaseline?: string | null
}

// Every string from outside (the binary, the repository, a restored baseline) goes through
// code() or text(): it cannot start markup, close <details>, or break a table row.
export { code }

interface Row {
  readonly label: string
  readonly base: number | null
  readonly current: number | null
}

function rows(report: Report): Row[] {
  const b = report.baseline
  const overhead = (image: number | null, binary: number | null): number | null =>
    image === null || binary === null ? null : image - binary
  const out: Row[] = [{ label: 'binary', base: b?.binarySize ?? null, current: report.binary.size }]
  if (report.image !== null || (b !== null && b.imageSize !== null)) {
    out.push({
      label: 'image',
      base: b?.imageSize ?? null,
      current: report.image?.size ?? null
    })
    out.push({
      label: report.image !== null && !report.image.pullSizeExact ? 'pull (estimated)' : 'pull',
      base: b?.pullSize ?? null,
      current: report.image?.pullSize ?? null
    })
    out.push({
      label: 'overhead (image − binary)',
      base: overhead(b?.imageSize ?? null, b?.binarySize ?? null),
      current: overhead(report.image?.size ?? null, report.binary.size)
    })
  }
  return out
}

function cell(bytes: number | null): string {
  return bytes === null ? '—' : formatBytes(bytes)
}

function sizeTable(report: Report, current: string): string[] {
  const label = report.baseline === null ? '' : baselineLabel(report.baseline)
  const base = label === '' ? 'base' : `base (${code(label)})`
  const lines = [`| metric | ${base} | ${current} | change |`, '| --- | ---: | ---: | ---: |']
  for (const row of rows(report)) {
    const change =
      row.base === null || row.current === null ? '—' : formatDelta(row.base, row.current)
    lines.push(`| ${row.label} | ${cell(row.base)} | ${cell(row.current)} | ${change} |`)
  }
  return lines
}

/** `\`main@abc1234\`` after `prefix`, or "the baseline" when it names nothing (a file saved outside git). */
function baselineName(base: BaselineJson, prefix: string): string {
  const label = baselineLabel(base)
  return label === '' ? 'the baseline' : `${prefix}${code(label)}`
}

function headline(report: Report): string {
  const name = report.image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path
  const failed = report.gates.filter((gate) => !gate.passed)
  const warned = report.gates.filter((gate) => gate.warned)
  const main = report.image === null ? report.binary.size : report.image.size
  const what = report.image === null ? 'binary' : 'image'
  let verdict: string
  let icon: string
  if (!report.binary.accepted) {
    icon = '❌'
    verdict = `the binary will not run in an empty image (${report.binary.linkage})`
  } else if (failed.length > 0) {
    icon = '❌'
    verdict = failed.map((gate) => shortGate(gate)).join('; ')
  } else if (warned.length > 0) {
    icon = '⚠️'
    verdict = warned.map((gate) => shortGate(gate)).join('; ')
  } else {
    icon = '✅'
    const base = report.baseline
    const baseSize = base === null ? null : what === 'image' ? base.imageSize : base.binarySize
    const versus =
      base === null
        ? 'no baseline to compare with'
        : baseSize === null
          ? `${baselineName(base, 'baseline ')} has no ${what} size`
          : `${formatDelta(baseSize, main)} vs ${baselineName(base, '')}`
    verdict = `${formatBytes(main)} ${what}, ${versus}`
  }
  return `### ${icon} from-scratch: ${code(name)} — ${verdict}`
}

function shortGate(gate: GateJson): string {
  const what = metricName(gate.metric)
  const where = gate.actual > gate.limit ? 'over' : 'within'
  if (gate.gate === 'max-size') {
    return `${what} ${formatBytes(gate.actual)}, ${where} max-size ${gate.rule}`
  }
  const change = gate.baseline === null ? '' : `, ${formatDelta(gate.baseline, gate.actual)},`
  return `${what} ${formatBytes(gate.actual)}${change} ${where} ${gate.gate} ${gate.rule} (limit ${formatBytes(gate.limit)})`
}

function gateIcon(gate: GateJson): string {
  if (!gate.passed) return '❌'
  return gate.warned ? '⚠️' : '✅'
}

function binaryFacts(report: Report): string[] {
  const { binary } = report
  const facts = [`**Binary:** ${binary.linkage}`]
  if (binary.go !== null) {
    facts.push(`Go ${code(binary.go.version)}`)
    const settings = binary.go.settings
    for (const key of ['CGO_ENABLED', '-tags', '-ldflags', '-buildmode', '-trimpath']) {
      const value = settings[key]
      if (value !== undefined) facts.push(code(`${key}=${value}`))
    }
  } else if (report.build && report.build.toolchain !== '') {
    facts.push(`built with ${code(report.build.toolchain)}`)
  }
  const lines = [facts.join(' · ')]
  if (!binary.accepted) lines.push('', `> ${text(binary.summary)}`)
  if (binary.interpreter !== null) lines.push('', `Interpreter: ${code(binary.interpreter)}`)
  if (binary.needed.length > 0)
    lines.push('', `Needs: ${binary.needed.map((lib) => code(lib)).join(', ')}`)
  return lines
}

/**
 * What the image stage did about one finding, as it recorded it: the files
 * the extra it asked for added, or which `include` word would add it.
 */
function extraNote(report: Report, finding: string): string {
  const image = report.image
  const wanted = image?.findingExtras?.find((want) => want.finding === finding)
  if (image === null || wanted === undefined) return ''
  const extra = image.extras?.find((candidate) => candidate.kind === wanted.extra)
  if (extra === undefined) {
    return ` → not in the image; add \`include: ${wanted.extra}\` if the program needs it`
  }
  const under = (path: string): boolean =>
    extra.paths.some((root) => path === root || path.startsWith(`${root}/`))
  const files = image.files.map((file) => file.path).filter(under)
  // An extra without files (the /tmp folder) names what it added.
  const added = files.length > 0 ? files : extra.paths
  return ` → added ${added
    .slice(0, 3)
    .map((path) => code(path))
    .join(', ')}${added.length > 3 ? ` and ${added.length - 3} more` : ''}`
}

function findingLines(report: Report): string[] {
  const { findings } = report.binary
  if (findings.length === 0) return []
  const lines = ['**Runtime needs found in the binary:**', '']
  for (const finding of findings) {
    const evidence = finding.evidence.slice(0, 5).map((item) => code(item))
    if (finding.evidence.length > 5) evidence.push(`… ${finding.evidence.length - 5} more`)
    lines.push(
      `- **${finding.id}**: ${finding.message} (${evidence.join(', ')})${extraNote(report, finding.id)}`
    )
  }
  return lines
}

function gateLines(report: Report, notes: readonly string[]): string[] {
  if (report.gates.length === 0 && notes.length === 0) return []
  const lines = ['**Gates:**', '']
  for (const gate of report.gates) {
    lines.push(`- ${gateIcon(gate)} ${shortGate(gate)}`)
  }
  const failing = report.gates.some((gate) => !gate.passed || gate.warned)
  const diff = report.changes?.status === 'compared' ? report.changes.diff : null
  const causes = failing ? causesLine(topCauses(diff, report.binary.sizes ?? null)) : null
  if (causes !== null) lines.push(`  - ${causes}`)
  for (const note of notes) lines.push(`- ➖ ${text(note)}`)
  const failed = report.gates.some((gate) => !gate.passed)
  const warned = report.gates.some((gate) => gate.warned)
  lines.push(
    '',
    report.gates.length === 0
      ? '**Outcome: no gate could be checked.**'
      : failed
        ? '**Outcome: failed** — the job fails on the size gates above.'
        : warned
          ? '**Outcome: passed with a warning.**'
          : '**Outcome: passed.**'
  )
  return lines
}

function baselineSentence(baseline: BaselineJson | null, why?: string | null): string[] {
  if (baseline !== null) return []
  if (why !== undefined && why !== null && why !== '') {
    return [
      '',
      // Our own sentence, but it may name a file or a cache mode: escaped like any other text.
      `No baseline: ${text(why)}, so there is nothing to compare with and only absolute limits apply.`
    ]
  }
  return [
    '',
    'No baseline: no report from the default branch was found (one is saved on each push to it), so there is nothing to compare with yet and only absolute limits apply.'
  ]
}

function detailLines(report: Report, notes: readonly string[], fileLimit: number): string[] {
  const { binary, image, baseline } = report
  const lines = ['<details><summary>Details</summary>', '']
  lines.push(`- binary: ${code(binary.path)}, ${formatExact(binary.size)} bytes, ${binary.linkage}`)
  if (binary.summary !== '') lines.push(`- verdict: ${text(binary.summary)}`)
  if (report.build) lines.push(`- toolchain: ${code(report.build.toolchain)}`)
  if (binary.go !== null) {
    lines.push(`- Go ${code(binary.go.version)}, main package ${code(binary.go.path)}`)
    for (const [key, value] of Object.entries(binary.go.settings)) {
      lines.push(`  - ${code(`${key}=${value}`)}`)
    }
  }
  if (image !== null) {
    lines.push(`- image: ${code(image.name)}`)
    if (image.tags.length > 0)
      lines.push(`- tags: ${image.tags.map((tag) => code(tag)).join(', ')}`)
    if (image.id !== '') lines.push(`- id: ${code(image.id)}`)
    if (image.digest !== '') lines.push(`- digest: ${code(image.digest)}`)
    lines.push(`- image size: ${formatExact(image.size)} bytes (unpacked)`)
    lines.push(
      image.pullSize === null
        ? '- pull size: not measured (see the job log)'
        : `- pull size: ${formatExact(image.pullSize)} bytes (${image.pullSizeExact ? 'exact' : 'estimated from the saved layers'})`
    )
  }
  if (baseline !== null) {
    const sizes = [
      `binary ${formatExact(baseline.binarySize)}`,
      baseline.imageSize === null ? null : `image ${formatExact(baseline.imageSize)}`,
      baseline.pullSize === null ? null : `pull ${formatExact(baseline.pullSize)}`
    ].filter((part) => part !== null)
    lines.push(
      `- baseline: ${code(baseline.ref)}${baseline.sha === '' ? '' : ` @ ${code(baseline.sha)}`}: ${sizes.join(', ')} bytes`
    )
  }
  for (const gate of report.gates) {
    lines.push(
      `- gate ${gate.gate} ${code(gate.rule)} on ${gate.metric}: actual ${formatExact(gate.actual)}, limit ${formatExact(gate.limit)}${gate.baseline === null ? '' : `, baseline ${formatExact(gate.baseline)}`} bytes → ${gate.passed ? (gate.warned ? 'warned' : 'passed') : 'failed'}`
    )
  }
  if (report.gates.length === 0 && notes.length === 0)
    lines.push('- no size gates are set (`max-size`, `max-increase`)')
  if (image !== null && image.files.length > 0) {
    lines.push('', '| file in the image | bytes |', '| --- | ---: |')
    for (const file of image.files.slice(0, fileLimit)) {
      lines.push(`| ${code(file.path)} | ${formatExact(file.size)} |`)
    }
    if (image.files.length > fileLimit) {
      lines.push(`| … ${formatExact(image.files.length - fileLimit)} more files | |`)
    }
  }
  lines.push('', '</details>')
  return lines
}

const TRIMMED =
  '\n\n_The report was cut to fit a GitHub comment; the full report is in the job summary and the `report-json` output._\n'

/**
 * The report as markdown, for the job summary, the PR comment and the
 * terminal alike. Pure. With `commentKey`, the first line is the hidden
 * marker the sticky comment is found by. Never longer than `maxLength`:
 * the file list goes first, then the details, then the body is cut.
 */
export function renderReport(report: Report, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? COMMENT_LIMIT
  const head: string[] = []
  if (options.commentKey !== undefined && options.commentKey !== null) {
    head.push(commentMarker(options.commentKey))
  }
  head.push(headline(report), '')
  head.push(...sizeTable(report, options.current ?? 'this PR'))
  head.push(...baselineSentence(report.baseline, options.noBaseline))
  const rest: string[] = ['', ...binaryFacts(report)]
  const findings = findingLines(report)
  if (findings.length > 0) rest.push('', ...findings)
  const gates = gateLines(report, options.notes ?? [])
  if (gates.length > 0) rest.push('', ...gates)
  const files = report.image?.files.length ?? 0
  const packages = Math.max(
    report.binary.sizes?.packages.length ?? 0,
    report.binary.sizes?.symbols.length ?? 0,
    report.binary.sizes?.modules.length ?? 0
  )
  // Smallest rows go first: files, then packages, then changes, until it fits.
  const budgets: (RowLimits & { files: number })[] = [
    { files, packages, changes: 50 },
    { files: 200, packages: 200, changes: 30 },
    { files: 20, packages: 100, changes: 20 },
    { files: 0, packages: 50, changes: 15 },
    { files: 0, packages: 20, changes: 10 },
    { files: 0, packages: 5, changes: 5 }
  ]
  let top = ''
  for (const budget of budgets) {
    top = [...head, ...whatChangedLines(report.changes ?? null, budget), ...rest].join('\n')
    const details = detailLines(report, options.notes ?? [], Math.min(files, budget.files))
    const breakdown = breakdownLines(report.binary.sizes, budget)
    const body = `${top}\n\n${details.join('\n')}\n${breakdown.length > 0 ? `\n${breakdown.join('\n')}\n` : ''}`
    if (body.length <= maxLength) return body
  }
  if (top.length + TRIMMED.length <= maxLength) return `${top}${TRIMMED}`
  // Only a pathological report (thousands of findings) gets here: cut on a line boundary.
  const room = Math.max(0, maxLength - TRIMMED.length)
  const cut = top.slice(0, room)
  const lastLine = cut.lastIndexOf('\n')
  return `${lastLine > 0 ? cut.slice(0, lastLine) : cut}${TRIMMED}`.slice(0, maxLength)
}
