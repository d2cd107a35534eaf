import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec, type ExecResult } from '../../src/ground/exec.js'
import { runAction } from '../support/action-run.js'
import { SLOW, integrationFixture } from '../support/fixture.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// Temporary files: the committed dist/cli.js and dist/index.js, each with
// TMPDIR pointing at a fresh empty folder, leave that folder empty, whether
// the build succeeded or failed. The terminal keeps only what --output-dir
// names; the action puts its work folders under RUNNER_TEMP (which the runner
// empties at the end of the job) and keeps there only what its outputs name.

// The terminal keeps one thing on purpose, outside TMPDIR: go's output, in a
// slot per program under $XDG_CACHE_HOME/from-scratch/go-out, so an unchanged
// program is not linked again. Each run here gets a fresh XDG_CACHE_HOME (and
// go keeps its usual build cache, GOCACHE, which would otherwise move with it).

const fixture = integrationFixture({ name: 'temp-files' })

let goCache = ''
beforeAll(async () => {
  goCache = (await mustRun('go', ['env', 'GOCACHE'])).stdout.trim()
})

async function terminal(
  args: readonly string[],
  tmp: string,
  cacheHome?: string
): Promise<ExecResult> {
  return systemExec.run('node', [join(repoRoot, 'dist', 'cli.js'), ...args], {
    cwd: repoRoot,
    env: {
      TMPDIR: tmp,
      XDG_CACHE_HOME: cacheHome ?? (await freshDir('cache-home')),
      GOCACHE: goCache
    },
    timeoutMs: 240_000
  })
}

/** What the terminal kept in the go output cache under a cache home: `<key>/<binary>` paths. */
async function goOut(cacheHome: string): Promise<string[]> {
  const dir = join(cacheHome, 'from-scratch', 'go-out')
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
    .sort()
}

/** What is left in a folder, for a readable failure. */
async function left(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort()
}

describe('from-scratch build in a terminal removes its temporary files', () => {
  test.each([
    ['buildx', [], [expect.stringMatching(/^[0-9a-f]{20}\/hello-go$/)]],
    ['oci', ['--no-cache'], []]
  ])(
    'examples/hello-go with --builder %s %j: built, TMPDIR is empty afterwards, go output kept or not',
    async (builder, extra, kept) => {
      const image = `from-scratch-test/temp-cli-${builder}`
      fixture.removeAfter(`${image}:latest`)
      const tmp = await freshDir(`tmpdir-${builder}`)
      const cacheHome = await freshDir(`cache-home-${builder}`)
      const run = await terminal(
        ['build', 'examples/hello-go', '--image', image, '--builder', builder, '--json', ...extra],
        tmp,
        cacheHome
      )
      expect(run.stderr).not.toContain('unexpected error')
      expect(run.exitCode).toBe(0)
      const report = JSON.parse(run.stdout) as { binary: { path: string } }
      // The binary was built in TMPDIR, and is gone with the rest.
      expect(report.binary.path.startsWith(`${tmp}/`)).toBe(true)
      expect(await left(tmp)).toEqual([])
      expect(await goOut(cacheHome)).toEqual(kept)
    },
    SLOW
  )

  test(
    'a failed build (a C compile error with musl-gcc, an image stage error) leaves TMPDIR empty too',
    async () => {
      const tmp = await freshDir('tmpdir-failing')
      const project = await fixture.folder('broken-c')
      await writeFile(join(project, 'main.c'), 'int main(void) { return nope; }\n')
      const compileError = await terminal(['build', project, '--image', 'x/broken'], tmp)
      expect(compileError.exitCode).toBe(2)
      expect(compileError.stderr).toContain('nope')
      expect(await left(tmp)).toEqual([])

      for (const builder of ['buildx', 'oci']) {
        const imageError = await terminal(
          ['build', 'examples/hello-c', '--builder', builder, '--files', 'missing.conf:/etc/x'],
          tmp
        )
        expect([builder, imageError.exitCode]).toEqual([builder, 2])
        expect(imageError.stderr).toContain('missing.conf')
        expect([builder, await left(tmp)]).toEqual([builder, []])
      }
    },
    SLOW
  )

  test(
    '--output-dir DIR keeps the binary and the OCI layout there; TMPDIR is still emptied',
    async () => {
      const image = 'from-scratch-test/temp-cli-output-dir'
      fixture.removeAfter(`${image}:latest`)
      const tmp = await freshDir('tmpdir-output-dir')
      const out = join(await fixture.folder('kept'), 'out')
      const run = await terminal(
        ['build', 'examples/hello-c', '--image', image, '--builder', 'oci', '--output-dir', out],
        tmp
      )
      expect(run.exitCode).toBe(0)
      expect(await left(tmp)).toEqual([])
      const kept = await left(out)
      expect(kept).toContain('hello-c')
      expect(kept).toEqual(
        expect.arrayContaining([join('image', 'oci', 'index.json'), join('image', 'image.tar')])
      )
    },
    SLOW
  )
})

