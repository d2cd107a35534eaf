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
  capName,
  compareSizes,
  diffSizes,
  isSizesJson,
  sizesJson,
  type SizesJson
} from '../../src/report/sizes.js'
import { goBinary, report } from './sample.js'

function pkg(
  name: string,
  code: number,
  module = 'std',
  pclntab = 0,
  methods?: number
): PackageSize {
  return {
    name,
    module,
    bytes: code + pclntab,
    parts: pclntab === 0 ? { code } : { code, pclntab },
    ...(methods === undefined ? {} : { methods })
  }
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
      pkg('runtime', 400_000, 'std', 20_000),
      pkg('net/http', 300_000, 'std', 10_000),
      pkg('golang.org/x/net/http2', 100_000, 'golang.org/x/net', 3_000),
      pkg('main', 5_000, 'example.com/app', 100)
    ],
    modules: [
      mod('std', '', 730_000, 2),
      mod('golang.org/x/net', 'v0.20.0', 103_000, 1),
      mod('example.com/app', '(devel)', 5_100, 1)
    ],
    symbols: [],
    attributed: {
      '.text': { size: 1_000_000, attributed: 998_000, how: 'function table (.gopclntab)' },
      '.rodata': { size: 400_000, attributed: 0, how: 'not attributable in a stripped binary' }
    },
    advice: [],
    notes: [],
    mechanisms: [],
    placed: { file: 1_450_000, packages: 838_100, buckets: 400_000 },
    ...overrides
  }
}

const base = sizesJson(attribution())
const grown = sizesJson(
  attribution({
    packages: [
      pkg('runtime', 400_050, 'std', 20_000),
      pkg('net/http', 300_000, 'std', 10_000),
      pkg('golang.org/x/net/http2', 130_000, 'golang.org/x/net', 4_000),
      pkg('encoding/json', 60_000, 'std', 2_000),
      pkg('text/template', 45_000, 'std', 1_500)
    ],
    modules: [mod('std', '', 838_550, 4), mod('golang.org/x/net', 'v0.24.0', 134_000, 1)],
    sections: [
      { name: '.text', size: 1_140_000, memory: 1_140_000 },
      { name: '.rodata', size: 430_000, memory: 430_000 },
      { name: '.bss', size: 0, memory: 20_000 }
    ]
  })
)

describe('sizesJson', () => {
  it('keeps the top packages by bytes and sums the rest into one other row', () => {
    const many = Array.from({ length: MAX_PACKAGES + 50 }, (_, i) =>
      pkg(`p${i}`, 1000 + i, 'std', 1, 2)
    )
    const json = sizesJson(attribution({ packages: many }))
    expect(json.packages).toHaveLength(MAX_PACKAGES + 1)
    // Sorted by the figure each row shows, whatever order the attribution came in.
    expect(json.packages[0].name).toBe(`p${MAX_PACKAGES + 49}`)
    const rest = many.slice(0, 50)
    expect(json.packages.at(-1)).toEqual({
      name: OTHER,
      module: '',
      bytes: rest.reduce((n, p) => n + p.bytes, 0),
      parts: {
        code: rest.reduce((n, p) => n + (p.parts.code ?? 0), 0),
        pclntab: 50
      },
      methods: 100
    })
    expect(json.others).toEqual({ packages: 50, modules: 0 })
    expect(isSizesJson(JSON.parse(JSON.stringify(json)))).toBe(true)
  })
})

