import { UserError } from '../ground/errors.js'
import type { Finding, FindingId } from '../elf/types.js'
import type { ExtraKind, ExtraReason, IncludeItem } from './types.js'

const WORDS = ['auto', 'none', 'ca-certificates', 'tzdata', 'passwd', 'tmp'] as const

/** Which finding asks for which extra under `include: auto`. */
export const EXTRA_FOR_FINDING: Readonly<Partial<Record<FindingId, ExtraKind>>> = {
  'ca-certificates': 'ca-certificates',
  tzdata: 'tzdata',
  'user-lookup': 'passwd',
  nss: 'passwd',
  tmp: 'tmp'
}

/** The order extras are listed and layered in: least likely to change first. */
export const EXTRA_ORDER: readonly ExtraKind[] = ['ca-certificates', 'tzdata', 'passwd', 'tmp']

const ZONE = /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/

function isWord(value: string): value is (typeof WORDS)[number] {
  return (WORDS as readonly string[]).includes(value)
}

function unknown(word: string): UserError {
  return new UserError(`include: "${word}" is not something from-scratch can add.`, [
    `Use any of: ${WORDS.join(', ')}; tzdata can name zones, e.g. tzdata:Europe/Berlin,UTC.`
  ])
}

function checkZone(zone: string): string {
  if (!ZONE.test(zone) || zone.split('/').includes('..')) {
    throw new UserError(`include: "${zone}" is not a time zone name such as Europe/Berlin or UTC.`)
  }
  return zone
}

/**
 * Parses the `include` input: words separated by newlines or commas. After
 * `tzdata:Zone`, further items that look like zone names (start uppercase or
 * hold a `/`) belong to the same zone list, so `tzdata:Europe/Berlin,UTC` reads
 * as a person means it even though commas also separate words.
 */
export function parseInclude(value: string): IncludeItem[] {
  const items = value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
  if (items.length === 0) return [{ kind: 'auto' }]
  const out: IncludeItem[] = []
  let zones: string[] | null = null
  for (const item of items) {
    const lower = item.toLowerCase()
    if (lower.startsWith('tzdata:')) {
      zones = item
        .slice('tzdata:'.length)
        .split(/\s+/)
        .filter((z) => z !== '')
        .map(checkZone)
      if (zones.length === 0)
        throw new UserError('include: "tzdata:" names no zone; write tzdata alone for all zones.')
      out.push({ kind: 'tzdata', zones })
      continue
    }
    if (isWord(lower)) {
      zones = null
      out.push(lower === 'tzdata' ? { kind: 'tzdata', zones: [] } : { kind: lower })
      continue
    }
    if (zones !== null && (/^[A-Z]/.test(item) || item.includes('/'))) {
      zones.push(checkZone(item))
      continue
    }
    throw unknown(item)
  }
  const kinds = out.map((item) => item.kind)
  if (kinds.includes('none') && kinds.length > 1) {
    throw new UserError('include: "none" cannot be combined with other words.', [
      `Got: ${items.join(', ')}`
    ])
  }
  return out
}

/** One extra to put in, with every reason for it. `zones` only for tzdata; empty = all. */
export interface ChosenExtra {
  readonly kind: ExtraKind
  readonly reasons: readonly ExtraReason[]
  readonly zones: readonly string[]
}

/** `include` plus the binary's findings → the extras, in layer order. */
export function chooseExtras(
  include: readonly IncludeItem[],
  findings: readonly Finding[]
): ChosenExtra[] {
  const reasons = new Map<ExtraKind, ExtraReason[]>()
  const add = (kind: ExtraKind, reason: ExtraReason): void => {
    const list = reasons.get(kind) ?? []
    if (!list.some((r) => JSON.stringify(r) === JSON.stringify(reason))) list.push(reason)
    reasons.set(kind, list)
  }
  const zones: string[] = []
  for (const item of include) {
    if (item.kind === 'none') continue
    if (item.kind === 'auto') {
      for (const finding of findings) {
        const kind = EXTRA_FOR_FINDING[finding.id]
        if (kind === undefined) continue
        add(kind, { by: 'finding', finding: finding.id })
      }
      continue
    }
    add(item.kind, { by: 'asked' })
    if (item.kind === 'tzdata') {
      for (const zone of item.zones) if (!zones.includes(zone)) zones.push(zone)
    }
  }
  // A finding cannot say which zones the program loads, so it gets them all
  // unless the user narrowed tzdata to a list.
  const explicitList = include.some((item) => item.kind === 'tzdata' && item.zones.length > 0)
  const tzZones =
    explicitList && !include.some((i) => i.kind === 'tzdata' && i.zones.length === 0) ? zones : []
  return EXTRA_ORDER.filter((kind) => reasons.has(kind)).map((kind) => ({
    kind,
    reasons: reasons.get(kind) ?? [],
    zones: kind === 'tzdata' ? tzZones : []
  }))
}

/** "asked for" or "finding tzdata", for logs and the report. */
export function describeReasons(reasons: readonly ExtraReason[]): string {
  return reasons.map((r) => (r.by === 'asked' ? 'asked for' : `finding ${r.finding}`)).join(', ')
}
