import type { Annotation } from './annotation.js'

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

/** Log for the terminal: progress on stderr, so that stdout holds only the report. */
export const terminalLog: Log = {
  info: (message) => process.stderr.write(`${message}\n`),
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  annotate: (a) => process.stderr.write(`${where(a)}${a.severity}: ${a.message}\n`),
  async group(title, work) {
    process.stderr.write(`== ${title}\n`)
    return work()
  }
}
