import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { actionExec } from '../../src/action-exec.js'
import {
  OUTPUT_KEPT_BYTES,
  OutputTail,
  ProgramNotFoundError,
  systemExec,
  type Exec
} from '../../src/ground/exec.js'
import { isWorkflowCommand } from '../../src/ground/log-safety.js'
import { freshDir } from '../support/paths.js'

describe('OutputTail', () => {
  test('keeps everything up to the limit', () => {
    const tail = new OutputTail(10)
    tail.push(Buffer.from('abc\n'))
    tail.push(Buffer.from('def\n'))
    expect(tail.text()).toBe('abc\ndef\n')
  })

  test('past the limit it keeps whole last lines and says that the start is gone', () => {
    const tail = new OutputTail(10)
    for (let i = 0; i < 100; i++) tail.push(Buffer.from(`line ${i}\n`))
    expect(tail.text()).toBe('[… earlier output not kept; the log has all of it]\nline 99\n')
  })
})

/** Whether a process still runs: a zombie (ended, not yet reaped by an init that takes its time) does not. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Whether a process still runs half a second on: a SIGKILL just sent takes a moment to land. */
async function alive(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 500 && running(pid); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return running(pid)
}

/** The log lines actionExec wrote, as the runner reads them. */
function recordingActionExec(): { exec: Exec; lines: () => string[] } {
  const written: string[] = []
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString())
      done()
    }
  })
  return {
    exec: actionExec(log),
    lines: () => written.join('').split(/\r\n|\r|\n/)
  }
}

/** Lines the runner would act on: outside a stop-commands block and a command. */
function commandsOutsideStop(lines: readonly string[]): string[] {
  const found: string[] = []
  let token: string | null = null
  for (const line of lines) {
    if (token !== null) {
      if (line === `::${token}::`) token = null
      continue
    }
    const stop = /^::stop-commands::(.+)$/.exec(line)
    if (stop) token = stop[1]
    else if (isWorkflowCommand(line)) found.push(line)
  }
  return found
}

