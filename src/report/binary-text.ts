import type { Inspection } from '../elf/types.js'
import { oneLine } from '../ground/terminal-text.js'

// Every value here comes from the binary or its file name: each is shown on one
// line, its control bytes (line breaks included) escaped, so none can start a
// line of its own, least of all a `::` workflow command.

/** One line: the file, its linkage and whether it runs in scratch (`inspect A B C` prints one each). */
export function verdictLine(inspection: Inspection): string {
  const { verdict } = inspection
  return `${oneLine(inspection.path)}: ${verdict.linkage} — ${verdict.accepted ? 'runs in scratch' : 'will NOT run in scratch'}`
}

/** The terminal's answer to `from-scratch inspect`: verdict first, then the evidence. */
export function binaryText(inspection: Inspection, advice: string | null): string {
  const { verdict } = inspection
  const lines = [verdictLine(inspection), `  ${oneLine(verdict.summary)}`]
  if (advice) lines.push(`  fix: ${oneLine(advice)}`)
  if (verdict.interpreter) lines.push(`  interpreter: ${oneLine(verdict.interpreter)}`)
  if (verdict.needed.length > 0) lines.push(`  needs: ${verdict.needed.map(oneLine).join(', ')}`)
  lines.push(`  size: ${inspection.size} bytes`)
  if (inspection.go) {
    lines.push(`  go: ${oneLine(inspection.go.version)} ${oneLine(inspection.go.path)}`)
    for (const [key, value] of Object.entries(inspection.go.settings)) {
      lines.push(`    ${oneLine(key)}=${oneLine(value)}`)
    }
  } else if (inspection.goNote) {
    lines.push(`  go: ${oneLine(inspection.goNote)}`)
  }
  for (const finding of inspection.findings) {
    lines.push(`  warning [${finding.id}]: ${oneLine(finding.message)}`)
    lines.push(`    evidence: ${finding.evidence.map(oneLine).join(', ')}`)
  }
  return lines.join('\n')
}
