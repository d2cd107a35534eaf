// What a second platform costs: the whole step (compile, verify, image, smoke
// run, measure) for linux/amd64 alone, linux/arm64 alone and both as one index,
// against the bare cross-compile a hand-written workflow would run first
// (`go build` with GOARCH, or the C cross compiler), measured in the same run,
// alternating round by round. The smoke run of arm64 goes through
// qemu-aarch64-static; it is timed on its own too (the binary run under the
// emulator directly, beside the native run).
//
// Prints medians of ROUNDS (default 5) and ratios. Nothing is asserted.
// Needs: dist/cli.js, go, aarch64-linux-musl-gcc, qemu-aarch64-static, dockerd.
// Run: bash bench/platforms.sh
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(process.argv[2] ?? '.')
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const BUILDER = process.env.BUILDER ?? 'oci'
const cli = join(root, 'dist', 'cli.js')
const work = mkdtempSync(join(tmpdir(), 'from-scratch-platforms-'))
const EPOCH = '1700000000'

/** Runs one command; returns its wall time in ms. Fails loudly. */
function run(file, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(file, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...(options.env ?? {}) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`)
  }
  return ms
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const examples = [
  { name: 'hello-go', dir: 'examples/hello-go', language: 'go', smoke: '' },
  { name: 'http-server', dir: 'examples/http-server', language: 'go', smoke: '--version' },
  { name: 'hello-c', dir: 'examples/hello-c', language: 'c', smoke: '' }
]

/** The bare cross-compile of one example for one architecture, into `out`. */
function bareCompile(example, arch, out) {
  const cwd = join(root, example.dir)
  if (example.language === 'go') {
    return run(
      'go',
      ['build', '-trimpath', '-ldflags=-s -w -X main.version=' + out, '-o', out, '.'],
      {
        cwd,
        env: { GOOS: 'linux', GOARCH: arch, CGO_ENABLED: '0' }
      }
    )
  }
  const cc = arch === 'arm64' ? 'aarch64-linux-musl-gcc' : 'musl-gcc'
  const sources = readdirSync(cwd).filter((name) => name.endsWith('.c'))
  return run(cc, ['-Os', '-static', '-s', '-o', out, ...sources], { cwd })
}

/** The whole step for `platforms`, with a smoke run. */
function step(example, platforms, round) {
  const out = join(work, `${example.name}-${platforms.replace(/[/,]/g, '_')}-${round}`)
  const args = [
    cli,
    'build',
    join(root, example.dir),
    '--builder',
    BUILDER,
    '--platforms',
    platforms,
    '--image',
    `bench-platforms-${example.name}`,
    '--output-dir',
    out,
    '--no-cache',
    '--smoke-test',
    example.smoke === '' ? 'true' : example.smoke
  ]
  if (example.language === 'go') args.push('--go-ldflags', `-X main.version=${round}`)
  const ms = run(process.execPath, args)
  rmSync(out, { recursive: true, force: true })
  return ms
}

/** One run of a binary, natively or under qemu-aarch64-static. */
function runBinary(path, arch) {
  return arch === 'arm64' ? run('qemu-aarch64-static', [path]) : run(path, [])
}

const rows = []
for (const example of examples) {
  const times = {
    bareAmd64: [],
    bareArm64: [],
    amd64: [],
    arm64: [],
    both: [],
    runAmd64: [],
    runArm64: []
  }
  for (let round = 0; round < ROUNDS; round++) {
    const amd = join(work, `bare-amd64-${example.name}-${round}`)
    const arm = join(work, `bare-arm64-${example.name}-${round}`)
    times.bareAmd64.push(bareCompile(example, 'amd64', amd))
    times.bareArm64.push(bareCompile(example, 'arm64', arm))
    if (example.name !== 'http-server') {
      times.runAmd64.push(runBinary(amd, 'amd64'))
      times.runArm64.push(runBinary(arm, 'arm64'))
    }
    times.amd64.push(step(example, 'linux/amd64', round))
    times.arm64.push(step(example, 'linux/arm64', round))
    times.both.push(step(example, 'linux/amd64,linux/arm64', round))
  }
  rows.push({
    example: example.name,
    ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.length ? median(v) : null]))
  })
}

const s = (ms) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`)
const x = (a, b) => `${(a / b).toFixed(2)}×`
console.log(
  `builder: ${BUILDER}; medians of ${ROUNDS} rounds; Go steps pass -X main.version=<round>: http-server's binary changes each round, hello-go (no such variable) relinks the same program`
)
console.log('')
console.log(
  '| example | bare compile amd64 / arm64 | step amd64 | step arm64 | step both | both ÷ amd64 | both ÷ (bare amd64 + bare arm64) | one run native / under qemu |'
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(
    `| ${r.example} | ${s(r.bareAmd64)} / ${s(r.bareArm64)} | ${s(r.amd64)} | ${s(r.arm64)} | ${s(r.both)} | ${x(r.both, r.amd64)} | ${x(r.both, r.bareAmd64 + r.bareArm64)} | ${r.runAmd64 === null ? '—' : `${r.runAmd64.toFixed(0)} ms / ${r.runArm64.toFixed(0)} ms`} |`
  )
}
rmSync(work, { recursive: true, force: true })
