import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import { buildIndex } from '../../src/image/build.js'
import type { ImageResult, ImageSettings, PlatformBinary } from '../../src/image/types.js'
import { estimateFromArchive, measureImage } from '../../src/report/measure.js'
import {
  buildGo,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import {
  classicEngine,
  containerdEngine,
  engineAnswers,
  engines,
  type Engine
} from '../support/engines.js'
import {
  integrationFixture,
  skopeoDigest,
  skopeoInspect,
  SLOW,
  storedLogin
} from '../support/fixture.js'
import { basicAuthorization } from '../support/registry-server.js'
import { ImagePushError } from '../../src/image/push-error.js'
import { repoRoot } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// The daemonless writer's image index: one image per platform (amd64 native,
// arm64 cross-compiled with GOARCH=arm64), each smoke-tested (arm64 under
// qemu-aarch64-static: binfmt_misc is not mounted here), one OCI layout, the
// host's image loaded under the tags, the index pushed and read back by skopeo.

const fixture = integrationFixture({
  name: 'oci-index',
  registries: ['htpasswd'],
  docker: 'login'
})

const EXAMPLES = {
  'hello-go': { args: [] as string[], prints: 'hello from scratch (go)' },
  'http-server': { args: ['--version'], prints: 'http-server dev' }
} as const
type Example = keyof typeof EXAMPLES
const PLATFORMS: readonly Platform[] = [LINUX_AMD64, LINUX_ARM64]
const built = new Map<string, string>()

beforeAll(async () => {
  for (const engine of engines) await engineAnswers(engine)
  for (const example of Object.keys(EXAMPLES)) {
    for (const platform of PLATFORMS) {
      // As the pipeline compiles several platforms: one folder each, the same file name.
      const out = join(fixture.dir, platform.architecture, example)
      await buildGo(join(repoRoot, 'examples', example), out, { GOARCH: platform.architecture })
      built.set(`${example} ${platform.architecture}`, out)
    }
  }
}, SLOW)

async function binaries(example: Example): Promise<PlatformBinary[]> {
  return Promise.all(
    PLATFORMS.map(async (platform) => ({
      platform,
      inspection: (await inspectionFor(built.get(`${example} ${platform.architecture}`) ?? ''))
        .inspection
    }))
  )
}

async function index(
  example: Example,
  engine: Engine,
  over: Partial<ImageSettings> & { image: string },
  out: string
): Promise<{ results: readonly ImageResult[]; log: string[] }> {
  const log = memoryLog()
  const results = await buildIndex(
    imageSettings({ engine: 'oci', include: [{ kind: 'none' }], ...over }),
    await binaries(example),
    gitContext(),
    engine.exec,
    log,
    join(fixture.dir, out)
  )
  fixture.removeAfter(...results[0].tags)
  return { results, log: log.lines }
}

interface RawIndex {
  mediaType: string
  manifests: { digest: string; mediaType: string; platform: { os: string; architecture: string } }[]
}

async function layoutIndexBlob(layoutDir: string): Promise<{ digest: string; index: RawIndex }> {
  const top = JSON.parse(await readFile(join(layoutDir, 'index.json'), 'utf8')) as RawIndex
  const digest = top.manifests[0].digest
  const blob = join(layoutDir, 'blobs', 'sha256', digest.slice('sha256:'.length))
  return { digest, index: JSON.parse(await readFile(blob, 'utf8')) as RawIndex }
}

describe.each(engines)('$name', (engine) => {
  test.each(Object.keys(EXAMPLES) as Example[])(
    '%s for linux/amd64 and linux/arm64: one index, each platform smoke-tested, amd64 under the tags',
    async (example) => {
      const image = `from-scratch-test/${uniqueName(`index-${example}`)}`
      const { results, log } = await index(
        example,
        engine,
        { image, smokeTest: [...EXAMPLES[example].args] },
        `${example}-${engine.store}`
      )
      expect(results.map((r) => r.platform)).toEqual(PLATFORMS)
      expect(results.map((r) => r.smoke)).toEqual([
        { ran: true, how: 'native' },
        { ran: true, how: 'qemu-aarch64-static' }
      ])
      for (const result of results) {
        expect(result.smokeOutput?.trim()).toBe(EXAMPLES[example].prints)
        expect(result.builtWith).toBe('oci')
        expect(result.digest).toBeNull()
        expect(result.tags).toEqual(results[0].tags)
        expect(result.layout).toEqual(results[0].layout)
      }
      // Each platform its own image: own config, own binary, own pull size.
      expect(results[0].imageId).not.toBe(results[1].imageId)
      expect(results[0].files.map((f) => f.path)).toEqual(results[1].files.map((f) => f.path))
      expect(results[0].size).not.toBe(results[1].size)
      expect(results[1].pullSize).toBeGreaterThan(results[1].size / 4)

      const layout = results[0].layout?.dir ?? ''
      const { index: raw } = await layoutIndexBlob(layout)
      expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      expect(raw.manifests.map((m) => [m.digest, m.platform])).toEqual(
        results.map((r) => [
          r.manifest?.digest,
          { os: r.platform.os, architecture: r.platform.architecture }
        ])
      )
      // The archive holds every platform; measuring it picks each one's own image.
      for (const result of results) {
        const estimate = await estimateFromArchive(
          results[0].layout?.archive ?? '',
          result.platform
        )
        expect(estimate.pullSize).toBe(result.pullSize)
      }
      expect(await readdir(join(fixture.dir, `${example}-${engine.store}`, 'image'))).toEqual([
        'image.tar',
        'oci'
      ])

      // The tags name the engine's own platform; the arm64 image's temporary name is gone.
      const tag = results[0].tags[0]
      const inspected = await mustRun(
        'docker',
        ['image', 'inspect', '--format', '{{.Architecture}}', tag],
        { env: engine.env }
      )
      expect(inspected.stdout.trim()).toBe('amd64')
      expect(results[0].localId).toMatch(/^sha256:/)
      expect(results[1].localId).toBeUndefined()
      const left = await mustRun(
        'docker',
        [
          'image',
          'ls',
          '--format',
          '{{.Repository}}',
          '--filter',
          'reference=from-scratch-smoke-*'
        ],
        { env: engine.env }
      )
      expect(left.stdout.trim()).toBe('')
      expect(log).toContainEqual(
        expect.stringMatching(/^smoke test passed on linux\/arm64 \(qemu-aarch64-static\)/)
      )
    },
    SLOW
  )
})

test(
  'the same inputs give the same index digest, manifests and image IDs',
  async () => {
    const image = `from-scratch-test/${uniqueName('index-again')}`
    const first = await index('hello-go', classicEngine, { image }, 'again-1')
    const second = await index('hello-go', classicEngine, { image }, 'again-2')
    const digests = async (results: readonly ImageResult[]): Promise<string> =>
      (await layoutIndexBlob(results[0].layout?.dir ?? '')).digest
    expect(await digests(first.results)).toBe(await digests(second.results))
    expect(second.results.map((r) => [r.imageId, r.manifest?.digest])).toEqual(
      first.results.map((r) => [r.imageId, r.manifest?.digest])
    )
  },
  SLOW
)

test(
  'containerd store: the archive loads as the whole index, and docker save of it measures each platform as written',
  async () => {
    const image = `from-scratch-test/${uniqueName('index-save')}`
    const { results } = await index('hello-go', containerdEngine, { image }, 'save')
    const tag = results[0].tags[0]
    // By hand, `docker load -i image.tar` gives the tag the whole index (the build loads one image).
    await mustRun('docker', ['load', '-i', results[0].layout?.archive ?? ''], {
      env: containerdEngine.env
    })
    const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], {
      env: containerdEngine.env
    })
    const local = await layoutIndexBlob(results[0].layout?.dir ?? '')
    expect(id.stdout.trim()).toBe(local.digest)
    // docker save lists only the host's image in manifest.json; index.json has them all.
    const saved = join(await fixture.folder('saved'), 'saved.tar')
    await mustRun('docker', ['save', '-o', saved, tag], { env: containerdEngine.env })
    for (const result of results) {
      expect((await estimateFromArchive(saved, result.platform)).pullSize).toBe(result.pullSize)
    }
  },
  SLOW
)

