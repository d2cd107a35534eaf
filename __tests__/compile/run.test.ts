import { spawn } from 'node:child_process'
import { chmod, mkdir, open, symlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { compile } from '../../src/compile/run.js'
import { UserError } from '../../src/ground/errors.js'
import type { Exec } from '../../src/ground/exec.js'
import { compileRecorder, compileSettings, offlineExec } from '../support/compile.js'
import { firstAnswer } from '../support/http.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// Nothing here may touch the network: no module downloads, no toolchain switch.
const offline = offlineExec()

/** An exec whose PATH holds only the named programs (symlinked), to play a machine without the rest. */
async function onlyPrograms(...programs: string[]): Promise<Exec> {
  const bin = await freshDir('path')
  for (const program of programs) {
    const found = await mustRun('which', [program])
    await symlink(found.stdout.trim(), join(bin, program))
  }
  return offlineExec({ PATH: bin })
}

const recorder = compileRecorder
const settings = compileSettings

/** A project folder of the given files inside a fresh workspace. */
async function project(files: Record<string, string>, folder = 'app'): Promise<string> {
  const workspace = await freshDir('ws')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workspace, folder, path, '..'), { recursive: true })
    await writeFile(join(workspace, folder, path), text)
  }
  return workspace
}

/**
 * The two facts that decide whether a binary starts in scratch: an amd64
 * executable (ET_EXEC, or ET_DYN for static-pie) and no PT_INTERP program header.
 */
async function elfFacts(path: string): Promise<{ type: number; machine: number; interp: boolean }> {
  const handle = await open(path, 'r')
  try {
    const header = Buffer.alloc(64)
    await handle.read(header, 0, 64, 0)
    expect(header.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))
    const phoff = Number(header.readBigUInt64LE(32))
    const phentsize = header.readUInt16LE(54)
    const phnum = header.readUInt16LE(56)
    const table = Buffer.alloc(phentsize * phnum)
    await handle.read(table, 0, table.length, phoff)
    let interp = false
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) interp = true
    return { type: header.readUInt16LE(16), machine: header.readUInt16LE(18), interp }
  } finally {
    await handle.close()
  }
}

async function expectStatic(path: string): Promise<void> {
  expect(await elfFacts(path)).toEqual({ type: 2, machine: 62, interp: false })
}

async function thrownBy(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('expected a UserError, but compile succeeded')
}

