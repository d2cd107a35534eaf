import { LINUX_AMD64 } from '../src/ground/platform.js'
// Builder bench: the daemonless writer vs `docker buildx build --load` (through
// buildImage, exactly as the action runs it) on the hello-go and http-server
// examples, measured alternately in one run, median of ROUNDS each. Also
// times the writer followed by `docker load`, for a machine that wants the
// image in dockerd. Not a test: the targets (writer ≥ 10× faster, pull size
// no larger) are printed, not asserted.
//
// Two tables, because they answer different questions:
// - "changed binary" (the CI case): every round compiles a binary that differs
//   (http-server: -X main.version=round-<n>; hello-go: a temp copy with a
//   round-numbered string it prints nowhere but keeps), so BuildKit cannot
//   reuse the binary layer, just as on a new commit. The extras
//   (ca-certificates) stay identical, as they would between commits.
// - "identical context" (warm): the same binary every round, so BuildKit
//   answers from its cache; shown so nobody reads it as the CI figure.
// A third table times the gzip alone (single zlib stream vs pgzip) on each
// binary, to show whether parallel chunks pay on this machine.
//
// Pull sizes: the writer's are exact (it wrote the blobs); buildx's are the
// report's estimate (estimateFromArchive: `docker save`, each layer gzipped at
// zlib level 6 in one stream), the number the action would report for it.
// Run: bash bench/builders.sh (bundles with ncc, then runs from the repo root).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzip as zlibGzip } from 'node:zlib'
import { inspectBinary } from '../src/elf/inspect.js'
import { systemExec } from '../src/ground/exec.js'
import { buildImage } from '../src/image/build.js'
import { pgzip } from '../src/image/oci/pgzip.js'
import { writeOciImage } from '../src/image/oci/write.js'
import type { Inspection } from '../src/elf/types.js'
import type { ImageSettings } from '../src/image/types.js'
import type { GitContext } from '../src/ground/git-context.js'
import type { Log } from '../src/ground/log.js'
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

function settingsFor(name: string, tag: string): ImageSettings {
  // Asserted rather than annotated: `engine` is being added to ImageSettings in
  // a parallel change, and this compiles with and without it.
  return {
    engine: 'buildx',
    image: `from-scratch-bench/${name}`,
    tags: [tag],
    labels: {},
    include: [{ kind: 'auto' }],
    user: null,
    entrypointArgs: [],
    expose: name === 'http-server' ? ['8080'] : [],
    files: [],
    workingDirectory: root,
    workspace: root,
    platform: LINUX_AMD64,
    binaryName: null,
    builder: null,
    push: false,
    smokeTest: null,
    smokeTimeoutMs: 60_000,
    provenance: false,
    sourceDateEpoch: 1700000000
  } as ImageSettings
}

/**
 * Compiles the example so that round `round` gives a binary no other round
 * gives (or the same one every time when `round` is null).
 */
async function compile(name: string, work: string, round: number | null): Promise<string> {
  const stamp = round === null ? 'warm' : `round-${round}`
  const binary = join(work, `${name}-${stamp}`, name)
  let dir = join(root, 'examples', name)
  let ldflags = '-s -w'
  if (name === 'http-server') {
    ldflags += ` -X main.version=${stamp}`
  } else {
    // hello-go has no version variable: a copy gets one, printed only for an
    // impossible argument count so the linker keeps the string in the binary.
    dir = join(work, `${name}-src-${stamp}`)
    await cp(join(root, 'examples', name), dir, { recursive: true })
    await writeFile(
      join(dir, 'bench_round.go'),
      `package main\n\nimport "os"\n\nvar benchRound = "${stamp}"\n\nfunc init() {\n\tif len(os.Args) > 1000 {\n\t\tprintln(benchRound)\n\t}\n}\n`
    )
  }
  await run(
    'go',
    ['build', '-trimpath', '-tags', 'netgo,osusergo', '-ldflags', ldflags, '-o', binary, '.'],
    dir,
    { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }
  )
  return binary
}

interface Figures {
  writer: number[]
  writerLoad: number[]
  buildx: number[]
  pull: number
  estimate: number
  digests: Set<string>
  binaries: Set<string>
}

