import type { Inspection } from '../elf/types.js'

/** One line: the file, its linkage and whether it runs in scratch (`inspect A B C` prints one each). */
export function verdictLine(inspection: Inspection): string {
  const { verdict } = inspection
  return `${inspection.path}: ${verdict.linkage} — ${verdict.accepted ? 'runs in scratch' : 'will NOT run in scratch'}`
}

/** The terminal's answer to `from-scratch inspect`: verdict first, then the evidence. */
export function binaryText(inspection: Inspection, advice: string | null): string {
  const { verdict } = inspection
  const lines = [verdictLine(inspection), `  ${verdict.summary}`]
  if (advice) lines.push(`  fix: ${advice}`)
  if (verdict.interpreter) lines.push(`  interpreter: ${verdict.interpreter}`)
  if (verdict.needed.length > 0) lines.push(`  needs: ${verdict.needed.join(', ')}`)
  lines.push(`  size: ${inspection.size} bytes`)
  if (inspection.go) {
    lines.push(`  go: ${inspection.go.version} ${inspection.go.path}`)
    for (const [key, value] of Object.entries(inspection.go.settings)) {
      lines.push(`    ${key}=${value}`)
    }
  } else if (inspection.goNote) {
    lines.push(`  go: ${inspection.goNote}`)
  }
  for (const finding of inspection.findings) {
    lines.push(`  warning [${finding.id}]: ${finding.message}`)
    lines.push(`    evidence: ${finding.evidence.join(', ')}`)
  }
  return lines.join('\n')
}
