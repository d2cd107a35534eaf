import { code, text } from '../ground/markdown-escape.js'
import { causeWords, causesOf, otherWords, type Causes, type Words } from './causes.js'
import { baselineLabel, metricName } from './gate.js'
import {
  platformOf,
  platformReports,
  type BaselineJson,
  type GateJson,
  type Report,
  type SmokeJson
} from './schema.js'
import {
  moduleLines,
  packageLines,
  prose,
  sectionLines,
  shown,
  shrinkLines
} from './sizes-markdown.js'
import type { SizeDiff } from './sizes.js'
import { formatBytes, formatDelta, formatExact, formatSignedBytes } from './units.js'

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
  /** Hard cap on the body; collapsed sections are trimmed, then dropped, first. Default: COMMENT_LIMIT. */
  readonly maxLength?: number
  /** Why there is no baseline (e.g. the cache could not be read), when the report has none. */
  readonly noBaseline?: string | null
  /**
   * With several platforms: why each platform without a baseline has none, by
   * platform name (`the baseline main@abc1234 has no linux/arm64 build`).
   */
  readonly noBaselineOf?: Readonly<Record<string, string | null>>
}

// Every string from outside (the binary, the repository, a restored baseline) goes through
// code()/shown() or text()/prose(): it cannot start markup, close <details>, or break a table row.
export { code }

/*
 * The comment, in the order a reviewer reads it. Above the first <details>,
 * in a few lines: the headline (pass, warn or fail, the size and its change),
 * one line per gate, why the size changed (causes that add up), the totals.
 * Then collapsed sections: packages, modules, sections, runtime needs, how to
 * shrink, build facts. A comment that must be cut loses collapsed rows, then
 * collapsed sections, and keeps the top.
 */

interface Row {
  readonly label: string
  readonly base: number | null
  readonly current: number | null
}

function rows(report: Report): Row[] {
  const b = report.baseline
  const out: Row[] = [{ label: 'binary', base: b?.binarySize ?? null, current: report.binary.size }]
  if (report.image !== null || (b !== null && b.imageSize !== null)) {
    out.push({ label: 'image', base: b?.imageSize ?? null, current: report.image?.size ?? null })
    out.push({
      label: report.image !== null && !report.image.pullSizeExact ? 'pull (estimated)' : 'pull',
      base: b?.pullSize ?? null,
      current: report.image?.pullSize ?? null
    })
  }
  return out
}

function cell(bytes: number | null): string {
  return bytes === null ? '—' : formatBytes(bytes)
}

function sizeTable(report: Report, current: string): string[] {
  const label = report.baseline === null ? '' : baselineLabel(report.baseline)
  const base = label === '' ? 'base' : `base (${shown(label)})`
  const lines = [`| size | ${base} | ${current} | change |`, '| --- | ---: | ---: | ---: |']
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
  return label === '' ? 'the baseline' : `${prefix}${shown(label)}`
}

function headline(report: Report): string {
  const name = report.image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path
  const title = `### ${icon(report)} from-scratch: ${shown(name)} — `
  if (!report.binary.accepted) {
    return `${title}the binary will not run in an empty image (${text(report.binary.linkage)})`
  }
  const main = report.image === null ? report.binary.size : report.image.size
  const what = report.image === null ? 'binary' : 'image'
  const base = report.baseline
  const baseSize = base === null ? null : what === 'image' ? base.imageSize : base.binarySize
  const versus =
    base === null
      ? 'no baseline to compare with'
      : baseSize === null
        ? `${baselineName(base, 'baseline ')} has no ${what} size`
        : `${formatDelta(baseSize, main)} vs ${baselineName(base, '')}`
  // The icon gives the verdict; the gate lines right below say which limit and by how much.
  return `${title}${formatBytes(main)} ${what}, ${versus}`
}

