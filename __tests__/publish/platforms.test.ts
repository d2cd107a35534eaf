import type { Inspection } from '../../src/elf/types.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import type { SmokeVerdict } from '../../src/image/types.js'
import {
  composeGroupBody,
  decodeSection,
  encodeSection,
  parseGroupComment
} from '../../src/publish/comment-sections.js'
import { outputsOf, NOTHING_MADE, type RunEnd } from '../../src/publish/publisher.js'
import { terminalPrinter } from '../../src/publish/terminal.js'
import { summaryLines } from '../../src/publish/terminal-summary.js'
import { composeReport } from '../../src/report/compose.js'
import {
  groupTable,
  renderGroup,
  sectionOf,
  type ImageSection
} from '../../src/report/group-markdown.js'
import { parseGateSettings, type GateInputs } from '../../src/report/gate.js'
import type { Report } from '../../src/report/schema.js'
import { NATIVE, QEMU, facts, helloBothPlatforms } from '../support/platform-builds.js'

/*
 * What a person at a terminal and a workflow see of a two-platform build:
 * stderr's summary lists each platform's sizes and smoke run, `--json` carries
 * the other platforms, and the outputs stay the primary platform's.
 */

let amd64: Inspection
let arm64: Inspection

beforeAll(async () => {
  ;({ amd64, arm64 } = await helloBothPlatforms())
}, 900_000)

function end(arm64Smoke: SmokeVerdict | null = QEMU, gates: GateInputs = {}): RunEnd {
  const primary = facts(amd64, LINUX_AMD64, NATIVE)
  const others = [facts(arm64, LINUX_ARM64, arm64Smoke)]
  const composed = composeReport(
    primary,
    {
      previous: null,
      noBaseline: null,
      source: { ref: '', sha: '' },
      gates: parseGateSettings(gates),
      current: 'this build'
    },
    others
  )
  return { outcome: 'reported', facts: primary, others, composed }
}

function summary(run: RunEnd): string[] {
  return summaryLines(run, { color: false, kept: [] })
}

describe('the terminal summary of two platforms', () => {
  test('the verdict names the largest; each platform has its sizes and smoke run', () => {
    const lines = summary(end())
    expect(lines[0]).toMatch(
      /^✓ ghcr\.io\/acme\/hello:pr-7 {2}1\.44 MB image \(linux\/arm64, the largest of 2 platforms\)$/
    )
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line))
    expect(at(/^ {2}linux\/amd64 {2}image +1\.39 MB$/)).toBe(1)
    expect(at(/^ {2}linux\/arm64 {2}image +1\.44 MB$/)).toBeGreaterThan(1)
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {15}smoke +passed \(native\): hello from scratch \(go\)$/)
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {15}smoke +passed under qemu-aarch64-static: hello from scratch \(go\)$/
      )
    )
    expect(lines).toContainEqual(expect.stringMatching(/binary +1\.44 MB {2}static, go1\./))
  })

  test('a platform whose smoke run did not happen says not run, never passed', () => {
    const lines = summary(end({ ran: false, why: 'no qemu-aarch64-static on this runner' }))
    const smoke = lines.filter((line) => /smoke/.test(line))
    expect(smoke).toHaveLength(2)
    expect(smoke[0]).toMatch(/passed \(native\)/)
    expect(smoke[1]).toMatch(/smoke +not run: no qemu-aarch64-static on this runner$/)
  })

  test('arm64 over max-size: the verdict says which gate failed on which platform', () => {
    const limit = Math.floor((amd64.size + arm64.size) / 2)
    const lines = summary(end(QEMU, { 'max-size': `${limit}B` }))
    expect(lines[0]).toMatch(/^✗ .*: --max-size failed on linux\/arm64$/)
    const gates = lines.filter((line) => /gate/.test(line))
    expect(gates[0]).toMatch(/gate +pass {2}--max-size/)
    expect(gates[1]).toMatch(/gate +FAIL {2}--max-size/)
  })

  test('one platform: smoke says passed as before, or under the emulator it ran with', () => {
    const one = (inspection: Inspection, smoke: SmokeVerdict): string[] => {
      const primary = facts(inspection, inspection === amd64 ? LINUX_AMD64 : LINUX_ARM64, smoke)
      const composed = composeReport(primary, {
        previous: null,
        source: { ref: '', sha: '' },
        gates: parseGateSettings({}),
        current: 'this build'
      })
      return summary({ outcome: 'reported', facts: primary, composed })
    }
    expect(one(amd64, NATIVE)).toContainEqual('  smoke     passed: hello from scratch (go)')
    expect(one(arm64, QEMU)).toContainEqual(
      '  smoke     passed under qemu-aarch64-static: hello from scratch (go)'
    )
    expect(one(arm64, { ran: false, why: 'binfmt_misc is not mounted' })).toContainEqual(
      '  smoke     not run: binfmt_misc is not mounted'
    )
  })
})

