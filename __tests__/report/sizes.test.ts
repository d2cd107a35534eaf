import { describe, expect, it } from '@jest/globals'
import { marked, type Token, type Tokens } from 'marked'
import type { PackageSize, SizeAttribution } from '../../src/elf/types.js'
import { withCauses } from '../../src/report/compose.js'
import { evaluateGates, parseGateSettings } from '../../src/report/gate.js'
import { COMMENT_LIMIT, renderReport } from '../../src/report/markdown.js'
import { parseBaseline, serializeReport, type Report } from '../../src/report/schema.js'
import {
  MAX_PACKAGES,
  NOISE_FLOOR,
  OTHER,
  PADDING,
  compareSizes,
  diffSizes,
  isSizesJson,
  sizesJson,
  topCauses,
  type SizesJson
} from '../../src/report/sizes.js'
import { goBinary, report } from './sample.js'

function pkg(name: string, code: number, module = 'std', data = 0, padding = 0): PackageSize {
  return { name, module, code, padding, data }
}

function attribution(overrides: Partial<SizeAttribution> = {}): SizeAttribution {
  return {
    layout: 'sections',
    sections: [
      { name: '.text', size: 1_000_000, memory: 1_000_000 },
      { name: '.rodata', size: 400_000, memory: 400_000 },
      { name: '.bss', size: 0, memory: 20_000 }
    ],
    packages: [
      pkg('runtime', 400_000, 'std', 0, 20_000),
      pkg('net/http', 300_000, 'std', 0, 10_000),
      pkg('golang.org/x/net/http2', 100_000, 'golang.org/x/net', 0, 3_000),
      pkg('main', 5_000, 'example.com/app', 0, 100)
    ],
    modules: [
      { path: 'std', version: '', code: 700_000, padding: 30_000, data: 0, packages: 2 },
      {
        path: 'golang.org/x/net',
        version: 'v0.20.0',
        code: 100_000,
        padding: 3_000,
        data: 0,
        packages: 1
      },
      {
        path: 'example.com/app',
        version: '(devel)',
        code: 5_000,
        padding: 100,
        data: 0,
        packages: 1
      }
    ],
    symbols: [],
    attributed: {
      '.text': { size: 1_000_000, attributed: 998_000, how: 'function table (.gopclntab)' },
      '.rodata': { size: 400_000, attributed: 0, how: 'not attributable in a stripped binary' }
    },
    advice: [],
    notes: [],
    ...overrides
  }
}

const base = sizesJson(attribution())
const grown = sizesJson(
  attribution({
    packages: [
      pkg('runtime', 400_050, 'std', 0, 20_000),
      pkg('net/http', 300_000, 'std', 0, 10_000),
      pkg('golang.org/x/net/http2', 130_000, 'golang.org/x/net', 0, 4_000),
      pkg('encoding/json', 60_000, 'std', 0, 2_000),
      pkg('text/template', 45_000, 'std', 0, 1_500)
    ],
    modules: [
      { path: 'std', version: '', code: 805_050, padding: 33_500, data: 0, packages: 4 },
      {
        path: 'golang.org/x/net',
        version: 'v0.24.0',
        code: 130_000,
        padding: 4_000,
        data: 0,
        packages: 1
      }
    ],
    sections: [
      { name: '.text', size: 1_140_000, memory: 1_140_000 },
      { name: '.rodata', size: 430_000, memory: 430_000 },
      { name: '.bss', size: 0, memory: 20_000 }
    ]
  })
)

describe('sizesJson', () => {
  it('keeps the top packages and sums the rest into one other row', () => {
    const many = Array.from({ length: 250 }, (_, i) => pkg(`p${i}`, 1000 - i, 'std', 1, 2))
    const json = sizesJson(attribution({ packages: many }))
    expect(json.packages).toHaveLength(MAX_PACKAGES + 1)
    expect(json.packages.at(-1)).toEqual({
      name: OTHER,
      module: '',
      code: many.slice(200).reduce((n, p) => n + p.code, 0),
      padding: 100,
      data: 50
    })
    expect(json.others).toEqual({ packages: 50, modules: 0 })
    expect(isSizesJson(JSON.parse(JSON.stringify(json)))).toBe(true)
  })
})

