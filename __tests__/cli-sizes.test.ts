import { beforeAll, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EXIT_CANNOT_TELL } from '../src/cli.js'
import { runCli, type CliRun } from './support/cli-world.js'
import { freshDir } from './support/paths.js'
import { nmByPackage, nmText, sizesCorpus, type SizesCorpus } from './support/sizes-corpus.js'

/** `inspect --sizes` and `diff OLD NEW` on real binaries, through the same entry point as dist/cli.js. */

let corpus: SizesCorpus
beforeAll(async () => {
  corpus = await sizesCorpus()
}, 1_200_000)

function run(...args: string[]): Promise<CliRun> {
  return runCli(args, corpus.dir)
}

interface DiffJson {
  changes: {
    status: string
    diff: {
      packages: { name: string; base: number | null; current: number | null; delta: number }[]
      modules: { name: string; baseVersion?: string; currentVersion?: string; delta: number }[]
    }
  }
}

describe('from-scratch inspect --sizes', () => {
  it('prints the breakdown of a stripped Go binary', async () => {
    const { code, out } = await run('inspect', 'app-sw', '--sizes')
    expect(code).toBe(0)
    expect(out).toMatch(/^ {4}\.text +532,\d{3}$/m)
    expect(out).toMatch(/^ {4}example\.com\/shapes v1\.2\.0 +\d[\d,]+$/m)
    expect(out).toMatch(/^ {4}example\.com\/text\.kit v1\.4\.0 +\d[\d,]+$/m)
    expect(out).toMatch(/^ {4}\.rodata +\d+\.\d % of .*through the module data$/m)
    expect(out).not.toMatch(/^ {4}\(alignment padding\)/m)
  })

  it('puts the sizes in --json', async () => {
    const { out } = await run('inspect', 'gofmt-full', '--sizes', '--json')
    const json = JSON.parse(out) as {
      binary: { sizes: { packages: { name: string }[]; advice: { id: string }[] } }
    }
    const real = json.binary.sizes.packages.filter((p) => !p.name.startsWith('('))
    expect(real[0]?.name).toBe('runtime')
    expect(json.binary.sizes.advice.map((a) => a.id)).toEqual(
      expect.arrayContaining(['strip-symbols', 'strip-dwarf'])
    )
  })
})

describe('from-scratch diff', () => {
  it('names the bumped module and the new packages, with bytes that agree with go tool nm', async () => {
    const { code, out } = await run('diff', 'app-sw', 'app-bumped-sw', '--json')
    expect(code).toBe(0)
    const { changes } = JSON.parse(out) as DiffJson
    expect(changes.status).toBe('compared')
    expect(changes.diff.modules[0]).toMatchObject({
      name: 'example.com/shapes',
      baseVersion: 'v1.2.0',
      currentVersion: 'v1.3.0'
    })
    const grid = changes.diff.packages.find((p) => p.name === 'example.com/shapes/grid')
    expect(grid?.base).toBeNull()
    // Its bytes are its row's; the code in them is what go tool nm sums on the unstripped twin.
    const { out: json } = await run('inspect', 'app-bumped-sw', '--sizes', '--json')
    const row = (
      JSON.parse(json) as {
        binary: { sizes: { packages: { name: string; bytes: number; parts: { code?: number } }[] } }
      }
    ).binary.sizes.packages.find((p) => p.name === 'example.com/shapes/grid')
    expect(grid?.current).toBe(row?.bytes)
    const truth = nmByPackage(await nmText(corpus.path('app-bumped-full')))
    expect(row?.parts.code).toBe(truth.get('example.com/shapes/grid'))
  })

  it('prints aligned plain text for a terminal, and the markdown tables with --markdown', async () => {
    const text = await run('diff', 'http-sw', 'http-plus-sw')
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/^binary: 5\.\d\d MB → 6\.\d\d MB \(\+1\.\d\d MB\)$/m)
    expect(text.out).not.toContain('|')
    const table = text.out.split('\n\n').find((block) => block.trimStart().startsWith('package'))
    const rows = (table ?? '').split('\n').filter((r) => !r.startsWith('  …'))
    expect(rows[0]).toMatch(/^ {2}package +old +new +change$/)
    expect(rows.find((r) => r.trimStart().startsWith('encoding/json '))).toMatch(
      / new +[\d.]+ kB +\+[\d.]+ kB$/
    )
    // Aligned: every row of the table ends in the same column.
    expect(new Set(rows.map((r) => r.length)).size).toBe(1)
    const { code, out } = await run('diff', 'http-sw', 'http-plus-sw', '--markdown')
    expect(code).toBe(0)
    expect(out).toMatch(/^\| `encoding\/json` \| `std` \| — \| [\d.]+ kB \| new, [\d.]+ kB \|$/m)
    expect(out).toMatch(/^\| `text\/template` \| `std` \| — \| [\d.]+ kB \| new, [\d.]+ kB \|$/m)
  })

  it('compares a report JSON with a binary, and says when the report has no attribution', async () => {
    const { out: json } = await run('inspect', 'app-sw', '--sizes', '--json')
    const dir = await freshDir('diff')
    const withSizes = join(dir, 'with.json')
    await writeFile(withSizes, JSON.stringify({ ...(JSON.parse(json) as object), ...REST }))
    const { code, out } = await run('diff', withSizes, 'app-bumped-sw')
    expect(code).toBe(0)
    expect(out).toMatch(/^ {2}example\.com\/shapes v1\.2\.0 → v1\.3\.0 +[\d.]+ kB/m)
    const parsed = JSON.parse(json) as { binary: Record<string, unknown> }
    const old = join(dir, 'old.json')
    await writeFile(
      old,
      JSON.stringify({ ...parsed, binary: { ...parsed.binary, sizes: undefined }, ...REST })
    )
    const plain = await run('diff', old, 'app-bumped-sw')
    expect(plain.out).toContain(`${old} has no size attribution: only the totals compare.`)
  })

  it('refuses what is neither a binary nor a report', async () => {
    const dir = await freshDir('diff')
    await writeFile(join(dir, 'notes.txt'), 'hello')
    const { code, err } = await run('diff', join(dir, 'notes.txt'), 'app-sw')
    expect(code).toBe(EXIT_CANNOT_TELL)
    expect(err).toMatch(/notes\.txt is neither an ELF binary nor a from-scratch report JSON/)
    expect(err).not.toMatch(/\n\s+at /)
    expect((await run('diff', 'app-sw')).code).toBe(EXIT_CANNOT_TELL)
  })
})

/** The rest of a report JSON around `inspect --json`'s binary. */
const REST = { image: null, baseline: null, gates: [] }
