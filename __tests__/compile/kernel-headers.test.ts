import { mkdir, readlink, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { kernelHeaderFolder, kernelHeaderSources } from '../../src/compile/kernel-headers.js'
import { compile } from '../../src/compile/run.js'
import type { CompileSettings } from '../../src/compile/types.js'
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
import { compileRecorder, compileSettings, offlineExec } from '../support/compile.js'
import { freshDir } from '../support/paths.js'
import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { mustRun } from '../support/run.js'

// musl-gcc searches only musl's headers; from-scratch gives it the kernel's
// userspace headers (linux-libc-dev) through -idirafter a folder of links to
// linux/, asm/, asm-generic/ and mtd/ only, never glibc's /usr/include.

const SLOW = 300_000
const offline = offlineExec({ GOFLAGS: '-mod=mod' })

/** Uses a keyboard ioctl from linux/kd.h (as busybox does), asm/ and mtd/ constants. */
const KD_C = `#include <stdio.h>
#include <linux/kd.h>
#include <linux/version.h>
#include <asm/ioctls.h>
#include <mtd/mtd-user.h>
int main(void) {
  printf("KDGKBTYPE=%#x TCGETS=%#x MEMGETINFO=%#lx kernel>0=%d\\n", KDGKBTYPE, TCGETS,
         (unsigned long)MEMGETINFO, LINUX_VERSION_CODE > 0);
  return 0;
}
`
const EXPECTED = 'KDGKBTYPE=0x4b33 TCGETS=0x5401 MEMGETINFO=0x80204d01 kernel>0=1\n'

const CGO_GO = `package main

/*
#include <linux/kd.h>
static int kd(void) { return KDGKBTYPE; }
*/
import "C"

import "fmt"

func main() { fmt.Printf("cgo KDGKBTYPE=%#x\\n", int(C.kd())) }
`

let dirs: string[] = []
const made: string[] = []

afterAll(async () => {
  await removeImages(made)
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const workspace = await freshDir('kernel-headers')
  dirs = [...dirs, workspace]
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(workspace, 'app', path, '..'), { recursive: true })
    await writeFile(join(workspace, 'app', path), text)
  }
  return workspace
}

function settings(workspace: string, over: Partial<CompileSettings>): Promise<CompileSettings> {
  return compileSettings({
    workspace,
    workingDirectory: 'app',
    outputDir: join(workspace, 'out'),
    ...over
  })
}

const recording = compileRecorder

