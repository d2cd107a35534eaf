import { createHash } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import {
  compareVersions,
  newestCommit,
  orderSections,
  renderGroup,
  type GroupRenderOptions,
  type ImageSection,
  type PlatformRow,
  type SectionStatus,
  type SizeRow
} from '../report/group-markdown.js'
import { COMMENT_LIMIT } from '../report/markdown.js'

/*
 * The grouped comment's storage format (docs/comment-protocol.md). Pure.
 *
 *   <!-- from-scratch-group:<group id> -->            the marker: which comment is ours
 *   <!-- from-scratch-section:<base64 raw-deflate JSON> -->   one line per image, by key
 *   …
 *   the visible comment, rendered from those sections alone
 *
 * The data lines are the comment's truth: every writer reads them back, merges
 * its own section in and renders the whole comment again, so the visible part
 * never needs parsing. They come before anything visible, so no text in a
 * report (which may quote anything a pull request put in a binary) can forge one.
 */

/** The line that marks the grouped comment of `groupId` (see `normalizeCommentGroup`). */
export function groupMarker(groupId: string): string {
  return `<!-- from-scratch-group:${groupId} -->`
}

const SECTION_LINE = /^<!-- from-scratch-section:([A-Za-z0-9+/]*={0,2}) -->$/

/** At most this many sections; past it the oldest stale ones go first. */
export const MAX_SECTIONS = 64
/** A per-image report stored in a section is at most this long (it is rendered to fit). */
export const SECTION_MARKDOWN_LIMIT = 12_000
/** Inflating one data line stops here: a damaged or hostile line cannot take the memory. */
const INFLATE_LIMIT = 256 * 1024
const NAME_LIMIT = 300

/**
 * `comment-group` as it goes into the marker: the workflow's name may hold
 * any character, so everything but letters, digits and `._/ ` is
 * percent-encoded (no `--` or `>` can end the HTML comment early); a long name
 * keeps its start and a hash of the whole. '' becomes `default`. Pure.
 */
export function normalizeCommentGroup(raw: string): string {
  const name = raw.trim()
  if (name === '') return 'default'
  const encoded = [...name]
    .map((char) =>
      /[A-Za-z0-9._/]/.test(char)
        ? char
        : char === ' '
          ? '+'
          : [...Buffer.from(char, 'utf8')]
              .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
              .join('')
    )
    .join('')
  if (encoded.length <= 100) return encoded
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16)
  return `${encoded.slice(0, 80)}~${hash}`
}

/** One data line for a section. */
export function encodeSection(section: ImageSection): string {
  const json = JSON.stringify(section)
  return `<!-- from-scratch-section:${deflateRawSync(Buffer.from(json, 'utf8')).toString('base64')} -->`
}

const STATUSES: readonly SectionStatus[] = ['pass', 'warn', 'fail']

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isName(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && value.length <= NAME_LIMIT && !/[\x00-\x1f]/.test(value)
}

/** Platforms one section may list; more is not a section this code wrote. */
const MAX_PLATFORMS = 8
/** `linux/arm64`, `linux/arm/v7`: what platformName writes, and nothing that could be markup. */
const PLATFORM_NAME = /^[a-z0-9]{1,16}\/[a-z0-9]{1,16}(\/[a-z0-9]{1,16})?$/

/** The verdict and size fields a section and each of its platform rows carry, checked; null when any is off. */
function sizeRowOf(v: Record<string, unknown>): SizeRow | null {
  const ok =
    typeof v.status === 'string' &&
    (STATUSES as readonly string[]).includes(v.status) &&
    (v.what === 'image' || v.what === 'binary') &&
    isCount(v.size) &&
    (v.base === null || isCount(v.base)) &&
    (v.pull === null || isCount(v.pull)) &&
    typeof v.pullExact === 'boolean'
  if (!ok) return null
  return {
    status: v.status as SectionStatus,
    what: v.what as 'image' | 'binary',
    size: v.size as number,
    base: v.base as number | null,
    pull: v.pull as number | null,
    pullExact: v.pullExact as boolean
  }
}

/** The `platforms` of a section read back, checked row by row; null when any row is off. */
function decodePlatforms(value: unknown): readonly PlatformRow[] | null {
  if (!Array.isArray(value) || value.length < 2 || value.length > MAX_PLATFORMS) return null
  const rows: PlatformRow[] = []
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null
    const v = item as Record<string, unknown>
    const row = sizeRowOf(v)
    if (row === null || typeof v.platform !== 'string' || !PLATFORM_NAME.test(v.platform)) {
      return null
    }
    rows.push({ platform: v.platform, ...row })
  }
  return rows
}

