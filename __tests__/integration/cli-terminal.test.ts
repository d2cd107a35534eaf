/* eslint-disable no-control-regex -- the terminal tests look for escape sequences on purpose */
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
      const line = run.stdout
        // A long flag puts its summary on the next line.
        .replace(/\n {20,}/g, ' ')
        .split('\n')
        .find((l) => l.startsWith(`  --${input.name} `))
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

describe('the summary a person reads', () => {
  /** Runs the CLI with stderr on a real pseudo-terminal (script(1)); stdout goes to a file. */
  async function underTerminal(
    args: readonly string[],
    cwd: string,
    env: Readonly<Record<string, string>>
  ) {
    const out = join(await freshDir('cli-tty'), 'stdout')
    const quoted = ['node', CLI, ...args].map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(' ')
    const run = await systemExec.run(
      'script',
      ['-q', '-e', '-c', `${quoted} > '${out}'`, '/dev/null'],
      { cwd, env: { ...OFFLINE, TERM: 'xterm-256color', COLUMNS: '100', ...env } }
    )
    return {
      code: run.exitCode,
      screen: run.stdout.replaceAll('\r\n', '\n'),
      stdout: await readFile(out, 'utf8')
    }
  }

  test(
    'hello-go on a terminal: a coloured summary of at most 15 lines, the reference alone on stdout; NO_COLOR turns colour off',
    async () => {
      const image = uniqueName('from-scratch-test/cli-tty')
      images.push(`${image}:latest`)
      const project = join(repoRoot, 'examples', 'hello-go')
      const coloured = await underTerminal(['build', '--image', image], project, {})
      expect(coloured.code).toBe(0)
      expect(coloured.stdout).toBe(`${image}:latest\n`)
      expect(coloured.screen).toContain('\x1b[32m✓\x1b[0m')
      // The progress line is erased in place; what stays is the summary.
      const lines = coloured.screen
        .split('\n')
        .map((line) => line.replace(/^.*\r/, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''))
        .filter((line) => line.trim() !== '')
      expect(lines.length).toBeLessThanOrEqual(15)
      expect(lines[0]).toMatch(new RegExp(`^✓ ${image}:latest +[\\d.]+ MB image$`))
      expect(lines).toContainEqual(expect.stringMatching(/^ {2}binary +[\d.]+ MB +static, go1\./))
      expect(coloured.screen).not.toMatch(/from-scratch-[A-Za-z0-9]{6}/)

      const plain = await underTerminal(['build', '--image', image], project, { NO_COLOR: '1' })
      expect(plain.code).toBe(0)
      expect(plain.screen).not.toMatch(/\x1b\[\d+m/)
      // A build slower than a second leaves `\r\x1b[2K` (the erased progress line) before it.
      expect(plain.screen).toMatch(new RegExp(`^(?:.*\r\x1b\\[2K)?✓ ${image}:latest`, 'm'))
    },
    SLOW
  )

  test(
    '-v shows every step and the children as they run; without it only the summary',
    async () => {
      const root = await module('verbose', { 'main.go': MAIN.replace('NAME', 'v') })
      const image = uniqueName('from-scratch-test/cli-verbose')
      images.push(`${image}:latest`)
      const quiet = await cli(['build', '--image', image, '--no-cache'], root)
      expect(quiet.exitCode).toBe(0)
      expect(quiet.stderr).not.toContain('== Compile')
      const loud = await cli(['build', '--image', image, '--no-cache', '-v'], root)
      expect(loud.exitCode).toBe(0)
      expect(loud.stderr).toContain('== Compile')
      expect(loud.stderr).toMatch(/go build -trimpath/)
    },
    SLOW
  )

  test('a compile error is printed once', async () => {
    const root = await module('broken', {
      'main.go': 'package main\n\nfunc main() { undefinedThing() }\n'
    })
    const run = await cli(['build'], root)
    expect(run.exitCode).toBe(2)
    expect(run.stderr.split('undefined: undefinedThing').length).toBe(2)
    expect(run.stderr).not.toMatch(/annotated on the code|in the log above/)
  })

  test(
    '--output-dir: the kept files are named once, at the end; without it no path that is gone',
    async () => {
      const root = await module('kept', { 'main.go': MAIN.replace('NAME', 'kept') })
      const image = uniqueName('from-scratch-test/cli-kept')
      images.push(`${image}:latest`)
      const kept = await cli(
        ['build', '--image', image, '--output-dir', 'out', '--builder', 'oci'],
        root
      )
      expect(kept.exitCode).toBe(0)
      expect(kept.stderr).toMatch(/^ {2}kept +out\/\S+ \(binary\)$/m)
      expect(kept.stderr).toMatch(/^ {12}out\/image\/oci \(oci layout\)$/m)
      const binary = /^ {2}kept +(out\/\S+) /m.exec(kept.stderr)?.[1] ?? 'none'
      expect(kept.stderr.split(binary).length).toBe(2)
      const gone = await cli(['build', '--image', image, '--builder', 'oci'], root)
      expect(gone.exitCode).toBe(0)
      expect(gone.stderr).not.toMatch(/\/tmp\/|from-scratch-[A-Za-z0-9]{6}/)
    },
    SLOW
  )
})
