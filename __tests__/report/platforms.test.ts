import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { marked, type Token, type Tokens } from 'marked'
import type { Inspection } from '../../src/elf/types.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import type { SmokeVerdict } from '../../src/image/types.js'
import { baselineFor, composeReport, type ComposeOptions } from '../../src/report/compose.js'
import { parseGateSettings, type GateInputs } from '../../src/report/gate.js'
import {
  parseBaseline,
  platformOf,
  reportForPlatform,
  serializeReport,
  type Report
} from '../../src/report/schema.js'
import { repoRoot } from '../support/paths.js'
import {
  NATIVE,
  QEMU,
  facts,
  helloBothPlatforms,
  helloJsonBothPlatforms
} from '../support/platform-builds.js'

/*
 * One image index, two platforms: examples/hello-go cross-compiled by go for
 * linux/amd64 and linux/arm64 as the action builds it, each binary inspected
 * and attributed for its own platform, composed into one report. The image is
 * the binary alone; the arm64 one ran under qemu in the smoke test.
 *
 * The old baseline is a real file: the report JSON that from-scratch wrote
 * with --save-baseline before it knew platforms (main at 958dee3, hello-go,
 * the daemonless writer), so without a `platform` field.
 */

const OLD_BASELINE = join(
  repoRoot,
  '__tests__',
  'fixtures',
  'baselines',
  'hello-go-amd64-before-platforms.json'
)

let amd64: Inspection
let arm64: Inspection
let oldBaseline: Report

beforeAll(async () => {
  ;({ amd64, arm64 } = await helloBothPlatforms())
  const parsed = parseBaseline(await readFile(OLD_BASELINE, 'utf8'))
  if (parsed.report === null) throw new Error(`the old baseline did not read: ${parsed.reason}`)
  oldBaseline = parsed.report
}, 900_000)

const source = { ref: 'refs/pull/7/merge', sha: '2'.repeat(40) }

function options(previous: Report | null, gates: GateInputs = {}): ComposeOptions {
  return {
    previous,
    noBaseline: previous === null ? 'the cache holds no report for this image yet' : null,
    source,
    gates: parseGateSettings(gates),
    current: 'this PR'
  }
}

function two(arm64Smoke: SmokeVerdict | null = QEMU, extra = { amd64: 0, arm64: 0 }) {
  return [
    facts(amd64, LINUX_AMD64, NATIVE, extra.amd64),
    [facts(arm64, LINUX_ARM64, arm64Smoke, extra.arm64)]
  ] as const
}

/** A default-branch report of both platforms, saved and read back as the baseline store does. */
function savedTwoPlatform(extra = { amd64: 0, arm64: 0 }): Report {
  const [primary, others] = two(QEMU, extra)
  const main = composeReport(
    primary,
    { ...options(null), source: { ref: 'refs/heads/main', sha: '1'.repeat(40) } },
    others
  )
  const parsed = parseBaseline(serializeReport(main.report))
  if (parsed.report === null) throw new Error(`did not read back: ${parsed.reason}`)
  return parsed.report
}

function flat(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flat('tokens' in t && t.tokens ? t.tokens : [])])
}

function tables(markdown: string): Tokens.Table[] {
  return flat(marked.lexer(markdown, { gfm: true })).filter(
    (t): t is Tokens.Table => t.type === 'table'
  )
}

