import fc from 'fast-check'
import { code, text } from '../../src/ground/markdown-escape.js'
import { renderReport } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/schema.js'
import { prose, shown } from '../../src/report/sizes-markdown.js'
import { goBinary, image, report } from './sample.js'

/*
 * Every markdown writer against strings from a hostile alphabet, at lengths
 * up to 1 MB: whatever the string, the markdown has no raw `<` (only our own
 * tags), no `@mention` outside a code span, no code span left open, no line
 * that starts a workflow command, and the writer does not throw.
 */

const HOSTILE = [
  '<',
  '>',
  '@',
  '`',
  '``',
  '|',
  '[',
  ']',
  '(',
  ')',
  ':',
  '::',
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '!',
  '*',
  '_',
  '#',
  '&',
  '\\',
  '~',
  '$',
  '-',
  ' ',
  'a',
  'Z',
  '0',
  'é',
  '\x00',
  '\x07',
  '\x1b',
  '\x7f',
  '\x85',
  '\x9b',
  '\u200b',
  '\ufeff',
  '😀',
  '\u{10ffff}',
  'http://',
  'www.',
  'details>',
  '</details>',
  '<!--',
  '-->',
  '@octo-org/admins',
  '#1'
]

const unit = fc.constantFrom(...HOSTILE)
/** Short strings, built piece by piece. */
const short = fc.string({ unit, maxLength: 80 })
/** Long strings, up to 1 MB: a hostile piece repeated (building 1 MB unit by unit takes too long). */
const long = fc
  .tuple(
    fc.oneof(
      fc.string({ unit, minLength: 1, maxLength: 40 }),
      // Pieces that stress a writer when repeated: a backtick run each (a fence sized by a
      // spread over the runs overflowed the stack), a line break before `::`, a tag and a mention.
      fc.constantFrom('`a', '``\n::x', '<@a ')
    ),
    fc.integer({ min: 1, max: 1_000_000 })
  )
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length))

/** Our own HTML: the details block and the comment's hidden marker (first line only). */
const OWN_TAGS = ['<details>', '</details>', '<summary>', '</summary>']

/** What is wrong with `markdown`, or [] when it keeps the promises above. */
function problems(markdown: string, firstLineMarker = false): string[] {
  const found: string[] = []
  const lines = markdown.split(/\r\n|\r|\n/)
  lines.forEach((line, index) => {
    if (/^[ \t]*::/.test(line)) found.push(`line ${index} starts with "::"`)
    if (firstLineMarker && index === 0 && line.startsWith('<!-- from-scratch:')) return
    let at = 0
    while (at < line.length) {
      const char = line[at]
      if (char === '\\') {
        at += 2 // an escaped character is literal, whatever it is
        continue
      }
      if (char === '`') {
        let run = 0
        while (line[at + run] === '`') run++
        // The span closes at the next run of exactly the same length, on this line.
        let close = -1
        for (let i = at + run; i < line.length;) {
          if (line[i] !== '`') {
            i++
            continue
          }
          let other = 0
          while (line[i + other] === '`') other++
          if (other === run) {
            close = i
            break
          }
          i += other
        }
        if (close < 0) {
          found.push(`line ${index}: a code span of ${run} backticks is not closed`)
          return
        }
        at = close + run
        continue
      }
      if (char === '<' && !OWN_TAGS.some((tag) => line.startsWith(tag, at))) {
        found.push(`line ${index}: a raw "<" outside a code span`)
        return
      }
      if (char === '@' && /[\p{L}\p{N}_-]/u.test(line[at + 1] ?? '')) {
        found.push(`line ${index}: a mention outside a code span`)
        return
      }
      at++
    }
  })
  return found
}

const writers: [string, (value: string) => string][] = [
  ['code', code],
  ['text', (value) => `x ${text(value)}`],
  ['shown', shown],
  ['prose', (value) => `x ${prose(value)}`],
  [
    'the no-baseline sentence',
    (value) => renderReport(report({ baseline: null }), { noBaseline: value })
  ]
]

describe.each(writers)('%s', (_name, write) => {
  test('short hostile strings', () => {
    fc.assert(
      fc.property(short, (value) => {
        expect(problems(write(value), true)).toEqual([])
      }),
      { numRuns: 300 }
    )
  })

  test('long hostile strings, up to 1 MB', () => {
    fc.assert(
      fc.property(long, (value) => {
        expect(problems(write(value), true)).toEqual([])
      }),
      { numRuns: 8 }
    )
  })
})

/** A report whose every string from outside (binary, repository, restored baseline) is `s(i)`. */
function hostileReport(s: (i: number) => string): Report {
  return report({
    binary: {
      ...goBinary,
      path: s(0),
      summary: s(1),
      accepted: false,
      interpreter: s(2),
      needed: [s(3), s(4)],
      go: {
        version: s(5),
        path: s(6),
        settings: { '-ldflags': s(7), '-tags': s(8), [s(9)]: s(10) }
      },
      findings: [{ id: 'ca-certificates', message: 'TLS.', evidence: [s(11), s(12)] }]
    },
    image: {
      ...image,
      name: s(13),
      tags: [s(14)],
      id: s(15),
      digest: s(16),
      files: [
        { path: s(17), size: 1 },
        { path: s(18), size: 2 }
      ]
    },
    baseline: { ref: s(19), sha: s(20), binarySize: 1, imageSize: 2, pullSize: 3 },
    build: { language: 'go', toolchain: s(21) }
  })
}

describe('renderReport on a report whose untrusted strings are hostile', () => {
  const pieces = (count: number, strings: fc.Arbitrary<string>) =>
    fc.array(strings, { minLength: count, maxLength: count })

  test('short strings, as a PR comment and as a summary', () => {
    fc.assert(
      fc.property(pieces(22, short), short, (values, note) => {
        const current = hostileReport((i) => values[i])
        const comment = renderReport(current, { commentKey: 'default', notes: [note] })
        expect(problems(comment, true)).toEqual([])
        expect(
          problems(renderReport({ ...current, baseline: null }, { noBaseline: note }))
        ).toEqual([])
      }),
      { numRuns: 150 }
    )
  })

  test('strings up to 1 MB each', () => {
    fc.assert(
      fc.property(pieces(22, long), (values) => {
        const body = renderReport(
          hostileReport((i) => values[i]),
          { commentKey: 'default' }
        )
        expect(body.length).toBeLessThanOrEqual(65_536)
        expect(problems(body, true)).toEqual([])
      }),
      { numRuns: 3 }
    )
  }, 120_000)
})

describe('the checker itself', () => {
  test.each([
    ['`open', 'not closed'],
    ['a <img src=x>', 'raw "<"'],
    ['hi @octocat', 'mention'],
    ['::notice::x', 'starts with "::"'],
    ['  ::warning::x', 'starts with "::"']
  ])('%j is caught', (markdown, why) => {
    expect(problems(markdown).join('\n')).toContain(why)
  })

  test.each(['`<img>` `` a`b `` \\<x \\@y @\u200bz <details> a @ b'])('%j passes', (markdown) => {
    expect(problems(markdown)).toEqual([])
  })
})
