import { open, rm, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { EM_AARCH64 } from '../../src/ground/platform.js'
import { runAction } from '../support/action-run.js'
import { removeImages, uniqueName } from '../support/docker.js'
import { SLOW } from '../support/fixture.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// The `platforms` input as a workflow gives it, through the committed bundle.
// Several platforms at once make one image index, which the image stage's own
// tests cover; here one arm64 build, and the messages a user sees.

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

test(
  'platforms: linux/arm64 on an x86-64 runner: the binary output is a cross-compiled AArch64 program',
  async () => {
    const image = uniqueName('from-scratch-test/action-arm64')
    images.push(`${image}:main`, `${image}:latest`)
    const run = await runAction({
      'working-directory': 'examples/hello-c',
      platforms: 'linux/arm64',
      builder: 'oci',
      image,
      comment: 'never'
    })
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('aarch64-linux-musl-gcc')
    expect(await elfMachine(run.outputs.binary)).toBe(EM_AARCH64)
    expect(run.outputs.linkage).toBe('static')
    const ran = await mustRun('/usr/bin/qemu-aarch64-static', [run.outputs.binary])
    expect(ran.stdout).toBe('hello from scratch (c)\n')
  },
  SLOW
)

test('a platform it does not build: the error names the input, the value and the choices', async () => {
  const run = await runAction({
    'working-directory': 'examples/hello-go',
    platforms: 'linux/amd64\nlinux/ppc64le',
    comment: 'never'
  })
  expect(run.exitCode).not.toBe(0)
  expect(run.errors[0]).toContain(
    'Input `platforms` is "linux/ppc64le" (in "linux/amd64\nlinux/ppc64le"), but from-scratch builds only `linux/amd64` and `linux/arm64`.'
  )
})

test(
  'no arm64 cross compiler on the runner: the error says which command and how to install it',
  async () => {
    const path = await freshDir('action-path')
    dirs.push(path)
    for (const program of ['gcc', 'musl-gcc', 'x86_64-linux-gnu-gcc', 'as', 'ld', 'git']) {
      await symlink(join('/usr/bin', program), join(path, program))
    }
    const run = await runAction(
      {
        'working-directory': 'examples/hello-c',
        platforms: 'linux/amd64,linux/arm64',
        builder: 'oci',
        comment: 'never'
      },
      { PATH: path }
    )
    expect(run.exitCode).not.toBe(0)
    const error = run.errors.join('\n')
    expect(error).toContain('linux/arm64: No C compiler found')
    expect(error).toContain('`aarch64-linux-musl-gcc`')
    expect(error).toContain(
      'sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install gcc-aarch64-linux-gnu musl-dev:arm64'
    )
    expect(error).toContain('ports.ubuntu.com')
  },
  SLOW
)
