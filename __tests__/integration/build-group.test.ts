import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { freshDir, repoRoot } from '../support/paths.js'

// dist/cli.js interrupted while a build runs: the build runs in a process group of its own,
// so the terminal's Ctrl-C reaches only from-scratch, which passes it on and ends the group.

/** Whether a process still runs: a zombie (ended, not yet reaped) does not. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function pidIn(path: string): Promise<number> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const text = await readFile(path, 'utf8').catch(() => '')
    if (text.endsWith('\n')) return Number(text.trim())
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${path} was never written`)
}

test('Ctrl-C on `from-scratch build`: the build and what it left behind end with it', async () => {
  const dir = await freshDir('ctrl-c')
  // A background job of a shell script ignores SIGINT: only its group's end stops it.
  await writeFile(
    join(dir, 'build.sh'),
    `sleep 60 &\necho $! > ${join(dir, 'left.pid')}\necho $$ > ${join(dir, 'build.pid')}\nwait\n`
  )
  const cli = spawn(
    process.execPath,
    [
      join(repoRoot, 'dist', 'cli.js'),
      'build',
      dir,
      '--build-command',
      'sh build.sh',
      '--binary',
      'app',
      '--language',
      'c'
    ],
    { cwd: dir, stdio: 'ignore' }
  )
  const exited = once(cli, 'exit')
  const build = await pidIn(join(dir, 'build.pid'))
  const left = await pidIn(join(dir, 'left.pid'))
  expect(running(build)).toBe(true)
  // What the terminal does on Ctrl-C when from-scratch is the foreground job: the build is not in it.
  cli.kill('SIGINT')
  const started = Date.now()
  const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null]
  expect(signal === 'SIGINT' || (code !== null && code !== 0)).toBe(true)
  expect(Date.now() - started).toBeLessThan(6_000)
  for (let waited = 0; waited < 1_000 && (running(build) || running(left)); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  expect(running(build)).toBe(false)
  expect(running(left)).toBe(false)
}, 90_000)
