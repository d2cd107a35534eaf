import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { goSlotDir } from '../../src/compile/go-output-cache.js'
import { compile } from '../../src/compile/run.js'
import type { CompileSettings } from '../../src/compile/types.js'
import { UserError } from '../../src/ground/errors.js'
import { LINUX_AMD64 } from '../../src/ground/platform.js'
import { compileRecorder, compileSettings, offlineExec } from '../support/compile.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// The terminal's go output cache (issue 12): go builds into a kept slot per
// program, so its own up-to-date check skips the link when nothing changed,
// and the binary is placed in the run's output folder from there. Real go,
// real files; "not linked again" shows as the slot's file keeping its inode:
// go replaces the file (a rename, or remove and create) whenever it links,
// while the slot's other name keeps the old inode alive, so its number cannot
// come back. (go does touch the mtime of an up-to-date target, on purpose.)

const offline = offlineExec()
const ROOT = '/cache/from-scratch/go-out'
const BASE = {
  workDir: '/src/app',
  goPackage: '.',
  binaryName: 'app',
  platform: LINUX_AMD64
}

describe('goSlotDir: one slot per program, always a hash under the root', () => {
  const base = goSlotDir(ROOT, BASE)

  test('the same program gets the same slot: a 20-hex-digit folder in the root', () => {
    expect(goSlotDir(ROOT, { ...BASE })).toBe(base)
    expect(base).toMatch(/^\/cache\/from-scratch\/go-out\/[0-9a-f]{20}$/)
  })

  test.each([
    ['another working directory', { workDir: '/src/other' }],
    ['another package', { goPackage: './cmd/tool' }],
    ['another binary name', { binaryName: 'tool' }],
    ['another architecture', { platform: { ...LINUX_AMD64, architecture: 'arm64' } }],
    // The parts are kept apart: moving text between them is another program.
    ['the same letters split differently', { workDir: '/src/ap', goPackage: 'p.' }]
  ])('%s → another slot', (_what, change) => {
    expect(goSlotDir(ROOT, { ...BASE, ...change })).not.toBe(base)
  })

  test.each([
    ['../../../etc', '../../../etc/passwd', 'x'],
    ['/abs', '/etc', '..'],
    ['line\nbreak', './-x', 'a b'],
    ['', '', '']
  ])('hostile names (%j, %j, %j) stay inside the root', (workDir, goPackage, binaryName) => {
    const dir = goSlotDir(ROOT, { ...BASE, workDir, goPackage, binaryName })
    expect(dirname(dir)).toBe(ROOT)
    expect(basename(dir)).toMatch(/^[0-9a-f]{20}$/)
  })
})

/** A module with two programs that print their -X version, in a fresh workspace. */
async function twoPrograms(): Promise<string> {
  const workspace = await freshDir('gocache-ws')
  const main = (name: string): string =>
    `package main\n\nimport "fmt"\n\nvar version = "dev"\n\nfunc main() {\n\tfmt.Println("${name}", version)\n}\n`
  await mkdir(join(workspace, 'app', 'cmd', 'one'), { recursive: true })
  await mkdir(join(workspace, 'app', 'cmd', 'two'), { recursive: true })
  await writeFile(join(workspace, 'app', 'go.mod'), 'module example.com/app\n\ngo 1.21\n')
  await writeFile(join(workspace, 'app', 'cmd', 'one', 'main.go'), main('one'))
  await writeFile(join(workspace, 'app', 'cmd', 'two', 'main.go'), main('two'))
  return workspace
}

interface Built {
  readonly binary: string
  readonly infos: readonly string[]
}

async function build(
  workspace: string,
  cache: string | null,
  overrides: Partial<CompileSettings> = {}
): Promise<Built> {
  const log = compileRecorder()
  const result = await compile(
    await compileSettings({
      workspace,
      workingDirectory: 'app',
      goPackage: './cmd/one',
      goOutputCache: cache,
      ...overrides
    }),
    offline,
    log
  )
  return { binary: result.binaryPath, infos: log.infos }
}

