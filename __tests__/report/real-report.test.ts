import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { marked, type Token, type Tokens } from 'marked'
import type { CompileResult } from '../../src/compile/types.js'
import { inspectBinary } from '../../src/elf/inspect.js'
import type { Inspection } from '../../src/elf/types.js'
import { LINUX_AMD64 } from '../../src/ground/platform.js'
import type { ImageResult } from '../../src/image/types.js'
import { causesOf } from '../../src/report/causes.js'
import { composeReport, type BuildFacts, type Composed } from '../../src/report/compose.js'
import { parseGateSettings } from '../../src/report/gate.js'
import { parseBaseline, serializeReport } from '../../src/report/schema.js'
import { GO_ENV } from '../support/findings-corpus.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

/*
 * The comment a reviewer reads, on real binaries: examples/http-server is the
 * base, the same program answering through text/template is the pull request
 * (the case of issue 17 and of docs/report.png), with max-increase 5%. Both are
 * built by go as the action builds them, inspected and attributed by the elf
 * stage, and composed into reports; the base's report goes through the
 * baseline's JSON. The image is the binary plus the extras its findings ask for.
 */

const CA_BUNDLE = 219_000

async function build(dir: string, out: string): Promise<string> {
  await mustRun(
    'go',
    [
      'build',
      '-trimpath',
      '-buildvcs=false',
      '-tags=netgo,osusergo',
      '-ldflags=-s -w',
      '-o',
      out,
      '.'
    ],
    { cwd: dir, env: { ...GO_ENV }, timeoutMs: 600_000 }
  )
  return out
}

function facts(inspection: Inspection): BuildFacts {
  const ca = inspection.findings.some((f) => f.id === 'ca-certificates')
  const files = [
    { path: '/http-server', size: inspection.size },
    ...(ca ? [{ path: '/etc/ssl/certs/ca-certificates.crt', size: CA_BUNDLE }] : [])
  ]
  const size = files.reduce((n, f) => n + f.size, 0)
  const compiled: CompileResult = {
    binaryPath: inspection.path,
    language: 'go',
    toolchain: inspection.go?.version ?? 'go',
    warnings: [],
    annotations: []
  }
  const image: ImageResult = {
    name: 'ghcr.io/acme/http-server',
    tags: ['ghcr.io/acme/http-server:pr-7'],
    imageId: `sha256:${'a'.repeat(64)}`,
    digest: null,
    size,
    extras: ca
      ? [
          {
            kind: 'ca-certificates',
            reasons: [{ by: 'finding', finding: 'ca-certificates' }],
            bytes: CA_BUNDLE,
            paths: ['/etc/ssl/certs/ca-certificates.crt']
          }
        ]
      : [],
    findingExtras: ca ? [{ finding: 'ca-certificates', extra: 'ca-certificates' }] : [],
    files,
    pushed: false,
    smokeOutput: null,
    platform: LINUX_AMD64,
    builtWith: 'oci',
    pullSize: Math.round(size * 0.45),
    layout: null
  }
  return {
    compiled,
    inspection,
    image,
    measure: { size, pullSize: image.pullSize, pullSizeExact: true, files }
  }
}

function flat(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flat('tokens' in t && t.tokens ? t.tokens : [])])
}

/** The figure a cell starts with: `1,234` or `0 (20,000 in memory)`. */
const bytesOf = (cell: string): number => Number((cell.split(' ')[0] ?? '').replace(/,/g, ''))

let base: Composed
let pr: Composed

beforeAll(async () => {
  const work = await freshDir('real-report')
  const server = join(work, 'http-server')
  await cp(join(repoRoot, 'examples', 'http-server'), server, { recursive: true })
  const baseBinary = await build(server, join(work, 'base'))
  await cp(
    join(repoRoot, '__tests__', 'fixtures', 'http-template', 'main.go'),
    join(server, 'main.go')
  )
  const prBinary = await build(server, join(work, 'pr'))
  const source = { ref: 'refs/heads/main', sha: '1'.repeat(40) }
  base = composeReport(facts(await inspectBinary(baseBinary, { sizes: true })), {
    previous: null,
    source,
    gates: parseGateSettings({}),
    current: 'this commit'
  })
  const saved = parseBaseline(serializeReport(base.report))
  if (saved.report === null) throw new Error(`the base report did not read back: ${saved.reason}`)
  pr = composeReport(facts(await inspectBinary(prBinary, { sizes: true })), {
    previous: saved.report,
    source: { ref: 'refs/pull/7/merge', sha: '2'.repeat(40) },
    gates: parseGateSettings({ 'max-increase': '5%' }),
    current: 'this PR'
  })
}, 900_000)

