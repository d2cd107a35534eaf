import {
  compareVersions,
  groupHeadline,
  groupTable,
  newestCommit,
  orderSections,
  renderGroup,
  sectionLines,
  sectionOf,
  statusOf,
  topCauseOf,
  type ImageSection
} from '../../src/report/group-markdown.js'
import { baseline, image, report } from './sample.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)

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
    commit: B,
    runId: 200,
    attempt: 1,
    written: 1_000,
    markdown: `### report of ${key}`,
    ...overrides
  }
}

describe('which write of a section is newer', () => {
  test.each([
    [
      'a later run wins',
      { runId: 2, attempt: 1, written: 1 },
      { runId: 1, attempt: 5, written: 9 },
      1
    ],
    [
      'a re-run (later attempt) wins',
      { runId: 1, attempt: 2, written: 1 },
      { runId: 1, attempt: 1, written: 9 },
      1
    ],
    [
      'same attempt: the later clock wins',
      { runId: 1, attempt: 1, written: 5 },
      { runId: 1, attempt: 1, written: 9 },
      -1
    ],
    [
      'the same write',
      { runId: 1, attempt: 1, written: 5 },
      { runId: 1, attempt: 1, written: 5 },
      0
    ]
  ])('%s', (_name, a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign)
  })
})

test('sections are ordered by key, whatever order they were written in', () => {
  const keys = ['worker', 'api', 'cmd/tool', 'Zeta', 'api-v2']
  expect(orderSections(keys.map((key) => section(key))).map((s) => s.key)).toEqual([
    'Zeta',
    'api',
    'api-v2',
    'cmd/tool',
    'worker'
  ])
})

describe('the newest commit and stale sections', () => {
  test.each([
    ['no sections', [], ''],
    ['one run', [section('api'), section('worker')], B],
    [
      'the later run names the commit, even written earlier',
      [
        section('api', { commit: A, runId: 100, written: 9_999 }),
        section('worker', { runId: 200 })
      ],
      B
    ],
    ['a section without a commit is ignored', [section('api', { commit: '' })], '']
  ])('%s', (_name, sections, commit) => {
    expect(newestCommit(sections)).toBe(commit)
  })
})

describe('status from a report', () => {
  const gate = {
    gate: 'max-size' as const,
    metric: 'image' as const,
    rule: '8MB',
    limit: 8,
    actual: 9,
    baseline: null
  }
  test.each([
    ['no gates', [], 'pass'],
    ['a passing gate', [{ ...gate, passed: true, warned: false }], 'pass'],
    ['a warning', [{ ...gate, passed: true, warned: true }], 'warn'],
    [
      'a failure beats a warning',
      [
        { ...gate, passed: true, warned: true },
        { ...gate, passed: false, warned: false }
      ],
      'fail'
    ]
  ])('%s', (_name, gates, status) => {
    expect(statusOf(report({ gates }))).toBe(status)
  })
})

test('sectionOf takes the image size, its baseline and pull size from the report', () => {
  const s = sectionOf(report({ baseline }), {
    key: 'api',
    commit: A,
    runId: 7,
    attempt: 2,
    written: 3,
    markdown: 'md'
  })
  expect(s).toMatchObject({
    key: 'api',
    what: 'image',
    base: baseline.imageSize,
    commit: A,
    runId: 7,
    attempt: 2,
    markdown: 'md',
    status: 'pass'
  })
})

describe('the headline counts images', () => {
  test.each([
    [
      'all pass',
      [section('a'), section('b')],
      '### ✅ from-scratch: 2 images, all within their limits, 2.00 MB in all'
    ],
    [
      'one alone',
      [section('a')],
      '### ✅ from-scratch: 1 image within their limits, 1.00 MB in all'
    ],
    [
      'two of eight fail',
      [
        ...['a', 'b', 'c', 'd', 'e', 'f'].map((k) => section(k)),
        section('g', { status: 'fail' }),
        section('h', { status: 'fail' })
      ],
      '### ❌ from-scratch: 2 of 8 images over their limits'
    ],
    [
      'a warning',
      [section('a', { status: 'warn' }), section('b')],
      '### ⚠️ from-scratch: 1 of 2 images over a warning limit'
    ],
    [
      'a stale failure is not counted, and is said',
      [section('a'), section('old', { status: 'fail', commit: A, runId: 100 })],
      '### ✅ from-scratch: 1 image within their limits, 1.00 MB in all · 1 not built in this commit'
    ]
  ])('%s', (_name, sections, headline) => {
    expect(groupHeadline(sections)).toBe(headline)
  })
})

