import * as actionsExec from '@actions/exec'
import type { ChildProcess } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { Writable } from 'node:stream'
import { childEnv } from './ground/child-env.js'
import {
  OutputTail,
  PIPE_CLOSE_GRACE_MS,
  ProgramNotFoundError,
  terminate,
  type Exec,
  type ExecOptions,
  type ExecResult
} from './ground/exec.js'
import {
  neutralizeCommands,
  resumeCommandsLine,
  stopCommandsLine,
  stopCommandsToken
} from './ground/log-safety.js'

/** Where the job log goes: the runner reads the step's stdout. */
export type LogWriter = (text: string | Buffer) => void

const toStdout: LogWriter = (text) => {
  process.stdout.write(text)
}

/**
 * Runs programs on a runner with @actions/exec, so that each command shows in
 * the job log as `[command]/usr/bin/go build …`, the way other actions show
 * theirs. On top of it:
 * - children get the scrubbed environment (no inputs, no tokens);
 * - `echo` output streams into the log between `::stop-commands::<token>` and
 *   `::<token>::`, so nothing a build prints is taken as a workflow command;
 *   the command line of a quiet probe is neutralized instead;
 * - only a bounded tail of each stream stays in memory;
 * - `timeoutMs` stops the program (SIGTERM, then SIGKILL).
 */
export function actionExec(write: LogWriter = toStdout): Exec {
  return {
    async run(file, args, options = {}) {
      const token = options.echo ? stopCommandsToken() : null
      const log = new LogStream(write, options.echo === true)
      if (token !== null) write(`${stopCommandsLine(token)}\n`)
      try {
        return await runWithActionsExec(file, args, options, log)
      } finally {
        if (token !== null) {
          if (!log.atLineStart) write('\n')
          write(`${resumeCommandsLine(token)}\n`)
        }
      }
    }
  }
}

/**
 * What @actions/exec writes: first the command line, then (with `echo`) the
 * program's output. The command line is neutralized when it is all we show,
 * since file names in it come from the repository.
 */
class LogStream extends Writable {
  atLineStart = true
  private commandShown = false
  constructor(
    private readonly writeLog: LogWriter,
    private readonly echo: boolean
  ) {
    super()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    if (!this.commandShown) {
      this.commandShown = true
      this.emitText(this.echo ? chunk : neutralizeCommands(chunk.toString('utf8')))
    } else if (this.echo) {
      this.emitText(chunk)
    }
    done()
  }

  private emitText(text: string | Buffer): void {
    if (text.length === 0) return
    this.writeLog(text)
    const last = typeof text === 'string' ? text.charCodeAt(text.length - 1) : text[text.length - 1]
    this.atLineStart = last === 0x0a
  }
}

async function runWithActionsExec(
  file: string,
  args: readonly string[],
  options: ExecOptions,
  log: LogStream
): Promise<ExecResult> {
  const out = new OutputTail()
  const err = new OutputTail()
  // @actions/exec does not hand out its ChildProcess; node announces every new one on this channel.
  const started: ChildProcess[] = []
  const onChild = (message: unknown): void => {
    const child = (message as { process?: ChildProcess }).process
    if (!child) return
    started.push(child)
    // Announced before its pipes exist. A program that exits without reading its input makes
    // the write of it fail with EPIPE, which @actions/exec does not catch: that is no failure of ours.
    queueMicrotask(() => child.stdin?.on('error', () => undefined))
  }
  subscribe('child_process', onChild)
  let timedOut = false
  let cancelKill: (() => void) | undefined
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true
          const ours = started.filter((child) => isOurs(child, args))
          const kills = ours.map((child) => terminate((signal) => child.kill(signal)))
          cancelKill = () => kills.forEach((cancel) => cancel())
        }, options.timeoutMs)
  try {
    const exitCode = await actionsExec.exec(file, [...args], {
      cwd: options.cwd,
      env: childEnv(process.env, options.env),
      // An empty input still closes stdin: a program that reads it must not wait forever.
      input: Buffer.from(options.input ?? ''),
      ignoreReturnCode: true,
      outStream: log,
      errStream: log,
      delay: PIPE_CLOSE_GRACE_MS,
      listeners: {
        stdout: (chunk) => out.push(chunk),
        stderr: (chunk) => err.push(chunk)
      }
    })
    return {
      // A program killed by a signal has no exit code.
      exitCode: (exitCode as number | null) ?? 128,
      stdout: out.text(),
      stderr: err.text(),
      timedOut
    }
  } catch (error) {
    if (error instanceof Error && /Unable to locate executable file/.test(error.message))
      throw new ProgramNotFoundError(file)
    throw error
  } finally {
    if (timer) clearTimeout(timer)
    cancelKill?.()
    unsubscribe('child_process', onChild)
  }
}

/** The process @actions/exec started for this call: same arguments, still running. */
function isOurs(child: ChildProcess, args: readonly string[]): boolean {
  const spawned = child.spawnargs.slice(1)
  return (
    child.exitCode === null &&
    child.signalCode === null &&
    spawned.length === args.length &&
    spawned.every((arg, i) => arg === args[i])
  )
}