describe('the report JSON of two platforms', () => {
  test('the primary at the top, the other in `others`, each with its own binary, image and smoke', () => {
    const [primary, others] = two()
    const { report } = composeReport(primary, options(null), others)
    expect(report.platform).toBe('linux/amd64')
    expect(report.binary.size).toBe(amd64.size)
    expect(report.image?.smoke).toEqual({ ran: true, how: 'native' })
    expect(report.others).toHaveLength(1)
    const other = report.others?.[0]
    expect(other?.platform).toBe('linux/arm64')
    expect(other?.binary.size).toBe(arm64.size)
    expect(other?.binary.size).not.toBe(amd64.size)
    expect(other?.image?.smoke).toEqual({ ran: true, how: 'qemu-aarch64-static' })
    expect(other?.image?.id).toBe(`sha256:${'b'.repeat(64)}`)
    expect(other?.build?.toolchain).toMatch(/^go1\./)
    expect(other?.others).toBeUndefined()
  })

  test('nothing restored: one sentence says why, for both platforms', () => {
    const [primary, others] = two()
    const { markdown } = composeReport(primary, options(null), others)
    expect(markdown).toContain(
      '\nNo baseline: the cache holds no report for this image yet, so there is nothing to compare with and only absolute limits apply.'
    )
    expect(markdown).not.toContain('No baseline for')
  })

  test('one platform: `platform` is set and there is no `others`', () => {
    const { report } = composeReport(facts(amd64, LINUX_AMD64, null), options(null))
    expect(report.platform).toBe('linux/amd64')
    expect(report.others).toBeUndefined()
    expect(report.image?.smoke).toBeUndefined()
  })

  test('a smoke run that did not happen is kept as not run, with why', () => {
    const why = 'no qemu-aarch64-static on this runner'
    const [primary, others] = two({ ran: false, why })
    const { report } = composeReport(primary, options(null), others)
    expect(report.others?.[0]?.image?.smoke).toEqual({ ran: false, why })
  })

  test('the saved baseline carries every platform and reads back whole', () => {
    const saved = savedTwoPlatform()
    expect(platformOf(saved)).toBe('linux/amd64')
    expect(saved.others?.map(platformOf)).toEqual(['linux/arm64'])
    expect(reportForPlatform(saved, 'linux/arm64')?.binary.size).toBe(arm64.size)
    expect(reportForPlatform(saved, 'linux/amd64')?.binary.size).toBe(amd64.size)
  })

  test('the old single-platform baseline file reads as linux/amd64 and has no arm64 part', () => {
    expect(oldBaseline.platform).toBeUndefined()
    expect(platformOf(oldBaseline)).toBe('linux/amd64')
    expect(reportForPlatform(oldBaseline, 'linux/amd64')).toBe(oldBaseline)
    expect(reportForPlatform(oldBaseline, 'linux/arm64')).toBeNull()
  })

  test.each<[string, (valid: Record<string, unknown>) => unknown, string]>([
    ['`others` not a list', (v) => ({ ...v, others: {} }), '"others" is not a list'],
    [
      'an entry without platform',
      (v) => ({ ...v, others: [{ ...v, platform: undefined }] }),
      'names no platform'
    ],
    [
      'an entry of the same platform twice',
      (v) => ({
        ...v,
        others: [
          { ...v, platform: 'linux/arm64' },
          { ...v, platform: 'linux/arm64' }
        ]
      }),
      'repeats a platform'
    ],
    [
      'an entry that is no report',
      (v) => ({ ...v, others: [{ platform: 'linux/arm64' }] }),
      '"others[0]": it has no schema 1'
    ],
    [
      'a platform this version does not build',
      (v) => ({ ...v, platform: 'linux/s390x' }),
      '"platform" is not a platform'
    ],
    [
      'a platform that is not a string',
      (v) => ({ ...v, platform: 7 }),
      '"platform" is not a platform'
    ]
  ])('a baseline with %s is not used', (_name, damage, reason) => {
    const valid = JSON.parse(serializeReport(savedTwoPlatform())) as Record<string, unknown>
    const parsed = parseBaseline(JSON.stringify(damage(valid)))
    expect(parsed.report).toBeNull()
    expect(parsed.reason).toContain(reason)
  })
})

describe('each platform is compared with the baseline of the same platform', () => {
  test('old single-platform baseline: amd64 compared, arm64 has no baseline and says why', () => {
    const [primary, others] = two()
    const composed = composeReport(primary, options(oldBaseline, { 'max-increase': '5%' }), others)
    const { report } = composed
    expect(report.baseline).toMatchObject({
      ref: 'refs/heads/main',
      sha: '3f9c2e1a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e',
      binarySize: oldBaseline.binary.size
    })
    expect(report.gates.map((g) => g.gate)).toEqual(['max-increase'])
    const arm = report.others?.[0]
    expect(arm?.baseline).toBeNull()
    expect(arm?.gates).toEqual([])
    expect(arm?.changes).toBeNull()
    expect(composed.platforms.map((p) => p.noBaseline)).toEqual([
      null,
      'the baseline main@3f9c2e1 has no linux/arm64 build'
    ])
    // The log line names the baseline as it is; markdown keeps `@` from pinging anyone.
    expect(composed.evaluation.notes).toEqual([
      'linux/arm64: max-increase 5% skipped: no baseline to compare with (the baseline main@3f9c2e1 has no linux/arm64 build); only absolute limits apply.'
    ])
    // arm64's only gate was skipped: it did not pass.
    expect(composed.markdown).toContain('**Size gates: passed on linux/amd64.**')
    expect(composed.markdown).toContain(
      'No baseline for linux/arm64: the baseline main@\u200b3f9c2e1 has no linux/arm64 build, so it is not compared and only absolute limits apply to it.'
    )
  })

  test.each<[string, () => Report | null, readonly [number | null, number | null]]>([
    ['no baseline at all', () => null, [null, null]],
    [
      'a two-platform baseline',
      () => savedTwoPlatform({ amd64: 100, arm64: 5_000 }),
      [-100, -5_000]
    ],
    [
      'a two-platform baseline whose primary was arm64',
      () => {
        const saved = savedTwoPlatform({ amd64: 100, arm64: 5_000 })
        const [arm] = saved.others ?? []
        if (arm === undefined) throw new Error('no arm64 part')
        const { others: _drop, ...amd } = saved
        void _drop
        return { ...arm, others: [amd] }
      },
      [-100, -5_000]
    ],
    ['the old single-platform file', () => oldBaseline, [0, null]]
  ])('%s', (_name, previous, deltas) => {
    const [primary, others] = two()
    const composed = composeReport(primary, options(previous()), others)
    const parts = [composed.report, ...(composed.report.others ?? [])]
    const delta = (part: Report): number | null =>
      part.baseline === null || part.image === null || part.baseline.imageSize === null
        ? null
        : part.image.size - part.baseline.imageSize
    expect(parts.map(delta)).toEqual(deltas)
  })

  test('baselineFor passes the store’s reason through when nothing was restored', () => {
    expect(baselineFor(null, 'linux/arm64', 'the cache could not be read')).toEqual({
      previous: null,
      noBaseline: 'the cache could not be read'
    })
  })
})

