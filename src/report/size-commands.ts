import { open, readFile, stat } from 'node:fs/promises'
import { inspectBinary } from '../elf/inspect.js'
import { UserError } from '../ground/errors.js'
import { oneLine } from '../ground/terminal-text.js'
import { BASELINE_LIMITS, parseBaseline } from './schema.js'
import { whatChangedLines } from './sizes-markdown.js'
import { diffText } from './size-text.js'
import { OTHER, compareSizes, sizesJson, type SizeComparison, type SizesJson } from './sizes.js'
import { formatBytes, formatExact, formatSignedBytes } from './units.js'

/**
 * What `from-scratch inspect --sizes` and `from-scratch diff OLD NEW` print.
 * The readers accept a binary or a report JSON file; the renderers are pure
 * and keep control characters from a binary's names off the terminal.
 */

/** One side of a diff: where its sizes came from. */
export interface SizedInput {
  readonly path: string
  readonly kind: 'binary' | 'report'
  /** Bytes of the binary (for a report, the size it recorded). */
  readonly size: number
  /** null when the binary has no attribution, or the report was saved without one. */
  readonly sizes: SizesJson | null
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
/** A report JSON of thousands of packages is well under this; it is the cap of any baseline. */
const MAX_REPORT_BYTES = BASELINE_LIMITS.bytes

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`${path}: cannot be read (${error.code ?? error.message}).`)
  })
  try {
    const buf = Buffer.alloc(4)
    const { bytesRead } = await handle.read(buf, 0, 4, 0)
    return buf.subarray(0, bytesRead)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(`${path}: cannot be read (${code === 'EISDIR' ? 'a directory' : code}).`)
  } finally {
    await handle.close()
  }
}

/** Reads OLD or NEW of `diff`: an ELF binary, or a report JSON written by from-scratch. */
export async function readSizedInput(path: string): Promise<SizedInput> {
  const head = await firstBytes(path)
  if (head.equals(ELF_MAGIC)) {
    const inspection = await inspectBinary(path, { sizes: true })
    const sizes = inspection.sizes ? sizesJson(inspection.sizes) : null
    return { path, kind: 'binary', size: inspection.size, sizes }
  }
  // Sized before it is read: a 700 MB file read whole fails in node, not here.
  const { size } = await stat(path)
  if (size > MAX_REPORT_BYTES) {
    throw new UserError(
      `${path}: ${formatBytes(size)} is too large for a report JSON (at most ${formatBytes(MAX_REPORT_BYTES)}), and it is not an ELF binary.`
    )
  }
  const text = await readFile(path, 'utf8')
  const parsed = parseBaseline(text)
  if (parsed.report === null) {
    throw new UserError(
      `${path} is neither an ELF binary nor a from-scratch report JSON: ${parsed.reason}.`
    )
  }
  return {
    path,
    kind: 'report',
    size: parsed.report.binary.size,
    sizes: parsed.report.binary.sizes ?? null
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length)
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text
}

/** The breakdown for a terminal: sections, attribution, top packages and modules, advice. */
export function sizesText(sizes: SizesJson, rows = 30): string {
  const lines: string[] = []
  for (const note of sizes.notes) lines.push(`  note: ${shown(note)}`)
  lines.push(`  ${sizes.layout === 'sections' ? 'sections' : 'segments (no section headers)'}:`)
  for (const s of [...sizes.sections].sort((a, b) => b.size - a.size)) {
    if (s.size === 0 && s.memory === 0) continue
    const memory = s.memory === s.size ? '' : ` (${formatExact(s.memory)} in memory)`
    lines.push(`    ${pad(shown(s.name), 24)} ${padStart(formatExact(s.size), 12)}${memory}`)
  }
  const shares = Object.entries(sizes.attributed)
  if (shares.length > 0) lines.push('  attributed:')
  for (const [name, share] of shares) {
    const percent = share.size > 0 ? ((share.attributed / share.size) * 100).toFixed(1) : '0.0'
    lines.push(
      `    ${pad(shown(name), 24)} ${padStart(`${percent} %`, 7)} of ${formatBytes(share.size)}: ${shown(share.how)}`
    )
  }
  if (sizes.modules.length > 0) {
    lines.push('  modules (bytes):')
    for (const m of sizes.modules.slice(0, rows)) {
      const name = `${shown(m.path)}${m.version === '' ? '' : ` ${shown(m.version)}`}`
      lines.push(`    ${pad(name, 48)} ${padStart(formatExact(m.bytes), 12)}`)
    }
  }
  const packages = sizes.packages.filter((p) => p.name !== OTHER)
  if (packages.length > 0) {
    lines.push('  packages (bytes):')
    for (const p of packages.slice(0, rows)) {
      lines.push(`    ${pad(shown(p.name), 48)} ${padStart(formatExact(p.bytes), 12)}`)
    }
    const more = packages.length - Math.min(rows, packages.length) + sizes.others.packages
    if (more > 0) lines.push(`    … ${formatExact(more)} smaller packages (--json lists up to 200)`)
  }
  if (sizes.symbols.length > 0) {
    lines.push('  largest symbols:')
    for (const s of sizes.symbols.slice(0, rows)) {
      const file = s.file === '' ? '' : ` (${shown(s.file)})`
      lines.push(
        `    ${pad(`${shown(s.name)}${file}`, 48)} ${padStart(formatExact(s.size), 12)} ${shown(s.section)}`
      )
    }
  }
  for (const item of sizes.advice) {
    const bytes = item.bytes === null ? '' : `${formatBytes(item.bytes)}: `
    lines.push(`  shrink: ${bytes}${shown(item.message)}`)
  }
  return lines.join('\n')
}

/** Markdown for a terminal: no control characters from a binary's names (escape sequences). */
function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '?')
}

/** A name from the binary on one line of the terminal: escaped (oneLine) and cut to 200 characters. */
function shown(name: string): string {
  const chars = [...name]
  return oneLine(chars.length > 200 ? `${chars.slice(0, 200).join('')}…` : name)
}

/** `diff OLD NEW` as aligned text for a terminal, markdown (the "What changed" tables) or JSON. */
export function diffOutput(
  old: SizedInput,
  now: SizedInput,
  format: 'text' | 'markdown' | 'json'
): string {
  const comparison: SizeComparison | null = compareSizes(true, old.sizes, now.sizes)
  if (format === 'text') {
    return diffText({ old: old.size, now: now.size }, comparison, { old: old.path, now: now.path })
  }
  if (format === 'json') {
    const side = ({ path, kind, size }: SizedInput) => ({ path, kind, size })
    return JSON.stringify(
      { schema: 1, old: side(old), new: side(now), changes: comparison },
      null,
      2
    )
  }
  const total = `binary: ${formatBytes(old.size)} → ${formatBytes(now.size)} (${formatSignedBytes(now.size - old.size)})`
  const lines = [total]
  if (comparison?.status === 'no-attribution') {
    lines.push('', `${oneLine(now.path)} has no size attribution: only the totals compare.`)
  } else if (comparison?.status === 'base-without-attribution') {
    lines.push('', `${oneLine(old.path)} has no size attribution: only the totals compare.`)
  } else {
    const table = whatChangedLines(comparison, { changes: 1000, packages: 1000 })
    lines.push(
      ...(table.length > 0
        ? table
        : ['', 'No package, module or section changed by more than the noise floor.'])
    )
  }
  return terminalSafe(lines.join('\n'))
}
