import { LINUX_AMD64 } from '../../src/ground/platform.js'
import { spawnSync } from 'node:child_process'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { compile } from '../../src/compile/run.js'
import type { CompileLog, CompileSettings } from '../../src/compile/types.js'
import { inspectBinary } from '../../src/elf/inspect.js'
import { systemExec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import {
  gitContext,
  imageSettings,
  memoryLog,
  removeImages,
  uniqueName
} from '../support/docker.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// A real program from its release tarball: Lua 5.4, whose Makefile sets CC
// itself, so the static build must pass from-scratch's $CC, $CFLAGS and
// $LDFLAGS on make's command line. Expanded from the command's environment
// by from-scratch itself, without a shell.
//
// The tarball is Debian's lua5.4 .orig.tar.gz (the upstream release), fetched
// once into .cache/ by scripts/fetch-lua-source.sh.

const SLOW = 600_000
const WITH_VARIABLES = 'make -C src posix CC="$CC" MYCFLAGS="$CFLAGS" MYLDFLAGS="$LDFLAGS"'

function luaTarball(): string | null {
  const fetched = spawnSync('bash', [join(repoRoot, 'scripts/fetch-lua-source.sh')], {
    encoding: 'utf8',
    timeout: 300_000
  })
  if (fetched.status === 0) return fetched.stdout.trim()
  if (fetched.status === 3) {
    console.warn(`Lua test skipped: apt cannot reach Debian's lua5.4 source. ${fetched.stderr}`)
    return null
  }
  throw new Error(`scripts/fetch-lua-source.sh failed: ${fetched.stderr}`)
}

const tarball = luaTarball()
const maybe = tarball === null ? test.skip : test

const quiet: CompileLog = { info: () => {}, warning: () => {}, annotate: () => {} }
let dirs: string[] = []
const made: string[] = []

afterAll(async () => {
  await removeImages(made)
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** A fresh copy of the release, built with `buildCommand` through from-scratch's compile stage. */
async function buildLua(buildCommand: string): Promise<string> {
  const workspace = await freshDir('lua')
  dirs = [...dirs, workspace]
  await mustRun('tar', ['-xzf', tarball ?? '', '-C', workspace])
  const folder = (await mustRun('ls', [workspace])).stdout.trim()
  const settings: CompileSettings = {
    platform: LINUX_AMD64,
    language: 'c',
    workingDirectory: folder,
    goPackage: '.',
    goLdflags: '',
    goTags: [],
    cgo: false,
    sources: [],
    buildCommand,
    binary: 'src/lua',
    cflags: '',
    cc: '',
    outputDir: join(workspace, 'out'),
    workspace
  }
  const result = await compile(settings, systemExec, quiet)
  return result.binaryPath
}

maybe(
  'Lua 5.4 with CC="$CC" MYCFLAGS="$CFLAGS" MYLDFLAGS="$LDFLAGS": static, stripped, smaller, and -v runs in scratch',
  async () => {
    const lua = await buildLua(WITH_VARIABLES)
    const inspection = await inspectBinary(lua)
    expect(inspection.verdict.linkage).toMatch(/^static/)
    const file = await mustRun('file', [lua])
    expect(file.stdout).toContain('statically linked')
    expect(file.stdout).toMatch(/, stripped/)
    expect((await mustRun(lua, ['-v'])).stdout).toMatch(/^Lua 5\.4/)

    // The same build without the variables: Lua's own CC, dynamic and unstripped.
    const plain = await buildLua('make -C src posix')
    expect((await mustRun('file', [plain])).stdout).toContain('dynamically linked')
    expect((await stat(lua)).size).toBeLessThan((await stat(plain)).size)

    // The smoke test `-v` in an empty image.
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('lua')}`,
        include: parseInclude('none'),
        smokeTest: ['-v']
      }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog()
    )
    made.push(...image.tags)
    expect(image.smokeOutput).toMatch(/^Lua 5\.4/)
  },
  SLOW
)
