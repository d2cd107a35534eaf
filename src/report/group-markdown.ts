import { code, text } from '../ground/markdown-escape.js'
import { platformOf, platformReports, type Report } from './schema.js'
import { causeTexts, causesOf } from './causes.js'
import { formatBytes, formatDelta } from './units.js'

/*
 * Several images in one pull-request comment (steps or matrix jobs of one
 * `comment-group`): a table of all images first, then one section per image.
 * Pure. Each section is what one job knows about its own image; the per-image
 * report inside it is the single-image renderer's output, taken as it is.
 */

export type SectionStatus = 'pass' | 'warn' | 'fail'

/** What one table row shows: a verdict and a size against its baseline. */
export interface SizeRow {
  readonly status: SectionStatus
  /** Which size the row shows: the image's, or the binary's when there is no image. */
  readonly what: 'image' | 'binary'
  readonly size: number
  /** The same size in the baseline; null without one. */
  readonly base: number | null
  readonly pull: number | null
  readonly pullExact: boolean
}

/** One image's part of the grouped comment: what its table row and its section need. */
export interface ImageSection extends SizeRow {
  /** comment-key: the section's identity (one per image; default the image name). */
  readonly key: string
  /** Image name (the binary's file name when no image was built). */
  readonly image: string
  /** The first cause of the change, as plain text (escaped when shown); null when none is known. */
  readonly cause: string | null
  /** The pull request's head commit the image was built for; '' when unknown. */
  readonly commit: string
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT of the job that wrote it; 0 when unknown. */
  readonly runId: number
  readonly attempt: number
  /** When the job wrote it (ms since 1970, the job's clock): the last tie-breaker. */
  readonly written: number
  /** The per-image report; null when it was left out so that the comment fits. */
  readonly markdown: string | null
  /**
   * An image of several platforms (one index): each platform's row, primary
   * first; the fields above are the primary's but `status`, the worst of all.
   * Absent for one platform.
   */
  readonly platforms?: readonly PlatformRow[]
}

/** One platform of a several-platform image, as its row in the table shows it. */
export interface PlatformRow extends SizeRow {
  /** `linux/arm64` */
  readonly platform: string
}

/** Who wrote a section and when: a newer write of the same key replaces an older one. */
export type SectionVersion = Pick<ImageSection, 'runId' | 'attempt' | 'written'>

/**
 * Orders two writes of one section: a later run (run ids grow over time in a
 * repository), then a later attempt of the same run (a re-run), then the
 * later clock. Negative when `a` is older. Pure.
 */
export function compareVersions(a: SectionVersion, b: SectionVersion): number {
  return a.runId - b.runId || a.attempt - b.attempt || a.written - b.written
}

