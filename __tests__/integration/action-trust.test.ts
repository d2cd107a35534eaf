import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runAction } from '../support/action-run.js'
import { integrationFixture } from '../support/fixture.js'
import { repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { commandsOutsideStop, injectedCommands } from '../support/workflow-commands.js'

// The committed dist/index.js against what a pull request controls: a
// Makefile that reads the environment, a binary with a hostile interpreter,
// a hostile file name, a build that hangs, a build that floods the log.

const fixture = integrationFixture({ name: 'action-trust' })

const SECRETS = {
  'INPUT_GITHUB-TOKEN': 'ghs_input_token_must_not_leak',
  ACTIONS_RUNTIME_TOKEN: 'runtime_token_must_not_leak',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_token_must_not_leak',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc_url_must_not_leak',
  GITHUB_TOKEN: 'ghs_env_token_must_not_leak'
}

test('a build-command that prints its environment sees no token, and the log shows [command] lines', async () => {
  const dir = await fixture.folder('env')
  const run = await runAction(
    { 'working-directory': dir, 'build-command': 'env', binary: 'app', language: 'c' },
    SECRETS
  )
  // It ran: the environment is in the log, with what tools need.
  // Each command shows the way other actions (@actions/exec) show theirs; the output follows it.
  const printed = /^\[command\]\S*\/env\n([\s\S]*?)^::from-scratch-[0-9a-f]+::$/m.exec(
    run.stdout
  )?.[1]
  expect(printed).toMatch(/^PATH=/m)
  expect(printed).toMatch(/^HOME=/m)
  expect(printed).toMatch(/^CC=/m)
  expect(printed).not.toMatch(/must_not_leak/)
  expect(printed).not.toMatch(/^(INPUT_|ACTIONS_|GITHUB_TOKEN=)/m)
  // No binary was written, so the job fails, naming it.
  expect(run.exitCode).toBe(1)
  expect(run.errors.join('\n')).toContain('binary `')
})

test('a hostile PT_INTERP in a real ELF cannot command the runner', async () => {
  const dir = await fixture.folder('interp')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  const app = join(dir, 'app')
  await mustRun('gcc', [
    '-o',
    app,
    join(dir, 'main.c'),
    '-Wl,--dynamic-linker=/x\n::notice::approved\n##[error]legacy'
  ])
  expect((await readFile(app)).includes('/x\n::notice::approved')).toBe(true)
  const run = await runAction({ binary: app })
  expect(run.exitCode).toBe(1)
  // The failure names the interpreter (escaped inside one ::error:: command).
  expect(run.errors.join('\n')).toContain('/x\n::notice::approved')
  const commands = commandsOutsideStop(run.stdout)
  expect(commands.filter((line) => /^\s*::notice::approved/.test(line))).toEqual([])
  // `##[` inside an ::error:: command's data is data; elsewhere it is a legacy command.
  expect(commands.filter((line) => !/^\s*::/.test(line) && line.includes('##['))).toEqual([])
  expect(injectedCommands(run.stdout)).toEqual([])
})

test('a C file named like a workflow command cannot command the runner', async () => {
  const dir = await fixture.folder('name')
  const name = '::error title=Deploy approved::ok.c'
  // An unused variable: the compiler names the file in a warning, too.
  await writeFile(join(dir, name), 'int main(void) { int unused; return 0; }\n')
  const run = await runAction({
    'working-directory': dir,
    language: 'c',
    cflags: '-Wall',
    builder: 'oci'
  })
  expect(run.stdout).toContain('Deploy approved')
  const commands = commandsOutsideStop(run.stdout)
  expect(commands.filter((line) => /^\s*::error title=Deploy approved::/.test(line))).toEqual([])
  expect(injectedCommands(run.stdout)).toEqual([])
})

test('a build-command past build-timeout is stopped with an error naming the limit and the input', async () => {
  const dir = await fixture.folder('sleep')
  const started = Date.now()
  const run = await runAction({
    'working-directory': dir,
    'build-command': 'sleep 120',
    binary: 'app',
    language: 'c',
    'build-timeout': '2s'
  })
  expect(run.exitCode).toBe(1)
  expect(Date.now() - started).toBeLessThan(60_000)
  expect(run.errors.join('\n')).toContain(
    'build-command `sleep` did not finish within 2s (the `build-timeout` input) and was stopped.'
  )
})

test('a build-command that leaves a grandchild behind: stopped at build-timeout, and the grandchild never prints', async () => {
  const dir = await fixture.folder('grandchild')
  // The build's own process sleeps past the limit; what it left behind would print later.
  await writeFile(
    join(dir, 'build.sh'),
    '(sleep 11; echo ::notice::late-from-grandchild; echo ::add-mask::secret) &\nsleep 30\n'
  )
  const started = Date.now()
  const run = await runAction({
    'working-directory': dir,
    'build-command': 'sh build.sh',
    binary: 'app',
    language: 'c',
    'build-timeout': '3s'
  })
  expect(run.exitCode).toBe(1)
  // Only the build's own process was stopped before: the step waited 30 s for the orphan's pipe.
  expect(Date.now() - started).toBeLessThan(10_000)
  expect(run.errors.join('\n')).toContain('did not finish within 3s')
  expect(run.stdout).not.toContain('late-from-grandchild')
  expect(injectedCommands(run.stdout)).toEqual([])
})

test('a bad build-timeout is refused before anything runs', async () => {
  const run = await runAction({ 'build-timeout': '30' })
  expect(run.exitCode).toBe(1)
  expect(run.errors).toEqual([
    'Input `build-timeout` is "30", but it must be a duration with a unit, such as `90s`, `10m`, `1h` or `1h30m`.'
  ])
})

/** Peak resident memory of a process so far, in bytes (Linux). */
async function peakRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}

