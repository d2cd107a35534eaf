import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec, type ExecResult } from '../../src/ground/exec.js'
import { INPUTS } from '../../src/input-spec.js'
import { removeImages, uniqueName } from '../support/docker.js'
import { SLOW } from '../support/fixture.js'
import { freshDir, repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// The terminal as a newcomer meets it: dist/cli.js run as a process, on the
// layouts Go people use, with the mistakes people make.

const CLI = join(repoRoot, 'dist', 'cli.js')
const OFFLINE = { GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '' }

function cli(args: readonly string[], cwd: string): Promise<ExecResult> {
  return systemExec.run('node', [CLI, ...args], { cwd, env: { ...OFFLINE, NO_COLOR: '' } })
}

const MAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from NAME") }\n'

/** A Go module in a fresh folder: go.mod and `files` (path → source). */
async function module(name: string, files: Readonly<Record<string, string>>): Promise<string> {
  const root = await freshDir(`cli-${name}`)
  await writeFile(join(root, 'go.mod'), `module example.com/${name}\n\ngo 1.21\n`)
  for (const [path, source] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), source)
  }
  return root
}

const images: string[] = []
afterAll(async () => {
  await removeImages(images)
})

describe('finding the program the way go does', () => {
  test(
    'cmd/ with one main package: built, and the summary says which',
    async () => {
      const root = await module('one', {
        'cmd/server/main.go': MAIN.replace('NAME', 'server'),
        'internal/greet/greet.go': 'package greet\n\nfunc Hi() string { return "hi" }\n'
      })
      const image = uniqueName('from-scratch-test/cli-one')
      images.push(`${image}:latest`)
      const run = await cli(['build', '--image', image], root)
      expect(run.stderr).not.toContain('unexpected error')
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toMatch(/^ {2}package +\.\/cmd\/server, the one main package here$/m)
      // stdout is exactly one reference, and docker runs it as it is.
      expect(run.stdout).toBe(`${image}:latest\n`)
      const ran = await mustRun('docker', ['run', '--rm', '--network', 'none', run.stdout.trim()])
      expect(ran.stdout).toBe('hello from server\n')
    },
    SLOW
  )

  test('cmd/ with two main packages: both named, and the flag to pick one', async () => {
    const root = await module('two', {
      'cmd/server/main.go': MAIN,
      'cmd/worker/main.go': MAIN
    })
    const run = await cli(['build', '.'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      'Main packages here: ./cmd/server, ./cmd/worker; pass `--package ./cmd/server` to build one.'
    )
    // Said once, not once by go and once by us.
    expect(run.stderr.split('Main packages here').length).toBe(2)
  })

  test(
    'a nested DIR without a go.mod: the module above it is used, as go would',
    async () => {
      const root = await module('nested', { 'cmd/server/main.go': MAIN.replace('NAME', 'nested') })
      const image = uniqueName('from-scratch-test/cli-nested')
      images.push(`${image}:latest`)
      const run = await cli(['build', './cmd/server', '--image', image], root)
      expect(run.stderr).not.toMatch(/no go\.mod|unexpected error/)
      expect(run.exitCode).toBe(0)
      expect(run.stdout.trim()).toBe(`${image}:latest`)
    },
    SLOW
  )

  test('a library module: says it is a library, not that the binary is an ar archive', async () => {
    const root = await module('lib', {
      'lib.go': '// Package lib adds.\npackage lib\n\nfunc Add(a, b int) int { return a + b }\n'
    })
    const run = await cli(['build'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('is package lib, a library, not a program (package main)')
    expect(run.stderr).toContain('--package')
    expect(run.stderr).not.toMatch(/ar archive|`binary`/)
  })
})

describe('flags that forgive typos', () => {
  test.each([
    [['build', '--buidler', 'oci'], 'unknown flag "--buidler" for build. Did you mean --builder?'],
    [['biuld'], 'unknown command "biuld". Did you mean build?'],
    [
      ['build', '--builder', 'ocii'],
      '--builder is "ocii", but it takes auto, buildx, oci. Did you mean oci?'
    ]
  ])('%j → %s, before anything runs', async (args, message) => {
    const dir = await freshDir('cli-typo')
    const run = await cli(args, dir)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain(message)
    // Short: the message and a hint, not the whole usage.
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(3)
    expect(run.stdout).toBe('')
  })

  test('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string
    }
    const run = await cli(['--version'], repoRoot)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe(`from-scratch ${pkg.version}\n`)
  })

  test('build --help lists every input of action.yml with its default', async () => {
    const run = await cli(['build', '--help'], repoRoot)
    expect(run.exitCode).toBe(0)
    const yml = await readFile(join(repoRoot, 'action.yml'), 'utf8')
    const inputsBlock = yml.split(/^inputs:$/m)[1]?.split(/^\S/m)[0] ?? ''
    const declared = [...inputsBlock.matchAll(/^ {2}([a-z-]+):\s*$/gm)].map((m) => m[1])
    expect(declared).toEqual(INPUTS.map((input) => input.name))
    for (const name of declared) {
      expect(run.stdout).toMatch(new RegExp(`^  --${name}( |$)`, 'm'))
    }
    for (const input of INPUTS) {
      const line = run.stdout.split('\n').find((l) => l.startsWith(`  --${input.name} `))
      expect({ input: input.name, line }).toEqual({ input: input.name, line: expect.any(String) })
      const named =
        (input.choices === undefined &&
          input.default.length > 1 &&
          input.summary.includes(input.default)) ||
        input.secret === true
      if (input.default !== '' && !input.choices?.includes('true') && !named) {
        expect(line).toContain(`(default ${input.default})`)
      }
    }
    expect(run.stdout).toMatch(/^ {2}--baseline FILE +compare with this saved report/m)
  })

  test('a missing --baseline file is an error, before anything is built', async () => {
    const root = await module('baseline', { 'main.go': MAIN })
    const run = await cli(['build', '--baseline', 'main.json'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--baseline main.json: no such file.')
    expect(run.stderr).not.toContain('No baseline yet')
  })

  test('--push without --image is refused: nothing is pushed to docker.io/library/<dir>', async () => {
    const root = await module('push', { 'main.go': MAIN })
    const started = Date.now()
    const run = await cli(['build', '--push'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('--push needs --image')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
