import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ElfFile, bufferSource } from '../../src/elf/reader.js'
import { mustRun } from './run.js'
import { repoRoot } from './paths.js'

/**
 * Real binaries for the findings tests, compiled at test time with the real
 * toolchains and cached under .cache/corpus-findings/<hash>. The hash covers
 * every source, every build command and the toolchain versions, so a change
 * to any of them builds a fresh corpus. Each worker builds into its own temp
 * folder and renames it into place: the first rename wins, the others throw
 * theirs away, so parallel jest workers never see a half-built corpus.
 */

export const GO_MOD = 'module example.com/x\n\ngo 1.21\n'

export const GO_SOURCES = {
  hello: `package main

import "fmt"

func main() { fmt.Println("hello") }
`,
  https: `package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	resp, err := http.Get("https://example.com/")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println(resp.Status)
}
`,
  tz: `package main

import (
	"fmt"
	"time"
)

func main() {
	loc, err := time.LoadLocation("Europe/Paris")
	fmt.Println(loc, err)
}
`,
  user: `package main

import (
	"fmt"
	"os/user"
)

func main() {
	u, err := user.Current()
	fmt.Println(u, err)
	v, err := user.Lookup("root")
	fmt.Println(v, err)
}
`,
  tmp: `package main

import (
	"fmt"
	"os"
)

func main() {
	f, err := os.CreateTemp("", "x-*")
	fmt.Println(f, err)
}
`,
  cgo: `package main

// #include <stdio.h>
// static void hello(void) { puts("hello from C"); }
import "C"

func main() { C.hello() }
`
} as const

export const C_NSS = `#include <netdb.h>
#include <pwd.h>
#include <stdio.h>

int main(int argc, char **argv) {
  struct addrinfo *res = 0;
  int rc = getaddrinfo(argc > 1 ? argv[1] : "localhost", "80", 0, &res);
  struct passwd *pw = getpwnam("root");
  printf("%d %s\\n", rc, pw ? pw->pw_name : "-");
  return 0;
}
`

/** The flags every Go entry uses unless it says otherwise. */
export const GO_FLAGS = [
  '-trimpath',
  '-buildvcs=false',
  '-ldflags',
  '-s -w',
  '-tags',
  'netgo,osusergo'
] as const

interface GoBuild {
  readonly kind: 'go'
  readonly pkg: keyof typeof GO_SOURCES
  readonly args: readonly string[]
  readonly env?: Readonly<Record<string, string>>
}
interface CBuild {
  readonly kind: 'c'
  readonly cc: string
  readonly args: readonly string[]
}
interface StripSections {
  readonly kind: 'strip-sections'
  readonly from: string
}
type Build = GoBuild | CBuild | StripSections

/** Every binary in the corpus, by name. Order matters: copies come after what they copy. */
export const CORPUS = {
  'go-hello': { kind: 'go', pkg: 'hello', args: GO_FLAGS },
  'go-https': { kind: 'go', pkg: 'https', args: GO_FLAGS },
  'go-tz': { kind: 'go', pkg: 'tz', args: GO_FLAGS },
  'go-tzdata': {
    kind: 'go',
    pkg: 'tz',
    args: [
      '-trimpath',
      '-buildvcs=false',
      '-ldflags',
      '-s -w',
      '-tags',
      'netgo,osusergo,timetzdata'
    ]
  },
  'go-user': { kind: 'go', pkg: 'user', args: GO_FLAGS },
  'go-tmp': { kind: 'go', pkg: 'tmp', args: GO_FLAGS },
  // -buildmode=pie without cgo: an interpreter and no DT_NEEDED. No -trimpath,
  // because with it Go leaves -ldflags out of the build info.
  'go-pie': {
    kind: 'go',
    pkg: 'hello',
    args: ['-buildvcs=false', '-buildmode=pie', '-ldflags', '-s -w']
  },
  // Real C calls, linked statically against musl.
  'go-cgo': {
    kind: 'go',
    pkg: 'cgo',
    args: [
      '-trimpath',
      '-buildvcs=false',
      '-ldflags',
      '-s -w -linkmode external -extldflags -static'
    ],
    env: { CGO_ENABLED: '1', CC: 'musl-gcc' }
  },
  // The same C calls linked statically against glibc: gcc, not musl-gcc.
  'go-cgo-glibc': {
    kind: 'go',
    pkg: 'cgo',
    args: [
      '-trimpath',
      '-buildvcs=false',
      '-ldflags',
      '-s -w -linkmode external -extldflags -static'
    ],
    env: { CGO_ENABLED: '1', CC: 'gcc' }
  },
  'c-nss': { kind: 'c', cc: 'gcc', args: ['-static', '-Os', '-s'] },
  'c-musl': { kind: 'c', cc: 'musl-gcc', args: ['-static', '-Os', '-s'] },
  'c-dynamic': { kind: 'c', cc: 'gcc', args: ['-Os'] },
  'go-https-nosections': { kind: 'strip-sections', from: 'go-https' },
  'c-nss-nosections': { kind: 'strip-sections', from: 'c-nss' }
} as const satisfies Record<string, Build>