test('a build-command that prints 200 MB: the log gets all of it, memory stays bounded, the error has the tail', async () => {
  const dir = await fixture.folder('flood')
  const total = 200 * 1024 * 1024
  await writeFile(
    join(dir, 'flood.sh'),
    `yes 'a line of build output that goes on for a while, like a compiler command does' | head -c ${total}\necho END-OF-OUTPUT\nexit 3\n`
  )
  const scratch = await fixture.folder('flood-runner')
  await writeFile(join(scratch, 'output'), '')
  // A small heap as well: an action that kept the output would run out of it.
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=96', join(repoRoot, 'dist', 'index.js')],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        GITHUB_WORKSPACE: repoRoot,
        GITHUB_OUTPUT: join(scratch, 'output'),
        GITHUB_REPOSITORY: 'acme/from-scratch-test',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_EVENT_NAME: 'push',
        RUNNER_TEMP: scratch,
        'INPUT_WORKING-DIRECTORY': dir,
        'INPUT_BUILD-COMMAND': 'sh flood.sh',
        INPUT_BINARY: 'app',
        INPUT_LANGUAGE: 'c'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  let bytes = 0
  let tail = ''
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    tail = (tail + chunk.toString('utf8')).slice(-200_000)
  })
  child.stderr.resume()
  let peak = 0
  const sampler = setInterval(() => {
    if (child.pid !== undefined) void peakRss(child.pid).then((rss) => (peak = Math.max(peak, rss)))
  }, 50)
  const code = await new Promise<number | null>((done) => child.on('exit', done))
  clearInterval(sampler)
  // The job log got the whole output, streamed.
  expect(bytes).toBeGreaterThan(total)
  // Less than the output itself (keeping it would take twice that: bytes and text); only a
  // bounded tail was kept. The rest is node, the bundle, and garbage not yet collected.
  expect(peak).toBeGreaterThan(0)
  expect(peak).toBeLessThan(total)
  expect(code).toBe(1)
  const error = tail.split('\n').find((line) => line.startsWith('::error::')) ?? ''
  expect(error).toContain('build-command `sh` failed (exit 3)')
  expect(error).toContain('END-OF-OUTPUT')
}, 300_000)
