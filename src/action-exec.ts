import { childEnv } from './ground/child-env.js'
import { runInGroup, whichProgram, type Echo, type Exec } from './ground/exec.js'
import {
  neutralizeCommands,
  resumeCommandsLine,
  stopCommandsLine,
  stopCommandsToken
} from './ground/log-safety.js'

/**
 * Runs programs on a runner. Each command shows in the job log as
 * `[command]/usr/bin/go build …`, the line @actions/exec writes, so that ours
 * read like other actions' commands. On top of the terminal's adapter (a
 * process group of its own per program, ended on timeout and once the
 * program exits; scrubbed environment; bounded tail):
 * - `echo` output streams into the log between `::stop-commands::<token>`
 *   and `::<token>::`, so nothing a build prints is taken as a workflow
 *   command; the resume line is written only when no process of the build
 *   is left to print after it. The command line of a quiet probe is
 *   neutralized instead;
 * - a log that cannot keep up pauses the program's pipes instead of piling
 *   its output up here.
 * Not @actions/exec itself: it cannot start a program in a group of its own,
 * and goes on writing what a leftover grandchild prints after it returned.
 * `log` is where the job log goes: the runner reads the step's stdout.
 */
export function actionExec(log: NodeJS.WritableStream = process.stdout): Exec {
  return {
    async run(file, args, options = {}) {
      // Resolved as the program will be found: the command line names the file that runs.
      const path = await whichProgram(
        file,
        childEnv(process.env, options.env).PATH ?? '',
        options.cwd
      )
      const commandLine = [path, ...args].join(' ')
      const token = options.echo ? stopCommandsToken() : null
      const stream = new LogStream(log)
      if (token !== null) log.write(`${stopCommandsLine(token)}\n`)
      try {
        // File names in it come from the repository: neutralized when it is not inside the block.
        stream.write(`[command]${token === null ? neutralizeCommands(commandLine) : commandLine}\n`)
        return await runInGroup(path, args, options, token === null ? undefined : stream.echo)
      } finally {
        if (token !== null) {
          if (!stream.atLineStart) log.write('\n')
          log.write(`${resumeCommandsLine(token)}\n`)
        }
      }
    }
  }
}

/** The job log for one command: whether it ends a line, and a wait when it is behind. */
class LogStream {
  atLineStart = true
  constructor(private readonly log: NodeJS.WritableStream) {}

  write(text: string | Buffer): Promise<void> | undefined {
    if (text.length === 0) return undefined
    const last = typeof text === 'string' ? text.charCodeAt(text.length - 1) : text[text.length - 1]
    this.atLineStart = last === 0x0a
    if (this.log.write(text)) return undefined
    return new Promise((resolve) => this.log.once('drain', () => resolve()))
  }

  readonly echo: Echo = (chunk) => this.write(chunk)
}
