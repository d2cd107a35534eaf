import * as actionsExec from '@actions/exec'
import type { ChildProcess } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { Writable } from 'node:stream'
import { childEnv } from './ground/child-env.js'
import {
  feedInput,
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

/**
 * Runs programs on a runner with @actions/exec, so that each command shows in
 * the job log as `[command]/usr/bin/go build …`, the way other actions show
 * theirs. On top of it:
 * - children get the scrubbed environment (no inputs, no tokens);
 * - `echo` output streams into the log between `::stop-commands::<token>` and
 *   `::<token>::`, so nothing a build prints is taken as a workflow command;
 *   the command line of a quiet probe is neutralized instead;
 * - only a bounded tail of each stream stays in memory, and a log that cannot
 *   keep up pauses the program's pipes instead of piling its output up here;
 * - `timeoutMs` stops the program (SIGTERM, then SIGKILL).
 * `log` is where the job log goes: the runner reads the step's stdout.
 */
export function actionExec(log: NodeJS.WritableStream = process.stdout): Exec {
  return {
    async run(file, args, options = {}) {
      const token = options.echo ? stopCommandsToken() : null
      const children = new Children(
        args,
        typeof options.input === 'object' ? options.input : undefined
      )
      const stream = new LogStream(log, options.echo === true, children)
      if (token !== null) log.write(`${stopCommandsLine(token)}\n`)
      try {
        return await runWithActionsExec(file, args, options, stream, children)
      } finally {
        if (token !== null) {
          if (!stream.atLineStart) log.write('\n')
          log.write(`${resumeCommandsLine(token)}\n`)
        }
      }
    }
  }
}

/**
 * The processes @actions/exec starts for one call. It does not hand out its
 * ChildProcess, but node announces every new one on a diagnostics channel.
 */
class Children {
  private readonly started: ChildProcess[] = []
  private readonly onChild = (message: unknown): void => {
    const child = (message as { process?: ChildProcess }).process
    if (!child) return
    this.started.push(child)
    // Announced before its pipes exist. A program that exits without reading its input makes
    // the write of it fail with EPIPE, which @actions/exec does not catch: no failure of ours.
    queueMicrotask(() => {
      child.stdin?.on('error', () => undefined)
      // A streamed input goes to our program only (@actions/exec takes a whole buffer).
      if (this.input !== undefined && child.stdin && this.isOurs(child)) {
        const input = this.input
        this.input = undefined
        feedInput(child.stdin, input)
      }
    })
  }

  constructor(
    private readonly args: readonly string[],
    private input?: NodeJS.ReadableStream
  ) {}

  private isOurs(child: ChildProcess): boolean {
    const spawned = child.spawnargs.slice(1)
    return spawned.length === this.args.length && spawned.every((arg, i) => arg === this.args[i])
  }

  listen(): void {
    subscribe('child_process', this.onChild)
  }

  stop(): void {
    unsubscribe('child_process', this.onChild)
  }

  /** Ours: started with the same arguments, and still running. */
  running(): ChildProcess[] {
    return this.started.filter(
      (child) => child.exitCode === null && child.signalCode === null && this.isOurs(child)
    )
  }

  /** Stops reading the programs' output until `resume`: their pipes fill and they wait. */
  pause(): void {
    for (const child of this.running()) {
      child.stdout?.pause()
      child.stderr?.pause()
    }
  }

  resume(): void {
    for (const child of this.started) {
      child.stdout?.resume()
      child.stderr?.resume()
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
    private readonly log: NodeJS.WritableStream,
    private readonly echo: boolean,
    private readonly children: Children
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
    const last = typeof text === 'string' ? text.charCodeAt(text.length - 1) : text[text.length - 1]
    this.atLineStart = last === 0x0a
    if (!this.log.write(text)) {
      // The log is behind: hold the program's output in its pipe, not in our memory.
      this.children.pause()
      this.log.once('drain', () => this.children.resume())
    }
  }
}

async function runWithActionsExec(
  file: string,
  args: readonly string[],
  options: ExecOptions,
  log: LogStream,
  children: Children
): Promise<ExecResult> {
  const out = new OutputTail()
  const err = new OutputTail()
  children.listen()
  let timedOut = false
  let cancelKill: (() => void) | undefined
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true
          const kills = children.running().map((child) => terminate((signal) => child.kill(signal)))
          cancelKill = () => kills.forEach((cancel) => cancel())
        }, options.timeoutMs)
  try {
    const exitCode = await actionsExec.exec(file, [...args], {
      cwd: options.cwd,
      env: childEnv(process.env, options.env),
      // An empty input still closes stdin: a program that reads it must not wait forever.
      // A streamed input is piped in by `children` instead, as the program starts.
      ...(typeof options.input === 'object' ? {} : { input: Buffer.from(options.input ?? '') }),
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
    children.stop()
  }
}
