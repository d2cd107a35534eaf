import type { SizeAdvice } from '../elf/types.js'
import { code } from '../ground/markdown-escape.js'
import {
  OTHER,
  changeWord,
  versionChange,
  type SizeChange,
  type SizeComparison,
  type SizesJson
} from './sizes.js'
import { formatBytes, formatExact } from './units.js'

/**
 * Markdown for where the bytes are and what changed. Pure. Every name from
 * the binary goes through `code()`: it cannot start markup or break a table.
 */

/** How many rows each table may show; the renderer lowers these until the report fits. */
export interface RowLimits {
  readonly changes: number
  readonly packages: number
}

function percent(part: number, whole: number): string {
  if (whole <= 0) return '—'
  const p = (part / whole) * 100
  return `${p >= 99.95 && part < whole ? '99.9' : p.toFixed(1)} %`
}

function dropped(count: number, what: string): string[] {
  return count > 0 ? [`_${formatExact(count)} smaller ${what} left out to fit._`] : []
}

function changeTable(title: string, rows: readonly SizeChange[], limit: number): string[] {
  if (rows.length === 0) return []
  const shown = rows.slice(0, limit)
  const lines = [`| ${title} | base | now | change |`, '| --- | ---: | ---: | ---: |']
  for (const row of shown) {
    const version = versionChange(row)
    const label = `${code(row.name)}${version === '' ? '' : ` ${code(version)}`}`
    const base = row.base === null ? '—' : formatBytes(row.base)
    const now = row.current === null ? '—' : formatBytes(row.current)
    lines.push(`| ${label} | ${base} | ${now} | ${changeWord(row)} |`)
  }
  return [...lines, ...dropped(rows.length - shown.length, `${title} changes`)]
}

/**
 * "What changed", for right under the totals: packages, modules (with
 * version changes) and sections that moved by at least the noise floor.
 * Empty when there is no baseline or nothing moved.
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
    changeTable('module', diff.modules, limits.changes),
    changeTable('package', diff.packages, limits.changes),
    changeTable('section', diff.sections, limits.changes)
  ]) {
    if (table.length > 0) lines.push('', ...table)
  }
  return lines
}

function attributedLines(sizes: SizesJson): string[] {
  const lines: string[] = []
  for (const [section, share] of Object.entries(sizes.attributed)) {
    const what =
      share.attributed === 0 && share.how.startsWith('not attributable')
        ? share.how
        : `${percent(share.attributed, share.size)} attributed (${share.how})`
    lines.push(`- ${code(section)} (${formatBytes(share.size)}): ${what}`)
  }
  return lines
}

function adviceLine(item: SizeAdvice): string {
  const bytes = item.bytes === null ? '' : `**${formatBytes(item.bytes)}**: `
  return `- ${bytes}${code(item.message)}`
}

/** The collapsed "Where the bytes are" block: sections, packages, modules, symbols, advice. */
export function breakdownLines(sizes: SizesJson | null | undefined, limits: RowLimits): string[] {
  if (!sizes) return []
  const lines = ['<details><summary>Where the bytes are</summary>', '']
  for (const note of sizes.notes) lines.push(`- ${code(note)}`)
  lines.push(...attributedLines(sizes))
  if (sizes.advice.length > 0) {
    lines.push('', '**How to shrink** (measured in this binary):', '')
    lines.push(...sizes.advice.map(adviceLine))
  }
  const sectionTitle = sizes.layout === 'sections' ? 'section' : 'segment'
  lines.push('', `| ${sectionTitle} | bytes |`, '| --- | ---: |')
  for (const s of [...sizes.sections].sort((a, b) => b.size - a.size)) {
    if (s.size === 0 && s.memory === 0) continue
    const memory = s.size === s.memory ? '' : ` (${formatExact(s.memory)} in memory)`
    lines.push(`| ${code(s.name)} | ${formatExact(s.size)}${memory} |`)
  }
  if (sizes.modules.length > 0) {
    lines.push('', '| module | version | packages | bytes |', '| --- | --- | ---: | ---: |')
    for (const m of sizes.modules.slice(0, limits.packages)) {
      const version = m.version === '' ? '' : code(m.version)
      lines.push(`| ${code(m.path)} | ${version} | ${m.packages} | ${formatExact(m.bytes)} |`)
    }
    lines.push(
      ...dropped(sizes.modules.length - Math.min(limits.packages, sizes.modules.length), 'modules')
    )
  }
  const packages = sizes.packages.filter((p) => p.name !== OTHER)
  if (packages.length > 0) {
    lines.push('', '| package | module | bytes |', '| --- | --- | ---: |')
    for (const p of packages.slice(0, limits.packages)) {
      const module = p.module === '' ? '' : code(p.module)
      lines.push(`| ${code(p.name)} | ${module} | ${formatExact(p.bytes)} |`)
    }
    const other = sizes.packages.find((p) => p.name === OTHER)
    const left = packages.length - Math.min(limits.packages, packages.length)
    const rest = packages.slice(limits.packages)
    const more = sizes.others.packages + left
    if (more > 0) {
      const bytes = rest.reduce((n, p) => n + p.bytes, other?.bytes ?? 0)
      lines.push(`| ${formatExact(more)} smaller packages | | ${formatExact(bytes)} |`)
    }
  }
  if (sizes.symbols.length > 0) {
    lines.push('', '| symbol | section | object | bytes |', '| --- | --- | --- | ---: |')
    for (const s of sizes.symbols.slice(0, limits.packages)) {
      const file = s.file === '' ? '' : code(s.file)
      lines.push(`| ${code(s.name)} | ${code(s.section)} | ${file} | ${formatExact(s.size)} |`)
    }
    lines.push(
      ...dropped(sizes.symbols.length - Math.min(limits.packages, sizes.symbols.length), 'symbols')
    )
  }
  lines.push('', '</details>')
  return lines
}

/** One line for a failed gate: its top causes, code-spanned. */
export function causesLine(causes: readonly { name: string; text: string }[]): string | null {
  if (causes.length === 0) return null
  return `Top causes: ${causes.map((c) => code(c.text)).join(', ')}`
}
