// Scans on odd content: inspect (verdict, findings, sizes) of a 100 MB static
// C binary (musl, -Os -s) whose .rodata is one `static const` 100 MiB blob,
// filled five ways. Every scan over the file must stay linear whatever the
// bytes, so each fill should cost about what the zero fill does, and that
// about what reading the file once costs (measured in the same run).
// Not a test: figures are printed, never asserted.
// Run: bash bench/run.sh scan
import { mkdir, open, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { inspectBinary } from '../src/elf/inspect.js'
import { openFileSource, ElfFile } from '../src/elf/reader.js'
import { systemExec } from '../src/ground/exec.js'
import { timeIt } from './timing.js'

const RUNS = 5
const WARMUP = 1
const MB = 1024 * 1024
const root = resolve(process.argv[2] ?? '.')
const work = join(root, '.cache', 'bench', 'scan-inputs')

const SOURCE = `#include <stdio.h>
#define MB (1024 * 1024)
static const unsigned char blob[100 * MB] = { [0 ... MB - 1] = 1 };
int main(int argc, char **argv) { (void)argv; printf("%d\\n", blob[argc * 4096]); return 0; }
`

/** What .rodata is filled with: each defeats a different naive search. */
const FILLS: readonly (readonly [string, Buffer | null])[] = [
  ['as compiled: 1 MiB set, 99 MiB zeros', null],
  ['0xf1 (first byte of the pclntab magic)', Buffer.from([0xf1])],
  ['0xff', Buffer.from([0xff])],
  ['look-alike pcHeaders', Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8])],
  ['look-alike build info', Buffer.from('\xff Go buildinf:', 'latin1')],
  ['NSS string prefix', Buffer.from('libnss_%s.s', 'latin1')]
]

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function compiled(): Promise<string> {
  const out = join(work, 'zeros.bin')
  if (await exists(out)) return out
  await mkdir(work, { recursive: true })
  await writeFile(join(work, 'big.c'), SOURCE)
  const r = await systemExec.run('musl-gcc', ['-static', '-Os', '-s', '-o', out, 'big.c'], {
    cwd: work
  })
  if (r.exitCode !== 0) throw new Error(`musl-gcc: ${r.stderr}`)
  return out
}

/** A copy of `base` with its .rodata overwritten by `unit` repeated. */
async function filled(base: string, name: string, unit: Buffer): Promise<string> {
  const out = join(work, `${name}.bin`)
  if (await exists(out)) return out
  const src = await openFileSource(base)
  const rodata = await (await ElfFile.open(src)).section('.rodata')
  await src.close()
  if (!rodata) throw new Error('no .rodata')
  await systemExec.run('cp', [base, out])
  const handle = await open(out, 'r+')
  try {
    // Whole units per chunk, so the pattern keeps its phase across chunks.
    const chunk = Buffer.alloc(Math.floor(MB / unit.length) * unit.length, unit)
    const end = Number(rodata.offset + rodata.size)
    for (let at = Number(rodata.offset); at < end; at += chunk.length) {
      await handle.write(chunk, 0, Math.min(chunk.length, end - at), at)
    }
  } finally {
    await handle.close()
  }
  return out
}

async function readWhole(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(MB)
    while ((await handle.read(buf, 0, MB, null)).bytesRead > 0);
  } finally {
    await handle.close()
  }
}

async function main(): Promise<void> {
  const base = await compiled()
  console.log(
    `bench/scan: inspect --sizes of a ${Math.round((await stat(base)).size / MB)} MiB static C binary, median of ${RUNS}`
  )
  const read = await timeIt(() => readWhole(base), RUNS, WARMUP)
  console.log(
    `  ${'read the file once, 1 MiB at a time (scale)'.padEnd(44)} ${read.toFixed(0).padStart(6)} ms`
  )
  for (const [i, [label, unit]] of FILLS.entries()) {
    const path = unit === null ? base : await filled(base, `fill-${i}`, unit)
    const ms = await timeIt(() => inspectBinary(path, { sizes: true }), RUNS, WARMUP)
    console.log(`  ${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms`)
  }
}

await main()
