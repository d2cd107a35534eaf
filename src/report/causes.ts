import type { SizeMechanism } from '../elf/types.js'
import type { Report } from './schema.js'
import { NOISE_FLOOR, OTHER, plainName, versionChange, type SizeDiff } from './sizes.js'
import { formatBytes, formatExact, formatSignedBytes } from './units.js'

/**
 * Why a size changed: at most MAX_CAUSES causes whose bytes, with one
 * remainder, add up to the change of the size the headline shows. Pure. The
 * one place causes are decided: the comment's "Why" lines and the failed
 * gate's message both render this.
 *
 * No byte is counted twice:
 * - a new `reflect-method` mechanism takes the growth of exported methods of
 *   every package; each package's own growth is then counted without it;
 * - a module that is new or changed version takes its packages' growth; they
 *   are not causes again;
 * - buckets (rows in parentheses: runtime tables, unplaced strings) are
 *   effects, not causes: they stay in the remainder, which names them.
 */

export const MAX_CAUSES = 5

/** An extra the image stage put in (CA bundle, zoneinfo, passwd, /tmp). */
export interface ExtraSize {
  readonly kind: string
  readonly bytes: number
  readonly paths?: readonly string[]
  /** What in the binary asked for it (the finding's evidence), when a finding did. */
  readonly evidence?: readonly string[]
}

export interface CauseInput {
  /** Change of the size the headline shows: the image, or the binary when no image was built. */
  readonly total: number
  /** What changed inside the binary; null when either side has no attribution. */
  readonly diff: SizeDiff | null
  /** With no diff: true when it is the baseline that has no attribution. */
  readonly baseUnattributed?: boolean
  /** The extras of the baseline's image and of this one; null when not both are known. */
  readonly extras: {
    readonly base: readonly ExtraSize[]
    readonly current: readonly ExtraSize[]
  } | null
}

export type Change = 'added' | 'gone'

export type Cause =
  | {
      readonly kind: 'mechanism'
      readonly mechanism: SizeMechanism
      readonly change: Change
      /** null when the binary cannot tell its bytes apart (they stay with the packages). */
      readonly bytes: number | null
    }
  | {
      readonly kind: 'module'
      readonly name: string
      /** `v0.20.0 → v0.24.0`, `new v1.2.0`, `removed v1.2.0`. */
      readonly version: string
      readonly bytes: number
    }
  | {
      readonly kind: 'packages'
      readonly change: Change
      /** The largest few, each with its bytes. */
      readonly names: readonly { readonly name: string; readonly bytes: number }[]
      readonly count: number
      readonly bytes: number
    }
  | {
      readonly kind: 'package'
      readonly name: string
      readonly bytes: number
      /** True when its exported methods' growth was counted with the mechanism instead. */
      readonly withoutMethods: boolean
    }
  | {
      readonly kind: 'extra'
      readonly extra: string
      readonly change: Change
      readonly paths: readonly string[]
      /** The functions or strings in the binary that asked for it. */
      readonly evidence: readonly string[]
      readonly bytes: number
    }

export interface Causes {
  /** The change explained: Σ bytes of `causes` + `other`. */
  readonly total: number
  readonly causes: readonly Cause[]
  /** What the causes leave: `total` − their bytes. */
  readonly other: number
  /** Buckets that moved the same way as `other`, largest first, to name it. */
  readonly otherParts: readonly { readonly name: string; readonly bytes: number }[]
  /** Packages that moved the same way as `other` but are not named as causes: how many, and their bytes. */
  readonly otherPackages: { readonly count: number; readonly bytes: number }
  /**
   * Why the binary's changes could not be told apart: the baseline has no
   * attribution (`base`), this build has none (`build`); null when they could.
   */
  readonly binaryUnexplained: 'base' | 'build' | null
}

/** How many names a grouped cause lists before "and N more". */
const GROUP_NAMES = 3
/** The sections a `dwarf` mechanism brings: left out of packages, so countable on their own. */
const DEBUG_SECTION = /^\.z?debug_/

