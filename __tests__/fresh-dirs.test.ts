import { readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { systemExec } from '../src/ground/exec.js'
import { freshDir, repoRoot } from './support/paths.js'

// The shared test support cleans up after each test file: the folders
// freshDir made are gone when the file is done, not only when the whole run
// ends (temp-root-teardown.ts). Shown by a jest of its own on a probe file,
// with the end-of-run teardown switched off.

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

test('freshDir folders are removed when their test file is done', async () => {
  const dir = await freshDir('fresh-dirs')
  const out = join(dir, 'made.txt')
  const noop = join(dir, 'noop-teardown.mjs')
  await writeFile(out, '')
  await writeFile(noop, 'export default async function teardown() {}\n')
  const run = await systemExec.run(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--rootDir',
      repoRoot,
      '--testMatch',
      '**/__tests__/fixtures/fresh-dirs/probe.ts',
      '--globalTeardown',
      noop,
      '--runInBand'
    ],
    {
      cwd: repoRoot,
      env: {
        TMPDIR: dir,
        FRESH_DIRS_PROBE_OUT: out,
        NODE_OPTIONS: '--experimental-vm-modules'
      },
      timeoutMs: 120_000
    }
  )
  expect(run.stderr).toContain('1 passed')
  expect(run.exitCode).toBe(0)
  const made = (await readFile(out, 'utf8')).split('\n').filter((line) => line !== '')
  expect(made).toHaveLength(2)
  for (const folder of made) {
    // The run's temp root is still there (its teardown was switched off)…
    expect([folder, await exists(dirname(folder))]).toEqual([folder, true])
    // …but the file's own folders are gone.
    expect([folder, await exists(folder)]).toEqual([folder, false])
  }
})
