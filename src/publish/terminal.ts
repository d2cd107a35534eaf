import { failureJson } from '../report/outcome.js'
import { serializeReport } from '../report/schema.js'
import type { Failed } from '../report/outcome.js'
import type { Publisher } from './publisher.js'

export interface TerminalPrinterOptions {
  /** `--json`: the report JSON, or on failure one JSON object with the error. */
  readonly json: boolean
  /** stdout. */
  readonly out: (text: string) => void
  /** The exit code the face will return for this failure, for the JSON to name. */
  readonly exitCodeOf: (failed: Failed) => number
}

/**
 * stdout of `from-scratch build`: the markdown report, or with `--json` the
 * report JSON. With `--json` a failed build prints the error and what was
 * done before it, so stdout is never empty; without it the face's message on
 * stderr says it all.
 */
export function terminalPrinter(options: TerminalPrinterOptions): Publisher {
  return {
    name: 'terminal',
    async publish(end) {
      if (end.outcome === 'reported') {
        options.out(
          options.json ? serializeReport(end.composed.report).trimEnd() : end.composed.markdown
        )
      } else if (options.json) {
        options.out(JSON.stringify(failureJson(end, options.exitCodeOf(end)), null, 2))
      }
      return {}
    }
  }
}