describe('diffSizes', () => {
  const diff = diffSizes(base, grown)
  it('lists new, grown and gone packages, ranked, with padding as its own row', () => {
    expect(diff.packages.map((c) => [c.name, c.base, c.current, c.delta])).toEqual([
      ['encoding/json', null, 60_000, 60_000],
      ['text/template', null, 45_000, 45_000],
      ['golang.org/x/net/http2', 100_000, 130_000, 30_000],
      ['main', 5_000, null, -5_000],
      [PADDING, 33_100, 37_500, 4_400]
    ])
  })
  it('leaves changes under the noise floor out and counts them', () => {
    expect(NOISE_FLOOR).toBeGreaterThan(50)
    expect(diff.packages.find((c) => c.name === 'runtime')).toBeUndefined()
    expect(diff.quiet).toBeGreaterThanOrEqual(1)
  })
  it('gives module versions', () => {
    expect(diff.modules.map((c) => [c.name, c.baseVersion, c.currentVersion, c.delta])).toEqual([
      // Version changes lead, whatever their bytes.
      ['golang.org/x/net', 'v0.20.0', 'v0.24.0', 30_000],
      ['example.com/app', '(devel)', '', -5_000],
      ['std', '', '', 105_050]
    ])
  })
  it('compares sections only on the same layout', () => {
    expect(diff.sections.map((c) => [c.name, c.delta])).toEqual([
      ['.text', 140_000],
      ['.rodata', 30_000]
    ])
    expect(diffSizes(base, { ...grown, layout: 'segments' }).sections).toEqual([])
  })
})

describe('compareSizes', () => {
  it.each<[boolean, SizesJson | null, SizesJson | null, string | null]>([
    [false, base, grown, null],
    [true, null, grown, 'base-without-attribution'],
    [true, base, null, 'no-attribution'],
    [true, base, grown, 'compared']
  ])('baseline %s', (has, b, c, status) => {
    expect(compareSizes(has, b, c)?.status ?? null).toBe(status)
  })
})

describe('topCauses', () => {
  it('names the version bump, then new packages, before packages that only grew', () => {
    const causes = topCauses(diffSizes(base, grown), grown)
    expect(causes.map((c) => c.text)).toEqual([
      'module golang.org/x/net v0.20.0 → v0.24.0 (+30.0 kB)',
      'encoding/json (new, 60.0 kB)',
      'text/template (new, 45.0 kB)'
    ])
    expect(topCauses(diffSizes(base, grown), grown, 5).map((c) => c.name)).toEqual([
      'golang.org/x/net',
      'encoding/json',
      'text/template',
      'golang.org/x/net/http2'
    ])
  })
  it('names the largest packages without a diff', () => {
    expect(topCauses(null, base).map((c) => c.name)).toEqual([
      'runtime',
      'net/http',
      'golang.org/x/net/http2'
    ])
  })
  it('keeps control characters from a crafted binary out of the log line', () => {
    const crafted = sizesJson(attribution({ packages: [pkg('evil\n::error::x', 9_000)] }))
    expect(topCauses(null, crafted)[0]?.text).toBe('evil?::error::x (9.00 kB)')
  })
})

describe('baselines', () => {
  it('reads an old baseline without sizes, and a damaged sizes as none', () => {
    const old = parseBaseline(serializeReport(report()))
    expect(old.report?.binary.sizes).toBeUndefined()
    const damaged = JSON.parse(
      serializeReport(report({ binary: { ...goBinary, sizes: base } }))
    ) as { binary: { sizes: { packages: unknown } } }
    damaged.binary.sizes.packages = [{ name: 3 }]
    const parsed = parseBaseline(JSON.stringify(damaged))
    expect(parsed.reason).toBeNull()
    expect(parsed.report?.binary.sizes).toBeNull()
    const good = parseBaseline(serializeReport(report({ binary: { ...goBinary, sizes: base } })))
    expect(good.report?.binary.sizes).toEqual(base)
  })
})

function withSizes(sizes: SizesJson, changes: Report['changes']): Report {
  return report({ binary: { ...goBinary, sizes }, changes })
}

