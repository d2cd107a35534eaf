import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { filePackage, packageOf } from '../../src/elf/go-names.js'
import { repoRoot } from './paths.js'
import { mustRun } from './run.js'
import { GO_ENV, withoutSectionHeaders } from './findings-corpus.js'

/**
 * Real binaries for the size attribution tests, built with the real
 * toolchains and cached under .cache/corpus-sizes/<hash> (the hash covers
 * the sources, the recipes and the toolchain versions):
 *
 * - `cmd/gofmt` from GOROOT;
 * - __tests__/fixtures/sizes-app, a module with two vendored modules
 *   (one with a dot in its last path element), and a copy whose
 *   `example.com/shapes` is bumped from v1.2.0 to v1.3.0 with more code
 *   and a new package;
 * - examples/http-server, and a copy that also imports encoding/json and
 *   text/template;
 * - the app built with Go 1.19 (the 1.18–1.19 table layout) when Debian's
 *   golang-1.19-go is installed at GO119;
 * - static C programs (glibc unstripped, musl stripped).
 *
 * Each Go program is built twice: `-s -w` (what ships) and unstripped (the
 * truth `go tool nm` reads).
 */

export const GO119 = '/usr/lib/go-1.19/bin/go'

const APP = join(repoRoot, '__tests__', 'fixtures', 'sizes-app')
const HTTP = join(repoRoot, 'examples', 'http-server')

/** Added to the bumped copy of shapes: more code in area, and a new package. */
const BUMP_AREA = `package area

import "math"

// Scaled is new in v1.3.0.
func Scaled(x float64, n int) float64 {
	t := 0.0
	for i := 0; i < n; i++ {
		t += math.Pow(x, float64(i)) / math.Gamma(float64(i)+1)
	}
	return t
}
`
const BUMP_GRID = `// Package grid is new in v1.3.0.
package grid

import (
	"sort"
	"strconv"
	"strings"
)

// Render lays values out in a sorted, padded grid.
func Render(values []float64, cols int) string {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	var b strings.Builder
	for i, v := range sorted {
		s := strconv.FormatFloat(v, 'e', 4, 64)
		b.WriteString(strings.Repeat(" ", 14-len(s)))
		b.WriteString(s)
		if (i+1)%cols == 0 {
			b.WriteByte('\\n')
		}
	}
	return b.String()
}
`
const BUMP_MAIN = `package main

import (
	"os"

	"example.com/shapes/area"
	"example.com/shapes/grid"
)

func init() {
	if len(os.Args) > 5 {
		os.Stdout.WriteString(grid.Render([]float64{area.Scaled(2, len(os.Args))}, 3))
	}
}
`
const HTTP_PLUS = `package main

import (
	"encoding/json"
	"os"
	"text/template"
)

var page = template.Must(template.New("page").Parse("{{range .}}{{.Name}}={{.Value}}\\n{{end}}"))

type pair struct {
	Name  string \`json:"name"\`
	Value int    \`json:"value"\`
}

func init() {
	if os.Getenv("DUMP") != "" {
		pairs := []pair{{"a", 1}}
		_ = json.NewEncoder(os.Stdout).Encode(pairs)
		_ = page.Execute(os.Stdout, pairs)
	}
}
`

export const SIZES_CORPUS = [
  'gofmt-sw',
  'gofmt-full',
  'app-sw',
  'app-full',
  'app-nosections',
  'app-bumped-sw',
  'app-bumped-full',
  'http-sw',
  'http-plus-sw',
  'http-plus-full',
  'app119-sw',
  'app119-full',
  'c-glibc-full',
  'c-musl-sw',
  'tz-sw'
] as const
export type SizesName = (typeof SIZES_CORPUS)[number]

