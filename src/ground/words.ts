import { parseList } from './input-parse.js'
import { UserError } from './errors.js'

// We never hand a user string to a shell, so anything a shell would act on
// (several commands, pipes, redirections, substitutions, variables) would
// silently mean something else here. Reject it and say where it belongs;
// only `$NAME`/`${NAME}` are expanded, where the caller gives the environment.
const OPERATORS = ['&&', '||', '>>', '|', ';', '>', '<', '&', '`', '(', ')']

/** Characters a shell would glob with, unquoted; without a shell they would stay literal. */
const GLOB = ['*', '?', '[']

function rejected(what: string, operator: string): UserError {
  const shown = operator === '\n' ? 'a line break' : `\`${operator}\``
  const glob = GLOB.includes(operator) ? ' (an unquoted glob; quote it to pass it as it is)' : ''
  return new UserError(
    `${what}: ${shown}${glob} needs a shell, and from-scratch runs ${what} without one. ` +
      'Put the commands in a script (e.g. build.sh, committed as executable) and set ' +
      `${what} to call it, e.g. \`./build.sh\`.`
  )
}

/** Variables a word may name, as the program will see them; undefined means unset. */
export type WordEnv = Readonly<Record<string, string | undefined>>

/**
 * `$NAME` or `${NAME}` at `i` (i at the `$`): the name and how many characters
 * it takes, or null for `$` that starts nothing (a lone `$` stays literal).
 * Anything else after `$` (`$(`, `$1`, `${NAME:-x}`) is what a shell would do
 * and we would not: a UserError.
 */
function variableAt(
  input: string,
  i: number,
  what: string
): { name: string; length: number } | null {
  const rest = input.slice(i)
  const plain = /^\$([A-Za-z_]\w*)/.exec(rest)
  if (plain) return { name: plain[1], length: plain[0].length }
  const braced = /^\$\{([A-Za-z_]\w*)\}/.exec(rest)
  if (braced) return { name: braced[1], length: braced[0].length }
  const next = rest[1] ?? ''
  if (next === '(') throw rejected(what, '$(')
  if (next === '{') throw rejected(what, /^\$\{[^}]*\}?/.exec(rest)?.[0] ?? '${')
  if (/[\d@*#?$!-]/.test(next)) throw rejected(what, `$${next}`)
  return null
}

/** An environment where every name is set (to nothing): checks a command line before its environment is known. */
export const ANY_ENV: WordEnv = new Proxy({}, { get: () => '' })

function valueOf(name: string, env: WordEnv, what: string): string {
  const value = env[name]
  if (value === undefined) {
    throw new UserError(
      `${what}: $${name} is not set in the build's environment, so it would expand to nothing. ` +
        "Set it in the step's `env:`, or write the value itself."
    )
  }
  return value
}

/**
 * Splits a command line into words the way a POSIX shell would for plain
 * words: whitespace separates, '…' is literal, "…" allows \" \\ \$ \`, and an
 * unquoted backslash escapes the next character (backslash-newline joins lines).
 * `what` names the input in error messages.
 *
 * With `env`, `$NAME` and `${NAME}` expand from it as a shell would: inside
 * double quotes to one piece of a word, unquoted split at whitespace, never
 * globbed; an unset name is an error. Without `env` any variable is refused.
 * Pipes, `;`, redirections and command substitution are always refused, and
 * with `env` unquoted glob characters too, with a message that says to use a script.
 */
export function splitWords(text: string, what: string, env?: WordEnv): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  const input = text.trim()
  /** The variable at `i`, expanded, or null when `$` is literal there; refused without env. */
  const expand = (): { value: string; length: number } | null => {
    const variable = variableAt(input, i, what)
    if (variable === null) return null
    if (env === undefined) throw rejected(what, input.slice(i, i + variable.length))
    return { value: valueOf(variable.name, env, what), length: variable.length }
  }
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
        if (c === '$') {
          const expanded = expand()
          if (expanded !== null) {
            word += expanded.value
            i += expanded.length
            continue
          }
        }
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
    if (ch === '$') {
      const expanded = expand()
      if (expanded !== null) {
        // Unquoted: split at whitespace as a shell does; nothing is globbed.
        for (const c of expanded.value) {
          if (c === ' ' || c === '\t' || c === '\n') {
            if (inWord) words.push(word)
            word = ''
            inWord = false
          } else {
            word += c
            inWord = true
          }
        }
        i += expanded.length
        continue
      }
    }
    // Globs are refused only for a command line (with env); in other word inputs
    // (smoke-test, entrypoint-args) nothing would expand them either way.
    const operator =
      OPERATORS.find((op) => input.startsWith(op, i)) ??
      (env === undefined ? undefined : GLOB.find((g) => g === ch))
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
