import { UserError } from '../ground/errors.js'

/**
 * Byte units with their real meanings: SI prefixes are powers of 1000 (what
 * `docker images` and the blog posts print), IEC prefixes powers of 1024.
 * Lower-case spellings are accepted because nobody means bits here.
 */
const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3
}

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i
const PERCENT = /^\+?(\d+(?:\.\d+)?|\.\d+)\s*%$/

const SIZE_EXAMPLES = 'e.g. 8MB, 200KB, 1.5MiB, 585B'
const INCREASE_EXAMPLES = 'e.g. 5%, 200KB, or both: 5%,200KB'

/** Percentages are kept as integers of this many parts per percent so comparisons stay exact. */
export const PERCENT_SCALE = 10_000

/** A `max-increase` / `warn-increase` rule; when both parts are set, both must hold. */
export interface IncreaseLimit {
  /** Allowed growth in percent × PERCENT_SCALE (5% → 50000); null when not given. */
  readonly percentScaled: number | null
  /** Allowed growth in bytes; null when not given. */
  readonly bytes: number | null
  /** The rule as the user wrote it, normalised (`5%, 200KB`), for messages. */
  readonly text: string
}

function sizeError(input: string, value: string, why: string): UserError {
  return new UserError(`${input}: "${value}" is not a size: ${why}.`, [
    `Write a number and a unit, ${SIZE_EXAMPLES}. KB/MB/GB count in 1000s, KiB/MiB/GiB in 1024s.`
  ])
}

/**
 * Parses a size such as `8MB`, `200 KB`, `1.5MiB` or `585B` into whole bytes.
 * A number without a unit is refused, naming the input. Fractions round to the nearest byte.
 * `input` names the action input for the error message.
 */
export function parseSize(value: string, input: string): number {
  const text = value.trim()
  const match = SIZE.exec(text)
  if (!match) {
    if (text.startsWith('-')) throw sizeError(input, value, 'sizes cannot be negative')
    throw sizeError(input, value, 'expected a number followed by a unit')
  }
  const [, number = '', unitText = ''] = match
  const unit = unitText.toLowerCase()
  if (unit === '') {
    // `max-size: 20` is 20 B to a parser and 20 MB to a person: ask which.
    throw sizeError(
      input,
      value,
      `a size needs a unit: write ${number}B for bytes, or ${number}KB, ${number}MB`
    )
  }
  const factor = UNITS[unit]
  if (factor === undefined) {
    const hint = /^[kmg]$/i.test(unit)
      ? `"${unitText}" alone is ambiguous; write ${unitText.toUpperCase()}B (1000s) or ${unitText.toUpperCase()}iB (1024s)`
      : `unknown unit "${unitText}"`
    throw sizeError(input, value, hint)
  }
  const bytes = Math.round(Number(number) * factor)
  if (!Number.isSafeInteger(bytes)) throw sizeError(input, value, 'it is too large')
  return bytes
}

/** Parses `5%` or `2.5 %` into percent × PERCENT_SCALE; null when the text is not a percentage. */
function parsePercent(text: string): number | null {
  const match = PERCENT.exec(text)
  if (!match) return null
  const [whole = '', fraction = ''] = (match[1] ?? '').split('.')
  if (fraction.length > 4) return null
  return Number(whole || '0') * PERCENT_SCALE + Number(fraction.padEnd(4, '0'))
}

function increaseError(input: string, value: string, why: string): UserError {
  return new UserError(`${input}: "${value}" is not an allowed increase: ${why}.`, [
    `Write a percentage, a size, or both separated by a comma (both must then hold), ${INCREASE_EXAMPLES}.`
  ])
}

/**
 * Parses `max-increase` / `warn-increase`: `5%`, `200KB`, or both
 * comma-separated (`5%,200KB`), in which case the change must stay within both.
 */
