import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { blobPath } from '../../src/ground/blob-path.js'
import { UserError } from '../../src/ground/errors.js'
import { systemExec } from '../../src/ground/exec.js'
import { buildImage, ImagePushError } from '../../src/image/build.js'
import { materialiseLayer } from '../../src/image/materialise.js'
import { feedLoadArchive } from '../../src/image/oci/load-feed.js'
import { writeOciImage } from '../../src/image/oci/write.js'
import { tagOf } from '../../src/image/reference.js'
import { ociInputFor } from '../image/oci/support.js'
import { parseInclude } from '../../src/image/include.js'
import {
  execWithEnv,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import {
  helloSource,
  integrationFixture,
  runImage,
  skopeoDigest,
  SLOW,
  storedLogin
} from '../support/fixture.js'
import { basicAuthorization } from '../support/registry-server.js'
import { engines } from '../support/engines.js'
import { mustRun } from '../support/run.js'

// The image stage as the pipeline calls it, with the daemonless writer: the
// `auto` fallback when no daemon answers, and `builder: oci` with a push.

const LINE = 'built by the daemonless writer'
/** A daemon address nothing listens on: the docker CLI is there, the engine is not. */
const NO_DAEMON = execWithEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })

const fixture = integrationFixture({
  name: 'image-writer',
  helloC: helloSource(LINE),
  registries: ['htpasswd'],
  docker: 'login'
})

test(
  'builder auto with no Docker daemon: the writer builds it, with a notice, and the archive runs',
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = `from-scratch-test/${uniqueName('writer-auto')}`
    const log = memoryLog()
    const result = await buildImage(
      imageSettings({ image, engine: 'auto', smokeTest: [], include: parseInclude('tmp') }),
      inspection,
      gitContext(),
      NO_DAEMON,
      log
    )
    expect(result.builtWith).toBe('oci')
    expect(result.pushed).toBe(false)
    expect(result.digest).toBeNull()
    expect(result.pullSize).toBeGreaterThan(1000)
    expect(result.tags).toEqual([`${image}:main`, `${image}:sha-0123456`])
    expect(log.lines.join('\n')).toContain('building with the daemonless writer instead')
    expect(log.lines).toContain(
      'warning: No Docker daemon to run the smoke test in: it was skipped.'
    )

    // Tools no one here wrote accept what it wrote.
    const layout = result.layout
    expect(layout).not.toBeNull()
    const inspected = await mustRun('skopeo', [
      'inspect',
      `oci:${layout?.dir}:${tagOf(result.tags[0])}`
    ])
    expect((JSON.parse(inspected.stdout) as { Layers: string[] }).Layers).toHaveLength(2)
    fixture.removeAfter(...result.tags)
    await mustRun('docker', ['load', '--input', layout?.archive ?? ''])
    expect((await runImage(result.tags[0])).trim()).toBe(LINE)
    const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', result.tags[0]])
    expect(id.stdout.trim()).toBe(result.imageId)
  },
  SLOW
)

