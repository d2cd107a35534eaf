import type { SizeAdvice, SizeKind, SizeMechanism } from '../elf/types.js'
import { code, text } from '../ground/markdown-escape.js'
import {
  OTHER,
  SIZE_KINDS,
  capName,
  changeWord,
  versionChange,
  type SizeChange,
  type SizeComparison,
  type SizeDiff,
  type SizesJson
} from './sizes.js'
import { formatBytes, formatExact, formatSignedBytes } from './units.js'

/**
 * Markdown for where the bytes are and what changed. Pure. Every name from
 * the binary or a baseline goes through `shown()` (capped, then code-spanned)
 * or `prose()`: it cannot start markup, break a table, or push the rest of a
 * comment out by its length. A note never follows a table directly (GFM would
 * read it as one more row): a blank line always comes first.
 */

/** How many rows each table may show; the renderer lowers these until the report fits. */
export interface RowLimits {
  readonly changes: number
  readonly packages: number
}

/** A name from outside, capped and code-spanned. */
export function shown(value: string): string {
  return code(capName(value))
}

/** A sentence from outside (a note, a message that may quote a name), capped and escaped. */
export function prose(value: string, limit = 400): string {
  return text(capName(value, limit))
}

function percent(part: number, whole: number): string {
  if (whole <= 0) return '—'
  const p = (part / whole) * 100
  return `${p >= 99.95 && part < whole ? '99.9' : p.toFixed(1)} %`
}

/** A note below a table: separated by a blank line, so it is a paragraph and not a row. */
function note(words: string): string[] {
  return ['', `_${words}_`]
}

function sumOf(rows: readonly SizeChange[]): number {
  return rows.reduce((n, r) => n + r.delta, 0)
}

const PART_TITLES: Readonly<Record<SizeKind, string>> = {
  code: 'code',
  pclntab: 'func tables',
  funcdata: 'funcdata',
  types: 'types',
  strings: 'strings',
  data: 'data'
}

/** A table of changes ranked by the change it shows, with what it leaves out summed below it. */
function changeTable(
  title: string,
  rows: readonly SizeChange[],
  limit: number,
  withModule: boolean
): string[] {
  if (rows.length === 0) return []
  const shownRows = rows.slice(0, limit)
  const module = withModule ? ' module |' : ''
  const lines = [
    `| ${title} |${module} base | this PR | change |`,
    `| --- |${withModule ? ' --- |' : ''} ---: | ---: | ---: |`
  ]
  for (const row of shownRows) {
    const version = versionChange(row)
    const label = `${shown(row.name)}${version === '' ? '' : ` ${shown(version)}`}`
    const moduleCell = withModule ? ` ${row.module ? shown(row.module) : ''} |` : ''
    const base = row.base === null ? '—' : formatBytes(row.base)
    const now = row.current === null ? '—' : formatBytes(row.current)
    lines.push(`| ${label} |${moduleCell} ${base} | ${now} | ${changeWord(row)} |`)
  }
  const rest = rows.slice(shownRows.length)
  if (rest.length > 0) {
    lines.push(
      ...note(
        `${formatExact(rest.length)} more ${title} changes: ${formatSignedBytes(sumOf(rest))} in all.`
      )
    )
  }
  return lines
}

/**
 * "What changed" for `diff --markdown`: packages, modules (with version
 * changes) and sections that moved by at least the noise floor. Empty when
 * there is no baseline or nothing moved.
 */
export function whatChangedLines(comparison: SizeComparison | null, limits: RowLimits): string[] {
  if (comparison === null) return []
  if (comparison.status === 'base-without-attribution') {
    return [
      '',
      '_The baseline has no size attribution (it was saved by an older from-scratch): only the totals are compared._'
    ]
  }
  if (comparison.status === 'no-attribution') return []
  const { diff } = comparison
  if (diff.packages.length + diff.modules.length + diff.sections.length === 0) return []
  const lines = ['', '**What changed:**']
  for (const table of [
    changeTable('module', diff.modules, limits.changes, false),
    changeTable('package', diff.packages, limits.changes, true),
    changeTable('section', diff.sections, limits.changes, false)
  ]) {
    if (table.length > 0) lines.push('', ...table)
  }
  return lines
}

/** The part columns that are not zero in every row. */
function partColumns(rows: readonly { parts: Partial<Record<SizeKind, number>> }[]): SizeKind[] {
  return SIZE_KINDS.filter((kind) => rows.some((row) => (row.parts[kind] ?? 0) !== 0))
}

