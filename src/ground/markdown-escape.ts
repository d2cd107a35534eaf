/**
 * Strings from outside (repository paths, refs, module paths, strings from a
 * binary, anything read from a restored baseline) inside markdown that we
 * publish: the job summary and the pull-request comment. Pure.
 *
 * Whatever the string, it stays one inline piece of text: it cannot start a
 * heading, list, quote or table row, close our `<details>`, add HTML, end a
 * table cell, link, ping (`@user`) or reference (`#1`). Two ways:
 * - `code(text)`, the default: an inline code span, shown literally;
 * - `text(text)`: prose with every markdown character escaped, for places
 *   where code formatting would read badly.
 */

/** Control characters and line breaks: none of them may reach markdown raw. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g

/** One line: breaks become a space, other control characters `\xNN`/`\uNNNN` escapes. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ').replace(CONTROL, (char) => {
    const code = char.charCodeAt(0)
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * The longest run of backticks in `text`. A loop, not `Math.max(...runs)`:
 * spreading 125,000 runs overflows the stack, and any restored string may hold that many.
 */
function longestBacktickRun(text: string): number {
  let longest = 0
  let run = 0
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x60) {
      run++
      if (run > longest) longest = run
    } else {
      run = 0
    }
  }
  return longest
}

/**
 * An inline code span holding `value` literally. The fence is longer than any
 * run of backticks inside; `|` is escaped so that a table row stays whole
 * (GitHub removes that backslash inside tables; elsewhere it shows).
 */
export function code(value: string): string {
  const flat = oneLine(value).replace(/\|/g, '\\|')
  const longest = longestBacktickRun(flat)
  const fence = '`'.repeat(longest + 1)
  // A space on both sides keeps a backtick inside off the fence; markdown strips it again.
  const pad = longest > 0 || flat === '' ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/**
 * Prose, for places where code formatting would read badly; never at the
 * start of a line. Characters with an inline meaning (emphasis, code, links,
 * HTML, entities, strikethrough, table cells, math, autolinks) are
 * backslash-escaped, which CommonMark allows for any ASCII punctuation, and
 * `@` and `#` get a zero-width space, so that GitHub pings no user and
 * references no issue.
 */
export function text(value: string): string {
  return oneLine(value)
    .replace(/[\\`*_[\]<>&~|$]/g, (char) => `\\${char}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/[@#]/g, (char) => `${char}\u200b`)
}