/** Sections in the order the comment shows them: by key, so every writer renders the same body. */
export function orderSections(sections: readonly ImageSection[]): ImageSection[] {
  return [...sections].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/**
 * The commit the newest run built: the commit of the section written by the
 * latest run. Sections built for another commit are stale: their image was
 * not built in the pull request's newest commit. '' when no section names one.
 */
export function newestCommit(sections: readonly ImageSection[]): string {
  let newest: ImageSection | null = null
  for (const section of sections) {
    if (section.commit === '') continue
    if (newest === null || compareVersions(section, newest) > 0) newest = section
  }
  return newest?.commit ?? ''
}

export function isStale(section: ImageSection, newest: string): boolean {
  return newest !== '' && section.commit !== '' && section.commit !== newest
}

/** pass, warn or fail from a report's gates and verdict, the worst of its platforms. Pure. */
export function statusOf(report: Pick<Report, 'binary' | 'gates' | 'others'>): SectionStatus {
  const parts = [report, ...(report.others ?? [])]
  if (parts.some((part) => !part.binary.accepted || part.gates.some((gate) => !gate.passed)))
    return 'fail'
  return parts.some((part) => part.gates.some((gate) => gate.warned)) ? 'warn' : 'pass'
}

/** One platform's row from its own report. */
function platformRow(part: Report): PlatformRow {
  const image = part.image
  const base = part.baseline
  return {
    platform: platformOf(part),
    status: statusOf({ binary: part.binary, gates: part.gates }),
    what: image === null ? 'binary' : 'image',
    size: image === null ? part.binary.size : image.size,
    base: base === null ? null : image === null ? base.binarySize : base.imageSize,
    pull: image?.pullSize ?? null,
    pullExact: image?.pullSizeExact ?? false
  }
}

/** The first cause of the size change, in plain words (escaped when shown); null without a change or a cause. */
export function topCauseOf(report: Report): string | null {
  const base = report.baseline
  if (base === null) return null
  const size = report.image?.size ?? report.binary.size
  const baseSize = report.image === null ? base.binarySize : base.imageSize
  if (baseSize === null || baseSize === size) return null
  return causeTexts(causesOf(report))[0] ?? null
}

export interface SectionFacts {
  readonly key: string
  readonly commit: string
  readonly runId: number
  readonly attempt: number
  readonly written: number
  readonly markdown: string | null
}

/** The section a job writes for its own image, from its report. Pure. */
export function sectionOf(report: Report, facts: SectionFacts): ImageSection {
  const image = report.image
  const name = image?.name ?? report.binary.path.split('/').pop() ?? report.binary.path
  const parts = platformReports(report)
  const { platform: _platform, ...primary } = platformRow(report)
  void _platform
  return {
    ...facts,
    image: name,
    ...primary,
    status: statusOf(report),
    cause: topCauseOf(report),
    ...(parts.length > 1 ? { platforms: parts.map(platformRow) } : {})
  }
}

/** The rows a section shows: its platforms, or itself as the one. */
function rowsOf(section: ImageSection): readonly (PlatformRow | ImageSection)[] {
  const platforms = section.platforms ?? []
  return platforms.length > 1 ? platforms : [section]
}

/** The largest platform's row (the primary's of equals): what a limit is about. */
function largestRow(section: ImageSection): PlatformRow | ImageSection {
  return rowsOf(section).reduce((big, row) => (row.size > big.size ? row : big))
}

const ICONS: Record<SectionStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' }

function images(count: number): string {
  return count === 1 ? '1 image' : `${count} images`
}

/** The headline: how many current images fail or warn, and how many sections are stale. Pure. */
export function groupHeadline(sections: readonly ImageSection[]): string {
  const newest = newestCommit(sections)
  const current = sections.filter((section) => !isStale(section, newest))
  const stale = sections.length - current.length
  const failed = current.filter((section) => section.status === 'fail').length
  const warned = current.filter((section) => section.status === 'warn').length
  const n = current.length
  let line: string
  if (failed > 0) line = `❌ from-scratch: ${failed} of ${images(n)} over their limits`
  else if (warned > 0) line = `⚠️ from-scratch: ${warned} of ${images(n)} over a warning limit`
  else {
    const total = current.reduce(
      (sum, section) => sum + rowsOf(section).reduce((n, row) => n + row.size, 0),
      0
    )
    line = `✅ from-scratch: ${images(n)}${n === 1 ? '' : ', all'} within their limits, ${formatBytes(total)} in all`
  }
  if (stale > 0) line += ` · ${stale} not built in this commit`
  return `### ${line}`
}

function shortSha(commit: string): string {
  return commit.slice(0, 7)
}

function change(section: Pick<ImageSection, 'base' | 'size'>): string {
  return section.base === null ? 'no baseline' : formatDelta(section.base, section.size)
}

function pullCell(section: Pick<ImageSection, 'pull' | 'pullExact'>): string {
  if (section.pull === null) return '—'
  return `${formatBytes(section.pull)}${section.pullExact ? '' : ' (est.)'}`
}

/** Numbers and their units stay on one line in a narrow table cell. */
function nowrap(cell: string): string {
  return cell.replace(/ /g, '\u00a0')
}

/** The table of all images: status, image, size, change, pull size, top cause. */
export function groupTable(sections: readonly ImageSection[]): string[] {
  const newest = newestCommit(sections)
  const lines = [
    '| | image | size | change | pull | top cause |',
    '| :-: | --- | ---: | ---: | ---: | --- |'
  ]
  for (const section of orderSections(sections)) {
    const stale = isStale(section, newest)
    const status = stale ? '➖' : ICONS[section.status]
    const staleNote = stale
      ? `<br><sub>not built in this commit (built for ${code(shortSha(section.commit))})</sub>`
      : ''
    const name = `${code(section.key)}${staleNote}`
    // Prose, escaped: a code span wraps badly in a narrow column.
    const cause = section.cause === null ? '—' : text(section.cause)
    const platforms = section.platforms ?? []
    if (platforms.length > 1) {
      // One row per platform, each with its own verdict; the image's cause once, on the first.
      platforms.forEach((row, i) => {
        const icon = stale ? '➖' : ICONS[row.status]
        const size = `${formatBytes(row.size)}${row.what === 'binary' ? ' (binary)' : ''}`
        // The key once, on the first row; each row names its platform below it.
        const platform = `<sub>${nowrap(text(row.platform))}</sub>`
        const label = i === 0 ? `${code(section.key)}<br>${platform}${staleNote}` : platform
        lines.push(
          `| ${icon} | ${label} | ${nowrap(size)} | ${nowrap(change(row))} | ${nowrap(pullCell(row))} | ${i === 0 ? cause : ''} |`
        )
      })
      continue
    }
    const size = `${formatBytes(section.size)}${section.what === 'binary' ? ' (binary)' : ''}`
    lines.push(
      `| ${status} | ${name} | ${nowrap(size)} | ${nowrap(change(section))} | ${nowrap(pullCell(section))} | ${cause} |`
    )
  }
  return lines
}

/** HTML text inside `<summary>`, where markdown is not read: escape what HTML would. */
function html(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

export interface GroupRenderOptions {
  /** A link to the run that wrote a section (its job summary holds the full report); null: none. */
  readonly runUrl?: (section: ImageSection) => string | null
  /** Sections whose per-image report is shown only as a link (to make the comment fit). */
  readonly summarized?: ReadonlySet<string>
}

/** One image's collapsible section: open when its gate failed or warned, unless stale. */
export function sectionLines(
  section: ImageSection,
  newest: string,
  options: GroupRenderOptions = {}
): string[] {
  const stale = isStale(section, newest)
  const open = !stale && section.status !== 'pass'
  const icon = stale ? '➖' : ICONS[section.status]
  const note = stale ? ` — not built in this commit (built for ${shortSha(section.commit)})` : ''
  const rows = rowsOf(section)
  const big = largestRow(section)
  const sizes =
    rows.length > 1 && 'platform' in big
      ? `${rows.length} platforms, largest ${big.what} ${formatBytes(big.size)} (${html(big.platform)}), ${change(big)}`
      : `${section.what} ${formatBytes(section.size)}, ${change(section)}`
  const summary = `${icon} <b>${html(section.key)}</b> — ${sizes}${html(note)}`
  const url = options.runUrl?.(section) ?? null
  const hidden = section.markdown === null || options.summarized?.has(section.key) === true
  const body = hidden
    ? url === null
      ? "_The full report is in that job's summary._"
      : `_The full report is in the [job summary of its run](${url})._`
    : section.markdown.trim()
  const lines = [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '']
  if (stale) {
    lines.push(
      `> Not built in the pull request's newest commit: this section is from commit ${code(shortSha(section.commit))}.`,
      ''
    )
  }
  lines.push(body, '', '</details>')
  return lines
}

/**
 * The grouped comment's visible part: headline, table of all images, then one
 * section per image (by key). One current section alone is shown as the
 * single-image report it is, with nothing around it. Pure.
 */
export function renderGroup(
  sections: readonly ImageSection[],
  options: GroupRenderOptions = {}
): string {
  const ordered = orderSections(sections)
  const newest = newestCommit(ordered)
  const [only] = ordered
  if (
    ordered.length === 1 &&
    only !== undefined &&
    only.markdown !== null &&
    options.summarized?.has(only.key) !== true
  ) {
    return only.markdown
  }
  const lines = [groupHeadline(ordered), '', ...groupTable(ordered)]
  for (const section of ordered) lines.push('', ...sectionLines(section, newest, options))
  return `${lines.join('\n')}\n`
}