/** The largest packages by the bytes their rows show, split by kind; the rest summed below. */
export function largestPackageLines(sizes: SizesJson, limit: number): string[] {
  const rows = sizes.packages.filter((p) => p.name !== OTHER)
  if (rows.length === 0) return []
  const top = rows.slice(0, limit)
  const kinds = partColumns(top)
  // One kind only says nothing the bytes column does not.
  const columns = kinds.length > 1 ? kinds : []
  const lines = [
    `| package | module | bytes |${columns.map((k) => ` ${PART_TITLES[k]} |`).join('')}`,
    `| --- | --- | ---: |${columns.map(() => ' ---: |').join('')}`
  ]
  for (const p of top) {
    const cells = columns.map((k) => ` ${formatExact(p.parts[k] ?? 0)} |`).join('')
    lines.push(
      `| ${shown(p.name)} | ${p.module === '' ? '' : shown(p.module)} | ${formatExact(p.bytes)} |${cells}`
    )
  }
  const rest = sizes.packages.slice(top.length).filter((p) => p.name !== OTHER)
  const other = sizes.packages.find((p) => p.name === OTHER)
  const count = rest.length + sizes.others.packages
  if (count > 0) {
    const bytes = rest.reduce((n, p) => n + p.bytes, other?.bytes ?? 0)
    lines.push(
      ...note(`${formatExact(count)} smaller packages: ${formatExact(bytes)} bytes in all.`)
    )
  }
  if (columns.includes('code')) {
    lines.push(...note('code includes the alignment padding after each function.'))
  }
  return lines
}

/** Package changes ranked by the change, then the largest packages. */
export function packageLines(sizes: SizesJson, diff: SizeDiff | null, limit: number): string[] {
  const lines: string[] = []
  if (diff !== null) {
    if (diff.packages.length > 0) {
      lines.push(...changeTable('package', diff.packages, limit, true))
    } else {
      lines.push('No package changed by more than the noise floor.')
    }
    if (diff.quiet > 0) {
      lines.push(
        ...note(
          diff.quiet === 1
            ? '1 more row changed by less than 128 bytes.'
            : `${formatExact(diff.quiet)} more rows changed by less than 128 bytes each.`
        )
      )
    }
  }
  const largest = largestPackageLines(sizes, limit)
  if (largest.length > 0) {
    if (lines.length > 0) lines.push('', '**Largest packages:**', '')
    lines.push(...largest)
  }
  if (sizes.symbols.length > 0) {
    const top = sizes.symbols.slice(0, limit)
    const withFile = top.some((s) => s.file !== '')
    if (lines.length > 0) lines.push('')
    lines.push(
      `| symbol | section |${withFile ? ' object |' : ''} bytes |`,
      `| --- | --- |${withFile ? ' --- |' : ''} ---: |`
    )
    for (const s of top) {
      const file = withFile ? ` ${s.file === '' ? '' : shown(s.file)} |` : ''
      lines.push(`| ${shown(s.name)} | ${shown(s.section)} |${file} ${formatExact(s.size)} |`)
    }
    if (sizes.symbols.length > top.length) {
      lines.push(
        ...note(`${formatExact(sizes.symbols.length - top.length)} smaller symbols left out.`)
      )
    }
  }
  return lines
}

/** Modules with their versions, by bytes, with the change against the baseline. */
export function moduleLines(sizes: SizesJson, diff: SizeDiff | null, limit: number): string[] {
  const rows = sizes.modules.filter((m) => m.path !== OTHER)
  const gone = diff === null ? [] : diff.modules.filter((m) => m.current === null)
  if (rows.length === 0 && gone.length === 0) return []
  const changes = new Map((diff?.modules ?? []).map((m) => [m.name, m]))
  const withChange = diff !== null
  const lines = [
    `| module | version | packages | bytes |${withChange ? ' change |' : ''}`,
    `| --- | --- | ---: | ---: |${withChange ? ' ---: |' : ''}`
  ]
  const top = rows.slice(0, limit)
  for (const m of top) {
    const change = changes.get(m.path)
    const moved = change === undefined ? '' : versionChange(change)
    const version = moved !== '' ? shown(moved) : m.version === '' ? '' : shown(m.version)
    const cell = withChange ? ` ${change === undefined ? '' : changeWord(change)} |` : ''
    lines.push(
      `| ${shown(m.path)} | ${version} | ${formatExact(m.packages)} | ${formatExact(m.bytes)} |${cell}`
    )
  }
  const rest = sizes.modules.slice(top.length).filter((m) => m.path !== OTHER)
  const count = rest.length + sizes.others.modules
  const notes: string[] = []
  if (count > 0) {
    const other = sizes.modules.find((m) => m.path === OTHER)
    const bytes = rest.reduce((n, m) => n + m.bytes, other?.bytes ?? 0)
    notes.push(`${formatExact(count)} smaller modules: ${formatExact(bytes)} bytes in all.`)
  }
  if (gone.length > 0) {
    const names = gone
      .slice(0, 5)
      .map((m) => `${shown(m.name)} ${m.baseVersion ? shown(m.baseVersion) : ''}`.trim())
    notes.push(
      `Gone since the baseline: ${names.join(', ')}${gone.length > 5 ? ` and ${gone.length - 5} more` : ''} (${formatSignedBytes(sumOf(gone))}).`
    )
  }
  for (const words of notes) lines.push('', words)
  return lines
}

