import { didYouMean } from './did-you-mean.js'
import { UserError } from './errors.js'

/** Newline- or comma-separated, as docker/build-push-action reads `tags`; blanks dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Newline-separated only: for values that may themselves hold commas (labels, files). */
export function parseLines(value: string): string[] {
  return value
    .split('\n')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']

/** The YAML 1.2 core booleans, as @actions/core accepts them, with an error naming the input. */
export function parseBoolean(name: string, value: string): boolean {
  if (TRUE_WORDS.includes(value)) return true
  if (FALSE_WORDS.includes(value)) return false
  throw new UserError(`Input \`${name}\` is "${value}", but it must be \`true\` or \`false\`.`)
}

export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[]
): T {
  const found = choices.find((choice) => choice === value)
  if (found === undefined) {
    throw new UserError(
      `Input \`${name}\` is "${value}", but it must be one of: ${choices.map((c) => `\`${c}\``).join(', ')}.` +
        didYouMean(value, choices, (c) => `\`${c}\``)
    )
  }
  return found
}

/** `build-timeout`'s default: generous, since a cold build of a large C project takes a while. */
export const DEFAULT_BUILD_TIMEOUT_MS = 30 * 60_000

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/**
 * A duration as people write it in workflows: `90s`, `10m`, `1h`, `1h30m`,
 * `1.5h`, `500ms`. A unit is required: a bare `30` could mean seconds or
 * minutes. Returns milliseconds; the error names the input.
 */
export function parseDuration(name: string, value: string): number {
  const text = value.trim()
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy
  let total = 0
  let end = 0
  for (let m = part.exec(text); m !== null; m = part.exec(text)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]]
    end = part.lastIndex
  }
  if (text === '' || end !== text.length || !(total > 0) || !Number.isFinite(total)) {
    throw new UserError(
      `Input \`${name}\` is "${value}", but it must be a duration with a unit, such as \`90s\`, \`10m\`, \`1h\` or \`1h30m\`.`
    )
  }
  return Math.round(total)
}

/** Milliseconds as the shortest duration text parseDuration reads back: `90s` → `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const parts: string[] = []
  let rest = Math.round(ms / 1000)
  for (const [unit, seconds] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1]
  ] as const) {
    const count = Math.floor(rest / seconds)
    if (count > 0) parts.push(`${count}${unit}`)
    rest -= count * seconds
  }
  return parts.join('')
}