function icon(report: Report): string {
  if (!report.binary.accepted || report.gates.some((gate) => !gate.passed)) return '❌'
  return report.gates.some((gate) => gate.warned) ? '⚠️' : '✅'
}

function shortGate(gate: GateJson): string {
  const what = metricName(gate.metric)
  const where = gate.actual > gate.limit ? 'over' : 'within'
  if (gate.gate === 'max-size') {
    return `${what} ${formatBytes(gate.actual)}, ${where} max-size ${text(gate.rule)}`
  }
  const change = gate.baseline === null ? '' : `, ${formatDelta(gate.baseline, gate.actual)},`
  return `${what} ${formatBytes(gate.actual)}${change} ${where} ${gate.gate} ${text(gate.rule)} (limit ${formatBytes(gate.limit)})`
}

function gateIcon(gate: GateJson): string {
  if (!gate.passed) return '❌'
  return gate.warned ? '⚠️' : '✅'
}

function gateLines(report: Report, notes: readonly string[]): string[] {
  if (report.gates.length === 0 && notes.length === 0) return []
  const failed = report.gates.some((gate) => !gate.passed)
  const warned = report.gates.some((gate) => gate.warned)
  const outcome =
    report.gates.length === 0
      ? 'none could be checked'
      : failed
        ? 'failed, so this job fails'
        : warned
          ? 'passed with a warning'
          : 'passed'
  const lines = [`**Size gates: ${outcome}.**`, '']
  for (const gate of report.gates) lines.push(`- ${gateIcon(gate)} ${shortGate(gate)}`)
  for (const item of notes.slice(0, 5)) lines.push(`- ➖ ${prose(item)}`)
  return lines
}

const MARKDOWN_WORDS: Words = { name: shown, prose: (value) => prose(value), bytes: formatBytes }

function causeLines(causes: Causes | null, report: Report, subject = 'the'): string[] {
  // Without attribution and without a new runtime need, "the binary grew" is all: the table says it.
  if (causes === null || causes.causes.length === 0) return []
  const what = report.image !== null && report.baseline?.imageSize !== null ? 'image' : 'binary'
  const verb = causes.total > 0 ? 'grew' : causes.total < 0 ? 'shrank' : 'changed'
  const by = causes.total === 0 ? '' : ` by ${formatBytes(Math.abs(causes.total))}`
  const lines = [`**Why ${subject} ${what} ${verb}${by}:**`, '']
  for (const cause of causes.causes) {
    const bytes = cause.bytes === null ? '' : `**${formatSignedBytes(cause.bytes)}** `
    lines.push(`- ${bytes}${causeWords(cause, MARKDOWN_WORDS)}`)
  }
  if (causes.other !== 0) {
    lines.push(`- **${formatSignedBytes(causes.other)}** ${otherWords(causes, MARKDOWN_WORDS)}`)
  }
  return lines
}

function baselineSentence(baseline: BaselineJson | null, why?: string | null): string[] {
  if (baseline !== null) return []
  if (why !== undefined && why !== null && why !== '') {
    return [
      '',
      `No baseline: ${prose(why)}, so there is nothing to compare with and only absolute limits apply.`
    ]
  }
  return [
    '',
    'No baseline: no report from the default branch was found (one is saved on each push to it), so there is nothing to compare with yet and only absolute limits apply.'
  ]
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
    return ` → not in the image; add \`include: ${text(wanted.extra)}\` if the program needs it`
  }
  const under = (path: string): boolean =>
    extra.paths.some((root) => path === root || path.startsWith(`${root}/`))
  const files = image.files.map((file) => file.path).filter(under)
  // An extra without files (the /tmp folder) names what it added.
  const added = files.length > 0 ? files : extra.paths
  return ` → added ${added
    .slice(0, 3)
    .map((path) => shown(path))
    .join(', ')}${added.length > 3 ? ` and ${added.length - 3} more` : ''}`
}

