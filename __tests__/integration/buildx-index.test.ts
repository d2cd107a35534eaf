import { join } from 'node:path'
import { inspectBinary } from '../../src/elf/inspect.js'
import { UserError } from '../../src/ground/errors.js'
import { LINUX_AMD64, LINUX_ARM64, platformName, type Platform } from '../../src/ground/platform.js'
import { buildIndex } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import { probeEngines } from '../../src/image/probe.js'
import type { ImageResult, ImageSettings, PlatformBinary } from '../../src/image/types.js'
import {
  buildGo,
  execWithEnv,
  gitContext,
  imageSettings,
  memoryLog,
  uniqueName,
  type MemoryLog
} from '../support/docker.js'
import { integrationFixture, SLOW } from '../support/fixture.js'
import { classicEngine, containerdEngine, engineAnswers, type Engine } from '../support/engines.js'
import { repoRoot } from '../support/paths.js'

// buildx building one image index for linux/amd64 and linux/arm64 from binaries
// cross-compiled with plain `go build` (GOARCH, CGO_ENABLED=0): on the containerd
// store one build, loaded, smoke-tested per platform, pushed as an index; on the
// classic store buildx's docker driver cannot, and what happens then is said.

const fixture = integrationFixture({
  name: 'buildx-index',
  registries: ['htpasswd'],
  docker: 'login'
})

const BOTH: readonly Platform[] = [LINUX_AMD64, LINUX_ARM64]

/** examples/<name> built for each platform into `<dir>/<arch>/<name>`, inspected for it. */
async function goExample(name: string, platforms = BOTH): Promise<PlatformBinary[]> {
  const binaries: PlatformBinary[] = []
  for (const platform of platforms) {
    const out = join(fixture.dir, 'bin', platform.architecture, name)
    await buildGo(join(repoRoot, 'examples', name), out, { GOARCH: platform.architecture })
    binaries.push({ platform, inspection: await inspectBinary(out, { platform }) })
  }
  return binaries
}

async function build(
  engine: Engine,
  binaries: readonly PlatformBinary[],
  over: Partial<ImageSettings> & Pick<ImageSettings, 'image'>,
  log: MemoryLog = memoryLog()
): Promise<readonly ImageResult[]> {
  const exec = execWithEnv({ ...fixture.docker.env, ...engine.env })
  const settings = imageSettings({ include: parseInclude('none'), ...over })
  const results = await buildIndex(
    settings,
    binaries,
    gitContext(),
    exec,
    log,
    undefined,
    probeEngines(exec)
  )
  fixture.removeAfter(...(results[0]?.tags ?? []))
  return results
}

describe('containerd store', () => {
  beforeAll(() => engineAnswers(containerdEngine))

  test.each([
    ['hello-go', [] as string[], 'hello from scratch (go)\n'],
    ['http-server', ['--version'], 'http-server dev\n']
  ])(
    'examples/%s for linux/amd64 and linux/arm64: one build, both platforms loaded, each with its own config and files, each smoke-tested (arm64 under qemu)',
    async (name, smokeTest, printed) => {
      const binaries = await goExample(name)
      const image = `from-scratch-test/${uniqueName(`index-${name}`)}`
      const log = memoryLog()
      const results = await build(
        containerdEngine,
        binaries,
        { image, tags: ['t'], smokeTest },
        log
      )
      expect(results.map((r) => platformName(r.platform))).toEqual(['linux/amd64', 'linux/arm64'])
      const [amd, arm] = results
      expect(amd.imageId).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(arm.imageId).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(arm.imageId).not.toBe(amd.imageId)
      expect(results.map((r) => r.builtWith)).toEqual(['buildx', 'buildx'])
      // The store keys the index it loaded whole by the index digest; each platform is picked from it.
      expect(arm.localId).toBe(amd.localId)
      expect(amd.tags).toEqual([`${image}:t`])
      expect(arm.tags).toEqual(amd.tags)
      expect(amd.files.map((f) => f.path)).toEqual([`/${name}`])
      expect(arm.files.map((f) => f.path)).toEqual([`/${name}`])
      expect(arm.size).toBe(arm.files[0].size)
      expect(arm.size).not.toBe(amd.size)
      expect(amd.pullSizeEstimate?.pullSize).toBeGreaterThan(0)
      expect(arm.pullSizeEstimate?.pullSize).toBeGreaterThan(0)
      expect(results.map((r) => [r.digest, r.pushed])).toEqual([
        [null, false],
        [null, false]
      ])
      expect(log.lines.filter((line) => line.startsWith('docker buildx build'))).toHaveLength(1)
      expect(amd.smoke).toEqual({ ran: true, how: 'native' })
      expect(arm.smoke).toEqual({ ran: true, how: 'qemu-aarch64-static' })
      expect(amd.smokeOutput).toBe(printed)
      expect(arm.smokeOutput).toBe(printed)
      expect(log.lines).toContain(
        `linux/arm64: smoke test passed on linux/arm64 (qemu-aarch64-static): ${printed.trim()}`
      )
    },
    SLOW
  )
})

describe('classic store', () => {
  beforeAll(() => engineAnswers(classicEngine))

  test(
    'builder: buildx is an error that says why and what to do',
    async () => {
      const binaries = await goExample('hello-go')
      const image = `from-scratch-test/${uniqueName('index-classic')}`
      const failure = build(classicEngine, binaries, { image, engine: 'buildx' })
      await expect(failure).rejects.toThrow(UserError)
      await expect(failure).rejects.toThrow(
        "buildx's docker driver cannot build several platforms (linux/amd64, linux/arm64) with the classic image store; it can with the containerd image store."
      )
    },
    SLOW
  )
})
