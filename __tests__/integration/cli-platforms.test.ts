import { mkdir, open, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EM_AARCH64, EM_X86_64 } from '../../src/ground/platform.js'
import { runCli } from '../support/cli-world.js'
import { removeImages, uniqueName } from '../support/docker.js'
import { SLOW } from '../support/fixture.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// `--platforms` on the terminal's build: the compile side of each platform (the
// image index of several is the writer's and buildx's part, tested there).

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

test(
  'build-command for linux/amd64,linux/arm64 through the whole pipeline: run once per platform with $CC and $TARGET, each result kept apart',
  async () => {
    const root = await freshDir('cli-bc-platforms')
    dirs.push(root)
    await mkdir(join(root, 'app'))
    await writeFile(
      join(root, 'app', 'hello.c'),
      '#include <stdio.h>\nint main(void) { puts("built for " TARGET); return 0; }\n'
    )
    // One output path for both platforms, as most Makefiles have it.
    await writeFile(
      join(root, 'app', 'Makefile'),
      'hello: hello.c\n\t$(CC) $(CFLAGS) -DTARGET=\\"$(TARGET)\\" -o $@ hello.c\n'
    )
    const image = uniqueName('from-scratch-test/cli-bc-platforms')
    images.push(`${image}:latest`)
    const run = await runCli(
      [
        'build',
        'app',
        '--platforms',
        'linux/amd64,linux/arm64',
        '--builder',
        'oci',
        '--image',
        image,
        '--output-dir',
        'out',
        '--build-command',
        'make -s -B CC="$CC" CFLAGS="$CFLAGS" TARGET="$TARGET"',
        '--binary',
        'hello'
      ],
      root
    )
    expect(run.err).not.toContain('unexpected error')
    expect(run.code).toBe(0)
    expect(run.err).toMatch(/linux\/amd64 .*\n.*\n.*binary .*static, musl-gcc/)
    expect(run.err).toMatch(/linux\/arm64 .*\n.*\n.*binary .*static, aarch64-linux-musl-gcc/)
    const amd64 = join(root, 'out', 'amd64', 'hello')
    const arm64 = join(root, 'out', 'arm64', 'hello')
    expect(await elfMachine(amd64)).toBe(EM_X86_64)
    expect(await elfMachine(arm64)).toBe(EM_AARCH64)
    expect((await mustRun(amd64, [])).stdout).toBe('built for x86_64-linux-musl\n')
    expect((await mustRun('/usr/bin/qemu-aarch64-static', [arm64])).stdout).toBe(
      'built for aarch64-linux-musl\n'
    )
  },
  SLOW
)