/** Alternating rounds of writer, writer + docker load, buildx; one untimed round first. */
async function measure(
  name: string,
  work: string,
  changing: boolean,
  images: Set<string>
): Promise<Figures> {
  const figures: Figures = {
    writer: [],
    writerLoad: [],
    buildx: [],
    pull: 0,
    estimate: 0,
    digests: new Set(),
    binaries: new Set()
  }
  let imageId = ''
  let warm: Inspection | null = null
  // Round -1 warms go build's cache, the page cache and BuildKit's state (the extras' layer).
  for (let round = -1; round < ROUNDS; round++) {
    let inspection: Inspection | null = warm
    if (inspection === null) {
      inspection = await inspectBinary(await compile(name, work, changing ? round : null))
      if (!changing) warm = inspection
    }
    const out = join(work, `${name}-out-${round}`)
    const wrote = await timed(async () =>
      writeOciImage(await ociInputFor(settingsFor(name, 'oci'), inspection, git, out))
    )
    const loaded = await timed(() => run('docker', ['load', '-q', '-i', wrote.value.archivePath]))
    const built = await timed(() =>
      buildImage(settingsFor(name, 'buildx'), inspection, git, systemExec, quiet)
    )
    images.add(wrote.value.configDigest).add(built.value.imageId)
    await rm(out, { recursive: true, force: true })
    if (round < 0) continue
    figures.writer.push(wrote.ms)
    figures.writerLoad.push(wrote.ms + loaded.ms)
    figures.buildx.push(built.ms)
    figures.pull = wrote.value.pullSize
    figures.digests.add(wrote.value.manifestDigest)
    figures.binaries.add(wrote.value.layers[wrote.value.layers.length - 1].diffId)
    imageId = built.value.imageId
  }
  const saved = join(work, `${name}-buildx.tar`)
  await run('docker', ['save', '-o', saved, imageId])
  figures.estimate = (await estimateFromArchive(saved)).pullSize
  await rm(saved, { force: true })
  return figures
}

function row(name: string, f: Figures): string {
  const ratio = median(f.buildx) / median(f.writer)
  return `| ${name} | ${median(f.writer).toFixed(0)} | ${median(f.writerLoad).toFixed(0)} | ${median(f.buildx).toFixed(0)} | ${ratio.toFixed(1)}× ${ratio >= SPEED_TARGET ? '✓' : '✗'} | ${f.pull} | ${f.estimate} ${f.pull <= f.estimate ? '✓' : '✗'} | ${f.digests.size} | ${f.binaries.size} |`
}

async function drain(parts: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0
  for await (const part of parts) bytes += part.length
  return bytes
}

/** The gzip alone on one binary's bytes (in memory): one zlib stream vs pgzip, alternating. */
async function gzipRow(name: string, binary: string): Promise<string> {
  const bytes = await readFile(binary)
  const single: number[] = []
  const parallel: number[] = []
  let singleSize = 0
  let parallelSize = 0
  for (let round = -1; round < ROUNDS; round++) {
    const one = await timed(
      () =>
        new Promise<Buffer>((done, fail) =>
          zlibGzip(bytes, { level: 6 }, (error, out) => (error ? fail(error) : done(out)))
        )
    )
    const many = await timed(() => drain(pgzip([bytes], { level: 6 })))
    if (round < 0) continue
    single.push(one.ms)
    parallel.push(many.ms)
    singleSize = one.value.length
    parallelSize = many.value
  }
  const speedup = median(single) / median(parallel)
  const growth = (parallelSize / singleSize - 1) * 100
  return `| ${name} | ${bytes.length} | ${median(single).toFixed(0)} | ${median(parallel).toFixed(0)} | ${speedup.toFixed(2)}× | ${singleSize} | ${parallelSize} (${growth >= 0 ? '+' : ''}${growth.toFixed(2)}%) |`
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'from-scratch-bench-builders-'))
  const images = new Set<string>()
  const changed: string[] = []
  const warm: string[] = []
  const gzipRows: string[] = []
  try {
    for (const name of examples) {
      changed.push(row(name, await measure(name, work, true, images)))
      warm.push(row(name, await measure(name, work, false, images)))
      gzipRows.push(await gzipRow(name, join(work, `${name}-warm`, name)))
    }
  } finally {
    await systemExec.run('docker', [
      'image',
      'rm',
      ...examples.flatMap((name) => [
        `from-scratch-bench/${name}:buildx`,
        `from-scratch-bench/${name}:oci`
      ])
    ])
    // The earlier rounds' images, untagged by the later ones.
    await systemExec.run('docker', ['image', 'rm', ...images])
    await rm(work, { recursive: true, force: true })
  }
  const head = [
    `| example | writer | writer + docker load | buildx --load | buildx ÷ writer (≥ ${SPEED_TARGET}×) | writer pull bytes (exact) | buildx pull bytes (report estimate, ≥ writer) | distinct writer digests | distinct binaries |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  process.stdout.write(
    [
      `${ROUNDS} alternating rounds per example and table, medians in ms; ${cpus().length} CPUs, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, load average at the end ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} (the machine is shared: other work running makes every figure noisier).`,
      '',
      'Changed binary every round (the CI case: no cache hit for the binary layer; extras identical):',
      ...head,
      ...changed,
      '',
      'Identical context every round (warm: BuildKit answers the whole build from its cache):',
      ...head,
      ...warm,
      '',
      'Gzip alone on the binary, in memory: one zlib stream at level 6 vs pgzip (128 KiB chunks, level 6):',
      '| example | binary bytes | zlib ms | pgzip ms | speedup | zlib bytes | pgzip bytes |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...gzipRows,
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