const sha256 = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`

describe.each(engines)('$name', (engine) => {
  test(
    'builder oci with a daemon: docker load reads the archive as it is written; the image runs with the config digest as id, and image.tar is the same archive, loadable on its own',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const image = `from-scratch-test/${engine.store}-${uniqueName('writer-load')}`
      const settings = imageSettings({ image, engine: 'oci', smokeTest: [] })
      const outputDir = join(fixture.dir, `writer-load-${engine.store}`)
      const result = await buildImage(
        settings,
        inspection,
        gitContext(),
        engine.exec,
        memoryLog(),
        outputDir
      )
      fixture.removeAfter(...result.tags, result.imageId)
      expect(result.smokeOutput?.trim()).toBe(LINE)
      const archive = result.layout?.archive ?? ''
      expect(archive).toBe(join(outputDir, 'image', 'image.tar'))
      // The id docker gave it is the digest of the config the layout holds.
      const layout = result.layout?.dir ?? ''
      const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as {
        manifests: { digest: string }[]
      }
      const blob = (digest: string): Promise<Buffer> =>
        readFile(join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)))
      const manifest = JSON.parse((await blob(index.manifests[0].digest)).toString()) as {
        config: { digest: string }
      }
      expect(result.imageId).toBe(manifest.config.digest)
      expect(sha256(await blob(manifest.config.digest))).toBe(result.imageId)

      // The archive streamed to docker is the one written without docker, byte for byte.
      const alone = await writeOciImage(
        await ociInputFor(
          settings,
          inspection,
          gitContext(),
          join(fixture.dir, `writer-alone-${engine.store}`)
        )
      )
      expect(sha256(await readFile(archive))).toBe(sha256(await readFile(alone.archivePath)))

      // And it loads on its own, as the same image, which runs.
      // The classic store keys it by the config digest, the containerd store by the manifest's.
      const localId = engine.store === 'classic' ? result.imageId : index.manifests[0].digest
      expect(result.localId).toBe(localId)
      const docker = { env: engine.env }
      await mustRun('docker', ['image', 'rm', '--force', ...result.tags], docker)
      const loaded = await mustRun('docker', ['load', '--input', archive], docker)
      for (const tag of result.tags) expect(loaded.stdout).toContain(`Loaded image: ${tag}`)
      // Listed once per tag, by the name the user gave.
      const listed = await mustRun(
        'docker',
        ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}', image],
        docker
      )
      expect(listed.stdout.trim().split('\n').sort()).toEqual(
        result.tags.map((tag) => `${tag} ${localId.slice(7, 19)}`).sort()
      )
      const id = await mustRun(
        'docker',
        ['image', 'inspect', '--format', '{{.Id}}', result.tags[0]],
        docker
      )
      expect(id.stdout.trim()).toBe(localId)
      expect((await runImage(result.tags[0], [], engine)).trim()).toBe(LINE)
    },
    SLOW
  )
})

test.each(['classic', 'containerd'] as const)(
  'builder oci where docker load is refused (%s store): the clear error, and the archive is still written',
  async (store) => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = `from-scratch-test/${uniqueName('writer-refused')}`
    const outputDir = join(fixture.dir, `writer-refused-${store}`)
    // The probe said a daemon answers; by the time docker load runs, none does.
    const error = await buildImage(
      imageSettings({ image, engine: 'oci' }),
      inspection,
      gitContext(),
      NO_DAEMON,
      memoryLog(),
      outputDir,
      Promise.resolve({ dockerProblem: null, daemon: true, store, rewritesTimestamps: false })
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    const userError = error as UserError
    expect(userError.message).toBe('docker load refused the image the writer made.')
    expect(userError.details.join('\n')).toMatch(/docker daemon|nonexistent/i)
    const listing = await mustRun('tar', ['-tf', join(outputDir, 'image', 'image.tar')])
    expect(listing.stdout.split('\n')).toEqual(
      expect.arrayContaining(['manifest.json', 'index.json', 'oci-layout'])
    )
  },
  SLOW
)

describe('builder oci with push', () => {
  const previous = process.env.DOCKER_CONFIG
  // The registry client reads the runner's docker login from DOCKER_CONFIG, as on a runner.
  beforeAll(() => {
    process.env.DOCKER_CONFIG = fixture.docker.configDir
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.DOCKER_CONFIG
    else process.env.DOCKER_CONFIG = previous
  })

  test(
    'release tags land in the registry with the manifest digest, after a smoke run in docker',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const registry = fixture.registry
      const image = `${registry.host}/writer/${uniqueName('push')}`
      const result = await buildImage(
        imageSettings({ image, engine: 'oci', push: true, smokeTest: [] }),
        inspection,
        gitContext({ ref: 'refs/tags/v2.4.6' }),
        fixture.docker.exec,
        memoryLog()
      )
      fixture.removeAfter(...result.tags)
      expect(result.smokeOutput?.trim()).toBe(LINE)
      expect(result.pushed).toBe(true)
      expect(result.tags).toEqual(['2.4.6', '2.4', '2', 'latest'].map((t) => `${image}:${t}`))
      for (const tag of result.tags) {
        expect(await skopeoDigest(registry, tag)).toBe(result.digest)
      }
    },
    SLOW
  )

  test(
    'a wrong password: a clear error, no digest, and no tag in the registry',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const registry = fixture.registry
      const image = `${registry.host}/writer/${uniqueName('denied')}`
      // A stored password that is wrong: `docker login` refuses to store one, so write it.
      const other = await fixture.dockerConfig(storedLogin(registry.host, registry.user, 'wrong'))
      process.env.DOCKER_CONFIG = other
      try {
        const error = await buildImage(
          imageSettings({ image, engine: 'oci', push: true }),
          inspection,
          gitContext({ ref: 'refs/tags/v1.0.0' }),
          NO_DAEMON,
          memoryLog()
        ).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ImagePushError)
        const pushError = error as ImagePushError
        expect(pushError.result.digest).toBeNull()
        expect([pushError.message, ...pushError.details].join('\n')).toMatch(/401|unauthori[sz]ed/i)
        const tags = await fetch(
          `http://${registry.host}/v2/writer/${image.split('/').pop()}/tags/list`,
          {
            headers: { authorization: basicAuthorization(registry.user, registry.password) }
          }
        )
        expect(tags.status).toBe(404)
      } finally {
        process.env.DOCKER_CONFIG = fixture.docker.configDir
      }
    },
    SLOW
  )
})

