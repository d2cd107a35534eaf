import { UserError } from './errors.js'
import type { Inspection } from './elf/types.js'

/** The binary would not run in an empty image; carries what was learned so outputs can still be set. */
export class RejectedBinaryError extends UserError {
  constructor(
    readonly inspection: Inspection,
    message: string,
    details: readonly string[]
  ) {
    super(message, details)
  }
}

/** Log lines for the findings: one warning each, with its evidence. */
export function findingWarnings(inspection: Inspection): string[] {
  return inspection.findings.map(
    (finding) => `${finding.message} (evidence: ${finding.evidence.join(', ')})`
  )
}
