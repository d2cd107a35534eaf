import { oneLine } from '../ground/terminal-text.js'
import { versionChange, type SizeChange, type SizeComparison } from './sizes.js'
import { formatBytes, formatSignedBytes } from './units.js'

/**
 * `from-scratch diff OLD NEW` for a terminal: aligned plain text, one table
 * per kind (modules, packages, sections), every name from a binary or a
 * report shown on one line with its control bytes escaped. Pure.
 */

/** Rows of cells, each column padded to its widest cell; `right` columns are right-aligned. */
export function alignRows(
  rows: readonly (readonly string[])[],
  right: readonly number[]
): string[] {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length)
    })
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - [...cell].length)
        return right.includes(i) ? pad + cell : cell + pad
      })
      .join('  ')
      .trimEnd()
  )
}

/** A name cut to `max` characters, keeping both ends: package paths differ at either. */
function cut(name: string, max = 60): string {
  const chars = [...name]
  if (chars.length <= max) return name
  const half = Math.floor((max - 1) / 2)
  return `${chars.slice(0, half).join('')}…${chars.slice(chars.length - half).join('')}`
}

function table(kind: string, changes: readonly SizeChange[], limit: number): string[] {
  if (changes.length === 0) return []
  const shown = changes.slice(0, limit)
  const rows = shown.map((c) => {
    const version = versionChange(c)
    const name = cut(oneLine(c.name)) + (version === '' ? '' : ` ${oneLine(version)}`)
    return [
      name,
      c.base === null ? 'new' : formatBytes(c.base),
      c.current === null ? 'gone' : formatBytes(c.current),
      formatSignedBytes(c.delta)
    ]
  })
  const lines = alignRows([[kind, 'old', 'new', 'change'], ...rows], [1, 2, 3])
  const more = changes.length - shown.length
  return [
    '',
    ...lines.map((l) => `  ${l}`),
    ...(more > 0 ? [`  … ${more} more (--json lists all)`] : [])
  ]
}

export function diffText(
  total: { readonly old: number; readonly now: number },
  comparison: SizeComparison | null,
  names: { readonly old: string; readonly now: string },
  limit = 25
): string {
  const lines = [
    `binary: ${formatBytes(total.old)} → ${formatBytes(total.now)} (${formatSignedBytes(total.now - total.old)})`
  ]
  if (comparison?.status === 'no-attribution') {
    lines.push(`${oneLine(names.now)} has no size attribution: only the totals compare.`)
  } else if (comparison?.status === 'base-without-attribution') {
    lines.push(`${oneLine(names.old)} has no size attribution: only the totals compare.`)
  } else if (comparison?.status === 'compared') {
    const { diff } = comparison
    const tables = [
      ...table('module', diff.modules, limit),
      ...table('package', diff.packages, limit),
      ...table('section', diff.sections, limit)
    ]
    lines.push(
      ...(tables.length > 0
        ? tables
        : ['No package, module or section changed by more than the noise floor.'])
    )
  }
  return lines.join('\n')
}
