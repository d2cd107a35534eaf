import { splitWords } from '../ground/words.js'
import { UserError } from '../ground/errors.js'
import { parseLines, parseList } from '../ground/input-parse.js'
import { checkArg, checkPort } from './dockerfile.js'
import { hasControlCharacter } from './reference.js'

// Parsers for the image inputs, for src/inputs.ts to call once. Each takes
// the raw input text and throws a UserError naming the input.

const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/

/** `labels`: one `key=value` per line, as docker/metadata-action prints them. */
export function parseLabels(value: string): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const line of parseLines(value)) {
    const eq = line.indexOf('=')
    const key = eq < 0 ? line : line.slice(0, eq)
    if (eq <= 0 || !LABEL_KEY.test(key)) {
      throw new UserError(`labels: "${line}" is not key=value.`, [
        'One label per line, e.g. org.opencontainers.image.description=My API; keys use letters, digits, ".", "-", "_" and "/".'
      ])
    }
    const text = line.slice(eq + 1)
    if (hasControlCharacter(text))
      throw new UserError(`labels: the value of ${key} contains a control character.`)
    labels[key] = text
  }
  return labels
}

/** `expose`: ports, newline- or comma-separated. */
export function parseExpose(value: string): string[] {
  return parseList(value).map(checkPort)
}

/**
 * `entrypoint-args`: either a JSON array of strings (the form the Dockerfile
 * gets) or words split like a shell would, without running one.
 */
export function parseEntrypointArgs(value: string): string[] {
  const text = value.trim()
  if (text === '') return []
  if (text.startsWith('[')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new UserError('entrypoint-args: starts with "[" but is not a JSON array.', [
        'Write a JSON array of strings, e.g. ["--port", "8080"], or plain words: --port 8080.'
      ])
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((item): item is string => typeof item === 'string')
    ) {
      throw new UserError('entrypoint-args: the JSON array must hold only strings.')
    }
    return parsed.map((arg) => checkArg(arg, 'entrypoint-args'))
  }
  return splitWords(text.replace(/\s*\n\s*/g, ' '), 'entrypoint-args')
}

/** `smoke-test`: '' means no smoke run; otherwise the args, split into words. */
export function parseSmokeTest(value: string): string[] | null {
  const text = value.trim()
  if (text === '' || text === 'false') return null
  // `true` means "run it with no arguments", as people write for a boolean-looking input.
  if (text === 'true') return []
  return splitWords(text, 'smoke-test')
}