export function parseIncrease(value: string, input: string): IncreaseLimit {
  const parts = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (parts.length === 0) throw increaseError(input, value, 'it is empty')
  if (parts.length > 2) throw increaseError(input, value, 'at most one percentage and one size')
  let percentScaled: number | null = null
  let bytes: number | null = null
  let sizeText = ''
  for (const part of parts) {
    if (part.includes('%')) {
      if (percentScaled !== null) throw increaseError(input, value, 'two percentages')
      percentScaled = parsePercent(part)
      if (percentScaled === null) {
        throw increaseError(input, value, `"${part}" is not a percentage like 5% or 2.5%`)
      }
    } else {
      if (bytes !== null) throw increaseError(input, value, 'two sizes')
      sizeText = part.replace(/^\+/, '')
      if (/^\d+(?:\.\d+)?$/.test(sizeText)) {
        throw increaseError(
          input,
          value,
          `"${part}" has no unit: write ${sizeText}% for a percentage, or a size such as ${sizeText}KB`
        )
      }
      try {
        bytes = parseSize(sizeText, input)
      } catch {
        throw increaseError(input, value, `"${part}" is neither a percentage nor a size`)
      }
    }
  }
  const text = [
    percentScaled === null ? '' : `${formatPercentScaled(percentScaled)}%`,
    bytes === null ? '' : sizeText
  ]
    .filter((part) => part !== '')
    .join(', ')
  return { percentScaled, bytes, text }
}

function formatPercentScaled(scaled: number): string {
  const whole = Math.floor(scaled / PERCENT_SCALE)
  const fraction = String(scaled % PERCENT_SCALE)
    .padStart(4, '0')
    .replace(/0+$/, '')
  return fraction === '' ? String(whole) : `${whole}.${fraction}`
}

const HUMAN_UNITS = ['kB', 'MB', 'GB', 'TB'] as const

/**
 * Bytes for people, SI like `docker images`: `585 B`, `13.4 kB`, `1.23 MB`,
 * three significant digits.
 */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : ''
  let value = Math.abs(bytes)
  if (value < 1000) return `${sign}${value} B`
  let unit = 0
  value /= 1000
  // Rounding can carry into the next unit (999.96 kB prints as 1.00 MB, not 1000 kB).
  while (unit < HUMAN_UNITS.length - 1 && Number(value.toPrecision(3)) >= 1000) {
    value /= 1000
    unit += 1
  }
  return `${sign}${value.toPrecision(3)} ${HUMAN_UNITS[unit]}`
}

/**
 * `1,234,567` — exact byte counts where people may compare digits. By hand:
 * the first toLocaleString loads ICU's locale data, 30 ms of every build.
 */
export function formatExact(bytes: number): string {
  const sign = bytes < 0 ? '-' : ''
  const [whole, fraction] = String(Math.abs(bytes)).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

/** Change in percent, signed: `+4.5%`, `-12%`, `+<0.1%`, `0%`; null when there is no base to divide by. */
export function formatPercentChange(base: number, current: number): string | null {
  if (base <= 0) return null
  const delta = current - base
  if (delta === 0) return '0%'
  const percent = (delta / base) * 100
  const sign = delta > 0 ? '+' : '-'
  const size = Math.abs(percent)
  if (size < 0.1) return `${sign}<0.1%`
  return `${sign}${size < 10 ? size.toFixed(1) : size.toFixed(0)}%`
}

/** A signed change for people: `+1.23 kB (+4.5%)`, `-585 B (-1.0%)`, `no change`. */
export function formatDelta(base: number, current: number): string {
  const delta = current - base
  if (delta === 0) return 'no change'
  const bytes = `${delta > 0 ? '+' : ''}${formatBytes(delta)}`
  const percent = formatPercentChange(base, current)
  return percent === null ? bytes : `${bytes} (${percent})`
}

/** A signed size for people: `+1.23 kB`, `-585 B`, `0 B`. */
export function formatSignedBytes(delta: number): string {
  return `${delta > 0 ? '+' : ''}${formatBytes(delta)}`
}
