import { marked } from 'marked'
import { code, text } from '../../src/ground/markdown-escape.js'

/** What GitHub-flavoured markdown makes of one line: its HTML, without the paragraph around it. */
function html(markdown: string): string {
  return (marked.parse(markdown, { gfm: true, async: false }) as string).trim()
}

describe('code', () => {
  test.each([
    ['plain', '`plain`'],
    ['a`b', '`` a`b ``'],
    ['``x', '``` ``x ```'],
    ['`', '`` ` ``'],
    ['a|b', '`a\\|b`'],
    ['two\nlines', '`two lines`'],
    ['cr\r\nlf\rx', '`cr lf x`'],
    ['esc\x1b[31m', '`esc\\x1b[31m`'],
    ['nul\x00', '`nul\\x00`'],
    ['', '`  `'],
    ['</details><!-- x -->', '`</details><!-- x -->`']
  ])('code(%j) → %s', (value, out) => {
    expect(code(value)).toBe(out)
  })

  test.each([
    'a`b``c',
    '</details>\n\n# heading',
    '<img src=x onerror=alert(1)>',
    '[link](https://example.com)',
    '**bold** _em_ ~~s~~',
    '@octocat #1'
  ])('%j renders as one code element holding the text', (value) => {
    const out = html(code(value))
    expect(out).toMatch(/^<p><code>[^<]*<\/code><\/p>$/)
  })
})

test('code() of 125,000 backtick runs: a fence one longer than the longest run, no stack overflow', () => {
  const runs = '`a'.repeat(125_000) + '```b'
  const out = code(runs)
  expect(out.startsWith('```` `a`a')).toBe(true)
  expect(out.endsWith('```b ````')).toBe(true)
})

describe('text', () => {
  test.each([
    ['plain words', 'plain words'],
    ['a*b*_c_', 'a\\*b\\*\\_c\\_'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['[a](b)', '\\[a\\](b)'],
    ['`x`', '\\`x\\`'],
    ['a|b', 'a\\|b'],
    ['$x$ ~~s~~', '\\$x\\$ \\~\\~s\\~\\~'],
    ['&amp;', '\\&amp;'],
    ['back\\slash', 'back\\\\slash'],
    ['@octocat #12', '@\u200boctocat #\u200b12'],
    ['https://x www.y', 'https\\://x www\\.y'],
    ['one\ntwo', 'one two'],
    ['bell\x07', 'bell\\\\x07']
  ])('text(%j) → %j', (value, out) => {
    expect(text(value)).toBe(out)
  })

  test.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['**bold** and [l](http://x)', '**bold** and [l](http://x)'],
    [
      'see https://evil.example and www.evil.example',
      'see https://evil.example and www.evil.example'
    ],
    ['mail me@evil.example', 'mail me@\u200bevil.example'],
    ['</details>', '&lt;/details&gt;'],
    ['a &amp; b', 'a &amp;amp; b']
  ])('%j renders as the same text and no markup', (value, shown) => {
    expect(html(`x ${text(value)}`)).toBe(`<p>x ${shown}</p>`)
  })
})