function isBucket(name: string): boolean {
  return name.startsWith('(')
}

function bytesOf(cause: Cause): number {
  return cause.bytes ?? 0
}

function mechanismCauses(diff: SizeDiff): { causes: Cause[]; methods: boolean } {
  const causes: Cause[] = []
  let methods = false
  for (const [change, list] of [
    ['added', diff.mechanisms.added],
    ['gone', diff.mechanisms.gone]
  ] as const) {
    for (const mechanism of list) {
      let bytes: number | null = null
      if (mechanism.id === 'reflect-method' && !methods) {
        // The methods that came (or went) with it, over every package.
        bytes = diff.methods
        methods = true
      } else if (mechanism.id === 'dwarf') {
        bytes = diff.sections
          .filter((s) => DEBUG_SECTION.test(s.name))
          .reduce((n, s) => n + s.delta, 0)
      }
      causes.push({ kind: 'mechanism', mechanism, change, bytes })
    }
  }
  return { causes, methods }
}

function extraCauses(extras: CauseInput['extras']): Cause[] {
  if (extras === null) return []
  const kinds = (list: readonly ExtraSize[]): Set<string> => new Set(list.map((e) => e.kind))
  const before = kinds(extras.base)
  const now = kinds(extras.current)
  const cause = (extra: ExtraSize, change: Change): Cause => ({
    kind: 'extra',
    extra: extra.kind,
    change,
    paths: extra.paths ?? [],
    evidence: extra.evidence ?? [],
    bytes: change === 'added' ? extra.bytes : -extra.bytes
  })
  return [
    ...extras.current.filter((e) => !before.has(e.kind)).map((e) => cause(e, 'added')),
    ...extras.base.filter((e) => !now.has(e.kind)).map((e) => cause(e, 'gone'))
  ]
}

function binaryCauses(diff: SizeDiff, withoutMethods: boolean): Cause[] {
  const causes: Cause[] = []
  const explained = new Set<string>()
  for (const row of diff.modules) {
    const version = versionChange(row)
    if (version === '' || row.name === OTHER || isBucket(row.name)) continue
    explained.add(row.name)
    const bytes = row.delta - (withoutMethods ? (row.methods ?? 0) : 0)
    causes.push({ kind: 'module', name: row.name, version, bytes })
  }
  const groups: Record<Change, { name: string; bytes: number }[]> = { added: [], gone: [] }
  for (const row of diff.packages) {
    if (isBucket(row.name) || (row.module !== undefined && explained.has(row.module))) continue
    const bytes = row.delta - (withoutMethods ? (row.methods ?? 0) : 0)
    if (row.base === null) groups.added.push({ name: row.name, bytes })
    else if (row.current === null) groups.gone.push({ name: row.name, bytes })
    else
      causes.push({
        kind: 'package',
        name: row.name,
        bytes,
        withoutMethods: withoutMethods && (row.methods ?? 0) !== 0
      })
  }
  for (const change of ['added', 'gone'] as const) {
    const rows = groups[change].sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes))
    if (rows.length === 0) continue
    causes.push({
      kind: 'packages',
      change,
      names: rows.slice(0, GROUP_NAMES),
      count: rows.length,
      bytes: rows.reduce((n, r) => n + r.bytes, 0)
    })
  }
  return causes
}