test(
  'the action: work folders under RUNNER_TEMP, removed; only what the outputs name stays; TMPDIR untouched',
  async () => {
    const image = 'from-scratch-test/temp-action'
    fixture.removeAfter(`${image}:latest`)
    const runnerTemp = await freshDir('runner-temp')
    const tmp = await freshDir('tmpdir-action')
    const run = await runAction(
      { 'working-directory': 'examples/hello-c', image, builder: 'buildx', 'smoke-test': 'x' },
      { RUNNER_TEMP: runnerTemp, TMPDIR: tmp }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    // The buildx context was written under RUNNER_TEMP (the command line names it)…
    expect(run.stdout).toContain(`--file ${runnerTemp}/from-scratch-image-`)
    // …and removed: what stays is the output folder with what the outputs name.
    const folders = await readdir(runnerTemp)
    expect(folders).toEqual([expect.stringMatching(/^from-scratch-[A-Za-z0-9]{6}$/)])
    const outputDir = join(runnerTemp, folders[0] ?? '')
    expect(run.outputs.binary).toBe(join(outputDir, 'hello-c'))
    expect(run.outputs['report-json']).toBe(join(outputDir, 'report.json'))
    expect((await left(outputDir)).sort()).toEqual(['hello-c', 'report.json'])
    expect(await left(tmp)).toEqual([])
  },
  SLOW
)

test(
  'the action with the daemonless writer: the OCI layout and archive the outputs name are under RUNNER_TEMP',
  async () => {
    const image = 'from-scratch-test/temp-action-oci'
    fixture.removeAfter(`${image}:latest`)
    const runnerTemp = await freshDir('runner-temp-oci')
    const tmp = await freshDir('tmpdir-action-oci')
    const cacheHome = await freshDir('cache-home-action')
    const run = await runAction(
      { 'working-directory': 'examples/hello-go', image, builder: 'oci' },
      { RUNNER_TEMP: runnerTemp, TMPDIR: tmp, XDG_CACHE_HOME: cacheHome, GOCACHE: goCache }
    )
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    const folders = await readdir(runnerTemp)
    expect(folders).toEqual([expect.stringMatching(/^from-scratch-[A-Za-z0-9]{6}$/)])
    const outputDir = join(runnerTemp, folders[0] ?? '')
    for (const name of ['binary', 'report-json', 'oci-layout', 'image-archive']) {
      expect([name, run.outputs[name]?.startsWith(`${outputDir}/`)]).toEqual([name, true])
    }
    expect(await left(run.outputs['oci-layout'] ?? '')).toContain('index.json')
    expect(await left(tmp)).toEqual([])
    // go wrote straight into the output folder: a runner keeps no go output cache.
    expect(await left(cacheHome)).toEqual([])
  },
  SLOW
)
