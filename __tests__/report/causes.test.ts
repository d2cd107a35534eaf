import { describe, expect, it } from '@jest/globals'
import type { SizeMechanism } from '../../src/elf/types.js'
import {
  MAX_CAUSES,
  causesSentence,
  explainChange,
  type Cause,
  type CauseInput
} from '../../src/report/causes.js'
import type { SizeChange, SizeDiff } from '../../src/report/sizes.js'

// The one function that decides why a size changed: the comment's "Why" lines
// and the failed gate's message both render what it returns.

const reflectMethod: SizeMechanism = {
  id: 'reflect-method',
  message:
    'reflect.Value.Method or MethodByName is reachable, so the linker keeps every exported method',
  evidence: ['reflect.Value.MethodByName'],
  functions: 2_508,
  bytes: 900_000
}

function change(
  name: string,
  base: number | null,
  current: number | null,
  extra: Partial<SizeChange> = {}
): SizeChange {
  return { name, base, current, delta: (current ?? 0) - (base ?? 0), module: 'std', ...extra }
}

function diff(overrides: Partial<SizeDiff> = {}): SizeDiff {
  return {
    packages: [],
    modules: [],
    sections: [],
    quiet: 0,
    mechanisms: { added: [], gone: [], kept: [] },
    methods: 0,
    placed: 0,
    ...overrides
  }
}

function sum(causes: readonly Cause[]): number {
  return causes.reduce((n, c) => n + (c.bytes ?? 0), 0)
}

/** The text/template case, in numbers: the mechanism came with it, and its methods grew reflect and crypto/tls. */
const templateCase = diff({
  packages: [
    change('reflect', 200_000, 291_600, { methods: 80_000 }),
    change('crypto/tls', 400_000, 481_100, { methods: 75_000 }),
    change('text/template', null, 120_000, { methods: 30_000 }),
    change('text/template/parse', null, 80_000, { methods: 10_000 }),
    change('math/rand', null, 14_000),
    change('(runtime tables)', 300_000, 420_000, { module: '' }),
    change('net/http', 600_000, 700_000, { methods: 95_000 })
  ],
  mechanisms: { added: [reflectMethod], gone: [], kept: [] },
  methods: 290_000
})

