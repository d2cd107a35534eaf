import fc from 'fast-check'
import { marked, type Token, type Tokens } from 'marked'
import type { PackageSize, SizeMechanism } from '../../src/elf/types.js'
import { evaluateGates, parseGateSettings } from '../../src/report/gate.js'
import { COMMENT_LIMIT, renderReport } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/schema.js'
import { diffSizes, sizesJson } from '../../src/report/sizes.js'
import { goBinary, image, report } from './sample.js'

// Whatever the names in the binary and the baseline, the comment keeps its
// shape: the verdict, the gates and the causes before anything collapsed,
// every table whole, no HTML, link or mention from outside, within the limit.

const HOSTILE = [
  '`',
  '<',
  '>',
  '|',
  '@',
  '#',
  '[',
  ']',
  '(',
  ')',
  '*',
  '_',
  '\n',
  '\r',
  ':',
  ' ',
  'a',
  '/',
  '&',
  '\\',
  '\u2028',
  '!'
]
const hostile = fc
  .array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 400 })
  .map((chars) => chars.join(''))
const long = fc.oneof(
  hostile,
  fc.integer({ min: 1, max: 5 }).map((n) => 'x`<'.repeat(n * 20_000))
)

function pkg(name: string, bytes: number, module: string): PackageSize {
  return { name, module, bytes, parts: { code: bytes } }
}

function attribution(packages: PackageSize[], mechanisms: SizeMechanism[], note: string) {
  return sizesJson({
    layout: 'sections',
    sections: [{ name: '.text', size: 1_000_000, memory: 1_000_000 }],
    packages,
    modules: [],
    symbols: [],
    attributed: {},
    advice: [],
    notes: [note],
    mechanisms,
    placed: { file: 1_000_000, packages: 900_000, buckets: 100_000 }
  })
}

function flat(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flat('tokens' in t && t.tokens ? t.tokens : [])])
}

test('hostile names never break the comment', () => {
  fc.assert(
    fc.property(fc.array(long, { minLength: 1, maxLength: 12 }), hostile, (names, other) => {
      const packages = names.map((name, i) => pkg(name, 50_000 + i, other))
      const mechanism: SizeMechanism = {
        id: 'reflect-method',
        message: other,
        evidence: names.slice(0, 3),
        functions: 10,
        bytes: 1_000
      }
      const base = attribution([], [], other)
      const now = attribution(packages, [mechanism], other)
      const current: Report = report({
        binary: { ...goBinary, size: 8_000_000, sizes: now },
        image: { ...image, size: 8_300_000, name: other },
        baseline: {
          ref: other,
          sha: other,
          binarySize: 7_000_000,
          imageSize: 7_200_000,
          pullSize: null
        },
        changes: { status: 'compared', diff: diffSizes(base, now) }
      })
      const evaluation = evaluateGates(parseGateSettings({ 'max-increase': '5%' }), current)
      const body = renderReport(
        { ...current, gates: evaluation.gates },
        { notes: evaluation.notes }
      )
      expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT)
      const top = body.slice(0, body.indexOf('<details>'))
      expect(top).toMatch(/^### ❌ /)
      expect(top).toContain('**Size gates: failed, so this job fails.**')
      expect(top).toContain('**Why the image grew by 1.10 MB:**')
      expect(top.split('\n').length).toBeLessThanOrEqual(40)
      for (const line of body.split('\n')) expect(line.startsWith('::')).toBe(false)
      const tokens = marked.lexer(body, { gfm: true })
      const all = flat(tokens)
      expect(all.filter((t) => t.type === 'heading')).toHaveLength(1)
      expect(all.filter((t) => t.type === 'link' || t.type === 'image')).toEqual([])
      for (const table of tokens.filter((t): t is Tokens.Table => t.type === 'table')) {
        for (const row of table.rows) expect(row).toHaveLength(table.header.length)
      }
      const html = tokens.filter((t) => t.type === 'html').map((t) => (t as Tokens.HTML).raw.trim())
      for (const block of html) {
        expect(block).toMatch(/^(<details><summary>[^<>]*<\/summary>|<\/details>)$/)
      }
    }),
    { numRuns: 60 }
  )
})
