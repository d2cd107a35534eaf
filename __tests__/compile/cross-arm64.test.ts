import { chmod, mkdir, open, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { compile } from '../../src/compile/run.js'
import type { CompileResult, CompileSettings } from '../../src/compile/types.js'
import { inspectBinary } from '../../src/elf/inspect.js'
import { UserError } from '../../src/ground/errors.js'
import { systemExec } from '../../src/ground/exec.js'
import {
  EM_AARCH64,
  EM_X86_64,
  LINUX_AMD64,
  LINUX_ARM64,
  type Platform
} from '../../src/ground/platform.js'
import { compileRecorder, compileSettings, offlineExec } from '../support/compile.js'
import { execWithEnv } from '../support/docker.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// linux/arm64 from this x86-64 machine: Go with GOARCH, C and cgo with Debian's
// musl cross wrapper (aarch64-linux-musl-gcc from musl-dev:arm64), never an
// emulated compiler. Each binary is checked to be AArch64 and run under
// qemu-aarch64-static, started explicitly (binfmt_misc is not mounted here).

const SLOW = 300_000
const QEMU = '/usr/bin/qemu-aarch64-static'
const offline = offlineExec({ GOFLAGS: '-mod=mod' })
let dirs: string[] = []

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** e_machine, the 2 little-endian bytes at offset 18 of an ELF header. */
async function elfMachine(path: string): Promise<number> {
  const handle = await open(path, 'r')
  try {
    const bytes = Buffer.alloc(20)
    await handle.read(bytes, 0, 20, 0)
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))
    return bytes.readUInt16LE(18)
  } finally {
    await handle.close()
  }
}

/** What the arm64 binary prints, run under qemu (it fails the test when it exits non-zero). */
async function runArm64(path: string, args: readonly string[] = []): Promise<string> {
  return (await mustRun(QEMU, [path, ...args])).stdout
}

async function runFor(platform: Platform, path: string): Promise<string> {
  return platform === LINUX_ARM64 ? runArm64(path) : (await mustRun(path, [])).stdout
}

async function expectStaticAarch64(result: CompileResult): Promise<void> {
  expect(await elfMachine(result.binaryPath)).toBe(EM_AARCH64)
  const inspection = await inspectBinary(result.binaryPath, { platform: LINUX_ARM64 })
  expect(inspection.verdict.linkage).toMatch(/^static/)
}

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const workspace = await freshDir('cross-arm64')
  dirs = [...dirs, workspace]
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workspace, 'app', path, '..'), { recursive: true })
    await writeFile(join(workspace, 'app', path), text)
  }
  return workspace
}

function arm64(over: Partial<CompileSettings>): Promise<CompileSettings> {
  return compileSettings({ platform: LINUX_ARM64, ...over })
}

/** Uses constants from <linux/kd.h> and <asm/ioctls.h>: the kernel headers must be arm64's. */
const KD_C = `#include <stdio.h>
#include <linux/kd.h>
#include <asm/ioctls.h>
int main(void) {
  printf("KDGKBTYPE=%#x TCGETS=%#x\\n", KDGKBTYPE, TCGETS);
  return 0;
}
`

test(
  'hello-go for linux/arm64: go build with GOARCH=arm64, an AArch64 binary that qemu runs',
  async () => {
    const log = compileRecorder()
    const result = await compile(
      await arm64({ workingDirectory: 'examples/hello-go' }),
      offline,
      log
    )
    expect(log.infos.join('\n')).toMatch(/GOARCH=arm64/)
    expect(log.infos.join('\n')).toMatch(/CGO_ENABLED=0/)
    await expectStaticAarch64(result)
    expect(await runArm64(result.binaryPath)).toBe('hello from scratch (go)\n')
  },
  SLOW
)

