import { escapeControl, neutralizeCommands } from './log-safety.js'

/**
 * Text for a terminal (and for a runner's log, where the CLI may run in a
 * `run:` step). Pure.
 */

/** Line and paragraph separators a terminal or an editor may break at, besides \n and \r. */
const BREAKS = /[\n\r\t\v\f\u0085\u2028\u2029]/g

/**
 * A value read from a binary, a file name or a baseline, shown inside one
 * line: every control byte escaped, line breaks and tabs included, so it can
 * neither start a line of its own nor drive the terminal; and a value that
 * would itself begin a line with `::` (a workflow command) gets its colon
 * escaped.
 */
export function oneLine(value: string): string {
  const flat = escapeControl(value.replace(BREAKS, (c) => escapeBreak(c))).replace(/##\[/g, '##\\[')
  return LEADING_COMMAND.test(flat) ? flat.replace(':', '\\x3a') : flat
}

/** A line the runner takes for a command: `::` after the blanks it strips (log-safety.ts's set). */
const LEADING_COMMAND = /^[\s\p{Z}\p{Cc}\u200b-\u200f\u2060\ufeff]*::/u

function escapeBreak(char: string): string {
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
}

/**
 * The last guard on everything the CLI prints: control bytes escaped (tabs
 * and line breaks kept), and no line the runner would take as a workflow
 * command, whatever a value held.
 */
export function terminalSafe(text: string): string {
  return neutralizeCommands(escapeControl(text).replace(/\r\n/g, '\n'))
}