describe('explainChange', () => {
  it.each<[string, CauseInput, { kinds: string[]; bytes: (number | null)[]; other: number }]>([
    [
      'a new mechanism is the first cause and takes the exported methods of every package',
      { total: 1_540_000, diff: templateCase, extras: null },
      {
        kinds: ['mechanism', 'packages', 'package', 'package', 'package'],
        // 290,000 of methods; new packages without their 40,000 of methods: 174,000;
        // then each package's growth without its methods.
        bytes: [290_000, 174_000, 11_600, 6_100, 5_000],
        other: 1_540_000 - 290_000 - 174_000 - 11_600 - 6_100 - 5_000
      }
    ],
    [
      'without a mechanism, the same growth is each package’s whole growth',
      {
        total: 500_000,
        diff: diff({
          packages: [
            change('encoding/json', null, 60_000),
            change('text/template', null, 45_000),
            change('golang.org/x/net/http2', 100_000, 130_000, { module: 'golang.org/x/net' }),
            change('main', 5_000, 9_000, { module: 'example.com/app' })
          ]
        }),
        extras: null
      },
      {
        kinds: ['packages', 'package', 'package'],
        bytes: [105_000, 30_000, 4_000],
        other: 500_000 - 139_000
      }
    ],
    [
      'a module that changed version takes its packages, which are not counted again',
      {
        total: 40_000,
        diff: diff({
          modules: [
            {
              ...change('golang.org/x/net', 100_000, 130_000),
              baseVersion: 'v0.20.0',
              currentVersion: 'v0.24.0'
            }
          ],
          packages: [
            change('golang.org/x/net/http2', 100_000, 125_000, { module: 'golang.org/x/net' }),
            change('golang.org/x/net/idna', null, 5_000, { module: 'golang.org/x/net' }),
            change('main', 5_000, 9_000, { module: 'example.com/app' })
          ]
        }),
        extras: null
      },
      { kinds: ['module', 'package'], bytes: [30_000, 4_000], other: 6_000 }
    ],
    [
      'a new runtime need is a cause, even /tmp with no bytes',
      {
        total: 216_000 + 3_000,
        diff: diff({ packages: [change('crypto/x509', 10_000, 13_000)] }),
        extras: {
          base: [{ kind: 'passwd', bytes: 110 }],
          current: [
            { kind: 'passwd', bytes: 110 },
            {
              kind: 'ca-certificates',
              bytes: 216_000,
              paths: ['/etc/ssl/certs/ca-certificates.crt']
            },
            { kind: 'tmp', bytes: 0, paths: ['/tmp'] }
          ]
        }
      },
      { kinds: ['extra', 'package', 'extra'], bytes: [216_000, 3_000, 0], other: 0 }
    ],
    [
      'a shrinking change names what shrank, not what grew',
      {
        total: -90_000,
        diff: diff({
          packages: [
            change('text/template', 80_000, null),
            change('runtime', 400_000, 401_000),
            change('fmt', 50_000, 40_000)
          ],
          mechanisms: { added: [], gone: [], kept: [] }
        }),
        extras: null
      },
      { kinds: ['packages', 'package'], bytes: [-80_000, -10_000], other: 0 }
    ],
    [
      'no attribution on one side: runtime needs, and the binary as the remainder',
      {
        total: 300_000,
        diff: null,
        extras: { base: [], current: [{ kind: 'tzdata', bytes: 450_000 }] }
      },
      { kinds: ['extra'], bytes: [450_000], other: -150_000 }
    ]
  ])('%s', (_name, input, expected) => {
    const result = explainChange(input)
    expect(result.causes.map((c) => c.kind)).toEqual(expected.kinds)
    expect(result.causes.map((c) => c.bytes)).toEqual(expected.bytes)
    expect(result.other).toBe(expected.other)
    // They add up, always.
    expect(sum(result.causes) + result.other).toBe(input.total)
  })

  it('names at most five causes and leaves the rest to the remainder, which names the buckets', () => {
    const result = explainChange({ total: 1_540_000, diff: templateCase, extras: null })
    expect(result.causes.length).toBeLessThanOrEqual(MAX_CAUSES)
    expect(result.otherParts).toEqual([{ name: '(runtime tables)', bytes: 120_000 }])
  })

  it('says what the remainder is made of: the packages not named, and the buckets', () => {
    const grown = Array.from({ length: 8 }, (_, i) => change(`p${i}`, 10_000, 20_000 + i * 1_000))
    const result = explainChange({
      total: 200_000,
      diff: diff({
        packages: [...grown, change('(runtime tables)', 1_000, 61_000, { module: '' })]
      }),
      extras: null
    })
    expect(result.causes).toHaveLength(MAX_CAUSES)
    expect(result.otherPackages).toEqual({ count: 3, bytes: 10_000 + 11_000 + 12_000 })
    expect(result.otherParts).toEqual([{ name: '(runtime tables)', bytes: 60_000 }])
    expect(causesSentence(result)).toMatch(
      /; other changes: 3 more packages grew \(\+33\.0 kB in all\), \(runtime tables\) \+60\.0 kB \(\+[\d.]+ kB\)\.$/
    )
  })

  it('never counts a package twice: each is in at most one cause', () => {
    const result = explainChange({ total: 1_540_000, diff: templateCase, extras: null })
    const names = result.causes.flatMap((c) =>
      c.kind === 'package' ? [c.name] : c.kind === 'packages' ? c.names.map((n) => n.name) : []
    )
    expect(new Set(names).size).toBe(names.length)
    expect(names).not.toContain('(runtime tables)')
  })

  it('a mechanism the base already had is not a cause', () => {
    const kept = diff({
      ...templateCase,
      mechanisms: { added: [], gone: [], kept: [reflectMethod] }
    })
    const result = explainChange({ total: 1_540_000, diff: kept, extras: null })
    expect(result.causes.map((c) => c.kind)).not.toContain('mechanism')
    // The packages keep their whole growth then.
    expect(result.causes.find((c) => c.kind === 'package')).toMatchObject({
      name: 'net/http',
      bytes: 100_000,
      withoutMethods: false
    })
  })

  it('a DWARF section left in is counted from the debug sections', () => {
    const dwarf: SizeMechanism = {
      id: 'dwarf',
      message: 'DWARF debug sections are in the binary',
      evidence: ['.debug_info'],
      functions: null,
      bytes: 2_000_000
    }
    const result = explainChange({
      total: 2_000_000,
      diff: diff({
        sections: [change('.debug_info', null, 1_500_000), change('.debug_line', null, 500_000)],
        mechanisms: { added: [dwarf], gone: [], kept: [] }
      }),
      extras: null
    })
    expect(result.causes).toMatchObject([{ kind: 'mechanism', bytes: 2_000_000 }])
    expect(result.other).toBe(0)
  })
})

describe('causesSentence', () => {
  it('says the same causes in one plain line, remainder included, names flattened', () => {
    const result = explainChange({
      total: 100_000,
      diff: diff({ packages: [change('evil\n::error::x', 1_000, 61_000)] }),
      extras: null
    })
    expect(causesSentence(result)).toBe(
      ' Causes: evil?::error::x grew (+60.0 kB); other changes (+40.0 kB).'
    )
    expect(causesSentence(null)).toBe('')
  })
})
