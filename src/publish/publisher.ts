import type { Log } from '../ground/log.js'
import {
  composeReport,
  type BuildFacts,
  type ComposeOptions,
  type Composed
} from '../report/compose.js'
import type { Failed, PipelineResult } from '../report/outcome.js'
import type { BaselineStore } from './baseline-store.js'
import { binaryOutputs, imageOutputs, reportOutputs, sbomOutputs } from './outputs.js'

/**
 * How a run ended, as publishers see it: reported (every stage done, compared
 * with the baseline, gated and rendered), or failed at a stage with what was
 * done before it.
 */
export type RunEnd =
  | {
      readonly outcome: 'reported'
      /** The primary platform's build. */
      readonly facts: BuildFacts
      /** The other platforms' builds, in the order of `platforms`; absent or empty for one. */
      readonly others?: readonly BuildFacts[]
      readonly composed: Composed
    }
  | Failed

/** What a publisher made that later ones refer to (the outputs name both). */
export interface Made {
  /** The report JSON file (`report-json` output). */
  readonly reportFile: string | null
  /** The pull-request comment's URL (`comment-url` output); '' when there is none. */
  readonly commentUrl: string | null
}

export const NOTHING_MADE: Made = { reportFile: null, commentUrl: null }

/**
 * One report destination: the job summary, the PR comment, a baseline store,
 * the action's outputs, the terminal. Like ko's publish.Interface, each face
 * picks a list and hands every one the same end; a new destination is a new
 * implementation, and no face changes but for adding it to its list.
 */
export interface Publisher {
  /** For the log and tests, e.g. `summary`, `comment`. */
  readonly name: string
  /**
   * Sends the end of the run where this publisher sends things. Its own
   * trouble (a refused comment, an unavailable cache) is logged, not thrown;
   * `made` holds what the publishers before it made.
   */
  publish(end: RunEnd, made: Made): Promise<Partial<Made>>
}

/** A publisher that throws: the others still ran, and the face reports it as a bug. */
export interface PublisherFailure {
  readonly publisher: string
  readonly error: unknown
}

/**
 * Runs every publisher in order, each seeing what the earlier ones made (so
 * the outputs, last, can name the comment). One that throws does not stop the
 * rest; its error comes back for the face to fail the job with.
 */
export async function publishAll(
  publishers: readonly Publisher[],
  end: RunEnd
): Promise<{ readonly made: Made; readonly failures: readonly PublisherFailure[] }> {
  let made = NOTHING_MADE
  const failures: PublisherFailure[] = []
  for (const publisher of publishers) {
    try {
      made = { ...made, ...(await publisher.publish(end, made)) }
    } catch (error) {
      failures.push({ publisher: publisher.name, error })
    }
  }
  return { made, failures }
}

export interface ReportOptions extends Omit<ComposeOptions, 'previous' | 'noBaseline'> {
  /** Where the previous report comes from; null: no baseline (terminal without --baseline). */
  readonly baseline: BaselineStore | null
  readonly log: Log
}

/**
 * The finishing step both faces share: when every stage is done, restore the
 * baseline, compare, gate and render. A failed run passes through as it is.
 */
export async function reportOn(result: PipelineResult, options: ReportOptions): Promise<RunEnd> {
  if (result.outcome === 'failed') return result
  const { baseline, log, ...compose } = options
  const restored =
    baseline === null
      ? null
      : await log.group('Compare with the baseline', () => baseline.restore())
  return {
    outcome: 'reported',
    facts: result.facts,
    ...(result.others === undefined ? {} : { others: result.others }),
    composed: composeReport(
      result.facts,
      {
        ...compose,
        previous: restored?.report ?? null,
        noBaseline: restored?.missing ?? null
      },
      result.others ?? []
    )
  }
}

/** The gate's warnings (warn-increase), once the report is out. */
export function warnAboutGates(end: RunEnd, log: Pick<Log, 'warning'>): void {
  if (end.outcome !== 'reported') return
  for (const warning of end.composed.evaluation.warnings) log.warning(warning)
}

/**
 * The action's output values for how the run ended. Pure. A failed run still
 * sets what it learned: the binary's outputs once it was judged, the image's
 * when only the push failed (with an empty `digest`).
 */
export function outputsOf(end: RunEnd, made: Made): Record<string, string> {
  if (end.outcome === 'failed') {
    const { inspection, image } = end.reached
    return {
      ...(inspection === null ? {} : binaryOutputs(inspection)),
      ...(image === null ? {} : imageOutputs(image))
    }
  }
  return {
    ...binaryOutputs(end.facts.inspection),
    ...imageOutputs(end.facts.image),
    ...reportOutputs(end.composed, made.reportFile ?? ''),
    ...sbomOutputs(end.facts.sbom),
    'comment-url': made.commentUrl ?? ''
  }
}

/** Keeps the report as a future baseline in `store` (a no-op where the store's plan does not save). */
export function baselineSaver(store: BaselineStore): Publisher {
  return {
    name: 'baseline',
    async publish(end) {
      if (end.outcome === 'reported') await store.save(end.composed.report)
      return {}
    }
  }
}