function needLines(report: Report): string[] {
  const { findings } = report.binary
  const lines: string[] = []
  for (const finding of findings.slice(0, 20)) {
    const evidence = finding.evidence.slice(0, 5).map((item) => shown(item))
    if (finding.evidence.length > 5) evidence.push(`… ${finding.evidence.length - 5} more`)
    lines.push(
      `- **${text(finding.id)}**: ${prose(finding.message)} (${evidence.join(', ')})${extraNote(report, finding.id)}`
    )
  }
  const extras = report.image?.extras ?? []
  if (extras.length > 0) {
    if (lines.length > 0) lines.push('')
    lines.push('| in the image | because | bytes |', '| --- | --- | ---: |')
    for (const extra of extras.slice(0, 20)) {
      const why = extra.reasons
        .map((r) => (r.by === 'asked' ? '`include`' : `finding ${shown(r.finding)}`))
        .join(', ')
      lines.push(`| ${shown(extra.kind)} | ${why} | ${formatExact(extra.bytes)} |`)
    }
  }
  return lines
}

function factLines(report: Report, notes: readonly string[], fileLimit: number): string[] {
  const { binary, image, baseline } = report
  const lines: string[] = []
  lines.push(
    `- binary: ${shown(binary.path)}, ${formatExact(binary.size)} bytes, ${text(binary.linkage)}`
  )
  if (binary.summary !== '') lines.push(`- verdict: ${prose(binary.summary)}`)
  if (binary.interpreter !== null) lines.push(`- interpreter: ${shown(binary.interpreter)}`)
  if (binary.needed.length > 0) {
    lines.push(
      `- needs: ${binary.needed
        .slice(0, 20)
        .map((lib) => shown(lib))
        .join(', ')}`
    )
  }
  if (report.build) lines.push(`- toolchain: ${shown(report.build.toolchain)}`)
  if (binary.go !== null) {
    lines.push(`- Go ${shown(binary.go.version)}, main package ${shown(binary.go.path)}`)
    for (const [key, value] of Object.entries(binary.go.settings).slice(0, 40)) {
      lines.push(`  - ${shown(`${key}=${value}`)}`)
    }
  }
  if (image !== null) {
    lines.push(`- image: ${shown(image.name)}`)
    if (image.tags.length > 0) {
      lines.push(
        `- tags: ${image.tags
          .slice(0, 20)
          .map((tag) => shown(tag))
          .join(', ')}`
      )
    }
    if (image.id !== '') lines.push(`- id: ${shown(image.id)}`)
    if (image.digest !== '') lines.push(`- digest: ${shown(image.digest)}`)
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
      `- baseline: ${shown(baseline.ref)}${baseline.sha === '' ? '' : ` @ ${shown(baseline.sha)}`}: ${sizes.join(', ')} bytes`
    )
  }
  for (const gate of report.gates) {
    lines.push(
      `- gate ${gate.gate} ${shown(gate.rule)} on ${gate.metric}: actual ${formatExact(gate.actual)}, limit ${formatExact(gate.limit)}${gate.baseline === null ? '' : `, baseline ${formatExact(gate.baseline)}`} bytes → ${gate.passed ? (gate.warned ? 'warned' : 'passed') : 'failed'}`
    )
  }
  if (report.gates.length === 0 && notes.length === 0)
    lines.push('- no size gates are set (`max-size`, `max-increase`)')
  const files = image?.files ?? []
  if (files.length > 0 && fileLimit === 0) {
    const bytes = files.reduce((n, f) => n + f.size, 0)
    lines.push(
      '',
      `_${formatExact(files.length)} files in the image, ${formatExact(bytes)} bytes in all: the \`report-json\` output lists them._`
    )
  }
  if (files.length > 0 && fileLimit > 0) {
    lines.push('', '| file in the image | bytes |', '| --- | ---: |')
    for (const file of files.slice(0, fileLimit)) {
      lines.push(`| ${shown(file.path)} | ${formatExact(file.size)} |`)
    }
    if (files.length > fileLimit) {
      const rest = files.slice(fileLimit).reduce((n, f) => n + f.size, 0)
      lines.push(
        '',
        `_${formatExact(files.length - fileLimit)} more files: ${formatExact(rest)} bytes in all._`
      )
    }
  }
  return lines
}