describe('pushed', () => {
  const previous = process.env.DOCKER_CONFIG
  // The registry client reads the runner's docker login from DOCKER_CONFIG, as on a runner.
  beforeAll(() => {
    process.env.DOCKER_CONFIG = fixture.docker.configDir
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.DOCKER_CONFIG
    else process.env.DOCKER_CONFIG = previous
  })

  /** e_machine of `/<name>` in an image's binary layer, read from the registry's blobs. */
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
    await mustRun('tar', [
      '-xzf',
      join(dir, biggest.digest.slice('sha256:'.length)),
      '-C',
      unpacked
    ])
    return (await readFile(join(unpacked, name))).readUInt16LE(18)
  }

  test(
    'the index goes to the registry: skopeo sees two manifests whose platforms and ELF machines match',
    async () => {
      const registry = fixture.registry
      const image = `${registry.host}/index/${uniqueName('push')}`
      const { results } = await index(
        'http-server',
        classicEngine,
        { image, push: true, smokeTest: ['--version'] },
        'pushed'
      )
      const digest = results[0].digest
      expect(digest).toMatch(/^sha256:/)
      expect(results.every((r) => r.pushed && r.digest === digest)).toBe(true)
      const local = await layoutIndexBlob(results[0].layout?.dir ?? '')
      expect(digest).toBe(local.digest)
      for (const tag of results[0].tags) expect(await skopeoDigest(registry, tag)).toBe(digest)

      const raw = await skopeoInspect<RawIndex>(registry, results[0].tags[0], { raw: true })
      expect(raw.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      expect(raw.manifests.map((m) => m.platform)).toEqual([
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' }
      ])
      const machines = []
      for (const entry of raw.manifests) {
        machines.push(await machineOf(`${image}@${entry.digest}`, 'http-server'))
      }
      expect(machines).toEqual([62, 183])

      // Each platform measures its own manifest of the pushed index.
      for (const result of results) {
        const measured = await measureImage(
          { ...result, pullSize: null },
          fixture.docker.exec,
          memoryLog()
        )
        expect(measured).toMatchObject({ pullSize: result.pullSize, pullSizeExact: true })
      }
    },
    SLOW
  )

  test(
    'a refused push: ImagePushError with each platform built, no digest, and no tag in the registry',
    async () => {
      const registry = fixture.registry
      const image = `${registry.host}/index/${uniqueName('denied')}`
      // Loaded into docker before the push failed.
      fixture.removeAfter(`${image}:main`, `${image}:sha-0123456`)
      process.env.DOCKER_CONFIG = await fixture.dockerConfig(
        storedLogin(registry.host, registry.user, 'wrong')
      )
      try {
        const error = await index('hello-go', classicEngine, { image, push: true }, 'denied').catch(
          (e: unknown) => e
        )
        expect(error).toBeInstanceOf(ImagePushError)
        const pushError = error as ImagePushError
        expect(pushError.result.digest).toBeNull()
        expect(pushError.result.pushed).toBe(false)
        expect([pushError.message, ...pushError.details].join('\n')).toMatch(/401|unauthori[sz]ed/i)
        const tags = await fetch(
          `http://${registry.host}/v2/index/${image.split('/').pop()}/tags/list`,
          { headers: { authorization: basicAuthorization(registry.user, registry.password) } }
        )
        expect(tags.status).toBe(404)
      } finally {
        process.env.DOCKER_CONFIG = fixture.docker.configDir
      }
    },
    SLOW
  )
})
