import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec } from '../../src/ground/exec.js'
import { C_NSS, GO_ENV, GO_FLAGS, GO_MOD, GO_SOURCES } from './findings-corpus.js'
import { repoRoot } from './paths.js'
import { mustRun } from './run.js'
import { C_SOURCE } from './sizes-corpus.js'

/**
 * linux/arm64 binaries for the findings and size tests, cross-built at test
 * time (GOARCH=arm64; C with aarch64-linux-gnu-gcc and the musl wrapper
 * aarch64-linux-musl-gcc) and cached under .cache/corpus-arm64/<hash>:
 *
 * - the findings programs (TLS, time zones, users, temporary files, cgo
 *   against glibc and against musl, C with glibc's NSS and with musl);
 * - examples/http-server, `-s -w` and unstripped (the truth `go tool nm`
 *   reads), and the same for linux/amd64 beside it;
 * - a program with one long string literal;
 * - a static C program, unstripped;
 * - examples/http-server built with Go 1.19 (the 1.18–1.19 function table
 *   layout), when Debian's golang-1.19-go is there.
 *
 * Entries whose cross compiler this machine lacks are not built; `missing`
 * says why, and the tests that need them say so and pass over them.
 */

const HTTP = join(repoRoot, 'examples', 'http-server')

/** The literal the banner program writes: long enough to be told apart from any other. */
export const BANNER = 'from-scratch places this literal with main on arm64. '.repeat(150)

const BANNER_MAIN = `package main

import "os"

func main() { os.Stdout.WriteString(${JSON.stringify(BANNER)}) }
`

const ARM64 = { GOARCH: 'arm64' } as const
const GNU_CC = 'aarch64-linux-gnu-gcc'
const MUSL_CC = 'aarch64-linux-musl-gcc'
const STATIC_EXTERNAL = [
  '-trimpath',
  '-buildvcs=false',
  '-ldflags',
  '-s -w -linkmode external -extldflags -static'
]

/** Debian's golang-1.19-go, for the 1.18–1.19 function table layout. */
const GO119 = '/usr/lib/go-1.19/bin/go'

interface GoRecipe {
  readonly kind: 'go'
  /** The go command; `go` unless said. */
  readonly go?: string
  /** A folder under the sources, or `http` for examples/http-server. */
  readonly dir: string
  readonly args: readonly string[]
  readonly env: Readonly<Record<string, string>>
}
interface CRecipe {
  readonly kind: 'c'
  readonly cc: string
  readonly source: 'nss.c' | 'prog.c'
  readonly args: readonly string[]
}
type Recipe = GoRecipe | CRecipe

const go = (
  dir: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = ARM64
): GoRecipe => ({
  kind: 'go',
  dir,
  args,
  env
})

export const ARM64_CORPUS = {
  'go-hello': go('hello', GO_FLAGS),
  'go-https': go('https', GO_FLAGS),
  'go-tz': go('tz', GO_FLAGS),
  'go-user': go('user', GO_FLAGS),
  'go-tmp': go('tmp', GO_FLAGS),
  'go-cgo-musl': go('cgo', STATIC_EXTERNAL, { ...ARM64, CGO_ENABLED: '1', CC: MUSL_CC }),
  'go-cgo-glibc': go('cgo', STATIC_EXTERNAL, { ...ARM64, CGO_ENABLED: '1', CC: GNU_CC }),
  'c-nss': { kind: 'c', cc: GNU_CC, source: 'nss.c', args: ['-static', '-Os', '-s'] },
  'c-musl': { kind: 'c', cc: MUSL_CC, source: 'nss.c', args: ['-static', '-Os', '-s'] },
  'c-prog-full': { kind: 'c', cc: MUSL_CC, source: 'prog.c', args: ['-static', '-O1'] },
  'http-sw': go('http', ['-trimpath', '-buildvcs=false', '-ldflags=-s -w']),
  'http-full': go('http', ['-trimpath', '-buildvcs=false']),
  'http-amd64-sw': go('http', ['-trimpath', '-buildvcs=false', '-ldflags=-s -w'], {}),
  banner: go('banner', ['-trimpath', '-buildvcs=false', '-ldflags=-s -w']),
  'http119-sw': { ...go('http', ['-trimpath', '-buildvcs=false', '-ldflags=-s -w']), go: GO119 },
  'http119-full': { ...go('http', ['-trimpath', '-buildvcs=false']), go: GO119 }
} as const satisfies Record<string, Recipe>

export type Arm64Name = keyof typeof ARM64_CORPUS