describe('--json and the outputs of two platforms', () => {
  test('--json prints the report with the other platform in `others`', async () => {
    const printed: string[] = []
    await terminalPrinter({ json: true, out: (t) => printed.push(t), exitCodeOf: () => 1 }).publish(
      end(),
      NOTHING_MADE
    )
    const json = JSON.parse(printed.join('')) as Report
    expect(json.platform).toBe('linux/amd64')
    expect(json.others?.map((other) => [other.platform, other.binary.size])).toEqual([
      ['linux/arm64', arm64.size]
    ])
    expect(json.others?.[0]?.image?.smoke).toEqual(QEMU)
  })

  test('the size outputs stay the primary platform’s', () => {
    const outputs = outputsOf(end(), NOTHING_MADE)
    expect(outputs['binary-size']).toBe(String(amd64.size))
    expect(outputs['image-size']).toBe(String(amd64.size))
    expect(outputs['pull-size']).toBe(String(Math.round(amd64.size * 0.45)))
  })
})

describe('a two-platform image in the grouped comment', () => {
  function section(run: RunEnd, key: string): ImageSection {
    if (run.outcome !== 'reported') throw new Error('not reported')
    return sectionOf(run.composed.report, {
      key,
      commit: 'c'.repeat(40),
      runId: 10,
      attempt: 1,
      written: 1,
      markdown: run.composed.markdown
    })
  }

  function single(key: string): ImageSection {
    const primary = facts(amd64, LINUX_AMD64, NATIVE)
    const composed = composeReport(primary, {
      previous: null,
      source: { ref: '', sha: '' },
      gates: parseGateSettings({}),
      current: 'this PR'
    })
    return section({ outcome: 'reported', facts: primary, composed }, key)
  }

  const between = (): string => `${Math.floor((amd64.size + arm64.size) / 2)}B`

  test('the section fails when one platform fails, and keeps a row per platform', () => {
    const s = section(end(QEMU, { 'max-size': between() }), 'hello')
    expect(s.status).toBe('fail')
    expect(s.size).toBe(amd64.size)
    expect(s.platforms?.map((row) => [row.platform, row.status, row.size])).toEqual([
      ['linux/amd64', 'pass', amd64.size],
      ['linux/arm64', 'fail', arm64.size]
    ])
    expect(single('other').platforms).toBeUndefined()
  })

  test('the table: one row per platform with its own verdict, one row for a one-platform image', () => {
    const lines = groupTable([
      section(end(QEMU, { 'max-size': between() }), 'hello'),
      single('api')
    ])
    expect(lines.slice(2).map((line) => line.split(' | ').slice(0, 2).join(' | '))).toEqual([
      '| ✅ | `api`',
      '| ✅ | `hello`<br><sub>linux/amd64</sub>',
      '| ❌ | <sub>linux/arm64</sub>'
    ])
  })

  test('the collapsed summary names the largest platform; the headline counts the image once', () => {
    const body = renderGroup([
      section(end(QEMU, { 'max-size': between() }), 'hello'),
      single('api')
    ])
    expect(body).toMatch(/^### ❌ from-scratch: 1 of 2 images over their limits$/m)
    expect(body).toMatch(
      /<summary>❌ <b>hello<\/b> — 2 platforms, largest image 1\.44 MB \(linux\/arm64\), no baseline<\/summary>/
    )
  })

  test('the platforms survive the data line, and a forged one is not read', () => {
    const s = section(end(), 'hello')
    expect(decodeSection(encodeSection(s))).toEqual(s)
    const { body } = composeGroupBody('ci', [s, single('api')])
    expect(parseGroupComment(body).sections.find((x) => x.key === 'hello')?.platforms).toEqual(
      s.platforms
    )
    for (const platform of ['linux/<img src=x>', 'linux/arm64\n## x', '']) {
      const forged = {
        ...s,
        platforms: (s.platforms ?? []).map((row, i) => (i === 1 ? { ...row, platform } : row))
      }
      expect(decodeSection(encodeSection(forged))).toBeNull()
    }
  })
})
