import { cp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CompileResult } from '../../src/compile/types.js'
import { inspectBinary } from '../../src/elf/inspect.js'
import type { Inspection } from '../../src/elf/types.js'
import { LINUX_AMD64, LINUX_ARM64, goEnv, type Platform } from '../../src/ground/platform.js'
import type { ImageResult, SmokeVerdict } from '../../src/image/types.js'
import type { BuildFacts } from '../../src/report/compose.js'
import { GO_ENV } from './findings-corpus.js'
import { freshDir, repoRoot } from './paths.js'
import { mustRun } from './run.js'

/*
 * examples/hello-go cross-compiled by go for linux/amd64 and linux/arm64 as
 * the action builds it, each binary inspected and attributed for its own
 * platform; and the facts of an image that holds the binary alone.
 */

async function build(dir: string, out: string, platform: Platform): Promise<string> {
  await mustRun(
    'go',
    [
      'build',
      '-trimpath',
      '-buildvcs=false',
      '-tags=netgo,osusergo',
      '-ldflags=-s -w',
      '-o',
      out,
      '.'
    ],
    { cwd: dir, env: { ...GO_ENV, ...goEnv(platform), CGO_ENABLED: '0' }, timeoutMs: 600_000 }
  )
  return out
}

export function facts(
  inspection: Inspection,
  platform: Platform,
  smoke: SmokeVerdict | null,
  extra = 0
): BuildFacts {
  const files = [{ path: '/hello-go', size: inspection.size + extra }]
  const size = files.reduce((n, f) => n + f.size, 0)
  const compiled: CompileResult = {
    binaryPath: inspection.path,
    language: 'go',
    toolchain: inspection.go?.version ?? 'go',
    warnings: [],
    annotations: []
  }
  const image: ImageResult = {
    name: 'ghcr.io/acme/hello',
    tags: ['ghcr.io/acme/hello:pr-7'],
    imageId: `sha256:${(platform === LINUX_AMD64 ? 'a' : 'b').repeat(64)}`,
    digest: null,
    size,
    extras: [],
    findingExtras: [],
    files,
    pushed: false,
    smokeOutput: smoke?.ran === true ? 'hello from scratch (go)\n' : null,
    smoke,
    platform,
    builtWith: 'oci',
    pullSize: Math.round(size * 0.45),
    layout: null
  }
  return {
    compiled,
    inspection,
    image,
    measure: { size, pullSize: image.pullSize, pullSizeExact: true, files }
  }
}

export const NATIVE: SmokeVerdict = { ran: true, how: 'native' }
export const QEMU: SmokeVerdict = { ran: true, how: 'qemu-aarch64-static' }

/** Both binaries, built and inspected (about 2 s with a warm Go cache). */
export async function helloBothPlatforms(): Promise<{ amd64: Inspection; arm64: Inspection }> {
  const work = await freshDir('report-platforms')
  const hello = join(work, 'hello-go')
  await cp(join(repoRoot, 'examples', 'hello-go'), hello, { recursive: true })
  const amd64 = await inspectBinary(await build(hello, join(work, 'amd64'), LINUX_AMD64), {
    sizes: true,
    platform: LINUX_AMD64
  })
  const arm64 = await inspectBinary(await build(hello, join(work, 'arm64'), LINUX_ARM64), {
    sizes: true,
    platform: LINUX_ARM64
  })
  return { amd64, arm64 }
}

/** hello-go changed to answer in JSON (encoding/json comes in), built and inspected for both platforms. */
export async function helloJsonBothPlatforms(): Promise<{ amd64: Inspection; arm64: Inspection }> {
  const work = await freshDir('report-platforms-json')
  const hello = join(work, 'hello-go')
  await cp(join(repoRoot, 'examples', 'hello-go'), hello, { recursive: true })
  await writeFile(
    join(hello, 'main.go'),
    [
      'package main',
      '',
      'import (',
      '\t"encoding/json"',
      '\t"os"',
      ')',
      '',
      'func main() {',
      '\t_ = json.NewEncoder(os.Stdout).Encode(map[string]string{"hello": "from scratch (go)"})',
      '}',
      ''
    ].join('\n')
  )
  const amd64 = await inspectBinary(await build(hello, join(work, 'amd64'), LINUX_AMD64), {
    sizes: true,
    platform: LINUX_AMD64
  })
  const arm64 = await inspectBinary(await build(hello, join(work, 'arm64'), LINUX_ARM64), {
    sizes: true,
    platform: LINUX_ARM64
  })
  return { amd64, arm64 }
}
