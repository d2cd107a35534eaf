import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { runAction } from '../support/action-run.js'
import { integrationFixture, SLOW } from '../support/fixture.js'
import { cyclonedxErrors, spdxSchemaErrors } from '../support/sbom-check.js'

// The committed dist/index.js with `sbom: true`, as a workflow step would run it.

const fixture = integrationFixture({ name: 'action-sbom' })

test(
  'sbom: true, sbom-format: both with the writer: the outputs name the SPDX file and its digest, the summary has the SBOM line',
  async () => {
    const image = 'from-scratch-test/action-sbom'
    const run = await runAction({
      'working-directory': 'examples/hello-go',
      image,
      builder: 'oci',
      sbom: 'true',
      'sbom-format': 'both'
    })
    fixture.removeAfter(...(run.outputs.tags ?? '').split('\n').filter((t) => t !== ''))
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const path = run.outputs.sbom ?? ''
    expect(path).toMatch(/\.spdx\.json$/)
    const bytes = await readFile(path)
    expect(run.outputs['sbom-digest']).toBe(
      `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    )
    expect(spdxSchemaErrors(JSON.parse(bytes.toString('utf8')))).toEqual([])
    expect(
      await cyclonedxErrors(await readFile(path.replace(/\.spdx\.json$/, '.cdx.json'), 'utf8'))
    ).toBeNull()
    // The main module and the standard library: hello-go has no dependencies.
    expect(run.summary).toContain('SBOM: 2 Go modules')
  },
  SLOW
)
