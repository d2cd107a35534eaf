import { beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { failureLines } from '../src/cli.js'
import { inspectBinary } from '../src/elf/inspect.js'
import type { Inspection } from '../src/elf/types.js'
import { UserError } from '../src/ground/errors.js'
import { isWorkflowCommand } from '../src/ground/log-safety.js'
import { LINUX_AMD64 } from '../src/ground/platform.js'
import { progressLine } from '../src/ground/terminal-log.js'
import { oneLine, terminalSafe } from '../src/ground/terminal-text.js'
import type { RunEnd } from '../src/publish/publisher.js'
import { summaryLines } from '../src/publish/terminal-summary.js'
import { binaryText, verdictLine } from '../src/report/binary-text.js'
import { composeReport, type BuildFacts } from '../src/report/compose.js'
import { parseGateSettings } from '../src/report/gate.js'
import { failedAt } from '../src/report/outcome.js'
import { sizesText } from '../src/report/size-commands.js'
import { diffText } from '../src/report/size-text.js'
import { compareSizes, sizesJson, type SizesJson } from '../src/report/sizes.js'
import { sizesCorpus } from './support/sizes-corpus.js'

// Every terminal writer, fed strings from a hostile alphabet in every place a
// value from a binary, a file name or a baseline can go, up to 1 MB: no raw
// control byte reaches the terminal, no line is a workflow command, nothing throws.

const PIECES = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0085',
  '::',
  '::error title=x::boom',
  '::notice::',
  '##[group]',
  '\x1b[2J',
  '\x1b]0;owned\x07',
  '\x1b[31m',
  '\x00',
  '\x08',
  '\x7f',
  '\x9b',
  '\t',
  ' ',
  '\u200b',
  '\ufeff',
  'a',
  'é',
  '/',
  '`',
  '<img src=x>',
  '@org/team',
  '😀',
  '\ud83d'
]

const hostile = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((p) => p.join(''))
/** A hostile string grown to up to 1 MB by repeating itself. */
const huge = fc
  .tuple(
    hostile.filter((s) => s.length > 0),
    fc.integer({ min: 1, max: 1 << 20 })
  )
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n))

/** Keys whose values the code switches on: replacing them tests nothing but a type error. */
const ENUMS = new Set([
  'layout',
  'by',
  'kind',
  'id',
  'linkage',
  'status',
  'gate',
  'metric',
  'outcome',
  'language',
  'builtWith',
  'stage',
  'os',
  'architecture'
])

/** A deep copy with every string leaf (but enum-like ones) replaced by the next of `strings`. */
function hostileCopy<T>(value: T, strings: readonly string[]): T {
  let i = 0
  const next = (): string => strings[i++ % strings.length]
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return ENUMS.has(key) ? v : next()
    if (Array.isArray(v)) return v.map((item) => walk(item, key))
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]))
    }
    return v
  }
  return walk(value, '') as T
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/

function expectSafe(text: string): void {
  const raw = CONTROL.exec(text)
  expect(
    raw === null ? null : JSON.stringify(text.slice(Math.max(0, raw.index - 20), raw.index + 20))
  ).toBeNull()
  const command = text.split('\n').find((line) => isWorkflowCommand(line))
  expect(command).toBeUndefined()
}

let old: Inspection
let now: Inspection
let end: Extract<RunEnd, { outcome: 'reported' }>

beforeAll(async () => {
  const corpus = await sizesCorpus()
  old = await inspectBinary(corpus.path('app-sw'), { sizes: true })
  now = await inspectBinary(corpus.path('app-bumped-sw'), { sizes: true })
  const facts = (inspection: Inspection): BuildFacts => ({
    compiled: {
      binaryPath: inspection.path,
      language: 'go',
      toolchain: 'go1.23.5',
      warnings: [],
      annotations: [],
      discovered: './cmd/app'
    },
    inspection,
    image: {
      name: 'acme/app',
      tags: ['acme/app:latest'],
      imageId: `sha256:${'a'.repeat(64)}`,
      digest: null,
      size: inspection.size + 220_000,
      extras: [
        {
          kind: 'ca-certificates',
          reasons: [{ by: 'finding', finding: 'ca-certificates' }],
          bytes: 220_000,
          paths: ['/etc/ssl/certs/ca-certificates.crt']
        }
      ],
      findingExtras: [],
      platform: LINUX_AMD64,
      files: [],
      pushed: false,
      smokeOutput: null,
      builtWith: 'oci',
      pullSize: null,
      layout: null
    },
    measure: { size: inspection.size + 220_000, pullSize: 900_000, pullSizeExact: false, files: [] }
  })
  const options = { source: { ref: 'refs/heads/main', sha: 'abc' }, current: 'this build' }
  const base = composeReport(facts(old), {
    ...options,
    previous: null,
    gates: parseGateSettings({})
  })
  const current = facts(now)
  end = {
    outcome: 'reported',
    facts: current,
    composed: composeReport(current, {
      ...options,
      previous: base.report,
      gates: parseGateSettings({ 'max-size': '1MB', 'max-increase': '1%', 'warn-increase': '0.5%' })
    })
  }
}, 1_200_000)

const PROPERTY = { numRuns: 40 }
const LARGE = { numRuns: 6 }

describe.each([
  ['short strings', fc.array(hostile, { minLength: 1, maxLength: 12 }), PROPERTY],
  ['strings up to 1 MB', fc.array(huge, { minLength: 1, maxLength: 3 }), LARGE]
])('terminal writers, %s', (_name, strings, runs) => {
  test('inspect: the verdict line and the evidence', () => {
    fc.assert(
      fc.property(strings, fc.option(hostile), (s, advice) => {
        const inspection = hostileCopy({ ...now, sizes: undefined }, s)
        expectSafe(verdictLine(inspection))
        expectSafe(binaryText(inspection, advice))
      }),
      runs
    )
  }, 120_000)

  test('inspect --sizes and diff', () => {
    fc.assert(
      fc.property(strings, hostile, (s, name) => {
        const a: SizesJson = hostileCopy(sizesJson(old.sizes ?? fail()), s)
        const b: SizesJson = hostileCopy(sizesJson(now.sizes ?? fail()), [...s].reverse())
        expectSafe(sizesText(b))
        expectSafe(diffText({ old: 1, now: 2 }, compareSizes(true, a, b), { old: name, now: name }))
        expectSafe(
          diffText({ old: 1, now: 2 }, compareSizes(true, null, b), { old: name, now: name })
        )
      }),
      runs
    )
  }, 120_000)

  test('the build summary, with and without colour', () => {
    fc.assert(
      fc.property(strings, fc.boolean(), (s, color) => {
        const lines = summaryLines(hostileCopy(end, s), {
          color,
          kept: [{ what: 'binary', path: s[0] }]
        }).join('\n')
        // Our own colours are the only escape sequences.
        // eslint-disable-next-line no-control-regex
        expectSafe(color ? lines.replace(/\x1b\[\d+m/g, '') : lines)
      }),
      runs
    )
  }, 120_000)

  test('errors, the progress line and single values', () => {
    fc.assert(
      fc.property(strings, (s) => {
        const failed = failedAt('compile', new UserError(s[0], s.slice(1)))
        expectSafe(terminalSafe(failureLines(failed).join('\n')))
        expectSafe(progressLine(3, s[0], 1234, s[s.length - 1], 80))
        for (const value of s) expectSafe(oneLine(value))
      }),
      runs
    )
  }, 120_000)
})

function fail(): never {
  throw new Error('the corpus binary has no size attribution')
}
