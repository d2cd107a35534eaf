import { cp, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCli } from '../support/cli-world.js'
import { integrationFixture, SLOW } from '../support/fixture.js'
import { repoRoot } from '../support/paths.js'
import {
  cyclonedxErrors,
  ntiaMissing,
  spdxSchemaErrors,
  type SpdxDocument
} from '../support/sbom-check.js'

// `sbom: true` through the whole pipeline, from the terminal's flags (the same input table
// as the action): the writer builds, the SBOM stage writes both documents and lists them in the layout.

const fixture = integrationFixture({ name: 'cli-sbom' })

test.each([
  ['oci', 'hello-go'],
  ['buildx', 'hello-c']
])(
  '--builder %s --sbom --sbom-format both on %s: both documents kept, valid, and named in the summary',
  async (builder, example) => {
    const image = `from-scratch-test/cli-sbom-${builder}`
    fixture.removeAfter(`${image}:latest`)
    const project = await fixture.folder(`project-${builder}`)
    await cp(join(repoRoot, 'examples', example), project, { recursive: true })
    const run = await runCli(
      [
        'build',
        '.',
        '--image',
        image,
        '--builder',
        builder,
        '--sbom',
        '--sbom-format',
        'both',
        '--output-dir',
        'out'
      ],
      project
    )
    expect(run.err).toContain(`sbom (spdx)`)
    expect(run.code).toBe(0)
    const written = await readdir(join(project, 'out'))
    const named = (suffix: string): string =>
      join(project, 'out', written.find((name) => name.endsWith(suffix)) ?? suffix)
    const spdx = JSON.parse(await readFile(named('.spdx.json'), 'utf8')) as SpdxDocument
    expect(spdxSchemaErrors(spdx)).toEqual([])
    expect(ntiaMissing(spdx)).toEqual([])
    const names = spdx.packages.map((p) => p.name)
    expect(names).toContain(example === 'hello-go' ? 'stdlib' : 'musl')
    const cdx = await readFile(named('.cdx.json'), 'utf8')
    expect(await cyclonedxErrors(cdx)).toBeNull()
    if (builder === 'oci') {
      const index = JSON.parse(
        await readFile(join(project, 'out', 'image', 'oci', 'index.json'), 'utf8')
      ) as {
        manifests: { artifactType?: string }[]
      }
      expect(index.manifests.filter((m) => m.artifactType !== undefined)).toHaveLength(2)
    }
  },
  SLOW
)
