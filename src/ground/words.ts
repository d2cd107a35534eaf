import { parseList } from './input-parse.js'
import { UserError } from './errors.js'

// We never hand a user string to a shell, so anything a shell would act on
// (several commands, pipes, redirections, substitutions, variables) would
// silently mean something else here. Reject it and say where it belongs.
const OPERATORS = ['&&', '||', '>>', '|', ';', '>', '<', '&', '`', '(', ')']

function rejected(what: string, operator: string): UserError {
  const shown = operator === '\n' ? 'a line break' : `\`${operator}\``
  return new UserError(
    `${what}: ${shown} needs a shell, and from-scratch runs ${what} without one. ` +
      'Put the commands in a script (e.g. build.sh, committed as executable) and set ' +
      `${what} to call it, e.g. \`./build.sh\`.`
  )
}

/** `$(`, `${` or `$NAME` at `i`: what a shell would substitute and we would not. */
function substitution(input: string, i: number): string | undefined {
  if (input[i] !== '$') return undefined
  const next = input[i + 1] ?? ''
  if (next === '(' || next === '{') return `$${next}`
  return /^\$[A-Za-z_]\w*/.exec(input.slice(i))?.[0]
}

/**
 * Splits a command line into words the way a POSIX shell would for plain
 * words: whitespace separates, '…' is literal, "…" allows \" \\ \$ \`, and an
 * unquoted backslash escapes the next character (backslash-newline joins lines).
 * `what` names the input in error messages.
 */
export function splitWords(text: string, what: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  const input = text.trim()
  while (i < input.length) {
    const ch = input[i]
    if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
      continue
    }
    if (ch === '\n' || ch === '\r') throw rejected(what, '\n')
    if (ch === "'") {
      const end = input.indexOf("'", i + 1)
      if (end < 0) throw new UserError(`${what}: a single quote (') is never closed.`)
      word += input.slice(i + 1, end)
      inWord = true
      i = end + 1
      continue
    }
    if (ch === '"') {
      i++
      for (;;) {
        if (i >= input.length) throw new UserError(`${what}: a double quote (") is never closed.`)
        const c = input[i]
        if (c === '"') break
        if (c === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input[i + 1])) {
          if (input[i + 1] !== '\n') word += input[i + 1]
          i += 2
          continue
        }
        if (c === '`') throw rejected(what, '`')
        const variable = substitution(input, i)
        if (variable) throw rejected(what, variable)
        word += c
        i++
      }
      inWord = true
      i++
      continue
    }
    if (ch === '\\') {
      if (i + 1 >= input.length) throw new UserError(`${what}: ends with a lone backslash.`)
      if (input[i + 1] !== '\n') {
        word += input[i + 1]
        inWord = true
      }
      i += 2
      continue
    }
    const operator = substitution(input, i) ?? OPERATORS.find((op) => input.startsWith(op, i))
    if (operator) throw rejected(what, operator)
    word += ch
    inWord = true
    i++
  }
  if (inWord) words.push(word)
  return words
}

/** Splits a newline- or comma-separated list input; blanks dropped. */
export function splitList(entries: readonly string[] | string): string[] {
  return (typeof entries === 'string' ? [entries] : entries).flatMap((entry) => parseList(entry))
}

/** An argv shown in the log so a person can paste it into a shell. */
export function showCommand(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ')
}
