import { rm } from 'node:fs/promises'

/** Removes the run's work folder that temp-root-setup.ts made. */
export default async function teardown(): Promise<void> {
  const root = process.env.FROM_SCRATCH_TEST_TMPDIR
  if (root !== undefined) await rm(root, { recursive: true, force: true, maxRetries: 3 })
}
