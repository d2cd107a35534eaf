import type * as ChildProcess from 'node:child_process'
import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import { childEnv } from './child-env.js'
import { escapeControl } from './log-safety.js'
import { onFirstUse } from './on-first-use.js'

const childProcess = onFirstUse<typeof ChildProcess>('node:child_process')

/** What a finished program left behind. A non-zero exit is data, not an exception. */
export interface ExecResult {
  readonly exitCode: number
  /** At most OUTPUT_KEPT_BYTES of each stream: the tail, when a program printed more. */
  readonly stdout: string
  readonly stderr: string
  /** True when the program was killed because it ran past `timeoutMs`. */
  readonly timedOut: boolean
}

export interface ExecOptions {
  readonly cwd?: string
  /**
   * Added to (and overriding) the inherited environment. The inherited part
   * never holds inputs or tokens (see child-env.ts); what is given here is
   * passed as is.
   */
  readonly env?: Readonly<Record<string, string>>
  /**
   * Written to the program's standard input, which is then closed: text, or
   * bytes as they come (e.g. an archive while it is being made), so the
   * program can start before its input is ready. A stream that fails closes
   * the input early; the program's result says what it made of that.
   */
  readonly input?: string | NodeJS.ReadableStream
  /** SIGTERM after this long, SIGKILL a few seconds later; the result says `timedOut`. */
  readonly timeoutMs?: number
  /**
   * Show the program's output while it runs (builds): the action streams it
   * into the job log, where the runner takes none of it as a command; the
   * terminal prints it on stderr with control bytes escaped.
   */
  readonly echo?: boolean
}

/** The one way from-scratch runs a program: a file and an argv array, never a shell string. */
export interface Exec {
  run(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>
}

/** The program itself could not be started (usually: not installed). */
export class ProgramNotFoundError extends Error {
  override readonly name = 'ProgramNotFoundError'
  constructor(readonly program: string) {
    super(`${program}: not found on PATH`)
  }
}

/** How much of each output stream a result keeps in memory; the log gets all of it. */
export const OUTPUT_KEPT_BYTES = 4 * 1024 * 1024
/** Between SIGTERM (a build tool passes it to its children) and SIGKILL. */
export const KILL_GRACE_MS = 5_000
/** How long to wait for output pipes after the program exited (a leftover grandchild may hold them). */
export const PIPE_CLOSE_GRACE_MS = 10_000

/** The last `limit` bytes of a stream, in memory; earlier chunks are dropped as new ones come. */
export class OutputTail {
  private chunks: Buffer[] = []
  private size = 0
  private dropped = false
  constructor(private readonly limit: number = OUTPUT_KEPT_BYTES) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.size += chunk.length
    while (this.chunks.length > 1 && this.size - this.chunks[0].length >= this.limit) {
      this.size -= this.chunks[0].length
      this.chunks.shift()
      this.dropped = true
    }
  }

  /** The kept text; when the start was dropped, it begins at a whole line after a note saying so. */
  text(): string {
    const all = Buffer.concat(this.chunks)
    if (!this.dropped && all.length <= this.limit) return all.toString('utf8')
    const kept = all.subarray(all.length - this.limit).toString('utf8')
    const newline = kept.indexOf('\n')
    const whole = newline >= 0 && newline < kept.length - 1 ? kept.slice(newline + 1) : kept
    return `[… earlier output not kept; the log has all of it]\n${whole}`
  }
}

/** SIGTERM now and SIGKILL after the grace period unless it exited; returns a cancel. */
export function terminate(kill: (signal: NodeJS.Signals) => void): () => void {
  kill('SIGTERM')
  const hard = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS)
  hard.unref()
  return () => clearTimeout(hard)
}

/** Writes to a terminal stream with control bytes escaped; UTF-8 split across chunks stays whole. */
function terminalEcho(stream: NodeJS.WriteStream): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8')
  return (chunk) => stream.write(escapeControl(decoder.write(chunk)))
}

/** Gives a program its input (see ExecOptions.input); never throws, since the program may stop reading. */
export function feedInput(stdin: Writable, input: ExecOptions['input']): void {
  if (typeof input === 'object') pipeline(input, stdin).catch(() => undefined)
  else stdin.end(input ?? '')
}

/**
 * Runs programs with node's child_process: the terminal's adapter (and the
 * tests'). Output echoes to stderr, so that stdout holds only the report.
 */
export const systemExec: Exec = {
  run(file, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = childProcess().spawn(file, [...args], {
        cwd: options.cwd,
        env: childEnv(process.env, options.env),
        shell: false,
        stdio: ['pipe', 'pipe', 'pipe']
      })
      const out = new OutputTail()
      const err = new OutputTail()
      const echoOut = options.echo ? terminalEcho(process.stderr) : undefined
      const echoErr = options.echo ? terminalEcho(process.stderr) : undefined
      let timedOut = false
      let cancelKill: (() => void) | undefined
      let pipeTimer: NodeJS.Timeout | undefined
      let settled = false
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true
              cancelKill = terminate((signal) => child.kill(signal))
            }, options.timeoutMs)
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (settled) return
        settled = true
        if (timer) clearTimeout(timer)
        if (pipeTimer) clearTimeout(pipeTimer)
        cancelKill?.()
        resolve({
          exitCode: code ?? (signal ? 128 : 1),
          stdout: out.text(),
          stderr: err.text(),
          timedOut
        })
      }
      child.stdout.on('data', (chunk: Buffer) => {
        out.push(chunk)
        echoOut?.(chunk)
      })
      child.stderr.on('data', (chunk: Buffer) => {
        err.push(chunk)
        echoErr?.(chunk)
      })
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer)
        settled = true
        if (error.code === 'ENOENT') reject(new ProgramNotFoundError(file))
        else reject(error)
      })
      child.on('exit', (code, signal) => {
        if (settled) return
        // A grandchild that outlives the program may keep the pipes open: do not wait for it forever.
        pipeTimer = setTimeout(() => {
          child.stdout.destroy()
          child.stderr.destroy()
          finish(code, signal)
        }, PIPE_CLOSE_GRACE_MS)
      })
      child.on('close', finish)
      child.stdin.on('error', () => {
        // The program may exit without reading its input; that is not our failure.
      })
      feedInput(child.stdin, options.input)
    })
  }
}
