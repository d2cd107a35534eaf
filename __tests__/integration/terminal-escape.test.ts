import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec } from '../../src/ground/exec.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { isWorkflowCommand } from '../../src/ground/log-safety.js'

// The committed dist/cli.js in a terminal, on a real ELF whose interpreter
// path holds terminal escape sequences (clear screen, retitle, recolour).

test('inspect shows control bytes from a binary escaped, on stdout and stderr', async () => {
  const dir = await freshDir('terminal')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  const app = join(dir, 'app')
  const hostile = '/lib/\x1b[2J\x1b]0;owned\x07\x1b[31mld.so'
  await mustRun('gcc', ['-o', app, join(dir, 'main.c'), `-Wl,--dynamic-linker=${hostile}`])
  const run = await systemExec.run('node', [join(repoRoot, 'dist', 'cli.js'), 'inspect', app])
  expect(run.exitCode).toBe(1)
  const shown = `${run.stdout}${run.stderr}`
  expect(shown).toContain('/lib/\\x1b[2J\\x1b]0;owned\\x07\\x1b[31mld.so')
  // eslint-disable-next-line no-control-regex
  expect(shown).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/)
})

test('inspect never prints a workflow command from a binary: a PT_INTERP holding "\\n::notice::" stays on its line', async () => {
  const dir = await freshDir('terminal-command')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  const app = join(dir, 'app')
  const hostile = '/x\n::notice::owned\n##[group]x\n'
  await mustRun('gcc', ['-o', app, join(dir, 'main.c'), `-Wl,--dynamic-linker=${hostile}`])
  for (const args of [
    ['inspect', app],
    ['inspect', app, app],
    ['inspect', app, '--sizes']
  ]) {
    const run = await systemExec.run('node', [join(repoRoot, 'dist', 'cli.js'), ...args], {
      env: { GITHUB_ACTIONS: 'true' }
    })
    expect(run.exitCode).toBe(1)
    const shown = `${run.stdout}\n${run.stderr}`
    expect(shown.split('\n').filter((line) => isWorkflowCommand(line))).toEqual([])
    if (args.length === 2)
      expect(shown).toContain('interpreter: /x\\x0a::notice::owned\\x0a##\\[group]x\\x0a')
  }
})