describe('gates apply to each platform, and any failing one fails the job', () => {
  test('arm64 over max-size while amd64 passes: the job fails, naming linux/arm64', () => {
    const [primary, others] = two()
    const limit = Math.floor((amd64.size + arm64.size) / 2)
    // hello-go is larger for arm64: the limit sits between the two images.
    expect(arm64.size).toBeGreaterThan(limit)
    expect(amd64.size).toBeLessThanOrEqual(limit)
    const composed = composeReport(primary, options(null, { 'max-size': `${limit}B` }), others)
    expect(composed.evaluation.failed).toBe(true)
    expect(composed.report.gates.map((g) => g.passed)).toEqual([true])
    expect(composed.report.others?.[0]?.gates.map((g) => g.passed)).toEqual([false])
    const message = composed.evaluation.failureMessage ?? ''
    expect(message).toMatch(/^Size gate failed on linux\/arm64: image size .* is over max-size /)
    expect(message).not.toContain('linux/amd64')
    const top = composed.markdown.slice(0, composed.markdown.indexOf('<details>'))
    expect(top).toContain('**Size gates: failed on linux/arm64, so this job fails.**')
    expect(top).toMatch(/^- ❌ linux\/arm64: image size .*, over max-size /m)
    expect(top).toMatch(/^- ✅ linux\/amd64: image size .*, within max-size /m)
    // The headline names the largest image, the one the limit is about.
    expect(top.split('\n')[0]).toMatch(
      /^### ❌ from-scratch: `ghcr\.io\/acme\/hello` — 2 platforms, largest [\d.]+ MB image \(linux\/arm64\), no baseline to compare with$/
    )
  })

  test('both within max-size: passes on all platforms', () => {
    const [primary, others] = two()
    const composed = composeReport(primary, options(null, { 'max-size': '8MB' }), others)
    expect(composed.evaluation.failed).toBe(false)
    expect(composed.evaluation.failureMessage).toBeNull()
    expect(composed.markdown).toContain('**Size gates: passed on all 2 platforms.**')
    // One line says it for both: the platform closest to the limit, the largest for max-size.
    expect(composed.markdown).toMatch(
      /^- ✅ linux\/arm64, the closest of 2 platforms: image size 1\.44 MB, within max-size 8MB$/m
    )
    expect(composed.markdown).not.toMatch(/^- ✅ linux\/amd64/m)
  })

  test('max-increase on arm64 against its own baseline fails, amd64 within', () => {
    // The base's arm64 image was 20 kB smaller, its amd64 image 100 bytes smaller.
    const previous = savedTwoPlatform({ amd64: -100, arm64: -20_000 })
    const [primary, others] = two()
    const composed = composeReport(primary, options(previous, { 'max-increase': '1%' }), others)
    expect(composed.evaluation.failed).toBe(true)
    expect(composed.evaluation.failureMessage).toMatch(
      /^Size gate failed on linux\/arm64: image size .*, \+20\.0 kB .* is over max-increase 1%/
    )
    expect(composed.evaluation.sizeDelta).toBe('+100')
  })

  test('one platform: the gate message names none', () => {
    const composed = composeReport(
      facts(arm64, LINUX_ARM64, QEMU),
      options(null, { 'max-size': '1KB' })
    )
    expect(composed.evaluation.failureMessage).toMatch(/^Size gate failed: image size /)
  })
})