describe('diffSizes', () => {
  const diff = diffSizes(base, grown)
  it('lists new, grown and gone packages, ranked by the change, with their module', () => {
    expect(diff.packages.map((c) => [c.name, c.module, c.base, c.current, c.delta])).toEqual([
      ['encoding/json', 'std', null, 62_000, 62_000],
      ['text/template', 'std', null, 46_500, 46_500],
      ['golang.org/x/net/http2', 'golang.org/x/net', 103_000, 134_000, 31_000],
      ['main', 'example.com/app', 5_100, null, -5_100]
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
      ['golang.org/x/net', 'v0.20.0', 'v0.24.0', 31_000],
      ['example.com/app', '(devel)', '', -5_100],
      ['std', '', '', 108_550]
    ])
  })
  it('compares sections only on the same layout', () => {
    expect(diff.sections.map((c) => [c.name, c.delta])).toEqual([
      ['.text', 140_000],
      ['.rodata', 30_000]
    ])
    expect(diffSizes(base, { ...grown, layout: 'segments' }).sections).toEqual([])
  })
  it('tells mechanisms that appeared from those the base had, and sums the methods that moved', () => {
    const mechanism = {
      id: 'reflect-method' as const,
      message: 'm',
      evidence: [],
      functions: 10,
      bytes: 100
    }
    const before = sizesJson(attribution({ packages: [pkg('a', 1_000, 'std', 0, 10)] }))
    const after = sizesJson(
      attribution({ packages: [pkg('a', 1_050, 'std', 0, 60)], mechanisms: [mechanism] })
    )
    const changed = diffSizes(before, after)
    expect(changed.mechanisms).toEqual({ added: [mechanism], gone: [], kept: [] })
    // Counted over every package, also those under the noise floor.
    expect(changed.methods).toBe(50)
    expect(diffSizes(after, after).mechanisms).toEqual({ added: [], gone: [], kept: [mechanism] })
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

describe('capName', () => {
  it.each([
    ['short', 'short'],
    [`github.com/${'a'.repeat(200)}${'z'.repeat(200)}/pkg`, /^github\.com\/a+…z+\/pkg$/],
    // An astral character is never split in half.
    [`${'a'.repeat(59)}😀${'b'.repeat(200)}`, /^a{59}…b+$/]
  ])('%#', (name, expected) => {
    const capped = capName(name)
    expect(capped.length).toBeLessThanOrEqual(120)
    if (typeof expected === 'string') expect(capped).toBe(expected)
    else expect(capped).toMatch(expected)
    expect(capped).not.toMatch(/[\ud800-\udfff]/)
  })
})

describe('baselines', () => {
  it('reads an old baseline without sizes, and a damaged or old-shaped sizes as none', () => {
    const old = parseBaseline(serializeReport(report()))
    expect(old.report?.binary.sizes).toBeUndefined()
    const damaged = JSON.parse(
      serializeReport(report({ binary: { ...goBinary, sizes: base } }))
    ) as { binary: { sizes: { packages: unknown } } }
    damaged.binary.sizes.packages = [{ name: 3 }]
    const parsed = parseBaseline(JSON.stringify(damaged))
    expect(parsed.reason).toBeNull()
    expect(parsed.report?.binary.sizes).toBeNull()
    // Saved by the version that split code, padding and data: only the totals compare.
    damaged.binary.sizes.packages = [
      { name: 'runtime', module: 'std', code: 1, padding: 0, data: 0 }
    ]
    expect(parseBaseline(JSON.stringify(damaged)).report?.binary.sizes).toBeNull()
    const good = parseBaseline(serializeReport(report({ binary: { ...goBinary, sizes: base } })))
    expect(good.report?.binary.sizes).toEqual(base)
  })
})

function withSizes(sizes: SizesJson, changes: Report['changes']): Report {
  return report({ binary: { ...goBinary, sizes }, changes })
}

describe('markdown', () => {
  const compared = withSizes(grown, { status: 'compared', diff: diffSizes(base, grown) })

  it('puts the causes above the totals, the package changes collapsed below', () => {
    const md = renderReport(compared)
    const why = md.indexOf('**Why the image grew by 50.0 kB:**')
    expect(why).toBeGreaterThan(0)
    expect(why).toBeLessThan(md.indexOf('| binary |'))
    expect(md).toContain(
      '| `golang.org/x/net/http2` | `golang.org/x/net` | 103 kB | 134 kB | +31.0 kB |'
    )
    expect(md).toContain('| `encoding/json` | `std` | — | 62.0 kB | new, 62.0 kB |')
    expect(md).toContain('| `golang.org/x/net` | `v0.20.0 → v0.24.0` | 1 | 134,000 | +31.0 kB |')
    expect(md.indexOf('<details><summary>Packages: 4 changed</summary>')).toBeGreaterThan(
      md.indexOf('| binary |')
    )
    expect(md).toContain('- `.text` (1.00 MB): 99.8 % attributed (function table (.gopclntab))')
    expect(md).toContain('- `.rodata` (400 kB): not attributable in a stripped binary')
    expect(md).not.toContain('padding)')
  })

  it('shows each package’s bytes, a column only when some row has it, rows by bytes', () => {
    const md = renderReport(withSizes(grown, null))
    expect(md).toContain('| package | module | bytes | code | func tables |')
    expect(md).not.toMatch(/\| (types|strings|data|funcdata) \|/)
    expect(md).toContain('| `runtime` | `std` | 420,050 | 400,050 | 20,000 |')
    const codeOnly = sizesJson(attribution({ packages: [pkg('a', 10), pkg('b', 5)] }))
    expect(renderReport(withSizes(codeOnly, null))).toContain('| package | module | bytes |\n')
  })

  it('says when the base has no attribution', () => {
    const md = renderReport(withSizes(grown, { status: 'base-without-attribution' }))
    expect(md).toContain('The baseline has no size attribution')
    expect(md).not.toContain('changed</summary>')
  })

  it('code-spans names from the binary', () => {
    const evil = sizesJson(attribution({ packages: [pkg('x|<img src=x>`y', 9_000, '[a](b)')] }))
    const md = renderReport(withSizes(evil, null))
    expect(md).toContain('| `` x\\|<img src=x>`y `` | `[a](b)` | 9,000 |')
  })

  it('fits thousands of packages in a comment, and says how many it left out below the table', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      pkg(`example.com/module${i % 300}/internal/some/deep/package/path${i}`, 100_000 - i)
    )
    const huge: SizesJson = { ...sizesJson(attribution()), packages: many }
    const md = renderReport(withSizes(huge, null), { maxLength: COMMENT_LIMIT })
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(md).toContain('path0`')
    const left = /\n\n_([\d,]+) smaller packages: [\d,]+ bytes in all\._/.exec(md)
    expect(Number((left?.[1] ?? '0').replace(/,/g, ''))).toBe(4980)
  })

  it('names the causes once, above the totals, not again under a failed gate', () => {
    const md = renderReport({
      ...compared,
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
      '- **+109 kB** 2 new packages: `encoding/json` (62.0 kB) and `text/template` (46.5 kB)'
    )
    expect(md).toContain('- **+31.0 kB** module `golang.org/x/net` `v0.20.0 → v0.24.0`')
    expect(md).not.toContain('Top causes')
  })
})

describe('size mechanisms in the comment', () => {
  const mechanism = {
    id: 'reflect-method' as const,
    message:
      'reflect.Value.Method or MethodByName is reachable, so the linker keeps every exported method of every reachable type',
    evidence: ['text/template.(*state).evalField', 'reflect.Value.MethodByName'],
    functions: 2_508,
    bytes: 612_000
  }
  const withMechanism = sizesJson(
    attribution({
      mechanisms: [mechanism],
      packages: [
        pkg('runtime', 400_000, 'std', 20_000, 0),
        pkg('net/http', 320_000, 'std', 10_000, 40_000)
      ]
    })
  )

  it('already in the base: not a cause, and How to shrink names the calls that keep every method', () => {
    const md = renderReport(
      withSizes(withMechanism, {
        status: 'compared',
        diff: diffSizes(withMechanism, withMechanism)
      })
    )
    expect(md.slice(0, md.indexOf('<details>'))).not.toContain('reflect')
    const shrink = md.slice(md.indexOf('<details><summary>How to shrink</summary>'))
    expect(shrink).toContain(
      '- **612 kB**: reflect.Value.Method or MethodByName is reachable, so the linker keeps every exported method of every reachable type (2,508 functions). Kept alive by `text/template.(*state).evalField`, `reflect.Value.MethodByName`: remove those calls to drop it.'
    )
  })

  it('new in the pull request: the first cause, with the exported methods that came with it', () => {
    const before = sizesJson(
      attribution({
        packages: [pkg('runtime', 400_000, 'std', 20_000), pkg('net/http', 300_000, 'std', 10_000)]
      })
    )
    const md = renderReport(
      withSizes(withMechanism, { status: 'compared', diff: diffSizes(before, withMechanism) })
    )
    const why = md.slice(md.indexOf('**Why the image grew'))
    expect(why.split('\n')[2]).toBe(
      '- **+20.0 kB** new: reflect.Value.Method or MethodByName is reachable, so the linker keeps every exported method of every reachable type (2,508 functions; seen in `text/template.(*state).evalField`, `reflect.Value.MethodByName`)'
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
        advice: [{ id: 'trimpath', bytes: 10, message: HOSTILE }],
        mechanisms: [
          { id: 'reflect-method', message: HOSTILE, evidence: [HOSTILE], functions: 1, bytes: 1 }
        ]
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
    const blocks = tokens
      .filter((t) => t.type === 'html')
      .map((t) => (t as Tokens.HTML).raw.trim())
      .filter((b) => b !== '</details>')
    expect(blocks.every((b) => /^<details><summary>[^<>]*<\/summary>$/.test(b))).toBe(true)
  })
})

describe('withCauses', () => {
  it('adds the comment’s causes to a failing gate message, and leaves a pass alone', () => {
    const r = withSizes(grown, { status: 'compared', diff: diffSizes(base, grown) })
    const failing = evaluateGates(
      parseGateSettings({ 'max-increase': '0.1%', 'size-metric': 'binary' }),
      { ...r, binary: { ...r.binary, size: 7_400_000 } }
    )
    expect(withCauses(failing, r).failureMessage).toMatch(
      /^Size gate failed: .*\. Causes: 2 new packages: encoding\/json \(62\.0 kB\) and text\/template \(46\.5 kB\) \(\+109 kB\); module golang\.org\/x\/net v0\.20\.0 → v0\.24\.0 \(\+31\.0 kB\); other changes \(-89\.5 kB\)\.$/
    )
    const passing = evaluateGates(parseGateSettings({ 'max-increase': '50%' }), r)
    expect(withCauses(passing, r)).toEqual(passing)
  })
})