describe('compile (real toolchains)', () => {
  test('examples/hello-go → static go binary that prints its line', async () => {
    const log = recorder()
    const result = await compile(
      await settings({ workingDirectory: 'examples/hello-go' }),
      offline,
      log
    )
    expect(result.language).toBe('go')
    expect(result.toolchain).toMatch(/^go1\.\d+/)
    expect(basename(result.binaryPath)).toBe('hello-go')
    expect(result.warnings).toEqual([])
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('hello from scratch (go)\n')
    expect(log.infos[0]).toContain(
      "examples/hello-go$ CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -ldflags '-s -w' -tags netgo,osusergo -o"
    )
  })

  test('the compiler starts first: go version and the whileCompiling questions come after it', async () => {
    const started: string[] = []
    const watching: Exec = {
      run: (file, args, options) => {
        started.push(`${file} ${args[0] ?? ''}`)
        return offline.run(file, args, options)
      }
    }
    const result = await compile(
      await settings({ workingDirectory: 'examples/hello-go' }),
      watching,
      recorder(),
      { whileCompiling: () => started.push('whileCompiling') }
    )
    expect(result.toolchain).toMatch(/^go1\.\d+/)
    expect(started).toEqual(['go build', 'go version', 'whileCompiling'])
  })

  test('examples/hello-c → static musl binary that prints its line', async () => {
    const result = await compile(
      await settings({ workingDirectory: 'examples/hello-c' }),
      offline,
      recorder()
    )
    expect(result.language).toBe('c')
    expect(result.toolchain).toMatch(/^musl-gcc \(gcc \d+\.\d+/)
    expect(result.warnings).toEqual([])
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('hello from scratch (c)\n')
  })

  test('examples/http-server → --version carries the ldflags, / answers 200', async () => {
    const result = await compile(
      await settings({
        workingDirectory: 'examples/http-server',
        goLdflags: '-X main.version=1.2.3'
      }),
      offline,
      recorder()
    )
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, ['--version'])).stdout).toBe('http-server 1.2.3\n')

    const port = String(20000 + Math.floor(Math.random() * 20000))
    const server = spawn(result.binaryPath, [], { env: { PORT: port }, stdio: 'pipe' })
    try {
      await new Promise<void>((resolve, reject) => {
        server.stderr.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('listening')) resolve()
        })
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)))
      })
      // The server logs "listening" just before it binds: ask until it answers.
      expect(await firstAnswer(`http://127.0.0.1:${port}/`)).toEqual({
        status: 200,
        body: 'hello from scratch (http-server)\n'
      })
    } finally {
      server.kill()
    }
  })

  test('a Go compile error becomes an annotation at the file and line, relative to the repo root', async () => {
    const workspace = await project(
      {
        'go.mod': 'module example.com/broken\n\ngo 1.21\n',
        'cmd/tool/main.go': 'package main\n\nfunc main() {\n\tx := 1\n\tundefinedThing()\n}\n'
      },
      'services/broken'
    )
    const log = recorder()
    const error = await thrownBy(
      compile(
        await settings({
          workspace,
          workingDirectory: 'services/broken',
          goPackage: './cmd/tool'
        }),
        offline,
        log
      )
    )
    expect(error.message).toMatch(
      /^go build failed \(exit 1\) at services\/broken\/cmd\/tool\/main\.go:4; /
    )
    expect(log.annotations).toEqual([
      {
        severity: 'error',
        file: 'services/broken/cmd/tool/main.go',
        line: 4,
        column: 2,
        message: 'declared and not used: x',
        title: 'go build'
      },
      {
        severity: 'error',
        file: 'services/broken/cmd/tool/main.go',
        line: 5,
        column: 2,
        message: 'undefined: undefinedThing',
        title: 'go build'
      }
    ])
    // Each message once: in the log as go printed it, and as an annotation; not again in the error.
    expect(`${error.message}\n${error.details.join('\n')}`).not.toMatch(/undefinedThing|not used/)
  })

  test('a C compile error becomes an annotation too', async () => {
    const workspace = await project({
      'src/main.c': '#include <stdio.h>\nint main(void) {\n  puts("x")\n  return 0;\n}\n'
    })
    const log = recorder()
    const error = await thrownBy(
      compile(
        await settings({ workspace, workingDirectory: 'app', sources: ['src/**/*.c'] }),
        offline,
        log
      )
    )
    expect(error.message).toMatch(
      /^musl-gcc \(gcc [\d.]+\) failed \(exit 1\) at app\/src\/main\.c:3; /
    )
    const expected = log.annotations.filter((a) => /expected/.test(a.message))
    expect(expected).toHaveLength(1)
    expect(`${error.message}\n${error.details.join('\n')}`).not.toMatch(/expected/)
    expect(log.annotations).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'app/src/main.c',
        line: 3,
        title: 'musl-gcc'
      })
    ])
  })

  test('no go on PATH → a UserError naming what to install', async () => {
    const workspace = await project({
      'go.mod': 'module x\n\ngo 1.21\n',
      'main.go': 'package main\n'
    })
    const error = await thrownBy(
      compile(
        await settings({ workspace, workingDirectory: 'app' }),
        await onlyPrograms(),
        recorder()
      )
    )
    expect(error.message).toContain('Go is not installed')
    expect(error.message).toContain('actions/setup-go')
    expect(error.message).toContain('apt-get install golang-go')
  })

  test('no C compiler on PATH → a UserError naming what to install', async () => {
    const error = await thrownBy(
      compile(
        await settings({ workingDirectory: 'examples/hello-c' }),
        await onlyPrograms(),
        recorder(),
        { host: { platform: 'linux', arch: 'x64' } }
      )
    )
    expect(error.message).toContain('No C compiler found')
    expect(error.message).toContain('`musl-gcc`, `gcc -static`')
    expect(error.message).toContain('sudo apt-get install musl-tools')
  })

  test('only gcc → gcc -static, with the NSS warning', async () => {
    const log = recorder()
    const result = await compile(
      await settings({ workingDirectory: 'examples/hello-c' }),
      await onlyPrograms('gcc', 'as', 'ld'),
      log,
      { host: { platform: 'linux', arch: 'x64' } }
    )
    expect(result.toolchain).toMatch(/^gcc \(gcc /)
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toContain('NSS')
    expect(log.warnings).toEqual(result.warnings)
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('hello from scratch (c)\n')
  })

  test('cgo without musl-gcc → a UserError naming musl-tools', async () => {
    const error = await thrownBy(
      compile(
        await settings({ workingDirectory: 'examples/hello-go', cgo: true }),
        await onlyPrograms('go', 'gcc'),
        recorder(),
        { host: { platform: 'linux', arch: 'x64' } }
      )
    )
    expect(error.message).toContain('cgo needs a musl C compiler')
    expect(error.message).toContain('`musl-gcc` is not on PATH')
    expect(error.message).toContain('sudo apt-get install musl-tools')
  })

  test('a configured cc is used as written', async () => {
    const result = await compile(
      await settings({ workingDirectory: 'examples/hello-c', cc: 'x86_64-linux-musl-gcc' }),
      offline,
      recorder()
    )
    expect(result.toolchain).toMatch(/^x86_64-linux-musl-gcc \(gcc \d+/)
    await expectStatic(result.binaryPath)
  })

  test('a configured cc that is not installed is named', async () => {
    const error = await thrownBy(
      compile(
        await settings({
          workingDirectory: 'examples/hello-c',
          cc: 'zig cc -target x86_64-linux-musl'
        }),
        await onlyPrograms(),
        recorder(),
        { host: { platform: 'linux', arch: 'arm64' } }
      )
    )
    expect(error.message).toBe('cc `zig cc -target x86_64-linux-musl`: `zig` is not on PATH.')
    expect(error.details.join('\n')).toContain('gcc-x86-64-linux-gnu')
  })

  test('cgo: true → linked statically against musl', async () => {
    const workspace = await project({
      'go.mod': 'module example.com/cgo\n\ngo 1.21\n',
      'main.go':
        'package main\n\n/*\nint twice(int x) { return 2 * x; }\n*/\nimport "C"\nimport "fmt"\n\n' +
        'func main() { fmt.Println("cgo says", C.twice(21)) }\n'
    })
    const result = await compile(
      await settings({ workspace, workingDirectory: 'app', cgo: true }),
      offline,
      recorder()
    )
    expect(result.toolchain).toMatch(/^go1\.\d+.* \+ musl-gcc \(gcc /)
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('cgo says 42\n')
  })

  test('build-command runs without a shell, with CC, CFLAGS and LDFLAGS exported', async () => {
    const workspace = await project({
      'hello.c': '#include <stdio.h>\nint main(void) { puts(GREETING); return 0; }\n',
      Makefile:
        'out/hello: hello.c\n\tmkdir -p out\n\t$(CC) $(CFLAGS) $(LDFLAGS) -o $@ hello.c\n\t' +
        "env | grep -E '^(CC|CFLAGS|LDFLAGS)=' | sort > out/env.txt\n"
    })
    const result = await compile(
      await settings({
        workspace,
        workingDirectory: 'app',
        buildCommand: `make 'GREETING_IGNORED=a b' -s`,
        cflags: `'-DGREETING="made"'`,
        binary: 'out/hello'
      }),
      offline,
      recorder()
    )
    expect(result).toMatchObject({ language: 'c', binaryPath: join(workspace, 'app/out/hello') })
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('made\n')
    const env = await mustRun('cat', [join(workspace, 'app/out/env.txt')])
    // musl-gcc comes with the kernel headers folder (see kernel-headers.test.ts).
    expect(env.stdout).toMatch(
      /^CC=musl-gcc -idirafter \S+from-scratch-kernel-headers-\w+\nCFLAGS=-Os -static -s '-DGREETING="made"'\nLDFLAGS=-static -s\n$/
    )
  })

  test('build-command expands $CC from the child environment; a withheld token does not expand', async () => {
    const workspace = await project({
      'hello.c': '#include <stdio.h>\nint main(void) { puts("expanded"); return 0; }\n',
      Makefile: 'out/hello: hello.c\n\tmkdir -p out\n\t$(CC) $(MYFLAGS) -o $@ hello.c\n'
    })
    const result = await compile(
      await settings({
        workspace,
        workingDirectory: 'app',
        buildCommand: 'make -s CC="$CC" MYFLAGS="$CFLAGS $LDFLAGS"',
        binary: 'out/hello'
      }),
      offline,
      recorder()
    )
    await expectStatic(result.binaryPath)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('expanded\n')

    process.env.GITHUB_TOKEN = 'ghs_never_in_argv'
    try {
      const error = await thrownBy(
        compile(
          await settings({
            workspace,
            workingDirectory: 'app',
            buildCommand: 'make TOKEN=$GITHUB_TOKEN',
            binary: 'out/hello'
          }),
          offline,
          recorder()
        )
      )
      expect(error.message).toContain('$GITHUB_TOKEN is not set')
    } finally {
      delete process.env.GITHUB_TOKEN
    }
  })

  test('import "C" with cgo: false names the files and suggests cgo: true', async () => {
    const workspace = await project({
      'go.mod': 'module example.com/c\n\ngo 1.21\n',
      'main.go':
        'package main\n\n// int two(void) { return 2; }\nimport "C"\n\nfunc main() { println(C.two()) }\n'
    })
    const error = await thrownBy(
      compile(await settings({ workspace, workingDirectory: 'app' }), offline, recorder())
    )
    expect(error.message).toContain('main.go import "C"')
    expect(error.message).toContain('`cgo: true`')
    expect(error.message).toContain('statically against musl')
  })

  test('build-command with a shell operator is refused before anything runs', async () => {
    const workspace = await project({ 'hello.c': 'int main(void) { return 0; }\n' })
    const log = recorder()
    const error = await thrownBy(
      compile(
        await settings({
          workspace,
          workingDirectory: 'app',
          buildCommand: 'make && make install',
          binary: 'hello'
        }),
        offline,
        log
      )
    )
    expect(error.message).toContain('`&&`')
    expect(error.message).toContain('script')
    expect(log.infos).toEqual([])
  })

  test('build-command cannot expand a token: the environment it expands from is the scrubbed one', async () => {
    const workspace = await project({ 'hello.c': 'int main(void) { return 0; }\n' })
    process.env.GITHUB_TOKEN = 'ghs_must_not_reach_argv'
    try {
      const error = await thrownBy(
        compile(
          await settings({
            workspace,
            workingDirectory: 'app',
            language: 'c',
            buildCommand: 'echo $GITHUB_TOKEN',
            binary: 'hello'
          }),
          offline,
          recorder()
        )
      )
      expect(error.message).toContain("$GITHUB_TOKEN is not set in the build's environment")
    } finally {
      Reflect.deleteProperty(process.env, 'GITHUB_TOKEN')
    }
  })

  test('a prebuilt binary is taken as is', async () => {
    const workspace = await project({ 'bin/app': '\x7fELF' })
    await chmod(join(workspace, 'app/bin/app'), 0o755)
    const result = await compile(
      await settings({ workspace, workingDirectory: 'app', binary: 'bin/app' }),
      offline,
      recorder()
    )
    expect(result).toEqual({
      binaryPath: join(workspace, 'app/bin/app'),
      language: 'prebuilt',
      toolchain: 'prebuilt',
      warnings: [],
      annotations: []
    })
  })

  test('a prebuilt binary that is a repository link out of the workspace is refused', async () => {
    // Today's code took /bin/true (or any runner file the link names) into the image.
    const workspace = await project({ 'README.md': '' })
    await mkdir(join(workspace, 'app/bin'))
    await symlink('/bin/true', join(workspace, 'app/bin/app'))
    const error = await thrownBy(
      compile(
        await settings({ workspace, workingDirectory: 'app', binary: 'bin/app' }),
        offline,
        recorder()
      )
    )
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toContain('binary: `app/bin/app` is a symlink to /bin/true')
  })

  test('binary: `..` out of the workspace is refused; an absolute path is the author’s choice', async () => {
    const workspace = await project({ 'README.md': '' })
    const error = await thrownBy(
      compile(
        await settings({ workspace, workingDirectory: 'app', binary: '../../../../../bin/true' }),
        offline,
        recorder()
      )
    )
    expect(error.message).toContain('leads outside the workspace')
    const absolute = await compile(
      await settings({ workspace, workingDirectory: 'app', binary: '/bin/true' }),
      offline,
      recorder()
    )
    expect(absolute.binaryPath).toBe('/bin/true')
  })

  test('nothing to build → says what was looked for and where', async () => {
    const workspace = await project({ 'README.md': '# nothing\n' })
    const error = await thrownBy(
      compile(await settings({ workspace, workingDirectory: 'app' }), offline, recorder())
    )
    expect(error.message).toContain('Nothing to build in `app`')
    expect(error.message).toContain('no go.mod')
    expect(error.message).toContain('`*.c`')
  })

  test('a missing working-directory is named', async () => {
    const error = await thrownBy(
      compile(await settings({ workingDirectory: 'no/such/dir' }), offline, recorder())
    )
    expect(error.message).toContain('`no/such/dir` is not a folder')
  })
})