test(
  'hello-c for linux/arm64: aarch64-linux-musl-gcc -static, an AArch64 binary that qemu runs',
  async () => {
    const result = await compile(
      await arm64({ workingDirectory: 'examples/hello-c' }),
      offline,
      compileRecorder()
    )
    expect(result.toolchain).toMatch(/^aarch64-linux-musl-gcc \(gcc \d+/)
    await expectStaticAarch64(result)
    expect(await runArm64(result.binaryPath)).toBe('hello from scratch (c)\n')
  },
  SLOW
)

test(
  'C for linux/arm64 that includes <linux/…> and <asm/…>: the kernel headers are arm64’s',
  async () => {
    const workspace = await workspaceWith({ 'kd.c': KD_C })
    const log = compileRecorder()
    const result = await compile(await arm64({ workspace, workingDirectory: 'app' }), offline, log)
    expect(log.infos.join('\n')).toMatch(
      /aarch64-linux-musl-gcc: kernel headers \(linux\/, asm\/, asm-generic\/.*-idirafter/
    )
    await expectStaticAarch64(result)
    expect(await runArm64(result.binaryPath)).toBe('KDGKBTYPE=0x4b33 TCGETS=0x5401\n')
  },
  SLOW
)

test(
  'Go with cgo for linux/arm64: CC is the musl cross wrapper, linked statically',
  async () => {
    const workspace = await workspaceWith({
      'go.mod': 'module example.com/cgoarm\n\ngo 1.21\n',
      'main.go': `package main

/*
#include <linux/kd.h>
static int kd(void) { return KDGKBTYPE; }
*/
import "C"

import (
	"fmt"
	"runtime"
)

func main() { fmt.Printf("cgo on %s KDGKBTYPE=%#x\\n", runtime.GOARCH, int(C.kd())) }
`
    })
    const log = compileRecorder()
    const result = await compile(
      await arm64({ workspace, workingDirectory: 'app', cgo: true }),
      offline,
      log
    )
    const logged = log.infos.join('\n')
    expect(logged).toMatch(/CGO_ENABLED=1/)
    expect(logged).toMatch(/GOARCH=arm64/)
    expect(logged).toMatch(/'CC=aarch64-linux-musl-gcc -idirafter /)
    expect(result.toolchain).toMatch(/\+ aarch64-linux-musl-gcc/)
    await expectStaticAarch64(result)
    expect(await runArm64(result.binaryPath)).toBe('cgo on arm64 KDGKBTYPE=0x4b33\n')
  },
  SLOW
)

test(
  'cc: $TARGET-gcc names each platform’s compiler: aarch64-linux-musl-gcc for linux/arm64',
  async () => {
    const log = compileRecorder()
    const result = await compile(
      await arm64({ workingDirectory: 'examples/hello-c', cc: '$TARGET-gcc' }),
      offline,
      log
    )
    expect(result.toolchain).toMatch(/^aarch64-linux-musl-gcc \(gcc /)
    await expectStaticAarch64(result)
    expect(await runArm64(result.binaryPath)).toBe('hello from scratch (c)\n')
  },
  SLOW
)

describe('build-command, once per platform', () => {
  const HELLO = `#include <stdio.h>
int main(void) { puts("built for " TARGET); return 0; }
`
  // make passes CC and TARGET as the command gives them; the file name carries the arch.
  const MAKEFILE =
    'hello-$(ARCH): hello.c\n\t$(CC) $(CFLAGS) -DTARGET=\\"$(TARGET)\\" -o $@ hello.c\n'

  test.each([
    [LINUX_AMD64, EM_X86_64, 'x86_64-linux-musl'],
    [LINUX_ARM64, EM_AARCH64, 'aarch64-linux-musl']
  ])(
    '%j: $CC, $TARGET and ${PLATFORM_ARCH} name that platform’s compiler, triple and file',
    async (platform, machine, target) => {
      const workspace = await workspaceWith({ 'hello.c': HELLO, Makefile: MAKEFILE })
      const result = await compile(
        await compileSettings({
          workspace,
          workingDirectory: 'app',
          platform,
          platformCount: 2,
          buildCommand: 'make -s CC="$CC" CFLAGS="$CFLAGS" TARGET="$TARGET" ARCH=$PLATFORM_ARCH',
          binary: 'hello-${PLATFORM_ARCH}'
        }),
        offline,
        compileRecorder()
      )
      expect(result.binaryPath).toBe(join(workspace, 'app', `hello-${platform.architecture}`))
      expect(await elfMachine(result.binaryPath)).toBe(machine)
      expect(await runFor(platform, result.binaryPath)).toBe(`built for ${target}\n`)
    },
    SLOW
  )

  test(
    'one binary path for two platforms: each result is copied into its platform’s folder before the next build',
    async () => {
      const workspace = await workspaceWith({
        'hello.c': HELLO,
        Makefile: 'hello: hello.c\n\t$(CC) $(CFLAGS) -DTARGET=\\"$(TARGET)\\" -o $@ hello.c\n'
      })
      const built: CompileResult[] = []
      for (const platform of [LINUX_AMD64, LINUX_ARM64]) {
        built.push(
          await compile(
            await compileSettings({
              workspace,
              workingDirectory: 'app',
              platform,
              platformCount: 2,
              outputDir: join(workspace, 'out', platform.architecture),
              // -B: the file from the other platform's build is there and newer than hello.c.
              buildCommand: 'make -s -B CC="$CC" CFLAGS="$CFLAGS" TARGET="$TARGET"',
              binary: 'hello'
            }),
            offline,
            compileRecorder()
          )
        )
      }
      expect(built.map((b) => b.binaryPath)).toEqual([
        join(workspace, 'out', 'amd64', 'hello'),
        join(workspace, 'out', 'arm64', 'hello')
      ])
      expect(await elfMachine(built[0].binaryPath)).toBe(EM_X86_64)
      expect(await elfMachine(built[1].binaryPath)).toBe(EM_AARCH64)
      expect((await mustRun(built[0].binaryPath, [])).stdout).toBe('built for x86_64-linux-musl\n')
      expect(await runArm64(built[1].binaryPath)).toBe('built for aarch64-linux-musl\n')
    },
    SLOW
  )
})

describe('no cross compiler', () => {
  /** A folder for PATH holding only links to these programs of /usr/bin. */
  async function pathWith(programs: readonly string[]): Promise<string> {
    const dir = await freshDir('cross-path')
    dirs = [...dirs, dir]
    for (const program of programs) await symlink(join('/usr/bin', program), join(dir, program))
    return dir
  }

  async function failure(settings: CompileSettings, path: string): Promise<UserError> {
    const exec = execWithEnv({ PATH: path, GOTOOLCHAIN: 'local', GOPROXY: 'off' })
    const error: unknown = await compile(settings, exec, compileRecorder()).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }

  test('C for linux/arm64 without one: which commands are missing, and how to install them', async () => {
    const path = await pathWith(['gcc', 'musl-gcc'])
    const error = await failure(await arm64({ workingDirectory: 'examples/hello-c' }), path)
    expect(error.message).toContain(
      'No C compiler found: C needs a static C compiler for linux/arm64, and none of `aarch64-linux-musl-gcc`, `zig cc -target aarch64-linux-musl`, `aarch64-linux-gnu-gcc -static` is on PATH.'
    )
    expect(error.message).toContain(
      'Debian: `sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install gcc-aarch64-linux-gnu musl-dev:arm64`'
    )
    expect(error.message).toContain('Ubuntu (ubuntu-latest)')
    expect(error.message).toContain('http://ports.ubuntu.com/ubuntu-ports')
  })

  test('cgo for linux/arm64: the musl wrapper is there but its gcc is not', async () => {
    const path = await pathWith(['aarch64-linux-musl-gcc', 'go'])
    const go = join(path, 'go')
    await rm(go)
    // go itself, wherever it is installed; the wrapper runs aarch64-linux-gnu-gcc from PATH.
    const goPath = (await mustRun('go', ['env', 'GOROOT'])).stdout.trim()
    await symlink(join(goPath, 'bin', 'go'), go)
    await chmod(path, 0o755)
    const error = await failure(
      await arm64({ workingDirectory: 'examples/hello-go', cgo: true }),
      path
    )
    expect(error.message).toContain(
      'No C compiler found: cgo needs a musl C compiler for linux/arm64, and none of `aarch64-linux-musl-gcc`, `zig cc -target aarch64-linux-musl` is on PATH and working.'
    )
    expect(error.details.join('\n')).toMatch(
      /`aarch64-linux-musl-gcc --version` failed: .*aarch64-linux-gnu-gcc.*not found/
    )
    expect(error.message).toContain('gcc-aarch64-linux-gnu musl-dev:arm64')
  })
  test('a native musl-gcc whose gcc is missing is not taken: the error says why', async () => {
    const path = await pathWith(['musl-gcc'])
    const error = await failure(
      await compileSettings({ workingDirectory: 'examples/hello-c', platform: LINUX_AMD64 }),
      path
    )
    expect(error.message).toContain('No C compiler found')
    expect(error.message).toContain('on PATH and working')
    expect(error.details.join('\n')).toMatch(/`musl-gcc --version` failed: .*not found/)
  })
})

test('systemExec finds qemu-aarch64-static, which these tests need', async () => {
  expect((await systemExec.run(QEMU, ['--version'])).exitCode).toBe(0)
})

test(
  'the terminal’s go output cache keeps a slot per platform: arm64 never gets the amd64 binary',
  async () => {
    const cache = await freshDir('go-out-cache')
    dirs = [...dirs, cache]
    const machines: number[] = []
    for (const platform of [LINUX_AMD64, LINUX_ARM64, LINUX_AMD64, LINUX_ARM64]) {
      const result = await compile(
        await compileSettings({
          workingDirectory: 'examples/hello-go',
          platform,
          goOutputCache: cache
        }),
        offline,
        compileRecorder()
      )
      machines.push(await elfMachine(result.binaryPath))
      expect(await runFor(platform, result.binaryPath)).toBe('hello from scratch (go)\n')
    }
    expect(machines).toEqual([EM_X86_64, EM_AARCH64, EM_X86_64, EM_AARCH64])
  },
  SLOW
)
