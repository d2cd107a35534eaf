import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec } from '../../src/ground/exec.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

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
