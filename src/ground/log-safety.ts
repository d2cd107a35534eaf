import type * as Crypto from 'node:crypto'
import { onFirstUse } from './on-first-use.js'

const crypto = onFirstUse<typeof Crypto>('node:crypto')

/**
 * Untrusted text (compiler output, strings from a binary, file names) in the
 * job log and the terminal. Pure.
 *
 * The runner reads every line of a step's stdout and stderr for workflow
 * commands: `::name::data` when the line starts with `::` after leading
 * blanks, and the legacy `##[name]data` anywhere in a line. Lines are split
 * at `\n`, `\r\n` and a lone `\r`.
 */

/** Blanks the runner strips before looking for `::` (.NET TrimStart), and more to be safe. */
const LEADING = /^[\s\p{Z}\p{Cc}\u200b-\u200f\u2060\ufeff]*/u

/**
 * The text with no line that the runner would take as a command: a line that
 * would start with `::` gets a `\` in front, and `##[` becomes `##\[`.
 * Lines that are no commands stay as they were.
 */
export function neutralizeCommands(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => {
      if (part === '\n' || part === '\r' || part === '\r\n') return part
      const blanks = LEADING.exec(part)?.[0] ?? ''
      const line = part.slice(blanks.length).startsWith('::') ? `\\${part}` : part
      return line.replace(/##\[/g, '##\\[')
    })
    .join('')
}

/** True when a line is a workflow command as the runner reads it (what the tests check). */
export function isWorkflowCommand(line: string): boolean {
  const blanks = LEADING.exec(line)?.[0] ?? ''
  return line.slice(blanks.length).startsWith('::') || line.includes('##[')
}

/**
 * A fresh token for `::stop-commands::<token>`: while it is active the runner
 * takes nothing as a command except `::<token>::`, which resumes. Random, so
 * output cannot guess it.
 */
export function stopCommandsToken(): string {
  return `from-scratch-${crypto().randomBytes(16).toString('hex')}`
}

export function stopCommandsLine(token: string): string {
  return `::stop-commands::${token}`
}

export function resumeCommandsLine(token: string): string {
  return `::${token}::`
}

/**
 * C0 and C1 control characters (ESC, BEL, backspace, a lone CR…), DEL and the
 * bidirectional overrides as visible `\xNN`/`\uNNNN` escapes, so that text
 * printed to a terminal cannot move the cursor, recolour, retitle or reorder
 * what is shown. Tabs and newlines (also `\r\n`) stay.
 */
export function escapeControl(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (char) => {
      const code = char.charCodeAt(0)
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`
    }
  )
}
