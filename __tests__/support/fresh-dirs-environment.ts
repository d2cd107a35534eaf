import { rm } from 'node:fs/promises'
import { TestEnvironment } from 'jest-environment-node'

/** The same name as FRESH_DIRS in paths.ts (jest loads this file without the `.js` mapping, so no import). */
const FRESH_DIRS = '__fromScratchFreshDirs'

/**
 * jest's node environment, plus: when a test file is done (after its last
 * `afterAll`, so fixtures and servers have stopped), the folders `freshDir`
 * made for it are removed. The run's temp root (temp-root-setup.ts) is still
 * removed at the very end; this keeps a long run from piling up every file's
 * folders until then.
 */
export default class FreshDirsEnvironment extends TestEnvironment {
  override async teardown(): Promise<void> {
    const made = (this.global as Record<string, unknown>)[FRESH_DIRS]
    if (Array.isArray(made)) {
      await Promise.all(
        made.map((dir) =>
          rm(String(dir), { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)
        )
      )
    }
    await super.teardown()
  }
}