/** A section read back from a comment, checked field by field; null when anything is off. */
export function decodeSection(line: string): ImageSection | null {
  const match = SECTION_LINE.exec(line)
  if (match === null) return null
  let value: unknown
  try {
    const json = inflateRawSync(Buffer.from(match[1] ?? '', 'base64'), {
      maxOutputLength: INFLATE_LIMIT
    }).toString('utf8')
    value = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const v = value as Record<string, unknown>
  const ok =
    isName(v.key) &&
    v.key !== '' &&
    isName(v.image) &&
    (v.cause === null || isName(v.cause)) &&
    typeof v.commit === 'string' &&
    /^[0-9a-f]{0,64}$/.test(v.commit) &&
    isCount(v.runId) &&
    isCount(v.attempt) &&
    isCount(v.written) &&
    (v.markdown === null ||
      (typeof v.markdown === 'string' && v.markdown.length <= SECTION_MARKDOWN_LIMIT))
  const row = sizeRowOf(v)
  if (!ok || row === null) return null
  const platforms = v.platforms === undefined ? undefined : decodePlatforms(v.platforms)
  if (platforms === null) return null
  return {
    key: v.key as string,
    image: v.image as string,
    ...row,
    cause: v.cause as string | null,
    commit: v.commit as string,
    runId: v.runId as number,
    attempt: v.attempt as number,
    written: v.written as number,
    markdown: v.markdown as string | null,
    ...(platforms === undefined ? {} : { platforms })
  }
}

export interface ParsedGroup {
  readonly sections: readonly ImageSection[]
  /** Data lines that could not be read (edited by hand, cut off): left out, and said in the log. */
  readonly damaged: number
}

/**
 * The sections stored in a grouped comment: the data lines right after its
 * first line (the marker). Reading stops at the first other line. Pure.
 */
export function parseGroupComment(body: string): ParsedGroup {
  const lines = body.replace(/^\s+/, '').split(/\r?\n/)
  const sections: ImageSection[] = []
  let damaged = 0
  for (const line of lines.slice(1)) {
    if (!line.startsWith('<!-- from-scratch-section:')) break
    const section = decodeSection(line)
    if (section === null) damaged += 1
    else sections.push(section)
  }
  return { sections: mergeSections(sections, []), damaged }
}

/**
 * Every key once, the newest write of each winning (a re-run replaces only
 * its own section; an older run never replaces a newer one). Ordered by key. Pure.
 */
export function mergeSections(...lists: readonly (readonly ImageSection[])[]): ImageSection[] {
  const byKey = new Map<string, ImageSection>()
  for (const list of lists) {
    for (const section of list) {
      const known = byKey.get(section.key)
      if (known === undefined || compareVersions(section, known) > 0) {
        byKey.set(section.key, section)
      }
    }
  }
  return orderSections([...byKey.values()])
}

/**
 * Keys of `expected` that `actual` lacks, or holds only in an older version
 * than expected: what a writer must put back. Pure.
 */
export function missingSections(
  expected: readonly ImageSection[],
  actual: readonly ImageSection[]
): string[] {
  const have = new Map(actual.map((section) => [section.key, section]))
  return expected
    .filter((section) => {
      const found = have.get(section.key)
      return found === undefined || compareVersions(found, section) < 0
    })
    .map((section) => section.key)
}

export interface GroupBody {
  readonly body: string
  /** Sections kept: what this write stores, and what its verification looks for. */
  readonly sections: readonly ImageSection[]
}

/** What goes first when the comment is too long: stale, then passing, then warned, then failed; larger first. */
function dropOrder(sections: readonly ImageSection[], newest: string): ImageSection[] {
  const rank = (section: ImageSection): number =>
    newest !== '' && section.commit !== '' && section.commit !== newest
      ? 0
      : section.status === 'pass'
        ? 1
        : section.status === 'warn'
          ? 2
          : 3
  return [...sections].sort(
    (a, b) => rank(a) - rank(b) || (b.markdown?.length ?? 0) - (a.markdown?.length ?? 0)
  )
}

/**
 * The whole comment for `sections`: marker, data lines, visible part; within
 * GitHub's limit. When it does not fit, per-image reports are shown as a
 * link to their run's summary instead (stale and passing ones first), then
 * left out of the stored data too; past MAX_SECTIONS the oldest stale
 * sections are dropped. Pure and deterministic: equal sections, equal body.
 */
export function composeGroupBody(
  groupId: string,
  sections: readonly ImageSection[],
  options: GroupRenderOptions = {},
  limit = COMMENT_LIMIT
): GroupBody {
  let kept = mergeSections(sections)
  if (kept.length > MAX_SECTIONS) {
    const newest = newestCommit(kept)
    const keep = new Set(
      dropOrder(kept, newest)
        .slice(kept.length - MAX_SECTIONS)
        .map((section) => section.key)
    )
    kept = kept.filter((section) => keep.has(section.key))
  }
  const build = (list: readonly ImageSection[], summarized: ReadonlySet<string>): string =>
    [
      groupMarker(groupId),
      ...list.map(encodeSection),
      renderGroup(list, { ...options, summarized })
    ].join('\n')
  const order = dropOrder(kept, newestCommit(kept))
  // First only the visible report goes (the data keeps it for later writers), then the stored one.
  const summarized = new Set<string>()
  let body = build(kept, summarized)
  for (const section of order) {
    if (body.length <= limit) return { body, sections: kept }
    summarized.add(section.key)
    body = build(kept, summarized)
  }
  for (const section of order) {
    if (body.length <= limit) return { body, sections: kept }
    kept = kept.map((s) => (s.key === section.key ? { ...s, markdown: null } : s))
    body = build(kept, summarized)
  }
  return { body: body.slice(0, limit), sections: kept }
}
