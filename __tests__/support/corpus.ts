import { createHash } from 'node:crypto'
import {
  chmod,
  copyFile,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
  writeFile
} from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { existsSync } from 'node:fs'
import type { Linkage } from '../../src/elf/types.js'
import { LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import { systemExec } from '../../src/ground/exec.js'
import { freshDir, repoRoot } from './paths.js'
import { sleep } from './wait.js'
import { mustRun } from './run.js'

/**
 * Real binaries, built at test time with the real toolchains (gcc, musl-gcc,
 * Go), each with the verdict it must get and whether it really starts in an
 * empty image. Built once into `.cache/corpus/<hash>` and shared by every test
 * file and every re-run; the hash covers the sources, the recipes and the
 * toolchain versions, so a changed compiler gets a fresh corpus.
 */
export interface CorpusEntry {
  readonly name: string
  /** The platform the verdict judges it for (what a build for that platform would pass). */
  readonly platform: Platform
  /**
   * Another entry this one is a copy of, judged here for another platform;
   * `inspect`, which judges a file for the platform of its own ELF machine,
   * says what that entry says.
   */
  readonly sameFileAs?: string
  /** Why this machine could not build it (a cross toolchain it lacks), or null: it is there. */
  readonly missing: string | null
  /** Absolute path of the file. */
  readonly path: string
  /** How it was made, for test names and failure messages. */
  readonly made: string
  readonly linkage: Linkage
  readonly interpreter: string | null
  readonly needed: readonly string[]
  /** Whether `docker run` of a FROM scratch image holding only this file prints `prints`. */
  readonly runsInScratch: boolean
  /** The line the program prints when it runs (null: it is not meant to run here). */
  readonly prints: string | null
  /**
   * Why some hosts start it anyway although the verdict rejects it (the
   * verdict is deliberately stricter than one kernel), or null.
   */
  readonly hostMayRunIt?: string
}

/**
 * Every entry's name, fixed here so that test files can list their cases
 * before the corpus is built (jest collects test.each names up front).
 */
export const CORPUS_NAMES: readonly string[] = [
  'c-glibc-dynamic',
  'c-glibc-static',
  'c-glibc-static-pie',
  'c-musl-static',
  'c-musl-dynamic',
  'c-shared-library',
  'go-static',
  'go-pie',
  'go-cgo-dynamic',
  'go-cgo-musl-static',
  'go-arm64',
  'go-386',
  'go-s390x',
  'sh-script',
  'go-static-truncated',
  'go-static-no-sections',
  'c-glibc-static-pie-no-sections',
  'c-arm64-musl-static',
  'c-arm64-musl-dynamic',
  'c-arm64-glibc-dynamic',
  'c-arm64-glibc-static-pie',
  'go-arm64-static',
  'go-arm64-pie',
  'go-arm64-cgo-dynamic',
  'go-arm64-cgo-pie',
  'go-arm64-cgo-musl-static',
  'go-arm64-cgo-static-pie',
  'go-amd64-for-arm64'
]

export interface Corpus {
  readonly dir: string
  readonly entries: readonly CorpusEntry[]
  entry(name: string): CorpusEntry
}

const C_HELLO = '#include <stdio.h>\nint main(void) { puts("hello from c"); return 0; }\n'
const C_LIB = 'int seven(void) { return 7; }\n'
const GO_MOD = 'module example.com/x\n\ngo 1.21\n'
// os, not fmt: every cross build compiles its dependencies for one more GOARCH.
const GO_HELLO = `package main

import "os"

func main() { os.Stdout.WriteString("hello from go\\n") }
`
const GO_CGO = `package main

// static int seven(void) { return 7; }
import "C"

import "os"

func main() {
	if C.seven() != 7 {
		os.Exit(3)
	}
	os.Stdout.WriteString("hello from cgo\\n")
}
`
const SCRIPT = '#!/bin/sh\necho hello from sh\n'

const GLIBC_LOADER = '/lib64/ld-linux-x86-64.so.2'
const MUSL_LOADER = '/lib/ld-musl-x86_64.so.1'
const ARM64_GLIBC_LOADER = '/lib/ld-linux-aarch64.so.1'
const ARM64_MUSL_LOADER = '/lib/ld-musl-aarch64.so.1'

/**
 * The loader Go's internal linker writes into a PIE: glibc's when the build
 * host has it, else musl's when the host has that (cmd/link/internal/ld/elf.go
 * checks the paths, for any GOARCH). A host with musl-dev:arm64 but no
 * arm64 glibc gets musl's loader in an arm64 Go PIE.
 */
function goLoader(glibc: string, musl: string): string {
  if (existsSync(glibc)) return glibc
  return existsSync(musl) ? musl : glibc
}

/** Folders and environment one build step sees. */
interface Workspace {
  /** Sources: hello.c, lib.c, a Go module with the plain program at `.` and cgo at `./cg`. */
  readonly src: string
  /** Where every entry's file goes, named after the entry. */
  readonly out: string
}

type Expectation = Omit<
  CorpusEntry,
  'name' | 'path' | 'made' | 'platform' | 'missing' | 'sameFileAs'
>

interface Recipe {
  readonly name: string
  readonly made: string
  readonly expect: Expectation
  /** linux/amd64 unless said. */
  readonly platform?: Platform
  readonly sameFileAs?: string
  /** Programs the build runs besides go and the host's gcc: without them the entry is skipped. */
  readonly tools?: readonly string[]
  build(ws: Workspace, name: string): Promise<void>
}

/** The cross toolchain for linux/arm64 C (Debian: gcc-aarch64-linux-gnu, musl-dev:arm64). */
const ARM64_GNU_CC = 'aarch64-linux-gnu-gcc'
const ARM64_MUSL_CC = 'aarch64-linux-musl-gcc'

/** Nothing a Go build does may reach the network or switch toolchains. */
const GO_ENV: Readonly<Record<string, string>> = {
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
  GOFLAGS: '',
  GOWORK: 'off',
  GO111MODULE: 'on',
  GOOS: 'linux'
}

function gcc(cc: string, flags: readonly string[], source: string) {
  return async (ws: Workspace, name: string): Promise<void> => {
    await mustRun(cc, ['-O1', ...flags, '-o', join(ws.out, name), join(ws.src, source)])
  }
}

function goBuild(env: Readonly<Record<string, string>>, flags: readonly string[], pkg = '.') {
  return async (ws: Workspace, name: string): Promise<void> => {
    await mustRun(
      'go',
      ['build', '-trimpath', '-buildvcs=false', ...flags, '-o', join(ws.out, name), pkg],
      { cwd: ws.src, env: { ...GO_ENV, GOARCH: 'amd64', ...env } }
    )
  }
}

/** A copy of another entry, to be judged for another platform. */
function copyOf(from: string) {
  return async (ws: Workspace, name: string): Promise<void> => {
    await copyFile(join(ws.out, from), join(ws.out, name))
  }
}

/** The first `bytes` bytes of another entry: headers intact, segments cut off. */
function truncated(from: string, bytes: number) {
  return async (ws: Workspace, name: string): Promise<void> => {
    const whole = await readFile(join(ws.out, from))
    await writeFile(join(ws.out, name), whole.subarray(0, bytes), { mode: 0o755 })
  }
}

/**
 * A copy of another entry without section headers, as `sstrip` leaves it:
 * e_shoff, e_shnum and e_shstrndx zeroed and the table itself gone (cut off
 * the end where ld puts it, zeroed in place where Go's linker puts it, right
 * after the program headers). Programs run from program headers alone, so
 * the verdict must not change.
 */
function withoutSections(from: string) {
  return async (ws: Workspace, name: string): Promise<void> => {
    const bytes = Buffer.from(await readFile(join(ws.out, from)))
    const shoff = Number(bytes.readBigUInt64LE(40))
    const end = shoff + bytes.readUInt16LE(58) * bytes.readUInt16LE(60)
    if (shoff === 0 || end > bytes.length) throw new Error(`${from}: no section header table`)
    bytes.writeBigUInt64LE(0n, 40)
    bytes.writeUInt16LE(0, 60)
    bytes.writeUInt16LE(0, 62)
    const stripped = end === bytes.length ? bytes.subarray(0, shoff) : bytes.fill(0, shoff, end)
    await writeFile(join(ws.out, name), stripped, { mode: 0o755 })
  }
}

function script(text: string) {
  return async (ws: Workspace, name: string): Promise<void> => {
    await writeFile(join(ws.out, name), text, { mode: 0o755 })
  }
}

const STATIC: Pick<Expectation, 'linkage' | 'interpreter' | 'needed' | 'runsInScratch'> = {
  linkage: 'static',
  interpreter: null,
  needed: [],
  runsInScratch: true
}
const STATIC_PIE = { ...STATIC, linkage: 'static-pie' } as const
const WRONG_ARCH: Expectation = {
  linkage: 'wrong-architecture',
  interpreter: null,
  needed: [],
  runsInScratch: false,
  prints: null
}

/** In build order: derived entries come after what they are made from. */
const RECIPES: readonly Recipe[] = [
  {
    name: 'c-glibc-dynamic',
    made: 'gcc hello.c',
    expect: {
      linkage: 'dynamic',
      interpreter: GLIBC_LOADER,
      needed: ['libc.so.6'],
      runsInScratch: false,
      prints: 'hello from c'
    },
    build: gcc('gcc', [], 'hello.c')
  },
  {
    name: 'c-glibc-static',
    made: 'gcc -static hello.c',
    expect: { ...STATIC, prints: 'hello from c' },
    build: gcc('gcc', ['-static'], 'hello.c')
  },
  {
    name: 'c-glibc-static-pie',
    made: 'gcc -static-pie hello.c',
    expect: { ...STATIC_PIE, prints: 'hello from c' },
    build: gcc('gcc', ['-static-pie'], 'hello.c')
  },
  {
    name: 'c-musl-static',
    made: 'musl-gcc -static hello.c',
    expect: { ...STATIC, prints: 'hello from c' },
    build: gcc('musl-gcc', ['-static'], 'hello.c')
  },
  {
    name: 'c-musl-dynamic',
    made: 'musl-gcc hello.c',
    expect: {
      linkage: 'dynamic',
      interpreter: MUSL_LOADER,
      needed: ['libc.so'],
      runsInScratch: false,
      prints: 'hello from c'
    },
    build: gcc('musl-gcc', [], 'hello.c')
  },
  {
    name: 'c-shared-library',
    made: 'gcc -shared -fPIC lib.c',
    expect: {
      linkage: 'shared-library',
      interpreter: null,
      needed: [],
      runsInScratch: false,
      prints: null
    },
    build: gcc('gcc', ['-shared', '-fPIC'], 'lib.c')
  },
  {
    name: 'go-static',
    made: 'CGO_ENABLED=0 go build',
    expect: { ...STATIC, prints: 'hello from go' },
    build: goBuild({ CGO_ENABLED: '0' }, [])
  },
  {
    name: 'go-pie',
    made: 'CGO_ENABLED=0 go build -buildmode=pie',
    // ldd calls this "statically linked"; the kernel still wants the loader.
    expect: {
      linkage: 'dynamic',
      interpreter: GLIBC_LOADER,
      needed: [],
      runsInScratch: false,
      prints: 'hello from go'
    },
    build: goBuild({ CGO_ENABLED: '0' }, ['-buildmode=pie'])
  },
  {
    name: 'go-cgo-dynamic',
    made: 'CGO_ENABLED=1 go build (glibc)',
    expect: {
      linkage: 'dynamic',
      interpreter: GLIBC_LOADER,
      needed: ['libc.so.6'],
      runsInScratch: false,
      prints: 'hello from cgo'
    },
    build: goBuild({ CGO_ENABLED: '1' }, [], './cg')
  },
  {
    name: 'go-cgo-musl-static',
    made: 'CC=musl-gcc CGO_ENABLED=1 go build -ldflags "-linkmode external -extldflags -static"',
    expect: { ...STATIC, prints: 'hello from cgo' },
    build: goBuild(
      { CGO_ENABLED: '1', CC: 'musl-gcc' },
      ['-ldflags', '-linkmode external -extldflags -static'],
      './cg'
    )
  },

  {
    name: 'go-386',
    made: 'GOARCH=386 go build',
    expect: {
      ...WRONG_ARCH,
      hostMayRunIt:
        'x86-64 kernels with IA32 emulation run i386 programs, but a linux/amd64 image must not rely on it: kernels built without CONFIG_IA32_EMULATION or booted with ia32_emulation=0 refuse them'
    },
    build: goBuild({ CGO_ENABLED: '0', GOARCH: '386' }, [])
  },
  {
    name: 'go-s390x',
    made: 'GOARCH=s390x go build',
    expect: WRONG_ARCH,
    build: goBuild({ CGO_ENABLED: '0', GOARCH: 's390x' }, [])
  },
  {
    name: 'sh-script',
    made: 'a #!/bin/sh script',
    expect: {
      linkage: 'not-elf',
      interpreter: null,
      needed: [],
      runsInScratch: false,
      prints: null
    },
    build: script(SCRIPT)
  },
  {
    name: 'go-static-truncated',
    made: 'the first 3000 bytes of go-static',
    expect: {
      linkage: 'malformed',
      interpreter: null,
      needed: [],
      runsInScratch: false,
      prints: null
    },
    build: truncated('go-static', 3000)
  },
  {
    name: 'go-static-no-sections',
    made: 'go-static with its section headers removed',
    expect: { ...STATIC, prints: 'hello from go' },
    build: withoutSections('go-static')
  },
  {
    name: 'c-glibc-static-pie-no-sections',
    made: 'c-glibc-static-pie with its section headers removed',
    expect: { ...STATIC_PIE, prints: 'hello from c' },
    build: withoutSections('c-glibc-static-pie')
  },
  {
    name: 'c-arm64-musl-static',
    made: 'aarch64-linux-musl-gcc -static hello.c',
    platform: LINUX_ARM64,
    tools: [ARM64_MUSL_CC],
    expect: { ...STATIC, prints: 'hello from c' },
    build: gcc(ARM64_MUSL_CC, ['-static'], 'hello.c')
  },
  {
    name: 'c-arm64-musl-dynamic',
    made: 'aarch64-linux-musl-gcc hello.c',
    platform: LINUX_ARM64,
    tools: [ARM64_MUSL_CC],
    expect: {
      linkage: 'dynamic',
      interpreter: ARM64_MUSL_LOADER,
      needed: ['libc.so'],
      runsInScratch: false,
      prints: 'hello from c'
    },
    build: gcc(ARM64_MUSL_CC, [], 'hello.c')
  },
  {
    name: 'c-arm64-glibc-dynamic',
    made: 'aarch64-linux-gnu-gcc hello.c',
    platform: LINUX_ARM64,
    tools: [ARM64_GNU_CC],
    expect: {
      linkage: 'dynamic',
      interpreter: ARM64_GLIBC_LOADER,
      needed: ['libc.so.6'],
      runsInScratch: false,
      prints: 'hello from c'
    },
    build: gcc(ARM64_GNU_CC, [], 'hello.c')
  },
  {
    name: 'c-arm64-glibc-static-pie',
    made: 'aarch64-linux-gnu-gcc -static-pie hello.c',
    platform: LINUX_ARM64,
    tools: [ARM64_GNU_CC],
    expect: { ...STATIC_PIE, prints: 'hello from c' },
    build: gcc(ARM64_GNU_CC, ['-static-pie'], 'hello.c')
  },
  {
    name: 'go-arm64-static',
    made: 'GOARCH=arm64 CGO_ENABLED=0 go build',
    platform: LINUX_ARM64,
    expect: { ...STATIC, prints: 'hello from go' },
    build: goBuild({ CGO_ENABLED: '0', GOARCH: 'arm64' }, [])
  },
  {
    name: 'go-arm64',
    made: 'GOARCH=arm64 go build, given for linux/amd64',
    sameFileAs: 'go-arm64-static',
    expect: WRONG_ARCH,
    build: copyOf('go-arm64-static')
  },
  {
    name: 'go-arm64-pie',
    made: 'GOARCH=arm64 CGO_ENABLED=0 go build -buildmode=pie',
    platform: LINUX_ARM64,
    expect: {
      linkage: 'dynamic',
      interpreter: goLoader(ARM64_GLIBC_LOADER, ARM64_MUSL_LOADER),
      needed: [],
      runsInScratch: false,
      prints: 'hello from go'
    },
    build: goBuild({ CGO_ENABLED: '0', GOARCH: 'arm64' }, ['-buildmode=pie'])
  },
  {
    name: 'go-arm64-cgo-dynamic',
    made: 'GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build (glibc)',
    platform: LINUX_ARM64,
    tools: [ARM64_GNU_CC],
    expect: {
      linkage: 'dynamic',
      interpreter: ARM64_GLIBC_LOADER,
      needed: ['libc.so.6'],
      runsInScratch: false,
      prints: 'hello from cgo'
    },
    build: goBuild({ CGO_ENABLED: '1', GOARCH: 'arm64', CC: ARM64_GNU_CC }, [], './cg')
  },
  {
    name: 'go-arm64-cgo-pie',
    made: 'GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build -buildmode=pie (glibc)',
    platform: LINUX_ARM64,
    tools: [ARM64_GNU_CC],
    expect: {
      linkage: 'dynamic',
      interpreter: ARM64_GLIBC_LOADER,
      needed: ['libc.so.6'],
      runsInScratch: false,
      prints: 'hello from cgo'
    },
    build: goBuild(
      { CGO_ENABLED: '1', GOARCH: 'arm64', CC: ARM64_GNU_CC },
      ['-buildmode=pie'],
      './cg'
    )
  },
  {
    name: 'go-arm64-cgo-musl-static',
    made: 'GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-musl-gcc go build -ldflags "-linkmode external -extldflags -static"',
    platform: LINUX_ARM64,
    tools: [ARM64_MUSL_CC],
    expect: { ...STATIC, prints: 'hello from cgo' },
    build: goBuild(
      { CGO_ENABLED: '1', GOARCH: 'arm64', CC: ARM64_MUSL_CC },
      ['-ldflags', '-linkmode external -extldflags -static'],
      './cg'
    )
  },
  {
    // musl's arm64 package has no rcrt1.o, so the static-pie is glibc's.
    name: 'go-arm64-cgo-static-pie',
    made: 'GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc go build -buildmode=pie -ldflags "-linkmode=external -extldflags=-static-pie"',
    platform: LINUX_ARM64,
    tools: [ARM64_GNU_CC],
    expect: { ...STATIC_PIE, prints: 'hello from cgo' },
    build: goBuild(
      { CGO_ENABLED: '1', GOARCH: 'arm64', CC: ARM64_GNU_CC },
      ['-buildmode=pie', '-ldflags', '-linkmode=external -extldflags=-static-pie'],
      './cg'
    )
  },
  {
    name: 'go-amd64-for-arm64',
    made: 'go-static (GOARCH=amd64), given for linux/arm64',
    platform: LINUX_ARM64,
    sameFileAs: 'go-static',
    expect: WRONG_ARCH,
    build: copyOf('go-static')
  }
]

async function firstLine(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await mustRun(file, args)
  return stdout.split('\n')[0] ?? ''
}

/** Changes whenever a source, a recipe or a toolchain changes. */
async function corpusKey(): Promise<string> {
  const muslLibc = await firstLine('musl-gcc', ['-print-file-name=libc.a'])
  const muslSize = await stat(muslLibc).then(
    (s) => s.size,
    () => -1
  )
  const material = JSON.stringify({
    // This file holds every source and recipe: any edit to it is a new corpus.
    recipes: await readFile(join(repoRoot, '__tests__', 'support', 'corpus.ts'), 'utf8'),
    tools: [
      await firstLine('gcc', ['--version']),
      await firstLine('go', ['version']),
      muslLibc,
      muslSize,
      // A cross toolchain installed later must build the entries skipped without it.
      ...(await Promise.all(RECIPES.map(missingFor))),
      // Go's PIEs name whichever loader the host has (goLoader).
      existsSync(ARM64_GLIBC_LOADER),
      existsSync(ARM64_MUSL_LOADER)
    ]
  })
  return createHash('sha256').update(material).digest('hex').slice(0, 16)
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function writeSources(dir: string): Promise<void> {
  await mkdir(join(dir, 'cg'))
  await writeFile(join(dir, 'hello.c'), C_HELLO)
  await writeFile(join(dir, 'lib.c'), C_LIB)
  await writeFile(join(dir, 'go.mod'), GO_MOD)
  await writeFile(join(dir, 'main.go'), GO_HELLO)
  await writeFile(join(dir, 'cg', 'main.go'), GO_CGO)
}

/** Whether `tool` is a program on PATH. */
async function onPath(tool: string): Promise<boolean> {
  const result = await systemExec.run('sh', ['-c', 'command -v "$1"', 'sh', tool])
  return result.exitCode === 0
}

/** Why this machine cannot build the recipe (the tools it lacks), or null. */
async function missingFor(recipe: Recipe): Promise<string | null> {
  const lacking: string[] = []
  for (const tool of recipe.tools ?? []) if (!(await onPath(tool))) lacking.push(tool)
  if (lacking.length === 0) return null
  return `this machine has no ${lacking.join(', ')} (scripts/install-prereqs.sh installs the linux/arm64 cross toolchain: gcc-aarch64-linux-gnu, musl-dev:arm64)`
}

async function buildInto(out: string): Promise<void> {
  const src = await freshDir('corpus-src')
  try {
    await writeSources(src)
    for (const recipe of RECIPES) {
      if ((await missingFor(recipe)) !== null) continue
      await recipe.build({ src, out }, recipe.name)
      await chmod(join(out, recipe.name), 0o755)
    }
    await writeFile(join(out, 'DONE'), new Date().toISOString())
  } finally {
    await rm(src, { recursive: true, force: true })
  }
}

/** Corpora of older sources or toolchains are dead weight once a new one is complete. */
async function pruneOthers(dir: string): Promise<void> {
  const parent = dirname(dir)
  for (const name of await readdir(parent)) {
    if (/^[0-9a-f]{16}$/.test(name) && join(parent, name) !== dir) {
      await rm(join(parent, name), { recursive: true, force: true })
    }
  }
}

const LOCK_STALE_MS = 15 * 60_000

/**
 * Builds the corpus unless a finished one is there. Several jest workers may
 * call this at once: one takes a lock (mkdir is atomic) and builds into a
 * temporary folder that is renamed into place when complete; the others wait
 * for it. A reader therefore never sees a half-built corpus.
 */
async function buildOnce(dir: string): Promise<void> {
  const lock = `${dir}.lock`
  for (;;) {
    if (await exists(join(dir, 'DONE'))) return
    try {
      await mkdir(lock)
    } catch {
      const since = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0
      )
      // A builder killed mid-way leaves its lock behind; do not wait forever.
      if (since > LOCK_STALE_MS) await rmdir(lock).catch(() => undefined)
      await sleep(500)
      continue
    }
    try {
      if (await exists(join(dir, 'DONE'))) return
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`
      await mkdir(tmp, { recursive: true })
      try {
        await buildInto(tmp)
        await rm(dir, { recursive: true, force: true })
        await rename(tmp, dir)
        await pruneOthers(dir)
      } finally {
        await rm(tmp, { recursive: true, force: true })
      }
      return
    } finally {
      await rmdir(lock).catch(() => undefined)
    }
  }
}

let built: Promise<Corpus> | undefined

/** The corpus, built on first use in this process (and on disk, on first use anywhere). */
export function corpus(): Promise<Corpus> {
  built ??= (async () => {
    const dir = join(repoRoot, '.cache', 'corpus', await corpusKey())
    await mkdir(join(repoRoot, '.cache', 'corpus'), { recursive: true })
    await buildOnce(dir)
    const entries = await Promise.all(
      RECIPES.map(async (r): Promise<CorpusEntry> => ({
        name: r.name,
        path: join(dir, r.name),
        made: r.made,
        platform: r.platform ?? LINUX_AMD64,
        ...(r.sameFileAs === undefined ? {} : { sameFileAs: r.sameFileAs }),
        missing: await missingFor(r),
        ...r.expect
      }))
    )
    return {
      dir,
      entries,
      entry(name) {
        const found = entries.find((e) => e.name === name)
        if (!found) throw new Error(`no corpus entry named ${name}`)
        return found
      }
    }
  })()
  return built
}

/** The first `length` bytes of a corpus file (fuzz seeds). */
export async function headOf(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buf, 0, length, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** Copies a corpus file, e.g. into a docker build context. */
export async function copyEntry(entry: CorpusEntry, to: string): Promise<void> {
  await copyFile(entry.path, to)
  await chmod(to, 0o755)
}

/** What a hand-made x86-64 ELF holds; every field has a sane default. */
export interface SyntheticSpec {
  readonly bits?: 32 | 64
  readonly bigEndian?: boolean
  readonly osabi?: number
  /** e_type; ET_EXEC (2) unless said. */
  readonly type?: number
  readonly machine?: number
  readonly interpreter?: string
  readonly needed?: readonly string[]
  readonly soname?: string
  /** DT_FLAGS_1; 0x08000000 is DF_1_PIE. */
  readonly flags1?: bigint
  /** Emit PT_DYNAMIC even with nothing in it but DT_STRTAB and DT_NULL. */
  readonly dynamic?: boolean
  /** e_entry; by default the one `hlt` byte at the end of the file. */
  readonly entry?: bigint
}

/** Where things went in a synthetic ELF, so tests can break them on purpose. */
export interface SyntheticLayout {
  readonly bytes: Buffer
  /** Program header indexes (-1 when absent). */
  readonly load: number
  readonly interp: number
  readonly dynamic: number
  readonly dynamicOffset: number
  readonly strtabOffset: number
  readonly base: bigint
}

export const PHDR_AT = 64
export const PHDR_SIZE = 56

/**
 * A minimal ELF64 that the kernel would load: one PT_LOAD over the whole
 * file, then optional PT_INTERP and PT_DYNAMIC with a string table. Only the
 * identification fields follow `bits`/`bigEndian`, which is all a verdict
 * reads before rejecting such a file.
 */
export function syntheticElf(spec: SyntheticSpec = {}): SyntheticLayout {
  const type = spec.type ?? 2
  const base = type === 2 ? 0x400000n : 0n
  const needed = spec.needed ?? []
  const hasDynamic =
    spec.dynamic === true ||
    needed.length > 0 ||
    spec.soname !== undefined ||
    spec.flags1 !== undefined
  const phnum = 1 + (spec.interpreter === undefined ? 0 : 1) + (hasDynamic ? 1 : 0)

  let cursor = PHDR_AT + phnum * PHDR_SIZE
  const interpOffset = cursor
  const interp = Buffer.from(
    spec.interpreter === undefined ? '' : `${spec.interpreter}\0`,
    'latin1'
  )
  cursor += interp.length

  const names = [...needed, ...(spec.soname === undefined ? [] : [spec.soname])]
  const nameAt: number[] = []
  const strtabParts = [Buffer.from([0])]
  let strLength = 1
  for (const name of names) {
    nameAt.push(strLength)
    const part = Buffer.from(`${name}\0`, 'latin1')
    strtabParts.push(part)
    strLength += part.length
  }
  const strtab = Buffer.concat(strtabParts)
  const strtabOffset = cursor
  cursor += strtab.length

  cursor = (cursor + 7) & ~7
  const dynamicOffset = cursor
  const entries: [bigint, bigint][] = []
  needed.forEach((_, i) => entries.push([1n, BigInt(nameAt[i] ?? 0)]))
  if (spec.soname !== undefined) entries.push([14n, BigInt(nameAt[needed.length] ?? 0)])
  entries.push([5n, base + BigInt(strtabOffset)], [10n, BigInt(strtab.length)])
  if (spec.flags1 !== undefined) entries.push([0x6ffffffbn, spec.flags1])
  entries.push([0n, 0n])
  if (hasDynamic) cursor += entries.length * 16
  const codeOffset = cursor
  const size = codeOffset + 16

  const bytes = Buffer.alloc(size)
  bytes.set([
    0x7f,
    0x45,
    0x4c,
    0x46,
    spec.bits === 32 ? 1 : 2,
    spec.bigEndian ? 2 : 1,
    1,
    spec.osabi ?? 0
  ])
  const u16 = (value: number, at: number) =>
    spec.bigEndian ? bytes.writeUInt16BE(value, at) : bytes.writeUInt16LE(value, at)
  u16(type, 16)
  u16(spec.machine ?? 62, 18)
  bytes.writeUInt32LE(1, 20)
  bytes.writeBigUInt64LE(spec.entry ?? base + BigInt(codeOffset), 24)
  bytes.writeBigUInt64LE(BigInt(PHDR_AT), 32)
  bytes.writeUInt16LE(64, 52)
  bytes.writeUInt16LE(PHDR_SIZE, 54)
  bytes.writeUInt16LE(phnum, 56)
  bytes.writeUInt16LE(64, 58)

  let index = 0
  const phdr = (ptype: number, flags: number, offset: number, filesz: number): number => {
    const at = PHDR_AT + index * PHDR_SIZE
    bytes.writeUInt32LE(ptype, at)
    bytes.writeUInt32LE(flags, at + 4)
    bytes.writeBigUInt64LE(BigInt(offset), at + 8)
    bytes.writeBigUInt64LE(base + BigInt(offset), at + 16)
    bytes.writeBigUInt64LE(base + BigInt(offset), at + 24)
    bytes.writeBigUInt64LE(BigInt(filesz), at + 32)
    bytes.writeBigUInt64LE(BigInt(filesz), at + 40)
    bytes.writeBigUInt64LE(ptype === 1 ? 0x1000n : 8n, at + 48)
    return index++
  }
  const load = phdr(1, 5, 0, size)
  const interpIndex = spec.interpreter === undefined ? -1 : phdr(3, 4, interpOffset, interp.length)
  const dynamicIndex = hasDynamic ? phdr(2, 6, dynamicOffset, entries.length * 16) : -1

  interp.copy(bytes, interpOffset)
  strtab.copy(bytes, strtabOffset)
  if (hasDynamic) {
    entries.forEach(([tag, value], i) => {
      bytes.writeBigInt64LE(tag, dynamicOffset + i * 16)
      bytes.writeBigUInt64LE(value, dynamicOffset + i * 16 + 8)
    })
  }
  bytes[codeOffset] = 0xf4 // hlt
  return {
    bytes,
    load,
    interp: interpIndex,
    dynamic: dynamicIndex,
    dynamicOffset,
    strtabOffset,
    base
  }
}
