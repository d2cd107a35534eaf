import { describe, expect, it } from '@jest/globals'
import { marked, type Token, type Tokens } from 'marked'
import type { ModuleSize, PackageSize, SizeAttribution } from '../../src/elf/types.js'
import { withCauses } from '../../src/report/compose.js'
import { evaluateGates, parseGateSettings } from '../../src/report/gate.js'
import { COMMENT_LIMIT, renderReport } from '../../src/report/markdown.js'
import { parseBaseline, serializeReport, type Report } from '../../src/report/schema.js'
import {
  MAX_PACKAGES,
  NOISE_FLOOR,
  OTHER,
  compareSizes,
  diffSizes,
  isSizesJson,
  sizesJson,
  topCauses,
  type SizesJson
} from '../../src/report/sizes.js'
import { goBinary, report } from './sample.js'

function pkg(name: string, code: number, module = 'std', data = 0): PackageSize {
  return { name, module, bytes: code + data, parts: data > 0 ? { code, data } : { code } }
}

function mod(path: string, version: string, bytes: number, packages: number): ModuleSize {
  return { path, version, bytes, parts: { code: bytes }, packages }
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
      pkg('runtime', 400_000, 'std'),
      pkg('net/http', 300_000, 'std'),
      pkg('golang.org/x/net/http2', 100_000, 'golang.org/x/net'),
      pkg('main', 5_000, 'example.com/app')
    ],
    modules: [
      mod('std', '', 700_000, 2),
      mod('golang.org/x/net', 'v0.20.0', 100_000, 1),
      mod('example.com/app', '(devel)', 5_000, 1)
    ],
    symbols: [],
    attributed: {
      '.text': { size: 1_000_000, attributed: 998_000, how: 'function table (.gopclntab)' },
      '.rodata': { size: 400_000, attributed: 0, how: 'not attributable in a stripped binary' }
    },
    advice: [],
    notes: [],
    mechanisms: [],
    placed: { file: 1_500_000, packages: 805_000, buckets: 0 },
    ...overrides
  }
}

const base = sizesJson(attribution())
const grown = sizesJson(
  attribution({
    packages: [
      pkg('runtime', 400_050, 'std'),
      pkg('net/http', 300_000, 'std'),
      pkg('golang.org/x/net/http2', 130_000, 'golang.org/x/net'),
      pkg('encoding/json', 60_000, 'std'),
      pkg('text/template', 45_000, 'std')
    ],
    modules: [mod('std', '', 805_050, 4), mod('golang.org/x/net', 'v0.24.0', 130_000, 1)],
    sections: [
      { name: '.text', size: 1_140_000, memory: 1_140_000 },
      { name: '.rodata', size: 430_000, memory: 430_000 },
      { name: '.bss', size: 0, memory: 20_000 }
    ]
  })
)

describe('sizesJson', () => {
  it('keeps the top packages and sums the rest into one other row', () => {
    const many = Array.from({ length: 250 }, (_, i) => pkg(`p${i}`, 1000 - i, 'std', 1))
    const json = sizesJson(attribution({ packages: many }))
    expect(json.packages).toHaveLength(MAX_PACKAGES + 1)
    expect(json.packages.at(-1)).toEqual({
      name: OTHER,
      module: '',
      bytes: many.slice(200).reduce((n, p) => n + p.bytes, 0),
      parts: { code: many.slice(200).reduce((n, p) => n + (p.parts.code ?? 0), 0), data: 50 }
    })
    expect(json.others).toEqual({ packages: 50, modules: 0 })
    expect(isSizesJson(JSON.parse(JSON.stringify(json)))).toBe(true)
  })
})

describe('diffSizes', () => {
  const diff = diffSizes(base, grown)
  it('lists new, grown and gone packages, ranked by bytes', () => {
    expect(diff.packages.map((c) => [c.name, c.base, c.current, c.delta])).toEqual([
      ['encoding/json', null, 60_000, 60_000],
      ['text/template', null, 45_000, 45_000],
      ['golang.org/x/net/http2', 100_000, 130_000, 30_000],
      ['main', 5_000, null, -5_000]
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

  it('reads a baseline with sizes in the old shape (code, padding, data rows) as one without', () => {
    const saved = JSON.parse(serializeReport(report({ binary: { ...goBinary, sizes: base } }))) as {
      binary: { sizes: Record<string, unknown> }
    }
    saved.binary.sizes.packages = [{ name: 'runtime', module: 'std', code: 9, padding: 1, data: 0 }]
    saved.binary.sizes.modules = [
      { path: 'std', version: '', code: 9, padding: 1, data: 0, packages: 1 }
    ]
    delete saved.binary.sizes.mechanisms
    delete saved.binary.sizes.placed
    const parsed = parseBaseline(JSON.stringify(saved))
    expect(parsed.reason).toBeNull()
    expect(parsed.report?.binary.sizes).toBeNull()
    expect(compareSizes(true, parsed.report?.binary.sizes, base)?.status).toBe(
      'base-without-attribution'
    )
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
  })

  it('says when the base has no attribution', () => {
    const md = renderReport(withSizes(grown, { status: 'base-without-attribution' }))
    expect(md).toContain('The baseline has no size attribution')
    expect(md).not.toContain('**What changed:**')
  })

  it('code-spans names from the binary', () => {
    const evil = sizesJson(attribution({ packages: [pkg('x|<img src=x>`y', 9_000, '[a](b)')] }))
    const md = renderReport(withSizes(evil, null))
    expect(md).toContain('| `` x\\|<img src=x>`y `` | `[a](b)` | 9,000 |')
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
        modules: [mod(HOSTILE, HOSTILE, 90_000, 1)],
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
