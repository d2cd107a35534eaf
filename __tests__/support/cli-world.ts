import { cli, type CliWorld } from '../../src/cli.js'
import { systemExec } from '../../src/ground/exec.js'

/** A terminal for `cli()` whose stdout and stderr (log included) land in arrays. */
export interface CapturedWorld {
  readonly world: CliWorld
  readonly out: string[]
  readonly err: string[]
}

export function capturedWorld(cwd: string): CapturedWorld {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    world: {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      cwd,
      exec: systemExec,
      env: {},
      tty: null
    }
  }
}

/** What one `cli()` call left: its exit code, and stdout and stderr as text. */
export interface CliRun {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs `from-scratch ARGS` in `cwd` through the same entry point as dist/cli.js. */
export async function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  const { world, out, err } = capturedWorld(cwd)
  const code = await cli(args, world)
  return { code, out: out.join('\n'), err: err.join('\n') }
}
