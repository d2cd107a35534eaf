import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { inspectBinary } from '../../src/elf/inspect.js'
import { UserError } from '../../src/ground/errors.js'
import { LINUX_AMD64, LINUX_ARM64, platformName, type Platform } from '../../src/ground/platform.js'
import { buildIndex } from '../../src/image/build.js'
import { BuildxUnusableError } from '../../src/image/buildx.js'
import { buildIndexWithBuildx } from '../../src/image/buildx-index.js'
import { prepare } from '../../src/image/prepare.js'
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
import { integrationFixture, skopeoDigest, skopeoInspect, SLOW } from '../support/fixture.js'
import { classicEngine, containerdEngine, engineAnswers, type Engine } from '../support/engines.js'
import { repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'
import { measureImage } from '../../src/report/measure.js'

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

describe('containerd store, platforms that differ', () => {
  beforeAll(() => engineAnswers(containerdEngine))

  test(
    'binaries named apart (hello-amd64, hello-arm64): a stage per architecture, each image runs its own',
    async () => {
      const binaries: PlatformBinary[] = []
      for (const platform of BOTH) {
        const out = join(fixture.dir, 'apart', `hello-${platform.architecture}`)
        await buildGo(join(repoRoot, 'examples', 'hello-go'), out, {
          GOARCH: platform.architecture
        })
        binaries.push({ platform, inspection: await inspectBinary(out, { platform }) })
      }
      const image = `from-scratch-test/${uniqueName('index-apart')}`
      const log = memoryLog()
      const results = await build(
        containerdEngine,
        binaries,
        { image, tags: ['t'], smokeTest: [] },
        log
      )
      expect(results.map((r) => r.files.map((f) => f.path))).toEqual([
        ['/hello-amd64'],
        ['/hello-arm64']
      ])
      expect(results.map((r) => r.smokeOutput)).toEqual([
        'hello from scratch (go)\n',
        'hello from scratch (go)\n'
      ])
      const config = await mustRun(
        'docker',
        ['image', 'inspect', '--format', '{{json .Config.Entrypoint}}', `${image}:t`],
        { env: containerdEngine.env }
      )
      expect(config.stdout.trim()).toBe('["/hello-amd64"]')
    },
    SLOW
  )
})

interface RawIndex {
  mediaType: string
  manifests: { digest: string; mediaType: string; platform: { os: string; architecture: string } }[]
}

/** e_machine of `/<name>` in the binary layer of an image in the registry. */
async function machineOf(reference: string, name: string): Promise<number> {
  const dir = await fixture.folder('pulled')
  await mustRun('skopeo', [
    'copy',
    '--src-tls-verify=false',
    '--src-creds',
    fixture.registry.creds,
    `docker://${reference}`,
    `dir:${dir}`
  ])
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    layers: { digest: string; size: number }[]
  }
  const biggest = [...manifest.layers].sort((a, b) => b.size - a.size)[0]
  const unpacked = await fixture.folder('unpacked')
  await mustRun('tar', ['-xzf', join(dir, biggest.digest.slice('sha256:'.length)), '-C', unpacked])
  return (await readFile(join(unpacked, name))).readUInt16LE(18)
}

