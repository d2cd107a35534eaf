import { UserError } from '../ground/errors.js'
import {
  baselineMetric,
  metricOf,
  type BaselineJson,
  type GateJson,
  type GateKind,
  type Report,
  type SizeMetric
} from './schema.js'
import {
  PERCENT_SCALE,
  formatBytes,
  formatDelta,
  formatExact,
  parseIncrease,
  parseSize,
  type IncreaseLimit
} from './units.js'

/** The size gates, parsed once from the inputs. */
export interface GateSettings {
  /** `max-size`: absolute ceiling on `metric`; null when not set. */
  readonly maxSize: { readonly bytes: number; readonly text: string } | null
  /** `max-increase`: growth over the baseline that fails the job; null when not set. */
  readonly maxIncrease: IncreaseLimit | null
  /** `warn-increase`: growth over the baseline that only warns; null when not set. */
  readonly warnIncrease: IncreaseLimit | null
  /** `size-metric`: which size the gates look at. */
  readonly metric: SizeMetric
}

/** Raw input strings; '' means not set. */
export interface GateInputs {
  readonly 'max-size'?: string
  readonly 'max-increase'?: string
  readonly 'warn-increase'?: string
  readonly 'size-metric'?: string
}

export const SIZE_METRICS: readonly SizeMetric[] = ['image', 'pull', 'binary']

/** Parses the gate inputs; every bad value is a UserError naming the input. */
export function parseGateSettings(inputs: GateInputs): GateSettings {
  const maxSizeText = (inputs['max-size'] ?? '').trim()
  const maxIncreaseText = (inputs['max-increase'] ?? '').trim()
  const warnIncreaseText = (inputs['warn-increase'] ?? '').trim()
  const metricText = (inputs['size-metric'] ?? '').trim().toLowerCase() || 'image'
  if (!(SIZE_METRICS as readonly string[]).includes(metricText)) {
    throw new UserError(
      `size-metric: "${inputs['size-metric']}" is not a size this action measures.`,
      [
        `Use one of: ${SIZE_METRICS.join(', ')} (image is the default: the unpacked image, as docker images shows it).`
      ]
    )
  }
  let maxSize: GateSettings['maxSize'] = null
  if (maxSizeText !== '') {
    const bytes = parseSize(maxSizeText, 'max-size')
    if (bytes === 0) {
      throw new UserError('max-size: "0" would fail every build.', [
        'Give the largest size that should pass, e.g. 8MB; leave max-size empty for no limit.'
      ])
    }
    maxSize = { bytes, text: maxSizeText }
  }
  return {
    maxSize,
    maxIncrease: maxIncreaseText === '' ? null : parseIncrease(maxIncreaseText, 'max-increase'),
    warnIncrease: warnIncreaseText === '' ? null : parseIncrease(warnIncreaseText, 'warn-increase'),
    metric: metricText as SizeMetric
  }
}

/** Everything the job needs to act on the gates. */
export interface GateEvaluation {
  /** Every gate that could be evaluated, in the order max-size, max-increase, warn-increase. */
  readonly gates: readonly GateJson[]
  /** True when a max-size or max-increase gate failed: the job must fail. */
  readonly failed: boolean
  /** For `core.setFailed`: each failed gate's limit, measured value and baseline; null when none failed. */
  readonly failureMessage: string | null
  /** Exceeded warn-increase gates, one message each. */
  readonly warnings: readonly string[]
  /** Gates that could not be evaluated and why (no baseline, no image). */
  readonly notes: readonly string[]
  /**
   * The `size-delta` output: signed bytes on the gated metric against the
   * baseline, `+1234`, `-56` or `0`; '' when there is no baseline to compare with.
   */
  readonly sizeDelta: string
}

const METRIC_NAMES: Readonly<Record<SizeMetric, string>> = {
  image: 'image size',
  pull: 'pull size',
  binary: 'binary size'
}

export function metricName(metric: SizeMetric): string {
  return METRIC_NAMES[metric]
}

function bytesText(bytes: number): string {
  return `${formatBytes(bytes)} (${formatExact(bytes)} bytes)`
}

