// End-to-end speed: the whole step, as a process, against what a user would
// otherwise run, in the same run and alternating round by round:
//
//   oci     from-scratch build --builder oci      vs  go build + tar + crane append -o + docker load
//   buildx  from-scratch build --builder buildx   vs  go build + two-line Dockerfile + buildx build --load
//   inspect from-scratch inspect BINARY           vs  node -e 0   (and `file BINARY`, for scale)
//   100 MB  from-scratch build --binary --builder oci  vs  tar + crane append -o + docker load
//           (a binary padded with random bytes and zeros, and one whose .rodata is 99 MB of zeros)
//
// The Go examples run twice: "warm" (same binary every round) and "changed"
// (-X main.version=<round>, so no layer can be reused, as on a new commit).
// Prints medians of ROUNDS (default 5), ratios, peak memory (GNU time's max
// RSS) and the pull sizes side by side: ours exact from the report, crane's
// from its tarball (config + gzip level 1 layer). Targets are printed, never
// asserted. Needs: dist/cli.js, dockerd + buildx, go, musl-gcc, crane (bench/e2e.sh
// builds crane from Debian's go-containerregistry source).
// Run: bash bench/e2e.sh
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(process.argv[2] ?? '.')
const crane = process.argv[3] ?? 'crane'
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const cli = join(root, 'dist', 'cli.js')
const work = mkdtempSync(join(tmpdir(), 'from-scratch-e2e-'))
const EPOCH = '1700000000'