/*
 * Several platforms (one image index): the same order, every number per
 * platform. The headline names the largest image, since a gate's limit is
 * met only when the largest platform meets it; the gate lines and the totals
 * name each platform; causes are the primary's, and another platform's only
 * where they differ. The collapsed sections describe the primary's binary,
 * and each other platform gets its build facts.
 */

/** The platform's name as shown: it is ours (platformName), escaped all the same. */
function platformText(report: Report): string {
  return text(platformOf(report))
}

function mainSize(report: Report): number {
  return report.image === null ? report.binary.size : report.image.size
}

/** The largest platform's image (its binary when no image was built); the first of equals. */
function largest(parts: readonly Report[]): Report {
  return parts.reduce((big, part) => (mainSize(part) > mainSize(big) ? part : big))
}

function platformsHeadline(report: Report, parts: readonly Report[]): string {
  const name = report.image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path
  const icons = parts.map(icon)
  const verdict = icons.includes('❌') ? '❌' : icons.includes('⚠️') ? '⚠️' : '✅'
  const title = `### ${verdict} from-scratch: ${shown(name)} — `
  const rejected = parts.filter((part) => !part.binary.accepted)
  if (rejected.length > 0) {
    const which = rejected.map((part) => `${platformText(part)} (${text(part.binary.linkage)})`)
    return `${title}the binary will not run in an empty image: ${which.join(', ')}`
  }
  const big = largest(parts)
  const what = big.image === null ? 'binary' : 'image'
  const size = mainSize(big)
  const base = big.baseline
  const baseSize = base === null ? null : what === 'image' ? base.imageSize : base.binarySize
  const versus =
    base === null
      ? parts.every((part) => part.baseline === null)
        ? 'no baseline to compare with'
        : `no baseline for ${platformText(big)}`
      : baseSize === null
        ? `${baselineName(base, 'baseline ')} has no ${what} size`
        : `${formatDelta(baseSize, size)} vs ${baselineName(base, '')}`
  return `${title}${parts.length} platforms, largest ${formatBytes(size)} ${what} (${platformText(big)}), ${versus}`
}

function platformsGateLines(parts: readonly Report[], notes: readonly string[]): string[] {
  const gates = parts.flatMap((part) => part.gates.map((gate) => ({ part, gate })))
  if (gates.length === 0 && notes.length === 0) return []
  const failedOn = parts.filter((part) => part.gates.some((gate) => !gate.passed))
  // A platform whose gates were all skipped (no baseline for it) did not pass them.
  const checked = parts.filter((part) => part.gates.length > 0)
  const warned = gates.some(({ gate }) => gate.warned)
  const outcome =
    gates.length === 0
      ? 'none could be checked'
      : failedOn.length > 0
        ? `failed on ${failedOn.map(platformText).join(' and ')}, so this job fails`
        : warned
          ? 'passed with a warning'
          : checked.length === parts.length
            ? `passed on all ${parts.length} platforms`
            : `passed on ${checked.map(platformText).join(' and ')}`
  const lines = [`**Size gates: ${outcome}.**`, '']
  const kinds = [...new Set(gates.map(({ gate }) => gate.gate))]
  for (const kind of kinds) {
    const same = gates.filter(({ gate }) => gate.gate === kind)
    const clean = same.every(({ gate }) => gate.passed && !gate.warned)
    if (clean && same.length > 1) {
      // Every platform within: the one closest to its limit says it for all.
      const closest = same.reduce((a, b) =>
        b.gate.limit - b.gate.actual < a.gate.limit - a.gate.actual ? b : a
      )
      lines.push(
        `- ✅ ${platformText(closest.part)}, the closest of ${same.length} platforms: ${shortGate(closest.gate)}`
      )
      continue
    }
    for (const { part, gate } of same) {
      lines.push(`- ${gateIcon(gate)} ${platformText(part)}: ${shortGate(gate)}`)
    }
  }
  for (const item of notes.slice(0, 5)) lines.push(`- ➖ ${prose(item)}`)
  return lines
}