export type CorpusName = keyof typeof CORPUS

export interface FindingsCorpus {
  readonly dir: string
  /** `go env GOVERSION` of the toolchain that built the Go entries. */
  readonly goVersion: string
  path(name: CorpusName): string
}

/** A Go build from the local toolchain only: no downloads, no workspace, static linux/amd64. */
export const GO_ENV = {
  GOTOOLCHAIN: 'local',
  GOPROXY: 'off',
  GOFLAGS: '',
  GOWORK: 'off',
  GOOS: 'linux',
  GOARCH: 'amd64',
  CGO_ENABLED: '0'
} as const

/**
 * A copy of an ELF file with no section headers at all: e_shoff, e_shnum,
 * e_shentsize and e_shstrndx zeroed and the table itself overwritten, as
 * `sstrip` leaves a binary. Only program headers remain.
 */
export function withoutSectionHeaders(elf: Buffer): Buffer {
  const out = Buffer.from(elf)
  const shoff = Number(out.readBigUInt64LE(40))
  const shentsize = out.readUInt16LE(58)
  const shnum = out.readUInt16LE(60)
  out.fill(0, shoff, Math.min(out.length, shoff + shentsize * shnum))
  out.writeBigUInt64LE(0n, 40)
  out.writeUInt16LE(0, 58)
  out.writeUInt16LE(0, 60)
  out.writeUInt16LE(0, 62)
  return out
}

async function firstLine(file: string, args: readonly string[]): Promise<string> {
  const { stdout } = await mustRun(file, args)
  return (stdout.split('\n')[0] ?? '').trim()
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function buildAll(dir: string): Promise<void> {
  await writeFile(join(dir, 'go.mod'), GO_MOD)
  for (const [pkg, source] of Object.entries(GO_SOURCES)) {
    await mkdir(join(dir, pkg))
    await writeFile(join(dir, pkg, 'main.go'), source)
  }
  await writeFile(join(dir, 'nss.c'), C_NSS)
  for (const [name, build] of Object.entries(CORPUS) as [CorpusName, Build][]) {
    const out = join(dir, name)
    if (build.kind === 'go') {
      await mustRun('go', ['build', ...build.args, '-o', out, `./${build.pkg}`], {
        cwd: dir,
        env: { ...GO_ENV, ...build.env },
        timeoutMs: 600_000
      })
    } else if (build.kind === 'c') {
      await mustRun(build.cc, [...build.args, '-o', out, 'nss.c'], { cwd: dir, timeoutMs: 120_000 })
    } else {
      await writeFile(out, withoutSectionHeaders(await readFile(join(dir, build.from))), {
        mode: 0o755
      })
    }
  }
}

let corpus: Promise<FindingsCorpus> | undefined

/** Builds the corpus once per cache key (and once per worker, looked up from then on). */
export function findingsCorpus(): Promise<FindingsCorpus> {
  corpus ??= (async () => {
    const goVersion = await firstLine('go', ['env', 'GOVERSION'])
    const tools = [goVersion, await firstLine('gcc', ['--version'])]
    const hash = createHash('sha256')
      .update(JSON.stringify({ GO_MOD, GO_SOURCES, C_NSS, CORPUS, GO_ENV, tools }))
      .digest('hex')
      .slice(0, 16)
    const root = join(repoRoot, '.cache', 'corpus-findings')
    const dir = join(root, hash)
    if (!(await exists(join(dir, 'c-nss-nosections')))) {
      await mkdir(root, { recursive: true })
      const temp = join(root, `.tmp-${hash}-${process.pid}-${Date.now()}`)
      await mkdir(temp)
      try {
        await buildAll(temp)
        await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
          // Another worker finished first: theirs is as good as ours.
          if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
        })
      } finally {
        await rm(temp, { recursive: true, force: true })
      }
    }
    return { dir, goVersion, path: (name) => join(dir, name) }
  })()
  return corpus
}

/** Copies a corpus binary to `dest` (tests that modify a file work on a copy). */
export async function copyOf(
  corpus: FindingsCorpus,
  name: CorpusName,
  dest: string
): Promise<string> {
  await cp(corpus.path(name), dest)
  return dest
}

/**
 * An ElfFile over a binary read into memory. The elf/ unit tests use this to
 * test the parsers apart from file I/O; inspect.test.ts covers the file path.
 */
export async function elfInMemory(path: string): Promise<ElfFile> {
  return ElfFile.open(bufferSource(await readFile(path)))
}
