import type { Annotation } from './annotation.js'
import { escapeControl } from './log-safety.js'

export type { Annotation }

/**
 * What stages may say while they work. The action maps it to @actions/core,
 * the terminal to stderr, tests to an array; stages never import either.
 */
export interface Log {
  info(message: string): void
  warning(message: string): void
  annotate(annotation: Annotation): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
}

function where(a: Annotation): string {
  if (!a.file) return ''
  return `${a.file}${a.line ? `:${a.line}` : ''}${a.line && a.column ? `:${a.column}` : ''}: `
}

/** Writes to the terminal with control bytes escaped: no message can drive the terminal. */
function say(text: string): void {
  process.stderr.write(`${escapeControl(text)}\n`)
}

/** Log for the terminal: progress on stderr, so that stdout holds only the report. */
export const terminalLog: Log = {
  info: (message) => say(message),
  warning: (message) => say(`warning: ${message}`),
  annotate: (a) => say(`${where(a)}${a.severity}: ${a.message}`),
  async group(title, work) {
    say(`== ${title}`)
    return work()
  }
}
