/** A message GitHub shows on a line of a file (core.error / core.warning / core.notice). */
export interface Annotation {
  readonly severity: 'error' | 'warning' | 'notice'
  readonly message: string
  /** Path relative to the workspace; absent when the file lies outside it. */
  readonly file?: string
  readonly line?: number
  readonly column?: number
  /** Short heading, e.g. `go build` or `musl-gcc`. */
  readonly title?: string
}
