// Verdict bench: time to a verdict on a ~1 MB and a ≥100 MB static Go binary,
// next to `readelf -lhd` and `file` measured in the same run. Positional reads
// should make the big binary cost what the small one does. Not a test: the
// targets (under 10 ms each, big/small ratio under 2) are printed, not asserted.
// Run: bash bench/run.sh elf (bundles with ncc, then runs from the repo root).
import { randomBytes } from 'node:crypto'
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { GO_ENV } from '../__tests__/support/findings-corpus.js'
import { inspectBinary } from '../src/elf/inspect.js'
import { judge } from '../src/elf/linkage.js'
import { openFileSource } from '../src/elf/reader.js'
import { systemExec } from '../src/ground/exec.js'
import { timeIt } from './timing.js'

const RUNS = 15
const WARMUP = 2
const timed = (task: () => Promise<unknown>): Promise<number> => timeIt(task, RUNS, WARMUP)
const BIG_BYTES = 100 * 1024 * 1024
const TARGET_MS = 10
const TARGET_RATIO = 2

const root = resolve(process.argv[2] ?? '.')
const work = join(root, '.cache', 'bench', 'elf-inputs')

const SMALL = `package main

import "os"

func main() { os.Stdout.WriteString("hello\\n") }
`
// The embedded bytes must be referenced, or the linker drops them.
const BIG = `package main

import (
	_ "embed"
	"os"
)

//go:embed big.bin
var big []byte

func main() {
	if len(big) == 0 {
		os.Exit(1)
	}
	os.Stdout.WriteString("hello\\n")
}
`

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function must(file: string, args: string[], cwd: string): Promise<void> {
  const result = await systemExec.run(file, args, { cwd, env: GO_ENV })
  if (result.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${result.stderr}`)
}

/** Random, so that nothing downstream can make the big binary small again. */
async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w')
  try {
    const chunk = 1024 * 1024
    for (let at = 0; at < size; at += chunk)
      await handle.write(randomBytes(Math.min(chunk, size - at)))
  } finally {
    await handle.close()
  }
}

async function goBinary(name: string, source: string, big: boolean): Promise<string> {
  const out = join(work, `${name}.bin`)
  if (await exists(out)) return out
  const dir = join(work, name)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'go.mod'), 'module example.com/bench\n\ngo 1.21\n')
  await writeFile(join(dir, 'main.go'), source)
  if (big) await writeRandom(join(dir, 'big.bin'), BIG_BYTES)
  try {
    await must(
      'go',
      ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w', '-o', out, '.'],
      dir
    )
  } finally {
    // The 100 MB of random input is only needed once; the binary is what is cached.
    await rm(dir, { recursive: true, force: true })
  }
  return out
}

async function verdictOnly(path: string): Promise<void> {
  const src = await openFileSource(path)
  try {
    const { verdict } = await judge(src)
    if (!verdict.accepted) throw new Error(`${path}: ${verdict.summary}`)
  } finally {
    await src.close()
  }
}

async function fullInspection(path: string): Promise<void> {
  const inspection = await inspectBinary(path)
  if (!inspection.verdict.accepted) throw new Error(`${path}: ${inspection.verdict.summary}`)
}

async function tool(file: string, args: string[]): Promise<void> {
  const result = await systemExec.run(file, args)
  if (result.exitCode !== 0) throw new Error(`${file}: ${result.stderr}`)
}

const MEASURES: readonly (readonly [string, (path: string) => Promise<unknown>])[] = [
  ['judge (verdict)', verdictOnly],
  ['inspectBinary (verdict + Go + findings)', fullInspection],
  ['readelf -lhd', (p) => tool('readelf', ['-lhd', p])],
  ['file', (p) => tool('file', [p])]
]

async function main(): Promise<void> {
  await mkdir(work, { recursive: true })
  const small = await goBinary('small', SMALL, false)
  const big = await goBinary('big', BIG, true)
  const sizes = [(await stat(small)).size, (await stat(big)).size]
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
  console.log(`median of ${RUNS} runs (after ${WARMUP} warm-up runs), in ms`)
  console.log(`small: ${small} (${mb(sizes[0] ?? 0)})`)
  console.log(`big:   ${big} (${mb(sizes[1] ?? 0)})`)
  console.log('')
  console.log(
    `${'measure'.padEnd(42)}${'small'.padStart(9)}${'big'.padStart(9)}${'big/small'.padStart(11)}`
  )
  const verdicts: string[] = []
  for (const [label, task] of MEASURES) {
    const s = await timed(() => task(small))
    const b = await timed(() => task(big))
    const ratio = b / s
    console.log(
      `${label.padEnd(42)}${s.toFixed(2).padStart(9)}${b.toFixed(2).padStart(9)}${ratio.toFixed(2).padStart(11)}`
    )
    if (label.startsWith('judge') || label.startsWith('inspect')) {
      const ok = s < TARGET_MS && b < TARGET_MS && ratio < TARGET_RATIO
      verdicts.push(
        `${label}: ${ok ? 'meets' : 'MISSES'} the targets (< ${TARGET_MS} ms each, ratio < ${TARGET_RATIO})`
      )
    }
  }
  console.log('')
  for (const line of verdicts) console.log(line)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