test('the headline, the gate, the causes and the totals come first, within 40 lines', () => {
  const body = pr.markdown
  const top = body.slice(0, body.indexOf('<details>'))
  expect(top.split('\n').length).toBeLessThanOrEqual(40)
  const lines = top.split('\n')
  const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line))
  expect(at(/^### ❌ from-scratch: `ghcr\.io\/acme\/http-server` — [\d.]+ MB image, \+/)).toBe(0)
  expect(at(/^- ❌ image size .* over max-increase 5% \(limit /)).toBeGreaterThan(0)
  expect(at(/^\*\*Why the image grew by /)).toBeGreaterThan(at(/^- ❌ image size/))
  expect(at(/^\| image \| /)).toBeGreaterThan(at(/^\*\*Why the image grew by /))
})

test('the causes add up to the image change, a new mechanism first', () => {
  const causes = causesOf(pr.report)
  expect(causes).not.toBeNull()
  if (causes === null) return
  const change = (pr.report.image?.size ?? 0) - (base.report.image?.size ?? 0)
  expect(causes.total).toBe(change)
  expect(causes.causes.reduce((n, c) => n + (c.bytes ?? 0), 0) + causes.other).toBe(change)
  expect(causes.causes.length).toBeLessThanOrEqual(5)
  // reflect.Value.Method is reachable through text/template, and not in the base: the elf
  // stage names the mechanism, and it is the first cause, carrying the exported methods
  // that came with it (the largest share of the growth: 922 kB of 1.54 MB when written).
  expect(pr.report.binary.sizes?.mechanisms.map((m) => m.id)).toContain('reflect-method')
  expect(base.report.binary.sizes?.mechanisms.map((m) => m.id)).not.toContain('reflect-method')
  expect(causes.causes[0]).toMatchObject({ kind: 'mechanism', change: 'added' })
  expect(causes.causes[0]?.bytes ?? 0).toBeGreaterThan(change / 3)
  expect(causes.causes.some((c) => c.kind === 'packages' && c.change === 'added')).toBe(true)
  // The gate's failure message names the same causes, in the same order.
  expect(pr.evaluation.failureMessage).toMatch(/ Causes: new: reflect\.Value\.Method/)
})

test('rows sort by the figure they show, and no note sits inside a table', () => {
  const tokens = marked.lexer(pr.markdown, { gfm: true })
  const tables = flat(tokens).filter((t): t is Tokens.Table => t.type === 'table')
  expect(tables.length).toBeGreaterThanOrEqual(4)
  for (const table of tables) {
    const header = table.header.map((h) => h.text)
    for (const row of table.rows) {
      expect(row).toHaveLength(header.length)
      // A note would be one cell of words in italics.
      expect(row[0].text).not.toMatch(/^_|left out|more|smaller/)
    }
    const column = header.includes('bytes')
      ? header.indexOf('bytes')
      : header[0] === 'package' && header.includes('change')
        ? header.indexOf('change')
        : -1
    if (column < 0) continue
    const figures = table.rows.map((row) =>
      header[column] === 'change'
        ? Math.abs(
            Number.parseFloat(row[column].text.replace(/^new, |^gone, /, '')) *
              (/MB/.test(row[column].text) ? 1e6 : /kB/.test(row[column].text) ? 1e3 : 1)
          )
        : bytesOf(row[column].text)
    )
    expect(figures).toEqual([...figures].sort((a, b) => b - a))
  }
  // No column that is zero in every row.
  for (const table of tables) {
    for (let i = 1; i < table.header.length; i++) {
      const cells = table.rows.map((row) => row[i].text)
      if (cells.length > 1 && cells.every((c) => /^\d[\d,]*$/.test(c))) {
        expect(cells.some((c) => bytesOf(c) !== 0)).toBe(true)
      }
    }
  }
})
