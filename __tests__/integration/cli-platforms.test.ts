import { open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { EM_AARCH64 } from '../../src/ground/platform.js'
import { runCli } from '../support/cli-world.js'
import { removeImages, uniqueName } from '../support/docker.js'
import { SLOW } from '../support/fixture.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// `--platforms` on the terminal's build, one platform at a time: the image of
// several platforms (one index) is the writer's and buildx's part, tested there.

const images: string[] = []
const dirs: string[] = []
afterAll(async () => {
  await removeImages(images)
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function elfMachine(path: string): Promise<number> {
  const handle = await open(path, 'r')
  try {
    const bytes = Buffer.alloc(20)
    await handle.read(bytes, 0, 20, 0)
    return bytes.readUInt16LE(18)
  } finally {
    await handle.close()
  }
}

test.each([
  ['examples/hello-c', 'hello from scratch (c)\n'],
  ['examples/hello-go', 'hello from scratch (go)\n']
])(
  'build %s --platforms linux/arm64 --builder oci: an AArch64 binary, cross-compiled, that qemu runs',
  async (dir, printed) => {
    const out = await freshDir('cli-arm64')
    dirs.push(out)
    const image = uniqueName('from-scratch-test/cli-arm64')
    images.push(`${image}:latest`)
    const run = await runCli(
      [
        'build',
        dir,
        '--platforms',
        'linux/arm64',
        '--builder',
        'oci',
        '--image',
        image,
        '--output-dir',
        out
      ],
      repoRoot
    )
    expect(run.err).not.toContain('unexpected error')
    expect(run.code).toBe(0)
    const kept = /^ {2}kept +(\S+) \(binary\)$/m.exec(run.err)?.[1] ?? 'none'
    const binary = kept.startsWith('/') ? kept : join(repoRoot, kept)
    expect(await elfMachine(binary)).toBe(EM_AARCH64)
    expect((await mustRun('/usr/bin/qemu-aarch64-static', [binary])).stdout).toBe(printed)
  },
  SLOW
)

test.each([
  [
    'linux/s390x',
    '--platforms is "linux/s390x", but from-scratch builds only `linux/amd64` and `linux/arm64`.'
  ],
  [
    'linux/amd64,linux/arm46',
    '--platforms is "linux/arm46" (in "linux/amd64,linux/arm46"), but from-scratch builds only `linux/amd64` and `linux/arm64`. Did you mean `linux/arm64`?'
  ]
])('--platforms %s stops before anything is compiled, naming the flag', async (value, message) => {
  const run = await runCli(['build', 'examples/hello-go', '--platforms', value], repoRoot)
  expect(run.code).toBe(2)
  expect(run.err).toContain(message)
  expect(run.err).not.toMatch(/go build|\$ /)
})
