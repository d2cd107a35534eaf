import { buildImage, ImagePushError } from '../../src/image/build.js'
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
    const inspected = await mustRun('skopeo', ['inspect', `oci:${layout?.dir}:${result.tags[0]}`])
    expect((JSON.parse(inspected.stdout) as { Layers: string[] }).Layers).toHaveLength(2)
    fixture.removeAfter(...result.tags)
    await mustRun('docker', ['load', '--input', layout?.archive ?? ''])
    expect((await runImage(result.tags[0])).trim()).toBe(LINE)
    const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', result.tags[0]])
    expect(id.stdout.trim()).toBe(result.imageId)
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