export interface Arm64Corpus {
  readonly dir: string
  path(name: Arm64Name): string
  /** Why this machine could not build it (no cross compiler), or null. */
  missing(name: Arm64Name): string | null
}

/** The program a recipe needs besides the go on PATH, if any: a C compiler, or Go 1.19. */
function compilerOf(recipe: Recipe): string | null {
  if (recipe.kind === 'c') return recipe.cc
  return recipe.env.CC ?? recipe.go ?? null
}

async function onPath(tool: string): Promise<boolean> {
  const result = await systemExec.run('sh', ['-c', 'command -v "$1"', 'sh', tool])
  return result.exitCode === 0
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function buildAll(dir: string, lacking: ReadonlySet<string>): Promise<void> {
  const src = join(dir, 'src')
  await mkdir(src)
  await writeFile(join(src, 'go.mod'), GO_MOD)
  for (const [pkg, source] of [...Object.entries(GO_SOURCES), ['banner', BANNER_MAIN]]) {
    await mkdir(join(src, pkg))
    await writeFile(join(src, pkg, 'main.go'), source)
  }
  await writeFile(join(src, 'nss.c'), C_NSS)
  await writeFile(join(src, 'prog.c'), C_SOURCE)
  for (const [name, recipe] of Object.entries(ARM64_CORPUS) as [Arm64Name, Recipe][]) {
    const cc = compilerOf(recipe)
    if (cc !== null && lacking.has(cc)) continue
    const out = join(dir, name)
    if (recipe.kind === 'go') {
      const http = recipe.dir === 'http'
      const command = recipe.go ?? 'go'
      await mustRun(command, ['build', ...recipe.args, '-o', out, http ? '.' : `./${recipe.dir}`], {
        cwd: http ? HTTP : src,
        env: { ...GO_ENV, ...recipe.env },
        timeoutMs: 600_000
      })
    } else {
      await mustRun(recipe.cc, [...recipe.args, '-o', out, recipe.source], {
        cwd: src,
        timeoutMs: 120_000
      })
    }
  }
  await rm(src, { recursive: true, force: true })
  await writeFile(join(dir, 'DONE'), '')
}

let corpus: Promise<Arm64Corpus> | undefined

/** Builds the corpus once per cache key (and once per worker, looked up from then on). */
export function arm64Corpus(): Promise<Arm64Corpus> {
  corpus ??= (async () => {
    const lacking = new Set<string>()
    for (const cc of [GNU_CC, MUSL_CC, GO119]) if (!(await onPath(cc))) lacking.add(cc)
    const tools = [
      (await mustRun('go', ['env', 'GOVERSION'])).stdout.trim(),
      ...[...lacking].map((cc) => `no ${cc}`),
      ...(await Promise.all(
        [GNU_CC, MUSL_CC, GO119]
          .filter((cc) => !lacking.has(cc))
          .map(async (cc) => {
            const args = cc === GO119 ? ['version'] : ['--version']
            return (await mustRun(cc, args)).stdout.split('\n')[0] ?? ''
          })
      ))
    ]
    const hash = createHash('sha256')
      .update(
        JSON.stringify({
          http: await readFile(join(HTTP, 'main.go'), 'utf8'),
          mod: await readFile(join(HTTP, 'go.mod'), 'utf8'),
          GO_SOURCES,
          BANNER_MAIN,
          C_NSS,
          C_SOURCE,
          ARM64_CORPUS,
          GO_ENV,
          tools
        })
      )
      .digest('hex')
      .slice(0, 16)
    const root = join(repoRoot, '.cache', 'corpus-arm64')
    const dir = join(root, hash)
    if (!(await exists(join(dir, 'DONE')))) {
      await mkdir(root, { recursive: true })
      const temp = join(root, `.tmp-${hash}-${process.pid}-${Date.now()}`)
      await mkdir(temp)
      try {
        await buildAll(temp, lacking)
        await rename(temp, dir).catch((error: NodeJS.ErrnoException) => {
          // Another worker finished first: theirs is as good as ours.
          if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
        })
      } finally {
        await rm(temp, { recursive: true, force: true })
      }
    }
    return {
      dir,
      path: (name) => join(dir, name),
      missing: (name) => {
        const cc = compilerOf(ARM64_CORPUS[name])
        if (cc === null || !lacking.has(cc)) return null
        return cc === GO119
          ? `this machine has no ${cc} (Debian: golang-1.19-go)`
          : `this machine has no ${cc} (scripts/install-prereqs.sh installs gcc-aarch64-linux-gnu and musl-dev:arm64)`
      }
    }
  })()
  return corpus
}
