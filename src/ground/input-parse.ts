import { UserError } from './errors.js'

/** Newline- or comma-separated, as docker/build-push-action reads `tags`; blanks dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Newline-separated only: for values that may themselves hold commas (labels, files). */
export function parseLines(value: string): string[] {
  return value
    .split('\n')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

const TRUE_WORDS = ['true', 'True', 'TRUE']
const FALSE_WORDS = ['false', 'False', 'FALSE']

/** The YAML 1.2 core booleans, as @actions/core accepts them, with an error naming the input. */
export function parseBoolean(name: string, value: string): boolean {
  if (TRUE_WORDS.includes(value)) return true
  if (FALSE_WORDS.includes(value)) return false
  throw new UserError(`Input \`${name}\` is "${value}", but it must be \`true\` or \`false\`.`)
}

export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[]
): T {
  const found = choices.find((choice) => choice === value)
  if (found === undefined) {
    throw new UserError(
      `Input \`${name}\` is "${value}", but it must be one of: ${choices.map((c) => `\`${c}\``).join(', ')}.`
    )
  }
  return found
}