/** The causes of a size change; see the module comment for how bytes are shared out. */
export function explainChange(input: CauseInput): Causes {
  const { total, diff } = input
  const mechanisms = diff === null ? { causes: [], methods: false } : mechanismCauses(diff)
  const extras = extraCauses(input.extras)
  const sign = Math.sign(total)
  // Causes that pull the same way as the change, largest first; tiny ones are noise.
  const candidates = diff === null ? [] : binaryCauses(diff, mechanisms.methods)
  const rest = candidates
    .filter((c) => Math.abs(bytesOf(c)) >= NOISE_FLOOR && Math.sign(bytesOf(c)) === sign)
    .sort((a, b) => Math.abs(bytesOf(b)) - Math.abs(bytesOf(a)))
  const room = Math.max(0, MAX_CAUSES - mechanisms.causes.length)
  // A new runtime need is always named, even a /tmp of 0 bytes: it changes what the image holds.
  const needs = extras.filter((c) => bytesOf(c) === 0 || Math.sign(bytesOf(c)) === sign)
  const shownNeeds = needs.slice(0, room)
  const others = rest.slice(0, room - shownNeeds.length)
  const chosen = [...mechanisms.causes.slice(0, MAX_CAUSES), ...others, ...shownNeeds]
  const ranked = [
    ...chosen.filter((c) => c.kind === 'mechanism'),
    ...chosen
      .filter((c) => c.kind !== 'mechanism')
      .sort((a, b) => Math.abs(bytesOf(b)) - Math.abs(bytesOf(a)))
  ]
  const other = total - ranked.reduce((n, c) => n + bytesOf(c), 0)
  const counted = ranked.some((c) => c.kind === 'mechanism' && c.mechanism.id === 'dwarf')
  const otherParts =
    diff === null || counted || other === 0
      ? []
      : diff.packages
          .filter(
            (p) =>
              isBucket(p.name) &&
              p.name !== OTHER &&
              Math.sign(p.delta) === Math.sign(other) &&
              // Worth naming: a twentieth of the remainder at least.
              Math.abs(p.delta) * 20 >= Math.abs(other)
          )
          .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
          .slice(0, 2)
          .map((p) => ({ name: p.name, bytes: p.delta }))
  // The package causes left out, to say what "other changes" is made of.
  const left = candidates.filter(
    (c) =>
      !ranked.includes(c) &&
      (c.kind === 'package' || c.kind === 'packages') &&
      other !== 0 &&
      Math.sign(c.bytes) === Math.sign(other)
  )
  const otherPackages = {
    count: left.reduce((n, c) => n + (c.kind === 'packages' ? c.count : 1), 0),
    bytes: left.reduce((n, c) => n + bytesOf(c), 0)
  }
  const binaryUnexplained =
    diff !== null ? null : input.baseUnattributed === true ? 'base' : 'build'
  return { total, causes: ranked, other, otherParts, otherPackages, binaryUnexplained }
}

/** The extras of a baseline or an image, as causes compare them. */
function extrasOf(list: readonly ExtraSize[] | undefined): readonly ExtraSize[] | null {
  return list === undefined ? null : list
}

/**
 * The causes of the change a report's headline shows: the image size when
 * both sides have one, else the binary size. null without a baseline.
 */
export function causesOf(report: Report): Causes | null {
  const base = report.baseline
  if (base === null) return null
  const image = report.image
  const imageTotal = image !== null && base.imageSize !== null
  const total = imageTotal ? image.size - base.imageSize : report.binary.size - base.binarySize
  const diff = report.changes?.status === 'compared' ? report.changes.diff : null
  const baseExtras = extrasOf(base.extras)
  // What asked for each extra of this build: the evidence of the findings behind it.
  const currentExtras = extrasOf(
    image?.extras?.map((extra) => ({
      ...extra,
      evidence: report.binary.findings
        .filter((f) => extra.reasons.some((r) => r.by === 'finding' && r.finding === f.id))
        .flatMap((f) => f.evidence)
    }))
  )
  const extras =
    imageTotal && baseExtras !== null && currentExtras !== null
      ? { base: baseExtras, current: currentExtras }
      : null
  const baseUnattributed = report.changes?.status === 'base-without-attribution'
  return explainChange({ total, diff, extras, baseUnattributed })
}

/** How names and prose become text: code spans in markdown, flattened in a log line. */
export interface Words {
  /** A name from the binary, a baseline or the repository. */
  readonly name: (value: string) => string
  /** A sentence that may hold such names. */
  readonly prose: (value: string) => string
  readonly bytes: (value: number) => string
}

const EXTRA_NAMES: Readonly<Record<string, string>> = {
  'ca-certificates': 'the CA certificate bundle',
  tzdata: 'time zone data',
  passwd: '/etc/passwd and /etc/group',
  tmp: 'an empty /tmp folder'
}

