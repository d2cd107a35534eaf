import { isWorkflowCommand } from '../../src/ground/log-safety.js'

/**
 * The lines of a step's output that the runner would act on as workflow
 * commands: lines split as the runner splits them, skipping everything
 * between `::stop-commands::<token>` and `::<token>::`.
 */
export function commandsOutsideStop(output: string): string[] {
  const found: string[] = []
  let token: string | null = null
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (token !== null) {
      if (line.trim().toLowerCase() === `::${token}::`.toLowerCase()) token = null
      continue
    }
    const stop = /^\s*::stop-commands::(.+)$/.exec(line)
    if (stop) token = stop[1]
    else if (isWorkflowCommand(line)) found.push(line)
  }
  return found
}

/** Commands from @actions/core itself; anything else outside a stop block was injected. */
const OURS = /^::(group|endgroup|debug|error|warning|notice|add-mask)(\s[^:]*)?::/

/** Command lines outside stop blocks that from-scratch did not mean to write. */
export function injectedCommands(output: string): string[] {
  return commandsOutsideStop(output).filter((line) => !OURS.test(line))
}