/** The causes as words only, to tell whether two platforms changed for the same reasons. */
function causeKey(causes: Causes): string {
  const plain: Words = { name: (value) => value, prose: (value) => value, bytes: () => '' }
  return causes.causes.map((cause) => causeWords(cause, plain)).join('\n')
}

/** How many causes another platform lists when they differ from the primary's. */
const OTHER_CAUSES = 3

function platformsCauseLines(parts: readonly Report[]): string[] {
  const [primary, ...rest] = parts
  if (primary === undefined) return []
  const mine = causesOf(primary)
  const lines = causeLines(mine, primary, `the ${platformText(primary)}`)
  for (const part of rest) {
    const theirs = causesOf(part)
    if (theirs === null || theirs.causes.length === 0) continue
    const what = part.image !== null && part.baseline?.imageSize !== null ? 'image' : 'binary'
    const verb = theirs.total > 0 ? 'grew' : theirs.total < 0 ? 'shrank' : 'changed'
    const by = theirs.total === 0 ? '' : ` by ${formatBytes(Math.abs(theirs.total))}`
    if (mine !== null && mine.causes.length > 0 && causeKey(mine) === causeKey(theirs)) {
      lines.push('', `_The ${platformText(part)} ${what} ${verb}${by}, for the same causes._`)
      continue
    }
    lines.push('', `**Why the ${platformText(part)} ${what} ${verb}${by}:**`, '')
    for (const cause of theirs.causes.slice(0, OTHER_CAUSES)) {
      const bytes = cause.bytes === null ? '' : `**${formatSignedBytes(cause.bytes)}** `
      lines.push(`- ${bytes}${causeWords(cause, MARKDOWN_WORDS)}`)
    }
    if (theirs.causes.length > OTHER_CAUSES) {
      lines.push(`- _${theirs.causes.length - OTHER_CAUSES} more in the \`report-json\` output_`)
    }
  }
  return lines
}

/** The label of the baselines' column: they all come from one report, so one name. */
function platformsBaseColumn(parts: readonly Report[]): string {
  const base = parts.find((part) => part.baseline !== null)?.baseline ?? null
  const label = base === null ? '' : baselineLabel(base)
  return label === '' ? 'base' : `base (${shown(label)})`
}

function platformsSizeTable(parts: readonly Report[], current: string): string[] {
  const lines = [
    `| platform | size | ${platformsBaseColumn(parts)} | ${current} | change |`,
    '| --- | --- | ---: | ---: | ---: |'
  ]
  for (const part of parts) {
    rows(part).forEach((row, i) => {
      const change =
        row.current === null
          ? '—'
          : part.baseline === null
            ? 'no baseline'
            : row.base === null
              ? '—'
              : formatDelta(row.base, row.current)
      const platform = i === 0 ? platformText(part) : ''
      lines.push(
        `| ${platform} | ${row.label} | ${cell(row.base)} | ${cell(row.current)} | ${change} |`
      )
    })
  }
  return lines
}

/** How one platform's smoke run went: never "passed" for one that did not run. */
export function smokeWords(smoke: SmokeJson): string {
  if (!smoke.ran) return `not run: ${prose(smoke.why)}`
  return smoke.how === 'native' ? 'passed (native)' : `passed under ${shown(smoke.how)}`
}

