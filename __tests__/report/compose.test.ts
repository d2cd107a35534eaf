import { LINUX_AMD64 } from '../../src/ground/platform.js'
import type { CompileResult } from '../../src/compile/types.js'
import type { Inspection } from '../../src/elf/types.js'
import type { ImageResult } from '../../src/image/types.js'
import { parseGateSettings } from '../../src/report/gate.js'
import { COMMENT_LIMIT } from '../../src/report/markdown.js'
import { composeReport, type BuildFacts } from '../../src/report/compose.js'
import type { Report } from '../../src/report/schema.js'
import { image as sampleImage, report as sampleReport } from './sample.js'

const inspection: Inspection = {
  path: '/tmp/out/hello',
  size: 17_808,
  verdict: {
    linkage: 'static',
    accepted: true,
    summary: 'statically linked',
    interpreter: null,
    needed: []
  },
  go: null,
  goNote: null,
  findings: []
}

const compiled: CompileResult = {
  binaryPath: '/tmp/out/hello',
  language: 'c',
  toolchain: 'musl-gcc (gcc 12.2.0)',
  warnings: [],
  annotations: []
}

const image: ImageResult = {
  name: 'ghcr.io/acme/hello',
  tags: ['ghcr.io/acme/hello:pr-7'],
  imageId: `sha256:${'a'.repeat(64)}`,
  digest: `sha256:${'b'.repeat(64)}`,
  size: 17_808,
  extras: [],
  findingExtras: [],
  platform: LINUX_AMD64,
  files: [{ path: '/hello', size: 17_808 }],
  pushed: false,
  smokeOutput: null,
  builtWith: 'buildx',
  pullSize: null,
  layout: null
}

function facts(overrides: Partial<ImageResult> = {}, files = image.files): BuildFacts {
  return {
    compiled,
    inspection,
    image: { ...image, ...overrides },
    measure: { size: 17_808, pullSize: 4_729, pullSizeExact: false, files }
  }
}

const noGates = parseGateSettings({})
const source = { ref: 'refs/pull/7/merge', sha: 'c'.repeat(40) }
const previous: Report = {
  ...sampleReport({ baseline: null }),
  binary: { ...sampleReport().binary, size: 16_000 },
  image: { ...sampleImage, size: 16_000, pullSize: 4_000 },
  source: { ref: 'refs/heads/main', sha: 'd'.repeat(40) }
}

describe('composeReport', () => {
  test('without a baseline: no baseline entry, no delta, and the report says so', () => {
    const { report, evaluation, markdown } = composeReport(facts(), {
      previous: null,
      source,
      gates: noGates,
      current: 'this PR'
    })
    expect(report.baseline).toBeNull()
    expect(evaluation.sizeDelta).toBe('')
    expect(markdown).toMatch(/no baseline/i)
    expect(report.build).toEqual({ language: 'c', toolchain: 'musl-gcc (gcc 12.2.0)' })
    expect(report.source).toEqual(source)
  })

  test('with a baseline: its sizes and commit, and the signed delta on the gated metric', () => {
    const { report, evaluation } = composeReport(facts(), {
      previous,
      source,
      gates: noGates,
      current: 'this PR'
    })
    expect(report.baseline).toEqual({
      ref: 'refs/heads/main',
      sha: 'd'.repeat(40),
      binarySize: 16_000,
      imageSize: 16_000,
      pullSize: 4_000,
      // Kept so that a runtime need new in this build is named as a cause.
      extras: [
        { kind: 'ca-certificates', bytes: 216_000 },
        { kind: 'passwd', bytes: 110 }
      ]
    })
    expect(evaluation.sizeDelta).toBe('+1808')
  })

  test('the extras keep the reasons the image stage recorded, into the JSON and the markdown', () => {
    const extras = [
      {
        kind: 'ca-certificates' as const,
        reasons: [{ by: 'finding' as const, finding: 'ca-certificates' as const }],
        bytes: 216_000,
        paths: ['/etc/ssl/certs/ca-certificates.crt']
      },
      { kind: 'tmp' as const, reasons: [{ by: 'asked' as const }], bytes: 0, paths: ['/tmp'] }
    ]
    const findingExtras = [{ finding: 'tzdata' as const, extra: 'tzdata' as const }]
    const { report, markdown } = composeReport(facts({ extras, findingExtras }), {
      previous: null,
      source,
      gates: noGates,
      current: 'this PR'
    })
    expect(report.image?.extras).toEqual(extras)
    expect(report.image?.findingExtras).toEqual(findingExtras)
    expect(JSON.parse(JSON.stringify(report)).image.extras[0].reasons).toEqual([
      { by: 'finding', finding: 'ca-certificates' }
    ])
    expect(markdown).not.toContain('include: ca-certificates')
  })

  test.each([
    [false, ''],
    [true, `sha256:${'b'.repeat(64)}`]
  ])('pushed %s → digest %j in the report', (pushed, digest) => {
    const { report } = composeReport(facts({ pushed }), {
      previous: null,
      source,
      gates: noGates,
      current: 'this PR'
    })
    expect(report.image?.digest).toBe(digest)
  })

  test('the gates are evaluated and stored in the report', () => {
    const { report, evaluation } = composeReport(facts(), {
      previous: null,
      source,
      gates: parseGateSettings({ 'max-size': '17807B' }),
      current: 'this PR'
    })
    expect(evaluation.failed).toBe(true)
    expect(report.gates).toEqual([
      expect.objectContaining({ gate: 'max-size', limit: 17_807, actual: 17_808, passed: false })
    ])
  })

  test('a huge file list still leaves room for the comment marker', () => {
    const files = Array.from({ length: 5000 }, (_, i) => ({
      path: `/usr/share/zoneinfo/Zone/Number${i}`,
      size: i
    }))
    const { markdown } = composeReport(facts({}, files), {
      previous: null,
      source,
      gates: noGates,
      current: 'this PR'
    })
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT - 100)
    expect(markdown.trimEnd().endsWith('</details>')).toBe(true)
  })
})