describe('containerd store, pushed', () => {
  // The registry client reads the runner's docker login from DOCKER_CONFIG, as on a runner.
  const previous = process.env.DOCKER_CONFIG
  beforeAll(async () => {
    await engineAnswers(containerdEngine)
    process.env.DOCKER_CONFIG = fixture.docker.configDir
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.DOCKER_CONFIG
    else process.env.DOCKER_CONFIG = previous
  })

  test.each([
    ['hello-go', [] as string[]],
    ['http-server', ['--version']]
  ])(
    'examples/%s: the index goes to the registry under every tag; skopeo sees two manifests whose platforms and ELF machines match',
    async (name, smokeTest) => {
      const registry = fixture.registry
      const image = `${registry.host}/index/${uniqueName(`buildx-${name}`)}`
      const binaries = await goExample(name)
      const results = await build(containerdEngine, binaries, {
        image,
        tags: ['1.0', 'latest'],
        push: true,
        smokeTest
      })
      const digest = results[0].digest
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(results.map((r) => [r.pushed, r.digest])).toEqual([
        [true, digest],
        [true, digest]
      ])
      // The very index that was loaded and smoke-tested: the store keys it by the same digest.
      expect(results[0].localId).toBe(digest)
      expect(results.map((r) => r.smoke?.ran)).toEqual([true, true])
      for (const tag of results[0].tags) expect(await skopeoDigest(registry, tag)).toBe(digest)

      const raw = await skopeoInspect<RawIndex>(registry, `${image}:latest`, { raw: true })
      expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      expect(raw.manifests.map((m) => m.platform)).toEqual([
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' }
      ])
      const machines = []
      for (const entry of raw.manifests)
        machines.push(await machineOf(`${image}@${entry.digest}`, name))
      expect(machines).toEqual([62, 183])

      // Each platform's image ID is the config of its own manifest in the pushed index.
      for (const [i, entry] of raw.manifests.entries()) {
        const config = await skopeoInspect<{ config: { digest: string } }>(
          registry,
          `${image}@${entry.digest}`,
          { raw: true }
        )
        expect(config.config.digest).toBe(results[i].imageId)
      }
      // And each measures its own manifest of the pushed index, exactly.
      for (const result of results) {
        const measured = await measureImage(
          result,
          execWithEnv({ ...fixture.docker.env, ...containerdEngine.env }),
          memoryLog()
        )
        expect(measured.pullSizeExact).toBe(true)
        expect(measured.pullSize).toBeGreaterThan(result.size / 3)
      }
    },
    SLOW
  )

  test(
    'with provenance: the attestations are pushed in the index beside the platforms, and each platform is still found',
    async () => {
      const registry = fixture.registry
      const binaries = await goExample('hello-go')
      const image = `${registry.host}/index/${uniqueName('buildx-provenance')}`
      const results = await build(containerdEngine, binaries, {
        image,
        tags: ['t'],
        provenance: true,
        push: true
      })
      expect(results.map((r) => platformName(r.platform))).toEqual(['linux/amd64', 'linux/arm64'])
      expect(results[1].imageId).not.toBe(results[0].imageId)
      const raw = await skopeoInspect<RawIndex>(registry, `${image}:t`, { raw: true })
      expect(raw.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual([
        'linux/amd64',
        'linux/arm64',
        'unknown/unknown',
        'unknown/unknown'
      ])
      expect(await skopeoDigest(registry, `${image}:t`)).toBe(results[0].digest)
    },
    SLOW
  )

  test(
    'reproducible: the same binaries built twice, the build cache emptied between, give the same index digest and image IDs',
    async () => {
      const registry = fixture.registry
      const binaries = await goExample('hello-go')
      const built = []
      for (const round of ['a', 'b']) {
        await mustRun('docker', ['builder', 'prune', '--all', '--force'], {
          env: containerdEngine.env
        })
        const image = `${registry.host}/index/${uniqueName(`buildx-again-${round}`)}`
        built.push(await build(containerdEngine, binaries, { image, tags: ['t'], push: true }))
      }
      const [first, second] = built
      expect(second[0].digest).toBe(first[0].digest)
      expect(second.map((r) => r.imageId)).toEqual(first.map((r) => r.imageId))
      expect(second[0].localId).toBe(first[0].localId)
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

  test(
    'builder: auto builds the index with the writer instead, and says why in one line',
    async () => {
      const binaries = await goExample('hello-go')
      const image = `from-scratch-test/${uniqueName('index-auto')}`
      const log = memoryLog()
      const results = await build(
        classicEngine,
        binaries,
        { image, tags: ['t'], engine: 'auto' },
        log
      )
      expect(results.map((r) => [platformName(r.platform), r.builtWith])).toEqual([
        ['linux/amd64', 'oci'],
        ['linux/arm64', 'oci']
      ])
      expect(log.lines.filter((line) => line.includes('buildx is not usable here'))).toEqual([
        "docker buildx is not usable here (buildx's docker driver cannot build several platforms (linux/amd64, linux/arm64) with the classic image store; it can with the containerd image store): building with the daemonless writer instead."
      ])
      expect(log.lines.some((line) => line.startsWith('docker buildx build'))).toBe(false)
    },
    SLOW
  )

  test(
    'an engine whose store the probe could not tell: buildx is asked, and its refusal becomes the same error',
    async () => {
      const binaries = await goExample('hello-go')
      const settings = imageSettings({
        image: `from-scratch-test/${uniqueName('index-unknown')}`,
        include: parseInclude('none')
      })
      const parts = await Promise.all(
        binaries.map(async (binary) => ({
          ...binary,
          prepared: await prepare(
            { ...settings, platform: binary.platform },
            binary.inspection,
            gitContext()
          )
        }))
      )
      const log = memoryLog()
      const failure = buildIndexWithBuildx(settings, parts, classicEngine.exec, log, {
        store: 'unknown',
        rewritesTimestamps: false
      })
      await expect(failure).rejects.toThrow(BuildxUnusableError)
      const error = await failure.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).details.join('\n')).toMatch(
        /OCI exporter is not supported for the docker driver|Multi-platform build is not supported/
      )
      expect(log.lines.filter((line) => line.startsWith('docker buildx build'))).toHaveLength(1)
    },
    SLOW
  )
})