export interface SizesCorpus {
  readonly dir: string
  /** Whether Go 1.19 was there to build the app119-* entries. */
  readonly go119: boolean
  path(name: SizesName): string
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

/** Every file under `dir`, relative path → contents, for the cache key. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    out[relative(dir, path)] = await readFile(path, 'utf8')
  }
  return out
}

async function goBuild(
  go: string,
  cwd: string,
  pkg: string,
  out: string,
  stripped: boolean
): Promise<void> {
  const flags = stripped ? ['-ldflags=-s -w'] : []
  // The sizes-app modules are vendored (the module proxy is out of reach).
  const vendored = (await exists(join(cwd, 'vendor'))) ? ['-mod=vendor'] : []
  await mustRun(
    go,
    ['build', '-trimpath', '-buildvcs=false', ...vendored, ...flags, '-o', out, pkg],
    {
      cwd,
      env: { ...GO_ENV },
      timeoutMs: 600_000
    }
  )
}

/** A copy of sizes-app with shapes bumped to v1.3.0 (more code, a new package). */
async function bumpedApp(dest: string): Promise<void> {
  await cp(APP, dest, { recursive: true })
  const mod = join(dest, 'go.mod')
  await writeFile(mod, (await readFile(mod, 'utf8')).replace('shapes v1.2.0', 'shapes v1.3.0'))
  const vendor = join(dest, 'vendor', 'modules.txt')
  await writeFile(
    vendor,
    (await readFile(vendor, 'utf8'))
      .replace('shapes v1.2.0', 'shapes v1.3.0')
      .replace('example.com/shapes/area\n', 'example.com/shapes/area\nexample.com/shapes/grid\n')
  )
  const shapes = join(dest, 'vendor', 'example.com', 'shapes')
  await writeFile(join(shapes, 'area', 'scaled.go'), BUMP_AREA)
  await mkdir(join(shapes, 'grid'))
  await writeFile(join(shapes, 'grid', 'grid.go'), BUMP_GRID)
  await writeFile(join(dest, 'bump.go'), BUMP_MAIN)
}

/** A copy of examples/http-server that also imports encoding/json and text/template. */
export async function httpPlus(dest: string): Promise<void> {
  await cp(HTTP, dest, { recursive: true })
  await writeFile(join(dest, 'plus.go'), HTTP_PLUS)
}

export const C_SOURCE = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char table[64 * 1024];

int main(int argc, char **argv) {
  memset(table, argc, sizeof table);
  qsort(argv, (size_t)argc, sizeof *argv, (int (*)(const void *, const void *))strcmp);
  printf("%s %d\\n", argv[0], table[argc]);
  return 0;
}
`

const TZ_MAIN = `package main

import (
	"os"
	"time"
	_ "time/tzdata"
)

func main() {
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		os.Exit(1)
	}
}
`

async function buildAll(dir: string, go119: boolean): Promise<void> {
  const src = join(dir, 'src')
  await mkdir(src)
  const tz = join(src, 'tz')
  await mkdir(tz)
  await writeFile(join(tz, 'go.mod'), 'module example.com/tz\n\ngo 1.21\n')
  await writeFile(join(tz, 'main.go'), TZ_MAIN)
  await goBuild('go', tz, '.', join(dir, 'tz-sw'), true)
  await goBuild('go', src, 'cmd/gofmt', join(dir, 'gofmt-sw'), true)
  await goBuild('go', src, 'cmd/gofmt', join(dir, 'gofmt-full'), false)
  await goBuild('go', APP, '.', join(dir, 'app-sw'), true)
  await goBuild('go', APP, '.', join(dir, 'app-full'), false)
  await writeFile(
    join(dir, 'app-nosections'),
    withoutSectionHeaders(await readFile(join(dir, 'app-sw'))),
    { mode: 0o755 }
  )
  const bumped = join(src, 'bumped')
  await bumpedApp(bumped)
  await goBuild('go', bumped, '.', join(dir, 'app-bumped-sw'), true)
  await goBuild('go', bumped, '.', join(dir, 'app-bumped-full'), false)
  await goBuild('go', HTTP, '.', join(dir, 'http-sw'), true)
  const plus = join(src, 'http-plus')
  await httpPlus(plus)
  await goBuild('go', plus, '.', join(dir, 'http-plus-sw'), true)
  await goBuild('go', plus, '.', join(dir, 'http-plus-full'), false)
  if (go119) {
    await goBuild(GO119, APP, '.', join(dir, 'app119-sw'), true)
    await goBuild(GO119, APP, '.', join(dir, 'app119-full'), false)
  }
  await writeFile(join(src, 'prog.c'), C_SOURCE)
  await mustRun('gcc', ['-static', '-O1', '-o', join(dir, 'c-glibc-full'), 'prog.c'], { cwd: src })
  await mustRun('musl-gcc', ['-static', '-Os', '-s', '-o', join(dir, 'c-musl-sw'), 'prog.c'], {
    cwd: src
  })
}

async function firstLine(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await mustRun(file, args)
  return (stdout.split('\n')[0] ?? '').trim()
}

let corpus: Promise<SizesCorpus> | undefined

/** Builds the corpus once per cache key (and once per worker, looked up from then on). */
export function sizesCorpus(): Promise<SizesCorpus> {
  corpus ??= (async () => {
    const go119 = await exists(GO119)
    const tools = [
      await firstLine('go', ['env', 'GOVERSION']),
      go119 ? await firstLine(GO119, ['env', 'GOVERSION']) : 'no go1.19',
      await firstLine('gcc', ['--version'])
    ]
    const hash = createHash('sha256')
      .update(
        JSON.stringify({
          app: await tree(APP),
          http: await tree(HTTP),
          BUMP_AREA,
          BUMP_GRID,
          BUMP_MAIN,
          HTTP_PLUS,
          C_SOURCE,
          TZ_MAIN,
          GO_ENV,
          tools,
          recipe: buildAll.toString()
        })
      )
      .digest('hex')
      .slice(0, 16)
    const root = join(repoRoot, '.cache', 'corpus-sizes')
    const dir = join(root, hash)
    if (!(await exists(join(dir, 'c-musl-sw')))) {
      await mkdir(root, { recursive: true })
      const temp = join(root, `.tmp-${hash}-${process.pid}-${Date.now()}`)
      await mkdir(temp)
      try {
        await buildAll(temp, go119)
        await rm(join(temp, 'src'), { recursive: true, force: true })
        await rename(temp, dir).catch((error: NodeJS.ErrnoException) => {
          // Another worker finished first: theirs is as good as ours.
          if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
        })
      } finally {
        await rm(temp, { recursive: true, force: true })
      }
    }
    return { dir, go119, path: (name) => join(dir, name) }
  })()
  return corpus
}

/** A text symbol as `go tool nm -size -n` prints it. */
export interface NmSymbol {
  readonly address: number
  readonly size: number
  readonly name: string
}

/** The text symbols (`T`/`t`) of an unstripped Go binary, in address order, from `go tool nm -size -n`. */
export async function nmText(path: string, go = 'go'): Promise<NmSymbol[]> {
  const { stdout } = await mustRun(go, ['tool', 'nm', '-size', '-n', path], {
    env: { GOTOOLCHAIN: 'local' },
    timeoutMs: 120_000
  })
  const out: NmSymbol[] = []
  for (const line of stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+)\s+(\d+)\s+([Tt])\s+(.+)$/.exec(line)
    if (!m) continue
    const [, address, size, , name] = m as unknown as [string, string, string, string, string]
    out.push({ address: parseInt(address, 16), size: Number(size), name })
  }
  return out
}

/**
 * Text symbol bytes summed per package, with the same name rules as the
 * attribution. Alignment padding is counted with the function before it, as
 * the attribution counts it: each function spans to the next one's address.
 */
export function nmByPackage(
  symbols: readonly NmSymbol[],
  orphan: (sym: NmSymbol) => string | null = () => null
): Map<string, number> {
  const sums = new Map<string, number>()
  const sized = symbols.filter((sym) => sym.size > 0)
  sized.forEach((sym, i) => {
    const next = sized[i + 1]
    const span = next === undefined ? sym.size : next.address - sym.address
    const pkg = packageOf(sym.name) ?? orphan(sym) ?? '(no package)'
    sums.set(pkg, (sums.get(pkg) ?? 0) + span)
  })
  return sums
}

/**
 * The code truth per package from the unstripped twin: text symbols as
 * nmByPackage sums them, with the functions whose name has no package
 * (assembly) put in the package of their source file, as the toolchain's
 * own `go tool addr2line` names it.
 */
export async function codeTruth(path: string, go = 'go'): Promise<Map<string, number>> {
  const symbols = await nmText(path, go)
  const orphans = symbols.filter((s) => s.size > 0 && packageOf(s.name) === null)
  const input = orphans.map((s) => `0x${s.address.toString(16)}\n`).join('')
  const { stdout } = await mustRun(go, ['tool', 'addr2line', path], {
    env: { GOTOOLCHAIN: 'local' },
    input,
    timeoutMs: 120_000
  })
  // Two lines per address: the function, then file:line.
  const lines = stdout.split('\n')
  const fileOf = new Map<number, string>()
  orphans.forEach((s, i) => {
    const file = (lines[i * 2 + 1] ?? '').replace(/:\d+$/, '')
    fileOf.set(s.address, file)
  })
  return nmByPackage(symbols, (sym) => {
    const file = fileOf.get(sym.address)
    return file === undefined ? null : filePackage(file)
  })
}
