import { UserError } from '../../src/ground/errors.js'
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
  skopeoInspect,
  SLOW,
  storedLogin
} from '../support/fixture.js'
import { engines } from '../support/engines.js'
import { startRegistry } from '../support/registry.js'

const fixture = integrationFixture({
  name: 'registry-push',
  helloC: helloSource('released'),
  registries: ['htpasswd'],
  docker: 'login'
})

function skopeo<T>(reference: string, raw = false): Promise<T> {
  return skopeoInspect<T>(fixture.registry, reference, { raw })
}

describe.each(engines)('$name', (engine) => {
  // A push by the registry client (what a reproducible build does) reads the runner's
  // docker login from DOCKER_CONFIG, as on a runner.
  const previous = process.env.DOCKER_CONFIG
  beforeAll(() => {
    process.env.DOCKER_CONFIG = fixture.docker.configDir
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.DOCKER_CONFIG
    else process.env.DOCKER_CONFIG = previous
  })
  test(
    "on refs/tags/v1.2.3 with push from the engine's store: every derived tag lands, with labels, one layer per kind, a plain manifest",
    async () => {
      const image = `${fixture.registry.host}/acme/${engine.store}-${uniqueName('api')}`
      const { inspection } = await inspectionFor(fixture.hello)
      const log = memoryLog()
      const result = await buildImage(
        imageSettings({
          image,
          push: true,
          smokeTest: [],
          include: parseInclude('ca-certificates,passwd,tmp'),
          labels: { 'org.opencontainers.image.description': 'pushed by a test' }
        }),
        inspection,
        gitContext({ ref: 'refs/tags/v1.2.3' }),
        execWithEnv({ ...fixture.docker.env, ...engine.env }),
        log
      )
      fixture.removeAfter(...result.tags)
      expect(result.pushed).toBe(true)
      expect(result.tags).toEqual(['1.2.3', '1.2', '1', 'latest'].map((t) => `${image}:${t}`))
      expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      // A reproducible build (BuildKit 0.13) pushes the very manifest the engine loaded and tested.
      if (engine.store === 'containerd') expect(result.digest).toBe(result.localId)

      for (const tag of result.tags) {
        const info = await skopeo<{
          Digest: string
          Labels: Record<string, string>
          Layers: string[]
          RepoTags: string[]
        }>(tag)
        expect(info.Digest).toBe(result.digest)
        expect(info.Layers).toHaveLength(4) // ca-certificates, passwd, tmp, binary
        expect(info.Labels).toEqual({
          'org.opencontainers.image.source': 'https://github.com/acme/from-scratch-test',
          'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
          'org.opencontainers.image.version': '1.2.3',
          'org.opencontainers.image.created': '2023-11-14T22:13:20.000Z',
          'org.opencontainers.image.title': 'from-scratch-test',
          'org.opencontainers.image.description': 'pushed by a test'
        })
        expect([...info.RepoTags].sort()).toEqual(['1', '1.2', '1.2.3', 'latest'])
      }
      const raw = await skopeo<{ mediaType: string; layers: unknown[] }>(`${image}:latest`, true)
      expect(raw.mediaType).toMatch(
        /^application\/vnd\.(docker\.distribution\.manifest\.v2|oci\.image\.manifest\.v1)\+json$/
      )
      expect(raw.layers).toHaveLength(4)
    },
    SLOW
  )
})

test(
  'a pre-release tag pushes only itself, never latest',
  async () => {
    const image = `${fixture.registry.host}/acme/${uniqueName('rc')}`
    const { inspection } = await inspectionFor(fixture.hello)
    const result = await buildImage(
      imageSettings({ image, push: true, include: [{ kind: 'none' }] }),
      inspection,
      gitContext({ ref: 'refs/tags/v1.2.3-rc.1' }),
      fixture.docker.exec,
      memoryLog()
    )
    fixture.removeAfter(...result.tags)
    const info = await skopeo<{ RepoTags: string[] }>(`${image}:1.2.3-rc.1`)
    expect(info.RepoTags).toEqual(['1.2.3-rc.1'])
  },
  SLOW
)

/**
 * A tagged build pushed to `host` with a docker config of its own (`config`):
 * it must fail with an ImagePushError that has no digest and pushed nothing.
 */
async function pushFailure(host: string, config: unknown): Promise<ImagePushError> {
  const isolated = await fixture.isolatedDocker(config)
  const image = `${host}/acme/${uniqueName('denied')}`
  fixture.removeAfter(`${image}:1.2.3`, `${image}:1.2`, `${image}:1`, `${image}:latest`)
  const { inspection } = await inspectionFor(fixture.hello)
  const attempt = buildImage(
    imageSettings({ image, push: true, include: [{ kind: 'none' }] }),
    inspection,
    gitContext({ ref: 'refs/tags/v1.2.3' }),
    isolated.exec,
    memoryLog()
  )
  const error = await attempt.then(
    () => {
      throw new Error('the push was reported as a success')
    },
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  expect(error).toBeInstanceOf(ImagePushError)
  const pushError = error as ImagePushError
  expect(pushError.result.digest).toBeNull()
  expect(pushError.result.pushed).toBe(false)
  return pushError
}

test(
  'a wrong password: the registry says unauthorized, no digest',
  async () => {
    const { host, user } = fixture.registry
    // docker login refuses a wrong password, so write the stale credentials a runner could have.
    const error = await pushFailure(host, storedLogin(host, user, 'wrong-password'))
    expect(error.message).toMatch(/Pushing .* failed/)
    expect(error.details.join('\n')).toMatch(/unauthorized|authentication required/)
  },
  SLOW
)

test(
  'a registry that is down: connection refused, no digest',
  async () => {
    const down = await startRegistry()
    await down.cleanup()
    const error = await pushFailure(down.host, {})
    expect(error.details.join('\n')).toMatch(/connection refused/)
  },
  SLOW
)
