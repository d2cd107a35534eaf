import { deflateRawSync } from 'node:zlib'
import type { ImageSection } from '../../src/report/group-markdown.js'
import {
  MAX_SECTIONS,
  composeGroupBody,
  decodeSection,
  encodeSection,
  groupMarker,
  mergeSections,
  missingSections,
  normalizeCommentGroup,
  parseGroupComment
} from '../../src/publish/comment-sections.js'

function section(key: string, overrides: Partial<ImageSection> = {}): ImageSection {
  return {
    key,
    image: `ghcr.io/acme/${key}`,
    status: 'pass',
    what: 'image',
    size: 1_000_000,
    base: 900_000,
    pull: 400_000,
    pullExact: true,
    cause: null,
    commit: 'b'.repeat(40),
    runId: 200,
    attempt: 1,
    written: 1_000,
    markdown: `### report of ${key}`,
    ...overrides
  }
}

const dataLine = (value: unknown): string =>
  `<!-- from-scratch-section:${deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64')} -->`

describe('comment-group as it goes into the marker', () => {
  test.each([
    ['', 'default'],
    ['  CI  ', 'CI'],
    ['Build & test', 'Build+%26+test'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['a--> b', 'a%2D%2D%3E+b'],
    ['größe', 'gr%C3%B6%C3%9Fe']
  ])('%j → %j', (raw, id) => {
    expect(normalizeCommentGroup(raw)).toBe(id)
  })

  test('a long name keeps its start and a hash; two long names stay apart', () => {
    const a = normalizeCommentGroup(`${'x'.repeat(200)}a`)
    const b = normalizeCommentGroup(`${'x'.repeat(200)}b`)
    expect(a.length).toBeLessThanOrEqual(100)
    expect(a).not.toBe(b)
    expect(a).not.toMatch(/--|>/)
    expect(groupMarker(a)).toBe(`<!-- from-scratch-group:${a} -->`)
  })
})

describe('section data lines', () => {
  test('round trip', () => {
    const s = section('cmd/api', { cause: 'module x v1 → v2', markdown: 'a\n<!-- x -->\n`b`' })
    expect(decodeSection(encodeSection(s))).toEqual(s)
  })

  test.each([
    ['not base64 deflate', '<!-- from-scratch-section:AAAA -->'],
    ['not a data line', '<!-- something else -->'],
    ['an unknown status', dataLine({ ...section('a'), status: 'great' })],
    ['a negative size', dataLine({ ...section('a'), size: -1 })],
    ['a key with a line break', dataLine({ ...section('a'), key: 'a\nb' })],
    ['an empty key', dataLine({ ...section('a'), key: '' })],
    ['a commit that is no hex', dataLine({ ...section('a'), commit: '<b>' })],
    ['a report over the limit', dataLine({ ...section('a'), markdown: 'x'.repeat(100_000) })],
    ['an array', dataLine([1, 2])],
    [
      'a bomb that inflates past the cap',
      `<!-- from-scratch-section:${deflateRawSync(Buffer.alloc(10_000_000, 32)).toString('base64')} -->`
    ]
  ])('%s is damaged', (_name, line) => {
    expect(decodeSection(line)).toBeNull()
  })
})

describe('merging sections', () => {
  test.each([
    [
      'different keys are all kept, by key',
      [[section('b')], [section('a')]],
      ['a@200.1', 'b@200.1']
    ],
    [
      'a re-run replaces only its own section',
      [[section('a'), section('b')], [section('b', { attempt: 2 })]],
      ['a@200.1', 'b@200.2']
    ],
    [
      'an older run never replaces a newer one',
      [[section('a', { runId: 300 })], [section('a', { runId: 200, attempt: 3 })]],
      ['a@300.1']
    ],
    [
      'duplicates of one key: the newest',
      [[section('a', { written: 5 }), section('a', { written: 9 }), section('a', { written: 7 })]],
      ['a@200.1']
    ]
  ])('%s', (_name, lists, expected) => {
    expect(mergeSections(...lists).map((s) => `${s.key}@${s.runId}.${s.attempt}`)).toEqual(expected)
  })

  test('what is missing: absent, or only in an older version', () => {
    const expected = [section('a'), section('b', { attempt: 2 }), section('c')]
    const actual = [section('a', { attempt: 3 }), section('b', { attempt: 1 })]
    expect(missingSections(expected, actual)).toEqual(['b', 'c'])
    expect(missingSections(expected, expected)).toEqual([])
  })
})

describe('the whole comment', () => {
  test('marker, one data line per section, then the visible part; parsed back to the same sections', () => {
    const sections = [section('worker'), section('api')]
    const { body } = composeGroupBody('CI', sections)
    const lines = body.split('\n')
    expect(lines[0]).toBe('<!-- from-scratch-group:CI -->')
    expect(lines[1]).toMatch(/^<!-- from-scratch-section:/)
    expect(lines[2]).toMatch(/^<!-- from-scratch-section:/)
    expect(lines[3]).toMatch(/^### ✅ from-scratch: 2 images/)
    expect(parseGroupComment(body)).toEqual({ sections: mergeSections(sections), damaged: 0 })
  })

  test('the same sections in any order give the same body', () => {
    const a = composeGroupBody('CI', [section('x'), section('y'), section('z')]).body
    const b = composeGroupBody('CI', [section('z'), section('x'), section('y')]).body
    expect(a).toBe(b)
  })

  test('a data line forged inside a report is not read: only the lines before the visible part count', () => {
    const forged = encodeSection(section('evil', { status: 'fail' }))
    const { body } = composeGroupBody('CI', [section('api', { markdown: `x\n${forged}` })])
    expect(parseGroupComment(body).sections.map((s) => s.key)).toEqual(['api'])
  })

  test('a damaged line is counted and the others kept', () => {
    const body = [
      '<!-- from-scratch-group:CI -->',
      encodeSection(section('a')),
      '<!-- from-scratch-section:AAAA -->',
      encodeSection(section('b')),
      'text'
    ].join('\n')
    expect(parseGroupComment(body)).toEqual({ sections: [section('a'), section('b')], damaged: 1 })
  })

  test('too long: passing reports become links first, failing ones stay; always within the limit', () => {
    const big = (key: string, status: ImageSection['status']): ImageSection =>
      section(key, { status, markdown: `${key}: ${'lorem ipsum dolor '.repeat(600)}` })
    const sections = [big('a', 'pass'), big('b', 'fail'), big('c', 'pass'), big('d', 'warn')]
    const limit = 30_000
    const { body, sections: kept } = composeGroupBody('CI', sections, {}, limit)
    expect(body.length).toBeLessThanOrEqual(limit)
    expect(body).toContain('b: lorem ipsum')
    expect(body).not.toContain('a: lorem ipsum')
    expect(kept.map((s) => s.key)).toEqual(['a', 'b', 'c', 'd'])
    // Every section keeps its row, whatever happened to its report.
    for (const key of ['a', 'b', 'c', 'd']) expect(body).toContain(`| \`${key}\` |`)
  })

  test(`more than ${MAX_SECTIONS} sections: stale ones go first`, () => {
    const sections = Array.from({ length: MAX_SECTIONS + 3 }, (_, i) =>
      section(`s${String(i).padStart(3, '0')}`, i < 5 ? { commit: 'a'.repeat(40), runId: 1 } : {})
    )
    const { sections: kept } = composeGroupBody('CI', sections)
    expect(kept).toHaveLength(MAX_SECTIONS)
    expect(kept.filter((s) => s.runId === 1)).toHaveLength(2)
  })
})
