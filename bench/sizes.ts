// Size attribution bench: the time to attribute cmd/go (built here, -s -w,
// ≥ 10 MB) to packages and modules in-process, next to `go tool nm -size
// -sort size` run as a whole process on its unstripped twin, in the same run.
// Not a test: the target (whole-file attribution ≤ 150 ms) and the ratio are printed,
// not asserted.
// Run: bash bench/run.sh sizes (bundles with ncc, then runs from the repo root).
import { mkdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ElfFile, openFileSource } from '../src/elf/reader.js'
import { attributeSizes } from '../src/elf/sizes.js'
import { systemExec } from '../src/ground/exec.js'
import { timeIt } from './timing.js'
import { GO_ENV } from '../__tests__/support/findings-corpus.js'

const RUNS = 15
const WARMUP = 2
const timed = (task: () => Promise<unknown>): Promise<number> => timeIt(task, RUNS, WARMUP)
const TARGET_MS = 150
const MIN_BYTES = 10 * 1000 * 1000

const root = resolve(process.argv[2] ?? '.')
const work = join(root, '.cache', 'bench', 'sizes-inputs')

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function must(file: string, args: string[]): Promise<string> {
  const result = await systemExec.run(file, args, { cwd: work, env: GO_ENV, timeoutMs: 1_200_000 })
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

/** cmd/go from GOROOT, stripped (what ships) or not (what nm reads). */
async function cmdGo(stripped: boolean): Promise<string> {
  const out = join(work, stripped ? 'go-sw' : 'go-full')
  if (await exists(out)) return out
  const flags = stripped ? ['-ldflags=-s -w'] : []
  await must('go', ['build', ...flags, '-o', out, 'cmd/go'])
  return out
}

let placed = { file: 0, packages: 0, buckets: 0 }

/** Open, attribute, close: everything `inspect --sizes` does for the sizes, in-process. */
async function attribute(path: string): Promise<number> {
  const src = await openFileSource(path)
  try {
    const sizes = await attributeSizes(await ElfFile.open(src))
    placed = sizes.placed
    return sizes.packages.length
  } finally {
    await src.close()
  }
}

async function main(): Promise<void> {
  await mkdir(work, { recursive: true })
  const stripped = await cmdGo(true)
  const full = await cmdGo(false)
  const bytes = (await stat(stripped)).size
  if (bytes < MIN_BYTES) throw new Error(`${stripped} is ${bytes} bytes, under 10 MB`)
  const packages = await attribute(stripped)
  const ours = await timed(() => attribute(stripped))
  const nm = await timed(() => must('go', ['tool', 'nm', '-size', '-sort', 'size', full]))
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
  console.log(`median of ${RUNS} runs (after ${WARMUP} warm-up runs), in ms`)
  console.log(`cmd/go -s -w: ${stripped} (${mb(bytes)}, ${packages} package rows)`)
  console.log(`cmd/go unstripped: ${full} (${mb((await stat(full)).size)})`)
  const pct = (n: number) => `${((n / placed.file) * 100).toFixed(1)} %`
  console.log(
    `placed: ${pct(placed.packages)} of the file in packages, ${pct(placed.buckets)} in named buckets`
  )
  console.log('')
  console.log(`${'attributeSizes (in-process, -s -w)'.padEnd(48)}${ours.toFixed(1).padStart(9)}`)
  console.log(
    `${'go tool nm -size -sort size (process, unstripped)'.padEnd(48)}${nm.toFixed(1).padStart(9)}`
  )
  console.log(`${'ratio (attribution / nm)'.padEnd(48)}${(ours / nm).toFixed(3).padStart(9)}`)
  console.log('')
  console.log(
    `attribution: ${ours <= TARGET_MS ? 'meets' : 'MISSES'} the target (≤ ${TARGET_MS} ms in-process)`
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
