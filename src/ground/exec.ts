import type * as ChildProcess from 'node:child_process'
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { delimiter, isAbsolute, join, resolve as resolvePath } from 'node:path'
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
  /**
   * SIGTERM to the program and everything it started after this long, SIGKILL
   * a few seconds later; the result says `timedOut`.
   */
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
/**
 * How long output pipes may stay open after the program exited: its last
 * output is in flight for milliseconds; a leftover grandchild holding them
 * is killed after this.
 */
export const PIPE_CLOSE_GRACE_MS = 2_000

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
function terminalEcho(stream: NodeJS.WriteStream): Echo {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }
  return (chunk, from) => {
    stream.write(escapeControl(decoders[from].write(chunk)))
  }
}

/** Gives a program its input (see ExecOptions.input); never throws, since the program may stop reading. */
export function feedInput(stdin: Writable, input: ExecOptions['input']): void {
  if (typeof input === 'object') pipeline(input, stdin).catch(() => undefined)
  else stdin.end(input ?? '')
}

/**
 * A program and everything it starts: it runs as the leader of a process
 * group (a session) of its own, so a signal to the group reaches the
 * grandchildren a build leaves behind (`(sleep 60; echo …) &`), which a
 * signal to the program alone never does.
 */
class ProcessGroup {
  constructor(private readonly child: ChildProcess.ChildProcess) {}

  kill(signal: NodeJS.Signals): void {
    const pid = this.child.pid
    if (pid === undefined) return
    try {
      process.kill(-pid, signal)
    } catch (error) {
      // ESRCH: nobody is left in the group. Anything else: at least the program itself.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') this.child.kill(signal)
    }
  }
}

/*
 * Groups still running. A detached group does not get the terminal's Ctrl-C
 * or the runner's cancel (they go to our own group), so we pass them on
 * before going down the default way; and a process exit kills what is left.
 */
const live = new Set<ProcessGroup>()
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * Passes the signal on, then lets each run end the way it ends anyway (what
 * ignored the signal, like a shell's background job ignores SIGINT, is killed
 * with its group) for at most PIPE_CLOSE_GRACE_MS and a second, before the
 * signal does to us what it would have done. A second signal meanwhile acts
 * at once: ours are no longer listening.
 */
function forward(signal: NodeJS.Signals): void {
  for (const name of FORWARDED) process.removeListener(name, forward)
  for (const group of live) group.kill(signal)
  const end = (): void => {
    clearInterval(poll)
    clearTimeout(deadline)
    killAllOnExit()
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  const poll = setInterval(() => {
    if (live.size === 0) end()
  }, 50)
  const deadline = setTimeout(end, PIPE_CLOSE_GRACE_MS + 1_000)
}

function killAllOnExit(): void {
  for (const group of live) group.kill('SIGKILL')
}

function track(group: ProcessGroup): () => void {
  if (live.size === 0) {
    for (const name of FORWARDED) process.on(name, forward)
    process.on('exit', killAllOnExit)
  }
  live.add(group)
  return () => {
    if (!live.delete(group) || live.size > 0) return
    for (const name of FORWARDED) process.removeListener(name, forward)
    process.removeListener('exit', killAllOnExit)
  }
}

/**
 * Where a running program's output goes as it comes (the log), besides the
 * kept tail. A promise back means the log is behind: the program's pipes
 * pause until it settles, so its output waits in the pipe, not in our memory.
 */
export type Echo = (chunk: Buffer, stream: 'stdout' | 'stderr') => void | Promise<void>

/**
 * Runs one program in a process group of its own, with its output kept (the
 * tail) and echoed, and settles only when nothing of it can print any more:
 * - on timeout the whole group gets SIGTERM, then SIGKILL;
 * - once the program exits, what is left of its group gets SIGKILL as soon as
 *   the output pipes close, or after PIPE_CLOSE_GRACE_MS if a leftover holds
 *   them (its pipes are then closed on our side).
 * So no grandchild outlives the build, and none prints after the result:
 * the action resumes workflow commands only then.
 */
export function runInGroup(
  file: string,
  args: readonly string[],
  options: ExecOptions,
  echo?: Echo
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(file, [...args], {
      cwd: options.cwd,
      env: childEnv(process.env, options.env),
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true
    })
    const group = new ProcessGroup(child)
    const untrack = track(group)
    const out = new OutputTail()
    const err = new OutputTail()
    let timedOut = false
    let cancelKill: (() => void) | undefined
    let pipeTimer: NodeJS.Timeout | undefined
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null
    let settled = false
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            cancelKill = terminate((signal) => group.kill(signal))
          }, options.timeoutMs)
    const stop = (): void => {
      settled = true
      if (timer) clearTimeout(timer)
      if (pipeTimer) clearTimeout(pipeTimer)
      cancelKill?.()
      untrack()
    }
    const finish = (): void => {
      if (settled) return
      // Whatever is left of the group (a grandchild that let go of the pipes) goes too.
      group.kill('SIGKILL')
      child.stdout.destroy()
      child.stderr.destroy()
      stop()
      const { code, signal } = exit ?? { code: null, signal: null }
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: out.text(),
        stderr: err.text(),
        timedOut
      })
    }
    const take = (tail: OutputTail, stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (settled) return
      tail.push(chunk)
      const behind = echo?.(chunk, stream)
      if (behind === undefined) return
      child.stdout.pause()
      child.stderr.pause()
      void behind.then(() => {
        child.stdout.resume()
        child.stderr.resume()
      })
    }
    child.stdout.on('data', take(out, 'stdout'))
    child.stderr.on('data', take(err, 'stderr'))
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return
      stop()
      if (error.code === 'ENOENT') reject(new ProgramNotFoundError(file))
      else reject(error)
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      // A grandchild that outlives the program may keep the pipes open: not for long.
      pipeTimer = setTimeout(finish, PIPE_CLOSE_GRACE_MS)
    })
    child.on('close', finish)
    child.stdin.on('error', () => {
      // The program may exit without reading its input; that is not our failure.
    })
    feedInput(child.stdin, options.input)
  })
}

/**
 * Where `file` is, found the way the program will be started: a path with a
 * slash as it is (from `cwd`), a bare name on `PATH`. Throws
 * ProgramNotFoundError when there is no executable file there.
 */
export async function whichProgram(file: string, path: string, cwd?: string): Promise<string> {
  const executable = async (candidate: string): Promise<boolean> => {
    try {
      await access(candidate, constants.X_OK)
      return (await stat(candidate)).isFile()
    } catch {
      return false
    }
  }
  const base = cwd ?? process.cwd()
  if (file.includes('/')) {
    const candidate = isAbsolute(file) ? file : resolvePath(base, file)
    if (await executable(candidate)) return candidate
    throw new ProgramNotFoundError(file)
  }
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir === '' ? base : resolvePath(base, dir), file)
    if (await executable(candidate)) return candidate
  }
  throw new ProgramNotFoundError(file)
}

/**
 * Runs programs with node's child_process: the terminal's adapter (and the
 * tests'). Output echoes to stderr, so that stdout holds only the report.
 */
export const systemExec: Exec = {
  run(file, args, options = {}) {
    return runInGroup(file, args, options, options.echo ? terminalEcho(process.stderr) : undefined)
  }
}