/** Runs one command under GNU time; returns wall ms and max RSS in KB. Fails loudly. */
function run(file, args, options = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', file, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, ...(options.env ?? {}) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const lines = result.stderr.trimEnd().split('\n')
  const rssKb = Number(lines.at(-1))
  if (result.status !== 0 && !options.allowFail) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`)
  }
  return { ms, rssKb, stdout: result.stdout }
}

/** A sequence of commands counted as one step. */
function steps(list) {
  let ms = 0
  let rssKb = 0
  let last = null
  for (const [file, args, options] of list) {
    last = run(file, args, options)
    ms += last.ms
    rssKb = Math.max(rssKb, last.rssKb)
  }
  return { ms, rssKb, stdout: last?.stdout ?? '' }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function goBuildArgs(ldflags, out) {
  return ['build', '-trimpath', '-ldflags', ldflags, '-tags', 'netgo,osusergo', '-o', out, '.']
}
const GO_ENV = { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' }

/** Pull size of crane's tarball: every blob in it (config + compressed layers), not manifest.json. */
function craneTarPullSize(tarPath) {
  const listing = spawnSync('tar', ['-tvf', tarPath], { encoding: 'utf8' }).stdout
  let total = 0
  for (const line of listing.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 6 || fields.at(-1) === 'manifest.json') continue
    total += Number(fields[2])
  }
  return total
}

function peerOci(binaryDir, binaryName, tag) {
  const layer = join(work, 'layer.tar')
  const out = join(work, 'crane.tar')
  rmSync(out, { force: true })
  const result = steps([
    ['tar', ['--owner=0', '--group=0', '-C', binaryDir, '-cf', layer, binaryName]],
    [crane, ['append', '-f', layer, '-t', tag, '-o', out]],
    ['docker', ['load', '-i', out]]
  ])
  return { ...result, pullSize: craneTarPullSize(out) }
}

function peerBuildx(binaryDir, binaryName, tag) {
  writeFileSync(
    join(binaryDir, 'Dockerfile'),
    `FROM scratch\nCOPY ${binaryName} /${binaryName}\nENTRYPOINT ["/${binaryName}"]\n`
  )
  return steps([['docker', ['buildx', 'build', '--load', '-q', '-t', tag, binaryDir]]])
}

function ours(dir, builder, extra) {
  const r = run(process.execPath, [
    cli,
    'build',
    dir,
    '--builder',
    builder,
    '--image',
    `bench/ours-${builder}`,
    '--tag',
    'e2e',
    '--json',
    ...extra
  ])
  let pullSize = null
  try {
    pullSize = JSON.parse(r.stdout).image?.pullSize ?? null
  } catch {
    pullSize = null
  }
  return { ...r, pullSize }
}

const rows = []
function record(group, name, samples, peerOf) {
  rows.push({
    group,
    name,
    ms: median(samples.map((s) => s.ms)),
    rssKb: Math.max(...samples.map((s) => s.rssKb)),
    pullSize: samples.at(-1).pullSize ?? null,
    peerOf
  })
}

function goCase(example, changed) {
  const dir = join(root, 'examples', example)
  const label = `${example} (${changed ? 'changed binary' : 'warm'})`
  const samples = { floor: [], peerOci: [], oursOci: [], peerBx: [], oursBx: [] }
  const binDir = mkdtempSync(join(work, 'bin-'))
  for (let round = 0; round < ROUNDS; round++) {
    const version = changed ? `r${Date.now()}-${round}` : 'warm'
    const ldflags = `-s -w -X main.version=${version}`
    const floor = run('go', goBuildArgs(ldflags, join(binDir, 'app')), { cwd: dir, env: GO_ENV })
    samples.floor.push(floor)
    // The peers pay for their own go build, exactly as a workflow would.
    const oci = peerOci(binDir, 'app', `bench/peer-oci:e2e`)
    samples.peerOci.push({ ...oci, ms: oci.ms + floor.ms })
    samples.oursOci.push(ours(dir, 'oci', [`--go-ldflags=-X main.version=${version}`]))
    // In the changed case the buildx pair builds its own binary: with the first pair's
    // flags go would find that output up to date and skip the link.
    const bxLdflags = changed ? `${ldflags}-bx` : ldflags
    const bxFloor = run('go', goBuildArgs(bxLdflags, join(binDir, 'app')), {
      cwd: dir,
      env: GO_ENV
    })
    const bx = peerBuildx(binDir, 'app', 'bench/peer-buildx:e2e')
    samples.peerBx.push({ ...bx, ms: bx.ms + bxFloor.ms })
    const bxVersion = changed ? `${version}-bx` : version
    samples.oursBx.push(ours(dir, 'buildx', [`--go-ldflags=-X main.version=${bxVersion}`]))
  }
  record(label, '`go build` alone (floor)', samples.floor, null)
  record(label, 'peer: go build + crane append + docker load', samples.peerOci, null)
  record(
    label,
    'from-scratch build --builder oci',
    samples.oursOci,
    'peer: go build + crane append + docker load'
  )
  record(label, 'peer: go build + Dockerfile + buildx --load', samples.peerBx, null)
  record(
    label,
    'from-scratch build --builder buildx',
    samples.oursBx,
    'peer: go build + Dockerfile + buildx --load'
  )
  return join(binDir, 'app')
}

function inspectCase(binary, what = 'binary') {
  const label = `inspect ${Math.round(statSync(binary).size / 1e5) / 10} MB ${what}`
  const s = { node: [], ours: [], file: [] }
  for (let round = 0; round < ROUNDS * 2; round++) {
    s.node.push(run(process.execPath, ['-e', '0']))
    s.ours.push(run(process.execPath, [cli, 'inspect', binary]))
    s.file.push(run('file', [binary]))
  }
  record(label, 'peer: node -e 0', s.node, null)
  record(label, 'from-scratch inspect', s.ours, 'peer: node -e 0')
  record(label, '`file` (for scale)', s.file, null)
}

/**
 * A 100 MB static C binary, two ways: `random` is a small program with 1 MB of
 * random bytes and zeros to 100 MB appended (bytes the loader never maps);
 * `zeros` holds a `static const` 100 MiB blob with only its first MiB set, so
 * .rodata is 99 MB of zero bytes, where a scan that restarts per match of a
 * pattern ending in zeros spent seconds.
 */
function bigCase(kind) {
  const dir = mkdtempSync(join(work, 'big-'))
  const source =
    kind === 'zeros'
      ? '#include <stdio.h>\n#define MB (1024 * 1024)\nstatic const unsigned char blob[100 * MB] = { [0 ... MB - 1] = 1 };\nint main(int argc, char **argv) { (void)argv; printf("%d\\n", blob[argc * 4096]); return 0; }\n'
      : '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n'
  writeFileSync(join(dir, 'hello.c'), source)
  run('musl-gcc', ['-static', '-Os', '-s', '-o', join(dir, 'app'), join(dir, 'hello.c')])
  if (kind === 'random') {
    // 1 MB of random data, then zeros to 100 MB: trailing bytes the loader never maps.
    const random = spawnSync('head', ['-c', '1048576', '/dev/urandom']).stdout
    writeFileSync(join(dir, 'app'), random, { flag: 'a' })
    spawnSync('truncate', ['-s', '100M', join(dir, 'app')])
  }
  const label = kind === 'zeros' ? '100 MB static binary, .rodata zeros' : '100 MB static binary'
  const s = { peer: [], ours: [] }
  for (let round = 0; round < ROUNDS; round++) {
    s.peer.push(peerOci(dir, 'app', 'bench/peer-big:e2e'))
    s.ours.push(ours(dir, 'oci', ['--binary', join(dir, 'app')]))
  }
  record(label, 'peer: tar + crane append + docker load', s.peer, null)
  record(
    label,
    'from-scratch build --binary --builder oci',
    s.ours,
    'peer: tar + crane append + docker load'
  )
  return join(dir, 'app')
}

const TARGETS = {
  'from-scratch build --builder oci': 1.1,
  'from-scratch build --builder buildx': 1.2,
  'from-scratch inspect': 1.5,
  'from-scratch build --binary --builder oci': 1.5
}

try {
  console.log(
    `bench/e2e: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${ROUNDS} rounds, medians`
  )
  const binary = goCase('http-server', false)
  goCase('http-server', true)
  goCase('hello-go', true)
  inspectCase(binary)
  inspectCase(bigCase('random'))
  inspectCase(bigCase('zeros'), 'binary, .rodata zeros')
  let group = ''
  console.log(
    '\n| case | command | wall | ratio | target | peak RSS | pull size |\n|---|---|---:|---:|---:|---:|---:|'
  )
  for (const row of rows) {
    const peer =
      row.peerOf === null ? null : rows.find((r) => r.group === row.group && r.name === row.peerOf)
    const ratio = peer ? row.ms / peer.ms : null
    const target = TARGETS[row.name]
    console.log(
      `| ${row.group === group ? '' : row.group} | ${row.name} | ${(row.ms / 1000).toFixed(2)} s | ${ratio === null ? '' : `**${ratio.toFixed(2)}×**`} | ${target && ratio !== null ? `≤ ${target}× ${ratio <= target ? 'met' : 'MISSED'}` : ''} | ${Math.round(row.rssKb / 1024)} MB | ${row.pullSize === null ? '' : row.pullSize.toLocaleString('en')} |`
    )
    group = row.group
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