/** The folder the log line named, which must be gone once compile returned. */
async function expectHeadersFolderRemoved(infos: readonly string[]): Promise<void> {
  const line = infos.find((info) => info.includes('-idirafter'))
  expect(line).toMatch(/linux\/, asm\/, asm-generic\/, mtd\//)
  const dir = /-idirafter (\S+)/.exec(line ?? '')?.[1] ?? ''
  await expect(stat(dir)).rejects.toThrow(/ENOENT/)
}

describe('kernelHeaderFolder', () => {
  test('links only the kernel folders it finds; asm from the multiarch folder', async () => {
    const root = await freshDir('include-root')
    dirs = [...dirs, root]
    for (const d of ['linux', 'x86_64-linux-gnu/asm', 'asm-generic', 'sys', 'bits'])
      await mkdir(join(root, d), { recursive: true })
    const headers = await kernelHeaderFolder(
      kernelHeaderSources(LINUX_AMD64, { includeRoot: root, crossRoot: root }),
      root
    )
    if (headers === null) throw new Error('expected a folder')
    expect(headers.linked).toEqual(['linux', 'asm', 'asm-generic'])
    expect(await readlink(join(headers.dir, 'asm'))).toBe(join(root, 'x86_64-linux-gnu/asm'))
    await expect(stat(join(headers.dir, 'sys'))).rejects.toThrow(/ENOENT/)
    await headers.cleanup()
    await expect(stat(headers.dir)).rejects.toThrow(/ENOENT/)
    expect((await stat(join(root, 'linux'))).isDirectory()).toBe(true)
  })

  test('no linux/ folder (linux-libc-dev missing): nothing to add', async () => {
    const root = await freshDir('include-root')
    dirs = [...dirs, root]
    await mkdir(join(root, 'asm-generic'))
    expect(
      await kernelHeaderFolder(kernelHeaderSources(LINUX_AMD64, { includeRoot: root }), root)
    ).toBeNull()
  })

  test('for linux/arm64: asm from the arm64 multiarch folder, never the x86-64 one', async () => {
    const root = await freshDir('include-root')
    dirs = [...dirs, root]
    for (const d of ['linux', 'x86_64-linux-gnu/asm', 'aarch64-linux-gnu/asm', 'asm-generic'])
      await mkdir(join(root, d), { recursive: true })
    const headers = await kernelHeaderFolder(
      kernelHeaderSources(LINUX_ARM64, { includeRoot: root, crossRoot: join(root, 'none') }),
      root
    )
    if (headers === null) throw new Error('expected a folder')
    expect(await readlink(join(headers.dir, 'asm'))).toBe(join(root, 'aarch64-linux-gnu/asm'))
    await headers.cleanup()
  })

  test.each([
    [
      'the cross package (linux-libc-dev-arm64-cross) when there is no multiarch folder',
      ['linux', 'asm', 'cross/aarch64-linux-gnu/include/asm', 'asm-generic'],
      true,
      'cross/aarch64-linux-gnu/include/asm'
    ],
    [
      'a lone /usr/include/asm is the host’s: not for a cross build',
      ['linux', 'asm', 'asm-generic'],
      false,
      null
    ]
  ])('arm64 on an x86-64 host: %s', async (_name, folders, linked, target) => {
    const root = await freshDir('include-root')
    dirs = [...dirs, root]
    for (const d of folders) await mkdir(join(root, d), { recursive: true })
    const sources = kernelHeaderSources(LINUX_ARM64, {
      includeRoot: root,
      crossRoot: join(root, 'cross'),
      native: false
    })
    const headers = await kernelHeaderFolder(sources, root)
    if (headers === null) throw new Error('expected a folder')
    expect(headers.linked.includes('asm')).toBe(linked)
    if (target !== null) expect(await readlink(join(headers.dir, 'asm'))).toBe(join(root, target))
    await headers.cleanup()
  })

  test('native: a distribution without multiarch folders has its asm/ in /usr/include', () => {
    const asm = kernelHeaderSources(LINUX_AMD64, {
      includeRoot: '/i',
      crossRoot: '/c',
      native: true
    }).find((source) => source.name === 'asm')
    expect(asm?.candidates).toEqual([
      '/i/x86_64-linux-gnu/asm',
      '/c/x86_64-linux-gnu/include/asm',
      '/i/asm'
    ])
  })
})

test(
  'a C program including <linux/kd.h>, <asm/…>, <mtd/…>: musl-gcc -static builds it, and it runs in scratch',
  async () => {
    const workspace = await workspaceWith({ 'kd.c': KD_C })
    const log = recording()
    const result = await compile(await settings(workspace, {}), offline, log)
    expect(result.toolchain).toMatch(/^musl-gcc/)
    await expectHeadersFolderRemoved(log.infos)
    expect((await mustRun(result.binaryPath, [])).stdout).toBe(EXPECTED)

    const inspection = await inspectBinary(result.binaryPath)
    expect(inspection.verdict.linkage).toBe('static')
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('kd')}`,
        include: parseInclude('none'),
        smokeTest: []
      }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog()
    )
    made.push(...image.tags)
    expect(image.smokeOutput).toBe(EXPECTED)
  },
  SLOW
)

test(
  'build-command with CC="$CC" gets the kernel headers too',
  async () => {
    const workspace = await workspaceWith({
      'kd.c': KD_C,
      Makefile: 'kd: kd.c\n\t$(CC) $(CFLAGS) -o $@ kd.c\n'
    })
    const log = recording()
    const result = await compile(
      await settings(workspace, {
        buildCommand: 'make -s CC="$CC" CFLAGS="$CFLAGS"',
        binary: 'kd'
      }),
      offline,
      log
    )
    await expectHeadersFolderRemoved(log.infos)
    expect((await inspectBinary(result.binaryPath)).verdict.linkage).toBe('static')
    expect((await mustRun(result.binaryPath, [])).stdout).toBe(EXPECTED)
  },
  SLOW
)

test(
  'cgo: true with #include <linux/kd.h>: static against musl, with the kernel headers',
  async () => {
    const workspace = await workspaceWith({
      'go.mod': 'module example.com/kd\n\ngo 1.21\n',
      'main.go': CGO_GO
    })
    const log = recording()
    const result = await compile(await settings(workspace, { cgo: true }), offline, log)
    await expectHeadersFolderRemoved(log.infos)
    expect((await inspectBinary(result.binaryPath)).verdict.linkage).toBe('static')
    expect((await mustRun(result.binaryPath, [])).stdout).toBe('cgo KDGKBTYPE=0x4b33\n')
  },
  SLOW
)