test.each([
  ['plain layers', undefined],
  ['every layer as its gzip blob', 0]
])(
  'docker with the classic store loads the feed of %s as the very image of the OCI layout',
  async (_name, plainMax) => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = `from-scratch-test/${uniqueName('writer-feed')}`
    const settings = imageSettings({ image, engine: 'oci', include: parseInclude('tmp') })
    const input = await ociInputFor(
      settings,
      inspection,
      gitContext(),
      join(fixture.dir, `writer-feed-${plainMax ?? 'plain'}`)
    )
    const written = await writeOciImage(input)
    const layers = await Promise.all(
      input.plan.layers.map(async (layer, index) => ({
        kind: layer.kind,
        entries: (await materialiseLayer(layer)).entries,
        blob: async () => ({
          path: blobPath(written.layoutDir, written.layers[index].digest),
          diffId: written.layers[index].diffId
        })
      }))
    )
    const feed = new PassThrough()
    const loading = systemExec.run('docker', ['load'], { input: feed })
    const digest = await feedLoadArchive(
      { ...input, layers, plainMax },
      (chunk) =>
        new Promise<void>((resolve) =>
          feed.write(chunk) ? resolve() : feed.once('drain', resolve)
        )
    )
    feed.end()
    const loaded = await loading
    fixture.removeAfter(...input.tags)
    expect(loaded.exitCode).toBe(0)
    expect(digest).toBe(written.configDigest)
    const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', input.tags[0]])
    expect(id.stdout.trim()).toBe(written.configDigest)
    expect((await runImage(input.tags[0])).trim()).toBe(LINE)
  },
  SLOW
)

describe.each(engines)('$name', (engine) => {
  test(
    'builder auto where docker has no buildx plugin: the build shows it, and the writer builds instead',
    async () => {
      const { inspection } = await inspectionFor(fixture.hello)
      const image = `from-scratch-test/${engine.store}-${uniqueName('writer-noplugin')}`
      const log = memoryLog()
      const result = await buildImage(
        imageSettings({ image, engine: 'auto', smokeTest: [] }),
        inspection,
        gitContext(),
        execWithEnv({ ...engine.env, DOCKER_CONFIG: await fixture.folder('no-plugins') }),
        log,
        join(fixture.dir, `writer-noplugin-${engine.store}`)
      )
      fixture.removeAfter(...result.tags)
      expect(result.builtWith).toBe('oci')
      expect(log.lines.join('\n')).toMatch(
        /docker buildx is not usable here \(The docker buildx plugin is missing.*\): building with the daemonless writer instead/
      )
      expect(result.smokeOutput?.trim()).toBe(LINE)
    },
    SLOW
  )
})

test(
  'builder oci writes the layers while the engine is still being asked, and loads the image once it answers',
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = `from-scratch-test/${uniqueName('writer-early')}`
    const outputDir = join(fixture.dir, 'writer-early')
    const blobs = join(outputDir, 'image', 'oci', 'blobs', 'sha256')
    // The probe answers only once a layer blob is on disk: a writer that waited for it never would.
    const answer = (async () => {
      for (;;) {
        const names = await readdir(blobs).catch(() => [] as string[])
        if (names.some((name) => /^[0-9a-f]{64}$/.test(name))) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      return {
        dockerProblem: null,
        daemon: true,
        store: 'classic' as const,
        rewritesTimestamps: false
      }
    })()
    const result = await buildImage(
      imageSettings({ image, engine: 'oci', smokeTest: [] }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog(),
      outputDir,
      answer
    )
    fixture.removeAfter(...result.tags)
    expect(result.smokeOutput?.trim()).toBe(LINE)
    expect(result.imageId).toBe(
      (
        await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', result.tags[0]])
      ).stdout.trim()
    )
  },
  SLOW
)