describe('the markdown of two platforms', () => {
  test('the totals table shows binary, image and pull of each platform', () => {
    const previous = savedTwoPlatform({ amd64: 100, arm64: 5_000 })
    const [primary, others] = two()
    const { markdown } = composeReport(primary, options(previous), others)
    const [totals] = tables(markdown)
    expect(totals?.header.map((h) => h.text)).toEqual([
      'platform',
      'size',
      'base (`main@1111111`)',
      'this PR',
      'change'
    ])
    expect(totals?.rows.map((row) => [row[0]?.text, row[1]?.text])).toEqual([
      ['linux/amd64', 'binary'],
      ['', 'image'],
      ['', 'pull'],
      ['linux/arm64', 'binary'],
      ['', 'image'],
      ['', 'pull']
    ])
    // Each platform against its own: the base images were 100 bytes and 5 kB larger.
    expect(totals?.rows[1]?.[4]?.text).toMatch(/^-100 B/)
    expect(totals?.rows[4]?.[4]?.text).toMatch(/^-5\.00 kB/)
    expect(totals?.rows[0]?.[3]?.text).toBe(totals?.rows[0]?.[2]?.text)
  })

  test('causes: the same change on both platforms is explained once, for the primary', async () => {
    const json = await helloJsonBothPlatforms()
    const composed = composeReport(
      facts(json.amd64, LINUX_AMD64, NATIVE),
      options(savedTwoPlatform()),
      [facts(json.arm64, LINUX_ARM64, QEMU)]
    )
    const top = composed.markdown.slice(0, composed.markdown.indexOf('<details>'))
    expect(top).toMatch(/^\*\*Why the linux\/amd64 image grew by [\d.]+ kB:\*\*$/m)
    expect(top).toMatch(/`encoding\/json`/)
    expect(top).toMatch(/^_The linux\/arm64 image grew by [\d.]+ kB, for the same causes\._$/m)
    expect(top).not.toContain('Why the linux/arm64')
  }, 600_000)

  test('causes: another platform’s are shown where they differ from the primary’s', () => {
    const previous = savedTwoPlatform()
    const [primary, others] = two()
    // Only the arm64 image got the CA bundle: a cause the amd64 image does not have.
    const [arm] = others
    const bundle = { path: '/etc/ssl/certs/ca-certificates.crt', size: 216_000 }
    const grown = {
      ...arm,
      image: {
        ...arm.image,
        size: arm.image.size + bundle.size,
        files: [...arm.image.files, bundle],
        extras: [
          {
            kind: 'ca-certificates' as const,
            reasons: [{ by: 'asked' as const }],
            bytes: bundle.size,
            paths: [bundle.path]
          }
        ]
      },
      measure: {
        ...arm.measure,
        size: arm.measure.size + bundle.size,
        files: [...arm.measure.files, bundle]
      }
    }
    const { markdown } = composeReport(primary, options(previous), [grown])
    const top = markdown.slice(0, markdown.indexOf('<details>'))
    expect(top).not.toContain('Why the linux/amd64')
    expect(top).toMatch(
      /^\*\*Why the linux\/arm64 image grew by 216 kB:\*\*\n\n- \*\*\+216 kB\*\* new runtime need: the CA certificate bundle in the image$/m
    )
  })

  test.each<[string, SmokeVerdict | null, string]>([
    [
      'under qemu',
      QEMU,
      '**Smoke test:** linux/amd64 passed (native) · linux/arm64 passed under `qemu-aarch64-static`'
    ],
    [
      'not run',
      { ran: false, why: 'no qemu-aarch64-static on this runner' },
      '**Smoke test:** linux/amd64 passed (native) · linux/arm64 not run: no qemu-aarch64-static on this runner'
    ]
  ])('the smoke line per platform: %s', (_name, smoke, line) => {
    const [primary, others] = two(smoke)
    const { markdown } = composeReport(primary, options(null), others)
    expect(markdown).toContain(line)
    if (smoke?.ran === false) expect(markdown).not.toMatch(/linux\/arm64 passed/)
  })

  test('one platform alone: an emulated or skipped smoke run is said, a native pass is not', () => {
    const native = composeReport(facts(amd64, LINUX_AMD64, NATIVE), options(null)).markdown
    expect(native).not.toContain('Smoke test')
    const skipped = composeReport(
      facts(arm64, LINUX_ARM64, { ran: false, why: 'binfmt_misc is not mounted' }),
      options(null)
    ).markdown
    expect(skipped).toContain('**Smoke test:** not run: binfmt\\_misc is not mounted')
  })
})
