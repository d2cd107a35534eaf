import { spawn } from 'node:child_process'

/** What a finished program left behind. A non-zero exit is data, not an exception. */
export interface ExecResult {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
  /** True when the program was killed because it ran past `timeoutMs`. */
  readonly timedOut: boolean
}

export interface ExecOptions {
  readonly cwd?: string
  /** Added to (and overriding) the current environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Written to the program's standard input, which is then closed. */
  readonly input?: string
  readonly timeoutMs?: number
  /** Echo output to our own stdout/stderr while it runs (long builds). */
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

export const systemExec: Exec = {
  run(file, args, options = {}) {
    return new Promise((resolve, reject) => {
      const child = spawn(file, [...args], {
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
        shell: false,
        stdio: ['pipe', 'pipe', 'pipe']
      })
      const out: Buffer[] = []
      const err: Buffer[] = []
      let timedOut = false
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true
              child.kill('SIGKILL')
            }, options.timeoutMs)
      child.stdout.on('data', (chunk: Buffer) => {
        out.push(chunk)
        if (options.echo) process.stdout.write(chunk)
      })
      child.stderr.on('data', (chunk: Buffer) => {
        err.push(chunk)
        if (options.echo) process.stderr.write(chunk)
      })
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer)
        if (error.code === 'ENOENT') reject(new ProgramNotFoundError(file))
        else reject(error)
      })
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer)
        resolve({
          exitCode: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut
        })
      })
      child.stdin.on('error', () => {
        // The program may exit without reading its input; that is not our failure.
      })
      child.stdin.end(options.input ?? '')
    })
  }
}