function platformsSmokeLine(parts: readonly Report[]): string[] {
  const runs = parts.filter((part) => (part.image?.smoke ?? null) !== null)
  if (runs.length === 0) return []
  const said = runs.map((part) => {
    const smoke = part.image?.smoke
    return smoke === undefined || smoke === null ? '' : `${platformText(part)} ${smokeWords(smoke)}`
  })
  return ['', `**Smoke test:** ${said.join(' · ')}`]
}

/**
 * One platform alone says its smoke run only when it was not a plain native
 * pass: a pass needs no line (as before), an emulated or skipped run does.
 */
function smokeLine(report: Report): string[] {
  const smoke = report.image?.smoke ?? null
  if (smoke === null || (smoke.ran && smoke.how === 'native')) return []
  return ['', `**Smoke test:** ${smokeWords(smoke)}`]
}

function platformsBaselineSentences(
  parts: readonly Report[],
  why: Readonly<Record<string, string | null>>,
  fallback: string | null | undefined
): string[] {
  const missing = parts.filter((part) => part.baseline === null)
  if (missing.length === 0) return []
  if (missing.length === parts.length) {
    const reasons = new Set(parts.map((part) => why[platformOf(part)] ?? fallback ?? null))
    // One reason for all (nothing was restored): said once, as for one platform.
    if (reasons.size === 1) return baselineSentence(null, [...reasons][0])
  }
  return missing.flatMap((part) => {
    const reason = why[platformOf(part)] ?? fallback ?? null
    const because =
      reason === null || reason === ''
        ? 'no report from the default branch was found'
        : prose(reason)
    return [
      '',
      `No baseline for ${platformText(part)}: ${because}, so it is not compared and only absolute limits apply to it.`
    ]
  })
}

/** The head of a several-platform report, above the collapsed sections. */
function platformsHead(report: Report, options: RenderOptions): string[] {
  const parts = platformReports(report)
  const notes = options.notes ?? []
  const top = [platformsHeadline(report, parts)]
  for (const part of parts) {
    if (!part.binary.accepted && part.binary.summary !== '') {
      top.push('', `> ${platformText(part)}: ${prose(part.binary.summary)}`)
    }
  }
  const gates = platformsGateLines(parts, notes)
  if (gates.length > 0) top.push('', ...gates)
  const causes = platformsCauseLines(parts)
  if (causes.length > 0) top.push('', ...causes)
  top.push('', ...platformsSizeTable(parts, options.current ?? 'this PR'))
  top.push(...platformsSmokeLine(parts))
  top.push(...platformsBaselineSentences(parts, options.noBaselineOf ?? {}, options.noBaseline))
  return top
}

/** One collapsed section; empty when it has nothing to show. */
function collapsed(summary: string, body: readonly string[]): string[] {
  if (body.length === 0) return []
  return ['', `<details><summary>${summary}</summary>`, '', ...body, '', '</details>']
}

interface Budget {
  /** Rows of each package, module, symbol table. */
  readonly rows: number
  readonly files: number
}

/** The collapsed sections in the order they are read; the last ones go first when cut. */
function sections(report: Report, notes: readonly string[], budget: Budget): string[][] {
  const others = report.others ?? []
  if (others.length === 0) return platformSections(report, notes, budget, '')
  // The primary's binary in full; each other platform's build facts after it.
  const out = platformSections(report, notes, budget, ` (${platformText(report)})`)
  for (const other of others) {
    out.push(
      collapsed(
        `Build facts (${platformText(other)})`,
        factLines(other, [], Math.min(budget.files, 20))
      )
    )
  }
  return out.filter((lines) => lines.length > 0)
}

