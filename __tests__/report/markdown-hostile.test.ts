import { marked, type Token, type Tokens } from 'marked'
import { evaluateGates, parseGateSettings } from '../../src/report/gate.js'
import { commentMarker, renderReport } from '../../src/report/markdown.js'
import { baselineOf, parseBaseline, type Report } from '../../src/report/schema.js'
import { goBinary, image, report } from './sample.js'

// A restored baseline is written by whoever could write the cache entry or the
// file: its strings must not change the comment's structure.

const HOSTILE =
  'main`` </details>\n\n# Deploy approved\n<img src=x onerror=alert(1)> | @octocat #1 $x$ ' +
  '[click](https://evil.example) <!-- from-scratch:default --> **bold**\r::notice::x'

function hostileBaseline(): Report {
  const previous = report({
    baseline: null,
    image: null,
    source: { ref: HOSTILE, sha: `${HOSTILE}\n</details>` }
  })
  const parsed = parseBaseline(JSON.stringify(previous))
  if (parsed.report === null)
    throw new Error(`the hostile baseline did not parse: ${parsed.reason}`)
  // A baseline without an image size: the increase gate's note names the baseline as well.
  return report({ baseline: baselineOf(parsed.report, { ref: '', sha: '' }) })
}

function rendered(current: Report): string {
  const evaluation = evaluateGates(
    parseGateSettings({ 'max-size': '8MB', 'max-increase': '5%' }),
    current
  )
  return renderReport(
    { ...current, gates: evaluation.gates },
    { commentKey: 'default', notes: evaluation.notes }
  )
}

function all(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => {
    const inner = 'tokens' in token && Array.isArray(token.tokens) ? all(token.tokens) : []
    const items = token.type === 'list' ? all((token as Tokens.List).items) : []
    const cells =
      token.type === 'table'
        ? all(
            [(token as Tokens.Table).header, ...(token as Tokens.Table).rows]
              .flat()
              .flatMap((cell) => cell.tokens)
          )
        : []
    return [token, ...inner, ...items, ...cells]
  })
}

describe('a hostile restored baseline', () => {
  const body = rendered(hostileBaseline())
  const tokens = marked.lexer(body, { gfm: true })
  const html = marked.parse(body, { gfm: true, async: false }) as string

  test('the marker is the first line, and the only one', () => {
    expect(body.split('\n')[0]).toBe(commentMarker('default'))
    const lines = body.split('\n').filter((line) => line.includes('<!--'))
    expect(lines.filter((line) => line.trim().startsWith('<!--'))).toEqual([
      commentMarker('default')
    ])
  })

  test('one heading, one size table, collapsed sections that each close', () => {
    const flat = all(tokens)
    expect(
      flat.filter((t) => t.type === 'heading').map((t) => (t as Tokens.Heading).depth)
    ).toEqual([3])
    const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table')
    expect(tables[0].header).toHaveLength(4)
    expect(tables[0].rows.map((row) => row[0].text)).toEqual([
      'binary',
      'image',
      'pull (estimated)'
    ])
    for (const table of tables)
      for (const row of table.rows) expect(row).toHaveLength(table.header.length)
    const blocks = tokens.filter((t) => t.type === 'html').map((t) => (t as Tokens.HTML).raw.trim())
    expect(blocks).toEqual([
      commentMarker('default'),
      '<details><summary>Runtime needs</summary>',
      '</details>',
      '<details><summary>Build facts</summary>',
      '</details>'
    ])
    expect(tokens.at(-1)?.type === 'html' || tokens.at(-2)?.raw.trim() === '</details>').toBe(true)
  })

  test('no markup, link, image or mention comes from the baseline', () => {
    expect(html).not.toMatch(/<img|<a |<h1|<h2|<strong>bold/)
    expect(html.match(/<details>/g)).toHaveLength(2)
    expect(html.match(/<\/details>/g)).toHaveLength(2)
    // Shown, as text (capped, keeping both ends): the table header names it in code.
    expect(html).toContain('&lt;img src=x')
    // Outside code (where GitHub links nothing) the mention is broken by a zero-width space.
    const outsideCode = html.replace(/<code>[^<]*<\/code>/g, '')
    expect(outsideCode).toContain('@\u200boctocat')
    expect(outsideCode).not.toMatch(/@octocat|#1\b/)
  })

  test('a rejected binary whose interpreter is hostile keeps the same structure', () => {
    const rejected = rendered(
      report({
        binary: {
          ...goBinary,
          accepted: false,
          linkage: 'dynamic',
          interpreter: HOSTILE,
          summary: `dynamically linked: needs the program interpreter ${HOSTILE}`
        },
        image
      })
    )
    const flat = all(marked.lexer(rejected, { gfm: true }))
    expect(flat.filter((t) => t.type === 'heading')).toHaveLength(1)
    const out = marked.parse(rejected, { gfm: true, async: false }) as string
    expect(out).not.toMatch(/<img|<a |<h1|<strong>bold/)
    expect(out.match(/<details>/g)).toHaveLength(out.match(/<\/details>/g)?.length ?? -1)
    // The verdict is read before anything collapsed.
    expect(rejected.indexOf('> dynamically linked')).toBeLessThan(rejected.indexOf('<details>'))
  })
})

describe('two platforms: a hostile baseline and hostile strings in the other platform', () => {
  function twoPlatforms(): Report {
    const base = hostileBaseline()
    const arm: Report = {
      ...base,
      platform: 'linux/arm64',
      binary: {
        ...goBinary,
        path: `/tmp/out/${HOSTILE}`,
        accepted: false,
        linkage: 'dynamic',
        interpreter: HOSTILE,
        summary: `dynamically linked: needs the program interpreter ${HOSTILE}`
      },
      image: { ...image, smoke: { ran: false, why: HOSTILE } }
    }
    return { ...base, platform: 'linux/amd64', others: [arm] }
  }

  const current = twoPlatforms()
  const evaluation = evaluateGates(parseGateSettings({ 'max-size': '8MB' }), current)
  const body = renderReport(
    { ...current, gates: evaluation.gates },
    {
      commentKey: 'default',
      notes: [`linux/arm64: ${HOSTILE}`],
      noBaselineOf: { 'linux/arm64': HOSTILE }
    }
  )
  const out = marked.parse(body, { gfm: true, async: false }) as string

  test('one heading, sections that each close, no markup, link or mention from outside', () => {
    const flat = all(marked.lexer(body, { gfm: true }))
    expect(flat.filter((t) => t.type === 'heading')).toHaveLength(1)
    expect(out).not.toMatch(/<img|<a |<h1|<h2|<strong>bold/)
    expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length)
    const outsideCode = out.replace(/<code>[^<]*<\/code>/g, '')
    expect(outsideCode).not.toMatch(/@octocat|#1\b/)
    expect(body.split('\n').filter((line) => line.trim().startsWith('<!--'))).toEqual([
      commentMarker('default')
    ])
  })

  test('the smoke run that did not happen is not run, whatever its reason says', () => {
    expect(body).toMatch(/^\*\*Smoke test:\*\* linux\/arm64 not run: /m)
    expect(body).not.toMatch(/linux\/arm64 passed/)
  })
})