/** Every file under a folder, relative, sorted: slot folders and their binaries. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
    .sort()
}

async function inode(path: string): Promise<number> {
  return (await stat(path)).ino
}

async function printed(binary: string): Promise<string> {
  return (await mustRun(binary, [])).stdout
}

describe('compile with a go output cache (real go)', () => {
  test('the second build of an unchanged program is not linked again; its binary is the same', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache')
    const first = await build(workspace, cache)
    const [slotFile, ...others] = await files(cache)
    expect(others).toEqual([])
    expect(slotFile).toMatch(/^[0-9a-f]{20}\/one$/)
    const kept = await inode(join(cache, slotFile))

    const second = await build(workspace, cache)
    // A new output folder each time, the binary where it always was.
    expect(dirname(second.binary)).not.toBe(dirname(first.binary))
    expect(basename(second.binary)).toBe('one')
    // go found its output up to date: the slot's file was not rewritten.
    expect(await inode(join(cache, slotFile))).toEqual(kept)
    expect(await files(cache)).toEqual([slotFile])
    expect(await readFile(second.binary)).toEqual(await readFile(first.binary))
    expect(await printed(second.binary)).toBe('one dev\n')
    // The same bytes as a build without the cache.
    const fresh = await build(workspace, null)
    expect(await readFile(fresh.binary)).toEqual(await readFile(second.binary))
  })

  test('a changed -ldflags -X value links again: the new binary carries the new value', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-ldflags')
    const first = await build(workspace, cache, { goLdflags: '-X main.version=1.0.0' })
    const [slotFile] = await files(cache)
    const before = await inode(join(cache, slotFile))
    const second = await build(workspace, cache, { goLdflags: '-X main.version=2.0.0' })
    expect(await printed(first.binary)).toBe('one 1.0.0\n')
    expect(await printed(second.binary)).toBe('one 2.0.0\n')
    // Same program, same slot, now holding the new binary.
    expect(await files(cache)).toEqual([slotFile])
    expect(await inode(join(cache, slotFile))).not.toBe(before)
    expect(await readFile(join(cache, slotFile))).toEqual(await readFile(second.binary))
  })

  test('two programs of one module get two slots and each its own binary', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-two')
    const one = await build(workspace, cache, { goPackage: './cmd/one' })
    const two = await build(workspace, cache, { goPackage: './cmd/two' })
    const slots = await files(cache)
    expect(slots).toHaveLength(2)
    expect(new Set(slots.map(dirname)).size).toBe(2)
    expect(slots.map((s) => basename(s)).sort()).toEqual(['one', 'two'])
    expect(await printed(one.binary)).toBe('one dev\n')
    expect(await printed(two.binary)).toBe('two dev\n')
    // And back to the first: still up to date, still its own binary.
    const again = await build(workspace, cache, { goPackage: './cmd/one' })
    expect(await printed(again.binary)).toBe('one dev\n')
  })

  test('concurrent builds of one program with different -X values: each gets a whole binary with its own value', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-concurrent')
    await build(workspace, cache)
    // Each value makes go link while the others read and replace the slot.
    const versions = ['a', 'b', 'c', 'dev']
    const built = await Promise.all(
      versions.map((v) =>
        build(workspace, cache, { goLdflags: v === 'dev' ? '' : `-X main.version=${v}` })
      )
    )
    for (const [i, v] of versions.entries()) {
      expect(await printed(built[i].binary)).toBe(`one ${v}\n`)
    }
    // One slot, holding one of them whole; no private copies left.
    const [slotFile, ...others] = await files(cache)
    expect(others).toEqual([])
    expect((await printed(join(cache, slotFile))).trim()).toMatch(/^one (a|b|c|dev)$/)
  })

  test('a failed build leaves no binary in the output folder and the slot as it was', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-fail')
    await build(workspace, cache)
    const [slotFile] = await files(cache)
    const before = await inode(join(cache, slotFile))
    await writeFile(
      join(workspace, 'app', 'cmd', 'one', 'main.go'),
      'package main\n\nfunc main() {\n\tnope()\n}\n'
    )
    const outputDir = await freshDir('gocache-fail-out')
    await expect(build(workspace, cache, { outputDir })).rejects.toThrow(UserError)
    expect(await readdir(outputDir)).toEqual([])
    // No private copy left behind, and the last good binary is still the slot.
    expect(await files(cache)).toEqual([slotFile])
    expect(await inode(join(cache, slotFile))).toEqual(before)
  })

  test("a private copy left by a stopped run of this host is removed; a live run's and another host's are not", async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-abandoned')
    const first = await build(workspace, cache)
    const slotDir = join(cache, dirname((await files(cache))[0]))
    // The running build's own name tells this host's tag.
    const host = /\.run-([0-9a-f]{8})-\d+-/.exec(first.infos.join('\n'))?.[1] ?? ''
    expect(host).toMatch(/^[0-9a-f]{8}$/)
    // Above any pid_max: a process that cannot exist.
    const dead = `.run-${host}-9999999-0123456789ab`
    const live = `.run-${host}-${process.pid}-0123456789ab`
    const elsewhere = `.run-${host === '00000000' ? '11111111' : '00000000'}-9999999-0123456789ab`
    for (const name of [dead, live, elsewhere]) await writeFile(join(slotDir, name), 'x')
    await build(workspace, cache)
    const left = await readdir(slotDir)
    expect(left).not.toContain(dead)
    expect(left).toEqual(expect.arrayContaining([live, elsewhere, 'one']))
  })

  test('a stray non-ELF file in the slot is replaced, not handed to go', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-stray')
    await build(workspace, cache)
    const [slotFile] = await files(cache)
    await writeFile(join(cache, slotFile), 'not a binary\n')
    const again = await build(workspace, cache)
    expect(await printed(again.binary)).toBe('one dev\n')
    expect(await readFile(join(cache, slotFile))).toEqual(await readFile(again.binary))
  })

  test('an output folder that already holds the binary gets the new one (--output-dir reused)', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-reuse')
    const outputDir = await freshDir('gocache-reuse-out')
    await build(workspace, cache, { outputDir, goLdflags: '-X main.version=1' })
    const second = await build(workspace, cache, { outputDir, goLdflags: '-X main.version=2' })
    expect(await printed(second.binary)).toBe('one 2\n')
    expect(await readdir(outputDir)).toEqual(['one'])
    // Unchanged: the output is already the slot's file, and nothing is left beside it.
    const third = await build(workspace, cache, { outputDir, goLdflags: '-X main.version=2' })
    expect(await printed(third.binary)).toBe('one 2\n')
    expect(await readdir(outputDir)).toEqual(['one'])
  })

  test('a cache folder that cannot be made: built without it, said in the log', async () => {
    const workspace = await twoPrograms()
    const blocker = join(await freshDir('gocache-blocked'), 'file')
    await writeFile(blocker, '')
    const built = await build(workspace, join(blocker, 'go-out'))
    expect(await printed(built.binary)).toBe('one dev\n')
    expect(built.infos.join('\n')).toContain('not usable')
  })

  test('cgo and build-command builds leave the cache folder empty', async () => {
    const workspace = await twoPrograms()
    const cache = await freshDir('gocache-untouched')
    const cgo = await build(workspace, cache, { cgo: true })
    expect(await printed(cgo.binary)).toBe('one dev\n')
    const command = await build(workspace, cache, {
      buildCommand: 'go build -o one-built ./cmd/one',
      binary: 'one-built'
    })
    expect(await printed(command.binary)).toBe('one dev\n')
    expect(await readdir(cache)).toEqual([])
  })
})
