import type { CompileResult } from '../compile/types.js'
import type { Inspection } from '../elf/types.js'
import type { ImageResult } from '../image/types.js'
import type { SbomResult } from '../sbom/types.js'
import { binaryJson } from './binary-json.js'
import { evaluateGates, type GateEvaluation, type GateSettings } from './gate.js'
import { COMMENT_LIMIT, renderReport } from './markdown.js'
import { sbomLine } from './sbom-line.js'
import type { ImageMeasure } from './measure.js'
import { REPORT_SCHEMA, baselineOf, type Report, type SourceJson } from './schema.js'
import { causesOf, causesSentence } from './causes.js'
import { compareSizes } from './sizes.js'

/** What one build produced, stage by stage. */
export interface BuildFacts {
  readonly compiled: CompileResult
  readonly inspection: Inspection
  readonly image: ImageResult
  readonly measure: ImageMeasure
  /** What `sbom: true` wrote and attached; absent or null when no SBOM was asked for. */
  readonly sbom?: SbomResult | null
}

export interface ComposeOptions {
  /** The default branch's report, or null when there is none (yet). */
  readonly previous: Report | null
  /** Why `previous` is null, for the report's "No baseline" sentence. */
  readonly noBaseline?: string | null
  /** The commit this build is for; '' fields outside Actions. */
  readonly source: SourceJson
  readonly gates: GateSettings
  /** Heading of the current column: `this PR`, `this commit`, `this build`. */
  readonly current: string
}

export interface Composed {
  /** Gates included: what the report-json output, the baseline and `--json` hold. */
  readonly report: Report
  readonly evaluation: GateEvaluation
  /** For the job summary, the `report` output and the terminal (no comment marker). */
  readonly markdown: string
}

/**
 * Room left for the comment's marker line (`<!-- from-scratch:<key> -->` with
 * a key of at most 64 characters), so the one rendering fits the summary and,
 * marked, the comment without being cut at GitHub's limit.
 */
const MARKER_ROOM = 100

/** The gate failure message with the causes the comment shows, when the report can tell them. */
export function withCauses(evaluation: GateEvaluation, report: Report): GateEvaluation {
  if (evaluation.failureMessage === null) return evaluation
  const causes = causesSentence(causesOf(report))
  return causes === ''
    ? evaluation
    : { ...evaluation, failureMessage: `${evaluation.failureMessage}${causes}` }
}

/** Builds the report, applies the gates and renders it. Pure. */
export function composeReport(facts: BuildFacts, options: ComposeOptions): Composed {
  const { image, measure } = facts
  const measured: Report = {
    schema: REPORT_SCHEMA,
    binary: binaryJson(facts.inspection),
    image: {
      name: image.name,
      tags: image.tags,
      id: image.imageId,
      digest: image.pushed && image.digest !== null ? image.digest : '',
      size: measure.size,
      pullSize: measure.pullSize,
      pullSizeExact: measure.pullSizeExact,
      files: measure.files,
      // The image stage's decisions, kept as it recorded them.
      extras: image.extras.map((extra) => ({
        kind: extra.kind,
        reasons: extra.reasons,
        bytes: extra.bytes,
        paths: extra.paths
      })),
      findingExtras: image.findingExtras.map(({ finding, extra }) => ({ finding, extra }))
    },
    baseline: options.previous === null ? null : baselineOf(options.previous, options.source),
    gates: [],
    source: options.source,
    build: { language: facts.compiled.language, toolchain: facts.compiled.toolchain }
  }
  const changes = compareSizes(
    options.previous !== null,
    options.previous?.binary.sizes,
    measured.binary.sizes
  )
  const evaluation = withCauses(evaluateGates(options.gates, measured), {
    ...measured,
    changes
  })
  const report: Report = { ...measured, gates: evaluation.gates, changes }
  const sbom = sbomLine(facts.sbom)
  const rendered = renderReport(report, {
    current: options.current,
    notes: evaluation.notes,
    maxLength: COMMENT_LIMIT - MARKER_ROOM - sbom.length,
    noBaseline: options.noBaseline ?? null
  })
  const markdown = sbom === '' ? rendered : `${rendered.trimEnd()}${sbom}`
  return { report, evaluation, markdown }
}
