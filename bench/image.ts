// Image-stage bench: builds each example into a scratch image with the real
// buildx and prints what the image costs beyond its binary. Not a test: the
// targets (hello-c image ≤ 20 KB, overhead ≤ 4 KB) are printed, not asserted.
// Run: bash bench/image.sh (bundles with ncc, then runs from the repo root).
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { inspectBinary } from '../src/elf/inspect.js'
import { systemExec } from '../src/ground/exec.js'
import { buildImage } from '../src/image/build.js'
import { imageSettings } from '../__tests__/support/docker.js'
import type { Log } from '../src/ground/log.js'

const HELLO_C_TARGET = 20 * 1024
const OVERHEAD_TARGET = 4 * 1024

interface Example {
  readonly name: string
  readonly language: 'c' | 'go'
  readonly dir: string
}

const root = resolve(process.argv[2] ?? '.')
const examples: Example[] = [
  { name: 'hello-c', language: 'c', dir: join(root, 'examples/hello-c') },
  { name: 'hello-go', language: 'go', dir: join(root, 'examples/hello-go') },
  { name: 'http-server', language: 'go', dir: join(root, 'examples/http-server') }
]

async function run(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<void> {
  const result = await systemExec.run(file, args, { cwd, env })
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr}`)
}

/** The same flags the compile stage defaults to, so the numbers match what users get. */
async function compile(example: Example, out: string): Promise<void> {
  if (example.language === 'c') {
    await run(
      'musl-gcc',
      ['-static', '-Os', '-s', '-o', out, join(example.dir, 'hello.c')],
      example.dir
    )
  } else {
    await run(
      'go',
      ['build', '-trimpath', '-tags', 'netgo,osusergo', '-ldflags', '-s -w', '-o', out, '.'],
      example.dir,
      {
        CGO_ENABLED: '0',
        GOOS: 'linux',
        GOARCH: 'amd64'
      }
    )
  }
}

const quiet: Log = {
  info: () => undefined,
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  annotate: () => undefined,
  group: (_title, work) => work()
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'from-scratch-bench-'))
  const made: string[] = []
  const rows: string[] = []
  try {
    for (const example of examples) {
      try {
        await stat(example.dir)
      } catch {
        rows.push(`| ${example.name} | (no ${example.dir}) | | | | | |`)
        continue
      }
      const binary = join(work, example.name)
      await compile(example, binary)
      const size = (await stat(binary)).size
      // The verify stage's findings, so include: auto adds what the action would add.
      const inspection = await inspectBinary(binary)
      const settings = imageSettings({
        image: `from-scratch-bench/${example.name}`,
        tags: ['bench'],
        workingDirectory: root,
        smokeTest: example.name === 'http-server' ? null : []
      })
      const git = { ref: '', sha: '', eventName: '', prNumber: null, repository: '', serverUrl: '' }
      const result = await buildImage(settings, inspection, git, systemExec, quiet)
      made.push(...result.tags)
      const extras = result.extras.reduce((sum, extra) => sum + extra.bytes, 0)
      const overhead = result.size - size - extras
      // docker's Size counts file contents only; the saved tar adds what a
      // registry sees besides them (tar headers, config, manifest), uncompressed.
      const saved = join(work, `${example.name}.tar`)
      await run('docker', ['save', '-o', saved, result.imageId], work)
      const tarExtra = (await stat(saved)).size - size - extras
      rows.push(
        `| ${example.name} | ${size} | ${result.size} | ${extras} | ${overhead} ${overhead <= OVERHEAD_TARGET ? '✓' : '✗'} | ${tarExtra} |` +
          (example.name === 'hello-c'
            ? ` image ${kb(result.size)} ${result.size <= HELLO_C_TARGET ? '✓' : '✗'} (target ≤ ${kb(HELLO_C_TARGET)}) |`
            : ' |')
      )
    }
  } finally {
    if (made.length > 0) await systemExec.run('docker', ['image', 'rm', ...made])
    await rm(work, { recursive: true, force: true })
  }
  process.stdout.write(
    [
      `| example | binary bytes | image bytes | extras bytes | overhead bytes (≤ ${OVERHEAD_TARGET}) | docker save tar − binary − extras | note |`,
      '|---|---:|---:|---:|---:|---:|---|',
      ...rows,
      ''
    ].join('\n')
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