function nameList(
  names: readonly { name: string; bytes: number }[],
  count: number,
  words: Words
): string {
  const listed = names.map((n) => `${words.name(n.name)} (${words.bytes(n.bytes)})`)
  const more = count - names.length
  if (more > 0) return `${listed.join(', ')} and ${more} more`
  if (listed.length <= 1) return listed.join('')
  return `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`
}

/** One cause in plain words, without its bytes. */
export function causeWords(cause: Cause, words: Words): string {
  switch (cause.kind) {
    case 'mechanism': {
      const { mechanism } = cause
      const facts: string[] = []
      if (mechanism.functions !== null) facts.push(`${formatExact(mechanism.functions)} functions`)
      const evidence = mechanism.evidence.slice(0, 2).map(words.name)
      if (evidence.length > 0) facts.push(`seen in ${evidence.join(', ')}`)
      const what = cause.change === 'added' ? 'new' : 'gone'
      return `${what}: ${words.prose(mechanism.message)}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`
    }
    case 'module':
      return `module ${words.name(cause.name)} ${words.name(cause.version)}`
    case 'packages': {
      const one = cause.count === 1
      const head =
        cause.change === 'added'
          ? one
            ? 'new package'
            : `${cause.count} new packages:`
          : one
            ? 'package gone:'
            : `${cause.count} packages gone:`
      return `${head} ${nameList(cause.names, cause.count, words)}`
    }
    case 'package': {
      const verb = cause.bytes >= 0 ? 'grew' : 'shrank'
      return `${words.name(cause.name)} ${verb}${cause.withoutMethods ? ' (besides its exported methods)' : ''}`
    }
    case 'extra': {
      const known = EXTRA_NAMES[cause.extra]
      const what = known === undefined ? words.name(cause.extra) : known
      const asked = cause.evidence.slice(0, 2).map(words.name)
      const because = asked.length > 0 ? `, because the binary now has ${asked.join(' and ')}` : ''
      return cause.change === 'added'
        ? `new runtime need: ${what} in the image${because}`
        : `runtime need gone: ${what} left the image`
    }
  }
}

/** The remainder in plain words. */
export function otherWords(causes: Causes, words: Words): string {
  const parts: string[] = []
  const { count, bytes } = causes.otherPackages
  if (count > 0) {
    const verb = bytes >= 0 ? 'grew' : 'shrank'
    parts.push(
      `${formatExact(count)} more ${count === 1 ? 'package' : 'packages'} ${verb} (${formatSignedBytes(bytes)} in all)`
    )
  }
  for (const p of causes.otherParts)
    parts.push(`${words.name(p.name)} ${formatSignedBytes(p.bytes)}`)
  const why =
    causes.binaryUnexplained === 'base' ? ' (the baseline has no size attribution to say more)' : ''
  const head =
    causes.binaryUnexplained === null
      ? 'other changes'
      : `${causes.causes.length > 0 ? 'everything else, in the binary' : 'the binary'}${why}`
  return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head
}

const PLAIN_WORDS: Words = { name: plainName, prose: plainName, bytes: formatBytes }

/**
 * Each cause in plain words with its bytes, then the remainder when there is
 * one: for a log line or a terminal (no markdown; names flattened and capped).
 */
export function causeTexts(causes: Causes | null): string[] {
  if (causes === null || causes.causes.length === 0) return []
  const parts = causes.causes.map(
    (c) =>
      `${causeWords(c, PLAIN_WORDS)}${c.bytes === null ? '' : ` (${formatSignedBytes(c.bytes)})`}`
  )
  if (causes.other !== 0) {
    parts.push(`${otherWords(causes, PLAIN_WORDS)} (${formatSignedBytes(causes.other)})`)
  }
  return parts
}

/** The causes for one log line: ` Causes: new: …(+612 kB); new package … (+120 kB).` or ''. */
export function causesSentence(causes: Causes | null): string {
  const parts = causeTexts(causes)
  return parts.length === 0 ? '' : ` Causes: ${parts.join('; ')}.`
}