describe.each([
  ['systemExec', (): Exec => systemExec],
  ['actionExec', (): Exec => recordingActionExec().exec]
])('%s', (_name, make) => {
  test('a child does not see inputs or tokens, and sees what it needs', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      'INPUT_GITHUB-TOKEN': 'ghs_input_secret',
      ACTIONS_RUNTIME_TOKEN: 'runtime_secret',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_secret',
      GITHUB_TOKEN: 'ghs_env_secret',
      DOCKER_CONFIG: '/tmp/docker-config',
      HTTPS_PROXY: 'http://proxy.invalid:3128'
    })
    try {
      const run = await make().run('env', [], { env: { CC: 'musl-gcc' } })
      expect(run.exitCode).toBe(0)
      expect(run.stdout).not.toMatch(/secret/)
      expect(run.stdout).toMatch(/^DOCKER_CONFIG=\/tmp\/docker-config$/m)
      expect(run.stdout).toMatch(/^HTTPS_PROXY=/m)
      expect(run.stdout).toMatch(/^CC=musl-gcc$/m)
      expect(run.stdout).toMatch(/^PATH=/m)
      // Our own process keeps them: the in-process cache client reads them there.
      expect(process.env.ACTIONS_RUNTIME_TOKEN).toBe('runtime_secret')
    } finally {
      for (const name of [
        'INPUT_GITHUB-TOKEN',
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
        'GITHUB_TOKEN',
        'DOCKER_CONFIG',
        'HTTPS_PROXY'
      ])
        Reflect.deleteProperty(process.env, name)
      Object.assign(process.env, saved)
    }
  })

  test('a program past its time limit is stopped and says so', async () => {
    const started = Date.now()
    const run = await make().run('sleep', ['30'], { timeoutMs: 300 })
    expect(run.timedOut).toBe(true)
    expect(run.exitCode).not.toBe(0)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  test('a program that ignores SIGTERM is killed after the grace period', async () => {
    const started = Date.now()
    const run = await make().run('sh', ['-c', 'trap "" TERM; exec sleep 30'], {
      timeoutMs: 200
    })
    expect(run.timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(20_000)
  }, 30_000)

  // A build that leaves a grandchild behind: the script names it in a file.
  const leftover = async (script: string) => {
    const dir = await freshDir('exec-group')
    const pidFile = join(dir, 'grandchild.pid')
    return { pidFile, args: ['-c', script.replace('PIDFILE', pidFile)] }
  }
  const grandchild = async (pidFile: string): Promise<number> =>
    Number((await readFile(pidFile, 'utf8')).trim())

  test('on timeout the grandchild holding the pipes goes too, and the run returns in seconds', async () => {
    const { pidFile, args } = await leftover('sleep 30 & echo $! > PIDFILE; wait')
    const started = Date.now()
    const run = await make().run('sh', args, { timeoutMs: 300 })
    expect(run.timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(await alive(await grandchild(pidFile))).toBe(false)
  })

  test('once the program exits, a grandchild still holding the pipes is ended after a short grace', async () => {
    const { pidFile, args } = await leftover('(sleep 30; echo late) & echo $! > PIDFILE; echo done')
    const started = Date.now()
    const run = await make().run('sh', args)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe('done\n')
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(await alive(await grandchild(pidFile))).toBe(false)
  })

  test('a grandchild that let go of the pipes is ended when the program exits', async () => {
    const { pidFile, args } = await leftover(
      'sleep 30 </dev/null >/dev/null 2>&1 & echo $! > PIDFILE'
    )
    const run = await make().run('sh', args)
    expect(run.exitCode).toBe(0)
    expect(await alive(await grandchild(pidFile))).toBe(false)
  })

  test('only a bounded tail of a large output is kept', async () => {
    // In lines: a log reader splits output into lines, which is slow when there are none.
    const run = await make().run('sh', [
      '-c',
      `yes 0123456789abcdef | head -c ${3 * OUTPUT_KEPT_BYTES}`
    ])
    expect(run.exitCode).toBe(0)
    expect(run.stdout.length).toBeLessThanOrEqual(OUTPUT_KEPT_BYTES + 100)
    expect(run.stdout).toMatch(/^\[… earlier output not kept/)
  })

  test('a missing program is ProgramNotFoundError', async () => {
    await expect(make().run('no-such-program-from-scratch', [])).rejects.toBeInstanceOf(
      ProgramNotFoundError
    )
  })

  test('stdin is closed: a program reading it does not wait', async () => {
    const run = await make().run('cat', [], { timeoutMs: 10_000 })
    expect(run.timedOut).toBe(false)
    expect(run.stdout).toBe('')
  })

  test('a streamed input reaches the program whole, written after it started', async () => {
    const input = new PassThrough()
    const running = make().run('sha256sum', [], { input, timeoutMs: 30_000 })
    const hash = createHash('sha256')
    // Written once the program runs, in pieces bigger than a pipe holds.
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (let i = 0; i < 8; i++) {
      const piece = Buffer.alloc(1 << 20, i)
      hash.update(piece)
      if (!input.write(piece)) await new Promise((resolve) => input.once('drain', resolve))
    }
    input.end()
    const run = await running
    expect(run.exitCode).toBe(0)
    expect(run.stdout.split(' ')[0]).toBe(hash.digest('hex'))
  })

  test('a streamed input that fails closes stdin early: the program sees a short input', async () => {
    const input = new PassThrough()
    const running = make().run('wc', ['-c'], { input, timeoutMs: 30_000 })
    input.write(Buffer.alloc(1000))
    setTimeout(() => input.destroy(new Error('the writer failed')), 200)
    const run = await running
    expect(run.timedOut).toBe(false)
    expect(Number(run.stdout.trim())).toBeLessThanOrEqual(1000)
  })

  test('a program that stops reading a streamed input is no failure of ours', async () => {
    const input = new PassThrough()
    input.on('error', () => undefined)
    const running = make().run('true', [], { input, timeoutMs: 30_000 })
    const run = await running
    // It is gone: writing more goes nowhere, and nothing throws.
    input.write(Buffer.alloc(1 << 20))
    input.end()
    expect(run.exitCode).toBe(0)
  })
})

describe('actionExec in the job log', () => {
  test('echoed output sits between stop-commands and its resume, after the command line', async () => {
    const { exec, lines } = recordingActionExec()
    const run = await exec.run('printf', ['out\\n::notice::approved\\n##[error]x\\nno newline'], {
      echo: true
    })
    expect(run.stdout).toBe('out\n::notice::approved\n##[error]x\nno newline')
    const log = lines()
    const token = /^::stop-commands::(.+)$/.exec(log[0])?.[1]
    expect(token).toMatch(/^from-scratch-[0-9a-f]{32}$/)
    expect(log[1]).toMatch(/^\[command\]\S*printf out/)
    expect(log).toContain('::notice::approved')
    expect(log.slice(-2)).toEqual([`::${token}::`, ''])
    expect(commandsOutsideStop(log)).toEqual([])
  })

  test('a grandchild that prints workflow commands late prints nothing after the resume line', async () => {
    const { exec, lines } = recordingActionExec()
    const dir = await freshDir('exec-late')
    const pidFile = join(dir, 'grandchild.pid')
    const started = Date.now()
    const run = await exec.run(
      'sh',
      [
        '-c',
        `(sleep 11; echo ::notice::late; echo ::add-mask::secret) & echo $! > ${pidFile}; echo built`
      ],
      { echo: true }
    )
    expect(run.exitCode).toBe(0)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await alive(Number(await readFile(pidFile, 'utf8')))).toBe(false)
    // Past the time it would have printed: the log still ends with the resume line.
    await new Promise((resolve) => setTimeout(resolve, 12_500 - (Date.now() - started)))
    const log = lines()
    const token = /^::stop-commands::(.+)$/.exec(log[0])?.[1]
    expect(log.slice(-2)).toEqual([`::${token}::`, ''])
    expect(log.filter((line) => /^::(notice|add-mask)::/.test(line))).toEqual([])
    expect(commandsOutsideStop(log)).toEqual([])
  }, 30_000)

  test('a quiet command shows only its command line, neutralized', async () => {
    const { exec, lines } = recordingActionExec()
    const run = await exec.run('echo', ['a\n::error title=Deploy approved::ok.c'])
    expect(run.stdout).toBe('a\n::error title=Deploy approved::ok.c\n')
    const log = lines()
    expect(log[0]).toMatch(/^\[command\]\S*echo a$/)
    expect(log[1]).toBe('\\::error title=Deploy approved::ok.c')
    expect(commandsOutsideStop(log)).toEqual([])
  })
})