/** The collapsed sections of one platform's report; `suffix` names the platform when there are several. */
function platformSections(
  report: Report,
  notes: readonly string[],
  budget: Budget,
  suffix: string
): string[][] {
  const sizes = report.binary.sizes ?? null
  const diff: SizeDiff | null = report.changes?.status === 'compared' ? report.changes.diff : null
  const out: string[][] = []
  if (sizes) {
    const changed = diff === null ? 0 : diff.packages.length
    const title =
      sizes.packages.length === 0
        ? 'Largest symbols'
        : diff === null
          ? `Packages: the ${Math.min(budget.rows, sizes.packages.length)} largest`
          : `Packages: ${formatExact(changed)} changed`
    out.push(collapsed(`${title}${suffix}`, packageLines(sizes, diff, budget.rows)))
    out.push(collapsed(`Modules and versions${suffix}`, moduleLines(sizes, diff, budget.rows)))
    out.push(collapsed(`Sections: where the file’s bytes are${suffix}`, sectionLines(sizes, diff)))
  }
  if (report.changes?.status === 'base-without-attribution') {
    out.unshift([
      '',
      '_The baseline has no size attribution (it was saved by an older from-scratch): only the totals are compared._'
    ])
  }
  out.push(collapsed(`Runtime needs${suffix}`, needLines(report)))
  if (sizes) out.push(collapsed(`How to shrink${suffix}`, shrinkLines(sizes, diff)))
  out.push(collapsed(`Build facts${suffix}`, factLines(report, notes, budget.files)))
  return out.filter((lines) => lines.length > 0)
}

const TRIMMED =
  '\n\n_Parts of this report were left out to fit a GitHub comment; the `report-json` output has all of it._\n'

/**
 * The report as markdown, for the job summary, the PR comment and the
 * terminal alike. Pure. With `commentKey`, the first line is the hidden
 * marker the sticky comment is found by. Never longer than `maxLength`:
 * rows of the collapsed sections go first, then whole sections from the
 * last, and only then is the top cut.
 */
export function renderReport(report: Report, options: RenderOptions = {}): string {
  const maxLength = options.maxLength ?? COMMENT_LIMIT
  const notes = options.notes ?? []
  const top: string[] = []
  if (options.commentKey !== undefined && options.commentKey !== null) {
    top.push(commentMarker(options.commentKey))
  }
  if ((report.others ?? []).length > 0) top.push(...platformsHead(report, options))
  else {
    top.push(headline(report))
    if (!report.binary.accepted && report.binary.summary !== '') {
      top.push('', `> ${prose(report.binary.summary)}`)
    }
    const gates = gateLines(report, notes)
    if (gates.length > 0) top.push('', ...gates)
    const causes = causeLines(causesOf(report), report)
    if (causes.length > 0) top.push('', ...causes)
    top.push('', ...sizeTable(report, options.current ?? 'this PR'))
    top.push(...smokeLine(report))
    top.push(...baselineSentence(report.baseline, options.noBaseline))
  }
  const head = top.join('\n')

  const files = report.image?.files.length ?? 0
  const budgets: Budget[] = [
    { rows: 20, files: Math.min(files, 500) },
    { rows: 20, files: 50 },
    { rows: 10, files: 10 },
    { rows: 5, files: 0 }
  ]
  let parts: string[][] = []
  for (const budget of budgets) {
    parts = sections(report, notes, budget)
    const body = `${head}\n${parts.map((lines) => lines.join('\n')).join('\n')}\n`
    if (body.length <= maxLength) return body
  }
  // Whole sections, from the last one read, until the rest fits with the note.
  while (parts.length > 0) {
    parts = parts.slice(0, -1)
    const body = `${head}\n${parts.map((lines) => lines.join('\n')).join('\n')}${TRIMMED}`
    if (body.length <= maxLength && parts.length > 0) return body
  }
  if (head.length + TRIMMED.length <= maxLength) return `${head}${TRIMMED}`
  // Only a cap far below GitHub's gets here: cut on a line boundary.
  const room = Math.max(0, maxLength - TRIMMED.length)
  const cut = head.slice(0, room)
  const lastLine = cut.lastIndexOf('\n')
  return `${lastLine > 0 ? cut.slice(0, lastLine) : cut}${TRIMMED}`.slice(0, maxLength)
}
