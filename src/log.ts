/** Where a file:line problem is shown (a GitHub annotation, or a plain line in a terminal). */
export interface Annotation {
  readonly file: string
  readonly line: number
  readonly column?: number
  readonly message: string
  readonly severity: 'error' | 'warning'
}

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

/** Log for the terminal: progress on stderr so that stdout holds only the report. */
export const terminalLog: Log = {
  info: (message) => process.stderr.write(`${message}\n`),
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  annotate: (a) =>
    process.stderr.write(
      `${a.file}:${a.line}${a.column ? `:${a.column}` : ''}: ${a.severity}: ${a.message}\n`
    ),
  async group(title, work) {
    process.stderr.write(`== ${title}\n`)
    return work()
  }
}
