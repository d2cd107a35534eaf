import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * One work folder in the system temp folder for the whole jest run, with
 * `TMPDIR` pointing into it: the tests' own folders (`freshDir`), what the
 * code under test makes with `os.tmpdir()`, and what the programs it starts
 * (the action's bundle, docker, go, skopeo) put in their temp folder all land
 * there. temp-root-teardown.ts removes it when the run ends, so the suite
 * leaves nothing behind in the system temp folder, even when a test fails
 * half-way.
 *
 * jest's `globalSetup` (jest.config.js) runs in jest's own process before the
 * workers start, so they inherit the variable. Inside a test file
 * `process.env` is jest's copy, which node's `os.tmpdir()` does not read:
 * that is why this is not done per file.
 */
export default async function setup(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'from-scratch-test-'))
  process.env.FROM_SCRATCH_TEST_TMPDIR = root
  process.env.TMPDIR = root
}
