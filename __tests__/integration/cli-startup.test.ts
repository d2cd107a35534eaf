import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec } from '../../src/ground/exec.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// What the committed dist/cli.js loads to inspect a binary. Each built-in
// outside node's start-up snapshot costs 10–15 ms to load, and `inspect` runs
// no program and hashes nothing: checking 50 binaries in
// a script pays that 50 times (issue 12: inspect within 1.5× of `node -e 0`).

test('inspect loads neither child_process nor crypto', async () => {
  const dir = await freshDir('cli-startup')
  await writeFile(join(dir, 'main.c'), 'int main(void) { return 0; }\n')
  const app = join(dir, 'app')
  await mustRun('gcc', ['-static', '-o', app, join(dir, 'main.c')])
  // process.moduleLoadList names every built-in the process loaded, in order.
  const hook = join(dir, 'loaded.mjs')
  await writeFile(
    hook,
    "process.on('exit', () => process.stderr.write(`\\nLOADED ${JSON.stringify(process.moduleLoadList)}\\n`))\n"
  )
  const run = await systemExec.run('node', [
    '--import',
    hook,
    join(repoRoot, 'dist', 'cli.js'),
    'inspect',
    app
  ])
  expect(run.stdout).toContain('runs in scratch')
  const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '))
  const loaded = JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[]
  // Proof the list is real: reading the binary loads the fs promises API.
  expect(loaded).toContain('NativeModule fs/promises')
  // (net is loaded anyway when stdout is a pipe: node makes a socket of it.)
  for (const lazy of ['child_process', 'crypto']) {
    expect(loaded).not.toContain(`NativeModule ${lazy}`)
  }
})