describe('markdown', () => {
  it('puts What changed right after the totals, and the breakdown collapsed', () => {
    const md = renderReport(withSizes(grown, { status: 'compared', diff: diffSizes(base, grown) }))
    const changed = md.indexOf('**What changed:**')
    expect(changed).toBeGreaterThan(md.indexOf('| overhead (image − binary)'))
    expect(changed).toBeLessThan(md.indexOf('**Binary:**'))
    expect(md).toContain('| `golang.org/x/net` `v0.20.0 → v0.24.0` | 100 kB | 130 kB | +30.0 kB |')
    expect(md).toContain('| `encoding/json` | — | 60.0 kB | new, 60.0 kB |')
    const details = md.indexOf('<details><summary>Where the bytes are</summary>')
    expect(details).toBeGreaterThan(changed)
    expect(md).toContain('- `.text` (1.00 MB): 99.8 % attributed (function table (.gopclntab))')
    expect(md).toContain('- `.rodata` (400 kB): not attributable in a stripped binary')
    expect(md).toContain(`| \`${PADDING}\` | | 37,500 | |`.replace(`\`${PADDING}\``, PADDING))
  })

  it('says when the base has no attribution', () => {
    const md = renderReport(withSizes(grown, { status: 'base-without-attribution' }))
    expect(md).toContain('The baseline has no size attribution')
    expect(md).not.toContain('**What changed:**')
  })

  it('code-spans names from the binary', () => {
    const evil = sizesJson(attribution({ packages: [pkg('x|<img src=x>`y', 9_000, '[a](b)')] }))
    const md = renderReport(withSizes(evil, null))
    expect(md).toContain('| `` x\\|<img src=x>`y `` | `[a](b)` | 9,000 | 0 |')
  })

  it('fits thousands of packages in a comment by dropping the smallest rows, and says how many', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      pkg(`example.com/module${i % 300}/internal/some/deep/package/path${i}`, 100_000 - i)
    )
    const huge: SizesJson = { ...sizesJson(attribution()), packages: many }
    const md = renderReport(withSizes(huge, null), { maxLength: COMMENT_LIMIT })
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(md).toContain('path0`')
    const left = /\| ([\d,]+) smaller packages \|/.exec(md)
    expect(Number((left?.[1] ?? '0').replace(/,/g, ''))).toBeGreaterThan(4000)
  })

  it('names the top causes under a failed gate', () => {
    const md = renderReport({
      ...withSizes(grown, { status: 'compared', diff: diffSizes(base, grown) }),
      gates: [
        {
          gate: 'max-increase',
          metric: 'binary',
          rule: '1%',
          limit: 7_322_500,
          actual: 7_400_000,
          baseline: 7_250_000,
          passed: false,
          warned: false
        }
      ]
    })
    expect(md).toContain(
      '  - Top causes: `module golang.org/x/net v0.20.0 → v0.24.0 (+30.0 kB)`, `encoding/json (new, 60.0 kB)`, `text/template (new, 45.0 kB)`'
    )
  })
})

describe('hostile names from a binary, through a GFM parser', () => {
  const HOSTILE =
    'p`` </details>\n# x <img src=x onerror=alert(1)> | @octocat [a](https://e.x) **b**'
  function all(tokens: readonly Token[]): Token[] {
    return tokens.flatMap((t) => [t, ...all('tokens' in t && t.tokens ? t.tokens : [])])
  }

  it('keeps every table whole, one heading, and no image, link or extra HTML', () => {
    const evil = sizesJson(
      attribution({
        packages: [pkg(HOSTILE, 90_000, HOSTILE), pkg('ok', 10_000)],
        modules: [
          { path: HOSTILE, version: HOSTILE, code: 90_000, padding: 0, data: 0, packages: 1 }
        ],
        notes: [HOSTILE],
        advice: [{ id: 'trimpath', bytes: 10, message: HOSTILE }]
      })
    )
    const before = sizesJson(attribution({ packages: [pkg('ok', 10_000)], modules: [] }))
    const md = renderReport(withSizes(evil, { status: 'compared', diff: diffSizes(before, evil) }))
    const tokens = marked.lexer(md)
    const flat = all(tokens)
    expect(flat.filter((t) => t.type === 'heading')).toHaveLength(1)
    expect(flat.filter((t) => t.type === 'image' || t.type === 'link')).toEqual([])
    for (const table of tokens.filter((t): t is Tokens.Table => t.type === 'table')) {
      for (const row of table.rows) expect(row).toHaveLength(table.header.length)
    }
    const blocks = tokens.filter((t) => t.type === 'html').map((t) => (t as Tokens.HTML).raw.trim())
    expect(blocks).toEqual([
      '<details><summary>Details</summary>',
      '</details>',
      '<details><summary>Where the bytes are</summary>',
      '</details>'
    ])
  })
})

describe('withCauses', () => {
  it('adds the top three causes to a failing gate message, and leaves a pass alone', () => {
    const r = withSizes(grown, { status: 'compared', diff: diffSizes(base, grown) })
    const failing = evaluateGates(
      parseGateSettings({ 'max-increase': '0.1%', 'size-metric': 'binary' }),
      { ...r, binary: { ...r.binary, size: 7_400_000 } }
    )
    expect(withCauses(failing, r).failureMessage).toMatch(
      /^Size gate failed: .*\. Top causes: module golang\.org\/x\/net v0\.20\.0 → v0\.24\.0 \(\+30\.0 kB\), encoding\/json \(new, 60\.0 kB\), text\/template \(new, 45\.0 kB\)\.$/
    )
    const passing = evaluateGates(parseGateSettings({ 'max-increase': '50%' }), r)
    expect(withCauses(passing, r)).toEqual(passing)
  })
})