/** `refs/heads/main@0123abc`, or the ref alone when the sha is unknown. */
export function baselineLabel(baseline: BaselineJson): string {
  const ref = baseline.ref.replace(/^refs\/heads\//, '')
  if (baseline.sha === '') return ref
  return ref === '' ? baseline.sha.slice(0, 7) : `${ref}@${baseline.sha.slice(0, 7)}`
}

/**
 * Largest size that passes an increase rule. Percentages are applied with
 * exact integer arithmetic and rounded down, so a size exactly at the printed
 * limit passes and one byte more fails.
 */
export function increaseCeiling(base: number, rule: IncreaseLimit): number {
  const allowed: number[] = []
  if (rule.percentScaled !== null) {
    const growth = (BigInt(base) * BigInt(rule.percentScaled)) / BigInt(100 * PERCENT_SCALE)
    allowed.push(Number(growth))
  }
  if (rule.bytes !== null) allowed.push(rule.bytes)
  return base + Math.min(...allowed)
}

/** One sentence about a gate: rule, measured value, limit and baseline. */
export function describeGate(gate: GateJson, baseline: BaselineJson | null): string {
  const what = metricName(gate.metric)
  const against =
    baseline === null
      ? 'no baseline'
      : `baseline ${baselineLabel(baseline)}: ${bytesText(baselineMetric(baseline, gate.metric) ?? 0)}`
  if (gate.gate === 'max-size') {
    const verb = gate.passed ? 'is within' : 'is over'
    return `${what} ${bytesText(gate.actual)} ${verb} max-size ${gate.rule} (${formatExact(gate.limit)} bytes); ${against}`
  }
  const base = gate.baseline ?? 0
  const ok = gate.gate === 'max-increase' ? gate.passed : !gate.warned
  const verb = ok ? 'within' : 'over'
  return `${what} ${bytesText(gate.actual)}, ${formatDelta(base, gate.actual)}, is ${verb} ${gate.gate} ${gate.rule}: limit ${bytesText(gate.limit)}; ${against}`
}

type Measured = Pick<Report, 'binary' | 'image' | 'baseline'>

/**
 * Applies the gates to a measured report. Pure: the caller fails the job with
 * `failureMessage`, logs `warnings` and `notes`, and stores `gates` in the report.
 * `platform` names the report's platform in the messages when a build has
 * several; `missing` says why it has no baseline when the default branch has
 * a report, but none for this platform.
 */
export function evaluateGates(
  settings: GateSettings,
  report: Measured,
  context: { readonly platform?: string | null; readonly missing?: string | null } = {}
): GateEvaluation {
  const platform = context.platform ?? null
  const on = platform === null ? '' : ` on ${platform}`
  const { metric } = settings
  const actual = metricOf(report, metric)
  const baseline = report.baseline
  const base = baseline === null ? null : baselineMetric(baseline, metric)
  const gates: GateJson[] = []
  const notes: string[] = []
  const missing =
    metric === 'binary'
      ? ''
      : `no image was built, so there is no ${metricName(metric)}; set size-metric: binary to gate on the binary`

  if (settings.maxSize !== null) {
    if (actual === null) {
      notes.push(`max-size ${settings.maxSize.text} skipped: ${missing}.`)
    } else {
      gates.push({
        gate: 'max-size',
        metric,
        rule: settings.maxSize.text,
        limit: settings.maxSize.bytes,
        actual,
        baseline: base,
        passed: actual <= settings.maxSize.bytes,
        warned: false
      })
    }
  }

  const increase = (kind: GateKind, rule: IncreaseLimit | null): void => {
    if (rule === null) return
    if (actual === null) {
      notes.push(`${kind} ${rule.text} skipped: ${missing}.`)
      return
    }
    if (baseline === null || base === null) {
      notes.push(
        baseline === null
          ? `${kind} ${rule.text} skipped: no baseline to compare with (${context.missing ?? 'the default branch has no saved report yet'}); only absolute limits apply.`
          : `${kind} ${rule.text} skipped: the baseline ${baselineLabel(baseline)} has no ${metricName(metric)}.`
      )
      return
    }
    const limit = increaseCeiling(base, rule)
    const over = actual > limit
    gates.push({
      gate: kind,
      metric,
      rule: rule.text,
      limit,
      actual,
      baseline: base,
      passed: kind === 'warn-increase' ? true : !over,
      warned: kind === 'warn-increase' && over
    })
  }
  increase('max-increase', settings.maxIncrease)
  increase('warn-increase', settings.warnIncrease)

  const failedGates = gates.filter((gate) => !gate.passed)
  const failureMessage =
    failedGates.length === 0
      ? null
      : failedGates
          .map((gate) => `Size gate failed${on}: ${describeGate(gate, baseline)}.`)
          .join('\n')
  const warnings = gates
    .filter((gate) => gate.warned)
    .map((gate) => `Size warning${on}: ${describeGate(gate, baseline)}.`)
  return {
    gates,
    failed: failedGates.length > 0,
    failureMessage,
    warnings,
    notes,
    sizeDelta: sizeDelta(actual, base)
  }
}

/** Signed bytes, `+1234` / `-56` / `0`; '' when either side is unknown. */
export function sizeDelta(actual: number | null, base: number | null): string {
  if (actual === null || base === null) return ''
  const delta = actual - base
  return delta > 0 ? `+${delta}` : String(delta)
}
