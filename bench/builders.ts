// Builder bench: the daemonless writer vs `docker buildx build --load` (through
// buildImage, exactly as the action runs it) on the hello-go and http-server
// examples, measured alternately in one run, median of ROUNDS each. Also
// times the writer followed by `docker load`, for a machine that wants the
// image in dockerd. Not a test: the targets (writer ≥ 10× faster, pull size
// no larger) are printed, not asserted.
// Run: bash bench/builders.sh (bundles with ncc, then runs from the repo root).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { inspectBinary } from '../src/elf/inspect.js'
import { systemExec } from '../src/exec.js'
import { buildImage } from '../src/image/build.js'
import { writeOciImage } from '../src/image/oci/write.js'
import type { GitContext, ImageSettings } from '../src/image/types.js'
import type { Log } from '../src/log.js'
import { estimateFromArchive } from '../src/report/measure.js'
import { ociInputFor } from '../__tests__/image/oci/support.js'

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const SPEED_TARGET = 10

const root = resolve(process.argv[2] ?? '.')
const examples = ['hello-go', 'http-server']

const quiet: Log = {
  info: () => undefined,
  warning: (message) => process.stderr.write(`warning: ${message}\n`),
  annotate: () => undefined,
  group: (_title, work) => work()
}

const git: GitContext = {
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  eventName: 'push',
  prNumber: null,
  repository: 'acme/bench',
  serverUrl: 'https://github.com'
}

async function run(
  file: string,
  args: string[],
  cwd = root,
  env: Record<string, string> = {}
): Promise<void> {
  const result = await systemExec.run(file, args, { cwd, env })
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr}`)
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint()
  const value = await work()
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value }
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'from-scratch-bench-builders-'))
  const made: string[] = []
  const rows: string[] = []
  try {
    for (const name of examples) {
      const binary = join(work, name)
      await run(
        'go',
        ['build', '-trimpath', '-tags', 'netgo,osusergo', '-ldflags', '-s -w', '-o', binary, '.'],
        join(root, 'examples', name),
        { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
      )
      const inspection = await inspectBinary(binary)
      const settings = (tag: string): ImageSettings => ({
        image: `from-scratch-bench/${name}`,
        tags: [tag],
        labels: {},
        include: [{ kind: 'auto' }],
        user: null,
        entrypointArgs: [],
        expose: name === 'http-server' ? ['8080'] : [],
        files: [],
        workingDirectory: root,
        binaryName: null,
        builder: null,
        push: false,
        smokeTest: null,
        smokeTimeoutMs: 60_000,
        provenance: false,
        sourceDateEpoch: 1700000000
      })
      made.push(`from-scratch-bench/${name}:buildx`, `from-scratch-bench/${name}:oci`)
      const writer: number[] = []
      const writerLoad: number[] = []
      const buildx: number[] = []
      let pull = 0
      let digests = new Set<string>()
      let imageId = ''
      // One untimed round of each first: go build caches, page cache, BuildKit's state.
      for (let round = -1; round < ROUNDS; round++) {
        const out = join(work, `${name}-${round}`)
        const wrote = await timed(async () =>
          writeOciImage(await ociInputFor(settings('oci'), inspection, git, out))
        )
        const loaded = await timed(() =>
          run('docker', ['load', '-q', '-i', wrote.value.archivePath])
        )
        const built = await timed(() =>
          buildImage(settings('buildx'), inspection, git, systemExec, quiet)
        )
        await rm(out, { recursive: true, force: true })
        if (round < 0) continue
        writer.push(wrote.ms)
        writerLoad.push(wrote.ms + loaded.ms)
        buildx.push(built.ms)
        pull = wrote.value.pullSize
        digests = digests.add(wrote.value.manifestDigest)
        imageId = built.value.imageId
      }
      const saved = join(work, `${name}-buildx.tar`)
      await run('docker', ['save', '-o', saved, imageId])
      const estimate = await estimateFromArchive(saved)
      const ratio = median(buildx) / median(writer)
      rows.push(
        `| ${name} | ${median(writer).toFixed(0)} | ${median(writerLoad).toFixed(0)} | ${median(buildx).toFixed(0)} | ${ratio.toFixed(1)}× ${ratio >= SPEED_TARGET ? '✓' : '✗'} | ${pull} | ${estimate.pullSize} ${pull <= estimate.pullSize ? '✓' : '✗'} | ${digests.size} |`
      )
    }
  } finally {
    await systemExec.run('docker', ['image', 'rm', ...made])
    await rm(work, { recursive: true, force: true })
  }
  process.stdout.write(
    [
      `${ROUNDS} alternating rounds per example, medians in ms.`,
      `| example | writer | writer + docker load | buildx --load | buildx ÷ writer (≥ ${SPEED_TARGET}×) | writer pull bytes (exact) | buildx pull bytes (estimated, ≥ writer) | distinct writer digests |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      ''
    ].join('\n')
  )
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
  )
  process.exit(1)
})
