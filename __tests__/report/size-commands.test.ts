import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { readSizedInput } from '../../src/report/size-commands.js'
import { freshDir } from '../support/paths.js'

describe('readSizedInput (diff OLD NEW)', () => {
  test('a 700 MB file that is no binary is refused from its size, before it is read', async () => {
    const dir = await freshDir('sized-input')
    const path = join(dir, 'huge.json')
    await writeFile(path, '{')
    // Sparse: no disk, but reading it whole would make node fail ("unexpected error").
    await truncate(path, 700 * 1024 * 1024)
    const started = Date.now()
    const refused = await readSizedInput(path).then(
      () => null,
      (error: unknown) => error
    )
    expect(refused).toBeInstanceOf(UserError)
    expect((refused as Error).message).toBe(
      `${path}: 734 MB is too large for a report JSON (at most 33.6 MB), and it is not an ELF binary.`
    )
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
