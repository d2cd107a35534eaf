import type { CompileResult } from '../compile/types.js'
import { platformName } from '../ground/platform.js'
import type { Inspection } from '../elf/types.js'
import type { ImageResult } from '../image/types.js'
import type { SbomResult } from '../sbom/types.js'
import { binaryJson } from './binary-json.js'
import { baselineLabel, evaluateGates, type GateEvaluation, type GateSettings } from './gate.js'
import { COMMENT_LIMIT, renderReport, type RenderOptions } from './markdown.js'
import { sbomLine } from './sbom-line.js'
import type { ImageMeasure } from './measure.js'
import {
  REPORT_SCHEMA,
  baselineOf,
  reportForPlatform,
  type Report,
  type SourceJson
} from './schema.js'
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
  /** Each platform's own report and gates, primary first (one entry for one platform). */
  readonly platforms: readonly PlatformComposed[]
  /** What `markdown` was rendered with but its length cap, to render it again to another cap. */
  readonly renderOptions: RenderOptions
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

/** One platform's part of a build: its own report (without `others`), gates and baseline. */
export interface PlatformComposed {
  /** `linux/amd64` */
  readonly platform: string
  readonly report: Report
  readonly evaluation: GateEvaluation
  /** Why this platform has no baseline; null when it has one. */
  readonly noBaseline: string | null
}

/**
 * The part of the default branch's report that describes `platform`: its top
 * level or an `others` entry. A report saved before platforms were recorded
 * describes linux/amd64. Pure.
 */
export function baselineFor(
  previous: Report | null,
  platform: string,
  noBaseline: string | null
): { readonly previous: Report | null; readonly noBaseline: string | null } {
  if (previous === null) return { previous: null, noBaseline }
  const part = reportForPlatform(previous, platform)
  if (part !== null) return { previous: part, noBaseline: null }
  const label = baselineLabel(baselineOf(previous, { ref: '', sha: '' }))
  const which = label === '' ? 'the baseline' : `the baseline ${label}`
  return { previous: null, noBaseline: `${which} has no ${platform} build` }
}

/** The report JSON of one platform's build, measured and compared, before the gates. */
function measuredReport(facts: BuildFacts, previous: Report | null, source: SourceJson): Report {
  const { image, measure } = facts
  const smoke = image.smoke ?? null
  return {
    schema: REPORT_SCHEMA,
    platform: platformName(image.platform),
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
      findingExtras: image.findingExtras.map(({ finding, extra }) => ({ finding, extra })),
      ...(smoke === null
        ? {}
        : { smoke: smoke.ran ? { ran: true, how: smoke.how } : { ran: false, why: smoke.why } })
    },
    baseline: previous === null ? null : baselineOf(previous, source),
    gates: [],
    source,
    build: { language: facts.compiled.language, toolchain: facts.compiled.toolchain }
  }
}

/** One platform compared with its own baseline and gated. Pure. */
export function composePlatform(
  facts: BuildFacts,
  options: ComposeOptions,
  label: string | null
): PlatformComposed {
  const platform = platformName(facts.image.platform)
  const own = baselineFor(options.previous, platform, options.noBaseline ?? null)
  const measured = measuredReport(facts, own.previous, options.source)
  const changes = compareSizes(
    own.previous !== null,
    own.previous?.binary.sizes,
    measured.binary.sizes
  )
  const missing = options.previous === null ? null : own.noBaseline
  const evaluation = withCauses(
    evaluateGates(options.gates, measured, { platform: label, missing }),
    {
      ...measured,
      changes
    }
  )
  return {
    platform,
    report: { ...measured, gates: evaluation.gates, changes },
    evaluation,
    noBaseline: own.noBaseline
  }
}

/**
 * The gates of every platform as one evaluation: the job fails when any
 * platform fails. `gates` and `sizeDelta` stay the primary's (they are its
 * report's and its output); messages and warnings name their platform; a
 * note every platform has is said once. Pure.
 */
export function combineEvaluations(parts: readonly PlatformComposed[]): GateEvaluation {
  const [primary] = parts
  if (primary === undefined) throw new Error('a build has at least one platform')
  if (parts.length === 1) return primary.evaluation
  const messages = parts
    .map((part) => part.evaluation.failureMessage)
    .filter((message) => message !== null)
  const notes: string[] = []
  for (const part of parts) {
    for (const note of part.evaluation.notes) {
      const everywhere = parts.every((other) => other.evaluation.notes.includes(note))
      const line = everywhere ? note : `${part.platform}: ${note}`
      if (!notes.includes(line)) notes.push(line)
    }
  }
  return {
    gates: primary.evaluation.gates,
    failed: parts.some((part) => part.evaluation.failed),
    failureMessage: messages.length === 0 ? null : messages.join('\n'),
    warnings: parts.flatMap((part) => part.evaluation.warnings),
    notes,
    sizeDelta: primary.evaluation.sizeDelta
  }
}

/**
 * Builds the report, applies the gates and renders it. Pure. With other
 * platforms, each is compared with the baseline's same platform and gated on
 * its own; the report is the primary's with the others' reports in `others`.
 */
export function composeReport(
  facts: BuildFacts,
  options: ComposeOptions,
  others: readonly BuildFacts[] = []
): Composed {
  const several = others.length > 0
  const parts = [facts, ...others].map((one) =>
    composePlatform(one, options, several ? platformName(one.image.platform) : null)
  )
  const [primary, ...rest] = parts
  if (primary === undefined) throw new Error('a build has at least one platform')
  const evaluation = combineEvaluations(parts)
  const report: Report = several
    ? { ...primary.report, others: rest.map((part) => part.report) }
    : primary.report
  const sbom = sbomLine(facts.sbom)
  const renderOptions: RenderOptions = {
    current: options.current,
    notes: evaluation.notes,
    noBaseline: primary.noBaseline,
    ...(several
      ? { noBaselineOf: Object.fromEntries(parts.map((part) => [part.platform, part.noBaseline])) }
      : {})
  }
  const rendered = renderReport(report, {
    ...renderOptions,
    maxLength: COMMENT_LIMIT - MARKER_ROOM - sbom.length
  })
  const markdown = sbom === '' ? rendered : `${rendered.trimEnd()}${sbom}`
  return { report, evaluation, markdown, platforms: parts, renderOptions }
}
