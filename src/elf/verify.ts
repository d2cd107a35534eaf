import { adviceFor, type Language } from './advice.js'
import { binarySizes, inspectBinary } from './inspect.js'
import type { Finding, FindingId, Inspection } from './types.js'
import { UserError } from '../ground/errors.js'
import type { Log } from '../ground/log.js'
import { DEFAULT_PLATFORM, type Platform } from '../ground/platform.js'

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

/**
 * Findings a file in the image answers (`include: auto` adds it): the image
 * stage says whether the image has it, a notice when it does and a warning
 * only when it does not, so they are not warnings here.
 */
export const ANSWERED_IN_IMAGE: readonly FindingId[] = [
  'ca-certificates',
  'tzdata',
  'user-lookup',
  'tmp'
]

function line(finding: Finding): string {
  return `${finding.message} (evidence: ${finding.evidence.join(', ')})`
}

/** Log lines for the findings no image file answers: one warning each, with its evidence. */
export function findingWarnings(inspection: Inspection): string[] {
  return inspection.findings.filter((f) => !ANSWERED_IN_IMAGE.includes(f.id)).map(line)
}

/** Log lines for the findings the image stage settles: plain information here. */
export function findingNotes(inspection: Inspection): string[] {
  return inspection.findings.filter((f) => ANSWERED_IN_IMAGE.includes(f.id)).map(line)
}

/** Why a rejected binary was rejected, and what to change: the job's failure message. */
export function rejection(
  inspection: Inspection,
  language: Language | null,
  platform: Platform = DEFAULT_PLATFORM
): RejectedBinaryError {
  const { verdict } = inspection
  const details = [
    ...(verdict.interpreter ? [`interpreter: ${verdict.interpreter}`] : []),
    ...(verdict.needed.length > 0 ? [`needed libraries: ${verdict.needed.join(', ')}`] : []),
    `fix: ${adviceFor(inspection, language, platform)}`
  ]
  return new RejectedBinaryError(
    inspection,
    `${inspection.path} will not run in a FROM scratch image: ${verdict.summary}`,
    details
  )
}

/** Reads the binary's headers, logs the verdict and findings, and throws when it cannot run in scratch. */
export async function verifyBinary(
  binaryPath: string,
  /** What compiled it; null for a prebuilt binary, whose advice must not assume a toolchain. */
  language: Language | null,
  log: Log,
  /** What the binary must be built for. */
  platform: Platform
): Promise<Inspection> {
  // Where the bytes are is read later, beside the image stage (binarySizes), for a binary
  // that passes; a rejected one has no later, and its report shows them too.
  const judged = await inspectBinary(binaryPath, { platform })
  const inspection = judged.verdict.accepted
    ? judged
    : { ...judged, sizes: await binarySizes(binaryPath, platform) }
  log.info(`${inspection.verdict.linkage}: ${inspection.verdict.summary}`)
  if (inspection.go) log.info(`built with ${inspection.go.version} (${inspection.go.path})`)
  for (const warning of findingWarnings(inspection)) log.warning(warning)
  for (const note of findingNotes(inspection)) log.info(`found: ${note}`)
  if (!inspection.verdict.accepted) {
    throw rejection(inspection, language, platform)
  }
  return inspection
}
