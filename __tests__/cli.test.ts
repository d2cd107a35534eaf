import { join } from 'node:path'
import { cli } from '../src/cli.js'
import { systemExec } from '../src/ground/exec.js'
import { capturedWorld } from './support/cli-world.js'
import { corpus } from './support/corpus.js'
import { freshDir, repoRoot } from './support/paths.js'

const capture = () => capturedWorld(repoRoot)

describe('from-scratch inspect', () => {
  test('exit 0 / 1 / 2 follow the verdict on every corpus file, and --json says the same', async () => {
    const built = await corpus()
    for (const file of built.entries) {
      if (file.missing !== null) continue
      // inspect judges a file for the platform of its own ELF machine.
      const entry = { ...(file.sameFileAs ? built.entry(file.sameFileAs) : file), path: file.path }
      const text = capture()
      const json = capture()
      const code = await cli(['inspect', entry.path], text.world)
      const jsonCode = await cli(['inspect', entry.path, '--json'], json.world)
      const expected = ['static', 'static-pie'].includes(entry.linkage)
        ? 0
        : entry.linkage === 'malformed'
          ? 2
          : 1
      expect({ name: file.name, code }).toEqual({ name: file.name, code: expected })
      expect(jsonCode).toBe(code)
      expect(text.out.join('\n')).toContain(`: ${entry.linkage} — `)
      const report = JSON.parse(json.out.join('\n')) as {
        schema: number
        binary: { linkage: string; interpreter: string | null; needed: string[]; path: string }
      }
      expect(report.schema).toBe(1)
      expect(report.binary).toMatchObject({
        path: entry.path,
        linkage: entry.linkage,
        interpreter: entry.interpreter,
        needed: entry.needed
      })
    }
  })

  test('an arm64 binary is judged for linux/arm64: a verdict, its sizes and arm64 advice', async () => {
    const built = await corpus()
    const go = built.entry('go-arm64-static')
    const sized = capture()
    expect(await cli(['inspect', go.path, '--sizes'], sized.world)).toBe(0)
    const text = sized.out.join('\n')
    expect(text).toContain(`${go.path}: static — runs in scratch`)
    expect(text).toContain('statically linked AArch64 executable')
    expect(text).toContain('GOARCH=arm64')
    expect(text).not.toMatch(/not an? (x86-64|AArch64) ELF file/)
    expect(text).toMatch(/packages \(bytes\):\n\s+runtime\s/)

    const c = built.entry('c-arm64-glibc-dynamic')
    if (c.missing !== null) {
      console.warn(`c-arm64-glibc-dynamic not built: ${c.missing}`)
      return
    }
    const dynamic = capture()
    expect(await cli(['inspect', c.path], dynamic.world)).toBe(1)
    const said = dynamic.out.join('\n')
    expect(said).toContain(`${c.path}: dynamic — will NOT run in scratch`)
    expect(said).toContain('/lib/ld-linux-aarch64.so.1 and libc.so.6')
    expect(said).toContain('`aarch64-linux-musl-gcc -static`')
    expect(said).not.toMatch(/x86|amd64/)
  })

  test('a missing file cannot be judged: exit 2 and a plain message', async () => {
    const c = capture()
    const missing = join(await freshDir('cli'), 'nope')
    expect(await cli(['inspect', missing], c.world)).toBe(2)
    expect(c.err.join('\n')).toContain(missing)
    expect(c.err.join('\n')).not.toMatch(/\n\s+at /)
  })

  test('inspect A B C: one verdict line each, in one process, and the worst exit code', async () => {
    const { entries } = await corpus()
    const pick = (linkage: string) => entries.find((e) => e.linkage === linkage)
    const runs = pick('static')
    const wont = pick('dynamic')
    const broken = pick('malformed')
    if (!runs || !wont || !broken)
      throw new Error('the corpus lacks a static, dynamic or malformed file')
    const missing = join(await freshDir('cli-many'), 'nope')

    const good = capture()
    expect(await cli(['inspect', runs.path, runs.path], good.world)).toBe(0)
    expect(good.out).toEqual([
      `${runs.path}: ${runs.linkage} — runs in scratch`,
      `${runs.path}: ${runs.linkage} — runs in scratch`
    ])

    const mixed = capture()
    expect(await cli(['inspect', runs.path, wont.path], mixed.world)).toBe(1)
    expect(mixed.out).toEqual([
      `${runs.path}: static — runs in scratch`,
      `${wont.path}: dynamic — will NOT run in scratch`
    ])

    const worst = capture()
    expect(await cli(['inspect', broken.path, runs.path, missing, wont.path], worst.world)).toBe(2)
    expect(worst.out).toHaveLength(4)
    expect(worst.out[2]).toMatch(new RegExp(`^${missing}: cannot tell — `))

    const json = capture()
    expect(await cli(['inspect', runs.path, wont.path, '--json'], json.world)).toBe(1)
    const doc = JSON.parse(json.out.join('\n')) as { binaries: { path: string; linkage: string }[] }
    expect(doc.binaries.map((b) => b.linkage)).toEqual(['static', 'dynamic'])

    const sizes = capture()
    expect(await cli(['inspect', runs.path, wont.path, '--sizes'], sizes.world)).toBe(2)
    expect(sizes.err.join('\n')).toContain('--sizes takes one FILE')
  })

  test('usage errors say how to call it', async () => {
    const c = capture()
    expect(await cli(['inspect'], c.world)).toBe(2)
    expect(c.err.join('\n')).toContain('usage:')
    const d = capture()
    expect(await cli(['build', '--no-such-flag', 'x'], d.world)).toBe(2)
    expect(d.err.join('\n')).toContain('unknown flag "--no-such-flag" for build')
  })
})

describe('from-scratch build', () => {
  test('builds an example from a terminal and prints the report JSON with --json', async () => {
    const c = capture()
    const code = await cli(
      ['build', 'examples/hello-c', '--json', '--image', 'from-scratch-test/cli-hello-c'],
      c.world
    )
    expect(c.err.join('\n')).not.toContain('unexpected error')
    expect(code).toBe(0)
    const report = JSON.parse(c.out.join('\n')) as {
      binary: { linkage: string; size: number }
      image: { name: string; size: number; tags: string[] }
    }
    expect(report.binary.linkage).toBe('static')
    expect(report.image.name).toBe('from-scratch-test/cli-hello-c')
    expect(report.image.size).toBeGreaterThanOrEqual(report.binary.size)
    await systemExec.run('docker', ['image', 'rm', '-f', ...report.image.tags])
  })

  test('every action input is a flag: a bad value is refused the same way', async () => {
    const c = capture()
    expect(await cli(['build', 'examples/hello-c', '--cgo', 'maybe'], c.world)).toBe(2)
    expect(c.err.join('\n')).toContain('--cgo is "maybe", but it takes true or false')
  })

  test('word inputs take values that start with -: --smoke-test -v, --go-ldflags "-X …"', async () => {
    const c = capture()
    const args = ['build', 'examples/hello-c', '--smoke-test', '-v']
    expect(
      await cli([...args, '--go-ldflags', '-X main.version=1', '--cgo', 'maybe'], c.world)
    ).toBe(2)
    // Parsed: the run got as far as reading the inputs, and stopped at the bad one.
    expect(c.err.join('\n')).not.toMatch(/ambiguous/)
    expect(c.err.join('\n')).toContain('--cgo is "maybe", but it takes true or false')
  })
})