test('the table: one row per image in key order, stale ones marked with their commit', () => {
  const rows = groupTable([
    section('worker', {
      status: 'fail',
      size: 2_000_000,
      base: 1_000_000,
      cause: 'module golang.org/x/net | new'
    }),
    section('api', { base: null, pull: null }),
    section('helper', { commit: A, runId: 100, pullExact: false })
  ])
  // Sizes keep their units on their line: spaces in number cells are no-break spaces.
  const nb = (cell: string): string => cell.replace(/ /g, '\u00a0')
  expect(rows).toEqual([
    '| | image | size | change | pull | top cause |',
    '| :-: | --- | ---: | ---: | ---: | --- |',
    `| ✅ | \`api\` | ${nb('1.00 MB')} | ${nb('no baseline')} | — | — |`,
    `| ➖ | \`helper\`<br><sub>not built in this commit (built for \`aaaaaaa\`)</sub> | ${nb('1.00 MB')} | ${nb('+100 kB (+11%)')} | ${nb('400 kB (est.)')} | — |`,
    `| ❌ | \`worker\` | ${nb('2.00 MB')} | ${nb('+1.00 MB (+100%)')} | ${nb('400 kB')} | module golang.org/x/net \\| new |`
  ])
})

describe('sections are collapsed unless their gate failed or warned', () => {
  test.each([
    ['pass', section('a'), '<details><summary>'],
    ['warn', section('a', { status: 'warn' }), '<details open><summary>'],
    ['fail', section('a', { status: 'fail' }), '<details open><summary>'],
    ['stale failure', section('a', { status: 'fail', commit: A }), '<details><summary>']
  ])('%s', (_name, s, start) => {
    expect(sectionLines(s, B)[0]?.startsWith(start)).toBe(true)
  })

  test('a key cannot add HTML to the summary line', () => {
    const [line] = sectionLines(section('<img src=x>'), B)
    expect(line).toContain('<b>&lt;img src=x&gt;</b>')
  })

  test('a section without its report links to its run', () => {
    const lines = sectionLines(section('a', { markdown: null }), B, {
      runUrl: (s) => `https://github.com/acme/app/actions/runs/${s.runId}`
    })
    expect(lines).toContain(
      '_The full report is in the [job summary of its run](https://github.com/acme/app/actions/runs/200)._'
    )
  })
})

describe('renderGroup', () => {
  test('one current image: its own report, nothing around it', () => {
    expect(renderGroup([section('api')])).toBe('### report of api')
  })

  test('several: headline, table, then each section in key order with its report inside', () => {
    const body = renderGroup([section('worker', { status: 'fail' }), section('api')])
    const lines = body.split('\n')
    expect(lines[0]).toBe('### ❌ from-scratch: 1 of 2 images over their limits')
    expect(body.indexOf('| ✅ | `api`')).toBeLessThan(body.indexOf('| ❌ | `worker`'))
    expect(body.indexOf('<b>api</b>')).toBeLessThan(body.indexOf('<b>worker</b>'))
    expect(body).toContain('### report of worker')
    expect(body.match(/<details/g)).toHaveLength(2)
    expect(body.match(/<\/details>/g)).toHaveLength(2)
  })

  test('one image that is stale still gets the table that says so', () => {
    const body = renderGroup([section('api', { commit: A, runId: 1 }), section('web')])
    expect(body).toContain('not built in this commit (built for `aaaaaaa`)')
  })
})

describe('the top cause names a change, never the largest package of an unchanged image', () => {
  const base = { ...baseline, binarySize: 7_300_000, imageSize: 7_500_000 }
  test.each([
    ['no baseline', report({ baseline: null }), null],
    ['no change', report({ baseline: { ...base, imageSize: 7_520_000 } }), null]
  ])('%s', (_name, r, cause) => {
    expect(topCauseOf(r)).toBe(cause)
  })

  test('a new extra in the image is named, with its bytes', () => {
    const r = report({
      baseline: { ...base, imageSize: 7_300_000, extras: [] },
      image: {
        ...image,
        extras: [
          {
            kind: 'tzdata',
            reasons: [{ by: 'asked' }],
            bytes: 220_000,
            paths: ['/usr/share/zoneinfo']
          }
        ]
      }
    })
    expect(topCauseOf(r)).toMatch(/time zone data.*\(\+220 kB\)$/)
  })
})
