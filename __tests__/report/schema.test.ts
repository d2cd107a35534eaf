import {
  BASELINE_LIMITS,
  baselineMetric,
  baselineOf,
  metricOf,
  parseBaseline,
  serializeReport
} from '../../src/report/schema.js'
import { baseline, cBinary, image, report } from './sample.js'

describe('parseBaseline', () => {
  test('a report round-trips through its JSON', () => {
    const r = report({ source: { ref: 'refs/heads/main', sha: 'abc' } })
    expect(parseBaseline(serializeReport(r))).toEqual({
      report: { ...r, build: null },
      reason: null
    })
  })

  test('older files without optional fields get them filled, and unknown fields are kept', () => {
    const bare = Object.fromEntries(
      Object.entries(cBinary).filter(
        ([key]) => !['interpreter', 'go', 'accepted', 'summary'].includes(key)
      )
    )
    const text = JSON.stringify({
      schema: 1,
      binary: bare,
      image: null,
      baseline: null,
      gates: [],
      future: 1
    })
    const parsed = parseBaseline(text)
    expect(parsed.reason).toBeNull()
    expect(parsed.report?.binary).toMatchObject({
      interpreter: null,
      go: null,
      accepted: true,
      summary: ''
    })
    expect(parsed.report?.source).toBeNull()
    expect((parsed.report as unknown as { future: number }).future).toBe(1)
  })

  const valid = JSON.parse(serializeReport(report())) as Record<string, unknown>
  const withBinary = (patch: Record<string, unknown>) => ({
    ...valid,
    binary: { ...(valid.binary as object), ...patch }
  })
  const withImage = (patch: Record<string, unknown>) => ({
    ...valid,
    image: { ...(valid.image as object), ...patch }
  })

  test.each<[string, unknown, string]>([
    ['an array', [], 'not a JSON object'],
    ['null', null, 'not a JSON object'],
    ['no schema', { binary: {} }, 'it has no schema 1'],
    ['schema as a string', { ...valid, schema: '1' }, 'it has no schema 1'],
    ['a newer schema', { ...valid, schema: 2 }, 'schema 2'],
    ['no binary', { ...valid, binary: undefined }, '"binary" is missing'],
    ['negative binary size', withBinary({ size: -1 }), 'binary.size'],
    ['fractional size', withBinary({ size: 1.5 }), 'binary.size'],
    ['needed not strings', withBinary({ needed: [1] }), 'binary.needed'],
    ['finding without id', withBinary({ findings: [{ message: 'x', evidence: [] }] }), 'findings'],
    [
      'finding evidence not a list',
      withBinary({ findings: [{ id: 'x', message: 'x', evidence: 'x' }] }),
      'evidence'
    ],
    ['go without version', withBinary({ go: { settings: {} } }), 'binary.go'],
    ['image a string', { ...valid, image: 'x' }, '"image"'],
    ['image size missing', withImage({ size: undefined }), 'image.size'],
    ['pull size as text', withImage({ pullSize: '3 MB' }), 'image.pullSize'],
    ['pullSizeExact missing', withImage({ pullSizeExact: undefined }), 'pullSizeExact'],
    ['files entry without size', withImage({ files: [{ path: '/x' }] }), 'image.files'],
    ['tags not strings', withImage({ tags: [1] }), 'image.tags'],
    ['baseline a number', { ...valid, baseline: 5 }, '"baseline"'],
    ['gates missing', { ...valid, gates: undefined }, '"gates"'],
    ['source without sha', { ...valid, source: { ref: 'x' } }, '"source"']
  ])('%s → null with a reason', (_name, value, reason) => {
    const parsed = parseBaseline(JSON.stringify(value))
    expect(parsed.report).toBeNull()
    expect(parsed.reason).toContain(reason)
  })

  // Each reason reaches the comment: it says what was wrong, never what the file holds.
  const HOSTILE = '<img src=x> @octo-org/admins [click](https://evil.example) `x` ::notice::y'
  test.each<[string, string]>([
    ['a hostile schema', JSON.stringify({ ...valid, schema: HOSTILE })],
    ['a hostile non-JSON text', `${HOSTILE}{`],
    ['hostile JSON that is no object', JSON.stringify(HOSTILE)],
    ['a hostile newer schema that is no count', JSON.stringify({ ...valid, schema: 1.5 })]
  ])('%s: the reason is our own sentence, without its bytes', (_name, text) => {
    const parsed = parseBaseline(text)
    expect(parsed.report).toBeNull()
    expect(parsed.reason).toMatch(/^it (is not JSON|is not a JSON object|has no schema 1, .*)$/)
  })

  const deep = (levels: number): unknown => {
    let value: unknown = 'leaf'
    for (let i = 0; i < levels; i++) value = [value]
    return value
  }
  const longString = 'x'.repeat(BASELINE_LIMITS.string + 1)
  test.each<[string, () => unknown, string]>([
    ['a path longer than the cap', () => withBinary({ path: longString }), 'a string longer'],
    [
      '125,000 backtick runs in -ldflags',
      () =>
        withBinary({
          go: { version: 'go1.23', path: 'x', settings: { '-ldflags': '`a'.repeat(125_000) } }
        }),
      'a string longer'
    ],
    [
      'a needed list longer than the cap',
      () => withBinary({ needed: Array.from({ length: BASELINE_LIMITS.list + 1 }, () => 'l') }),
      'a list longer'
    ],
    [
      'a settings object with more keys than the cap',
      () =>
        withBinary({
          go: {
            version: 'go1.23',
            path: 'x',
            settings: Object.fromEntries(
              Array.from({ length: BASELINE_LIMITS.list + 1 }, (_, i) => [`k${i}`, 'v'])
            )
          }
        }),
      'a list longer'
    ],
    ['a key longer than the cap', () => ({ ...valid, [longString]: 1 }), 'a key longer'],
    ['an unknown field nested 40 deep', () => ({ ...valid, future: deep(40) }), 'nests deeper']
  ])('%s: damaged, with a fixed reason', (_name, value, reason) => {
    const parsed = parseBaseline(JSON.stringify(value()))
    expect(parsed.report).toBeNull()
    expect(parsed.reason).toMatch(/^it is damaged: it /)
    expect(parsed.reason).toContain(reason)
  })

  test('a text larger than the byte cap is damaged without being parsed', () => {
    const text = `${' '.repeat(BASELINE_LIMITS.bytes)}${serializeReport(report())}`
    expect(parseBaseline(text)).toEqual({
      report: null,
      reason: 'it is damaged: it is larger than 32 MB'
    })
  })

  test('a report at the caps still reads', () => {
    const atCap = withBinary({
      path: 'p'.repeat(BASELINE_LIMITS.string),
      needed: Array.from({ length: 1000 }, (_, i) => `lib${i}.so`)
    })
    expect(parseBaseline(JSON.stringify(atCap)).reason).toBeNull()
  })

  test.each(['', 'not json', '{"schema":1', '\u0000'])('text %j never throws', (text) => {
    expect(parseBaseline(text).report).toBeNull()
  })
})

describe('metrics', () => {
  test.each([
    ['binary', 7_300_000, 7_250_000],
    ['image', 7_520_000, 7_470_000],
    ['pull', 3_100_000, 3_080_000]
  ] as const)('%s', (metric, current, base) => {
    expect(metricOf(report(), metric)).toBe(current)
    expect(baselineMetric(baseline, metric)).toBe(base)
  })

  test('no image: image and pull are unknown, binary is not', () => {
    const r = report({ image: null })
    expect(metricOf(r, 'image')).toBeNull()
    expect(metricOf(r, 'pull')).toBeNull()
    expect(metricOf(r, 'binary')).toBe(7_300_000)
    expect(baselineOf(r, { ref: 'refs/heads/main', sha: 's' })).toEqual({
      ref: 'refs/heads/main',
      sha: 's',
      binarySize: 7_300_000,
      imageSize: null,
      pullSize: null
    })
  })

  test('baselineOf prefers the report’s own source', () => {
    const r = report({ image, source: { ref: 'refs/heads/dev', sha: 'd' } })
    expect(baselineOf(r, { ref: 'x', sha: 'y' }).ref).toBe('refs/heads/dev')
  })
})
