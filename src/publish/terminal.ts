import { failureJson } from '../report/outcome.js'
import { serializeReport } from '../report/schema.js'
import type { Failed } from '../report/outcome.js'
import type { Publisher } from './publisher.js'
import { imageReference, summaryLines, type SummaryOptions } from './terminal-summary.js'

export interface TerminalPrinterOptions {
  /** `--json`: the report JSON, or on failure one JSON object with the error. */
  readonly json: boolean
  /** stdout. */
  readonly out: (text: string) => void
  /** The exit code the face will return for this failure, for the JSON to name. */
  readonly exitCodeOf: (failed: Failed) => number
}

/**
 * stdout of `from-scratch build`: the image reference and nothing else (so
 * `docker run "$(from-scratch build)"` works, as with `ko build`), or with
 * `--json` the report JSON. With `--json` a failed build prints the error and
 * what was done before it, so stdout is never empty; without it stdout stays
 * empty and stderr says it all.
 */
export function terminalPrinter(options: TerminalPrinterOptions): Publisher {
  return {
    name: 'terminal',
    async publish(end) {
      if (end.outcome === 'reported') {
        if (options.json) options.out(serializeReport(end.composed.report).trimEnd())
        else {
          const reference = imageReference(end.composed.report)
          if (reference !== null) options.out(reference)
        }
      } else if (options.json) {
        options.out(JSON.stringify(failureJson(end, options.exitCodeOf(end)), null, 2))
      }
      return {}
    }
  }
}

/** `--markdown FILE`: the PR comment's markdown, written where the face says. */
export function markdownWriter(write: (markdown: string) => Promise<void>): Publisher {
  return {
    name: 'markdown',
    async publish(end) {
      if (end.outcome === 'reported') await write(end.composed.markdown)
      return {}
    }
  }
}

/** stderr's short summary: verdict, sizes and changes, gates, causes, extras, kept files. */
export function summaryPrinter(err: (text: string) => void, options: SummaryOptions): Publisher {
  return {
    name: 'summary',
    async publish(end) {
      const lines = summaryLines(end, options)
      if (lines.length > 0) err(lines.join('\n'))
      return {}
    }
  }
}