/** How much of the file was placed, the sections by size, and each section's attributed share. */
export function sectionLines(sizes: SizesJson, diff: SizeDiff | null): string[] {
  const lines: string[] = []
  const { placed } = sizes
  if (placed.file > 0) {
    // The buckets by name, largest first: what "named buckets" means in this binary.
    const buckets = sizes.packages
      .filter((p) => p.name.startsWith('(') && p.name !== OTHER)
      .slice(0, 3)
      .map((p) => shown(p.name))
    lines.push(
      `**${percent(placed.packages + placed.buckets, placed.file)}** of the file's ${formatBytes(placed.file)} is placed: ` +
        `${percent(placed.packages, placed.file)} in packages, ${percent(placed.buckets, placed.file)} in named buckets` +
        `${buckets.length > 0 ? ` (${buckets.join(', ')}${buckets.length < 3 ? '' : ', …'})` : ''}.`,
      ''
    )
  }
  const title = sizes.layout === 'sections' ? 'section' : 'segment'
  const changes = new Map((diff?.sections ?? []).map((s) => [s.name, s]))
  const withChange = diff !== null
  const sections = [...sizes.sections]
    .filter((s) => s.size !== 0 || s.memory !== 0)
    .sort((a, b) => b.size - a.size)
  if (sections.length > 0) {
    lines.push(
      `| ${title} | bytes |${withChange ? ' change |' : ''}`,
      `| --- | ---: |${withChange ? ' ---: |' : ''}`
    )
    for (const s of sections) {
      const memory = s.size === s.memory ? '' : ` (${formatExact(s.memory)} in memory)`
      const change = changes.get(s.name)
      const cell = withChange ? ` ${change === undefined ? '' : changeWord(change)} |` : ''
      lines.push(`| ${shown(s.name)} | ${formatExact(s.size)}${memory} |${cell}`)
    }
  }
  const shares = Object.entries(sizes.attributed)
  if (shares.length > 0) lines.push('')
  for (const [section, share] of shares.filter(([, share]) => share.size > 0).slice(0, 32)) {
    const what =
      share.attributed === 0 && share.how.startsWith('not attributable')
        ? prose(share.how)
        : `${percent(share.attributed, share.size)} attributed (${prose(share.how)})`
    lines.push(`- ${shown(section)} (${formatBytes(share.size)}): ${what}`)
  }
  if (sizes.notes.length > 0) lines.push('')
  for (const words of sizes.notes.slice(0, 10)) lines.push(`- ${prose(words)}`)
  return lines
}

function adviceLine(item: SizeAdvice): string {
  const bytes = item.bytes === null ? '' : `**${formatBytes(item.bytes)}**: `
  return `- ${bytes}${prose(item.message)}`
}

function mechanismLine(mechanism: SizeMechanism, isNew: boolean): string {
  const bytes = mechanism.bytes === null ? '' : `**${formatBytes(mechanism.bytes)}**: `
  const functions =
    mechanism.functions === null ? '' : ` (${formatExact(mechanism.functions)} functions)`
  const calls = mechanism.evidence.slice(0, 3).map(shown)
  const kept =
    calls.length === 0
      ? ''
      : ` Kept alive by ${calls.join(', ')}${mechanism.evidence.length > 3 ? ` and ${mechanism.evidence.length - 3} more` : ''}: remove ${calls.length === 1 ? 'that call' : 'those calls'} to drop it.`
  const since = isNew ? 'New in this change: ' : ''
  return `- ${bytes}${since}${prose(mechanism.message)}${functions}.${kept}`
}

/** Ways to shrink the binary, measured in it: mechanisms first, then the advice. */
export function shrinkLines(sizes: SizesJson, diff: SizeDiff | null): string[] {
  const added = new Set((diff?.mechanisms.added ?? []).map((m) => m.id))
  return [
    ...sizes.mechanisms.map((m) => mechanismLine(m, added.has(m.id))),
    ...sizes.advice.slice(0, 10).map(adviceLine)
  ]
}
