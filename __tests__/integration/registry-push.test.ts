import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import { buildImage, ImagePushError } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import {
  compileC,
  gitContext,
  imageSettings,
  inspectionFor,
  isolatedDocker,
  memoryLog,
  removeImages,
  uniqueName,
  type IsolatedDocker
} from '../support/docker.js'
import { freshDir } from '../support/paths.js'
import { dockerLogin, startRegistry, type Registry } from '../support/registry.js'
import { mustRun } from '../support/run.js'

const SLOW = 300_000
const HELLO_C = '#include <stdio.h>\nint main(void) { puts("released"); return 0; }\n'

let dir: string
let hello: string
let registry: Registry
let docker: IsolatedDocker
const made: string[] = []

beforeAll(async () => {
  dir = await freshDir('registry-push')
  hello = await compileC(dir, 'hello', HELLO_C)
  registry = await startRegistry()
  docker = await isolatedDocker()
  await dockerLogin(registry, docker.env)
}, SLOW)

afterAll(async () => {
  await removeImages(made)
  await registry?.cleanup()
  await docker?.cleanup()
  await rm(dir, { recursive: true, force: true })
})

async function skopeo(args: readonly string[]): Promise<unknown> {
  const out = await mustRun('skopeo', [
    'inspect',
    '--tls-verify=false',
    '--creds',
    registry.creds,
    ...args
  ])
  return JSON.parse(out.stdout)
}

test(
  'on refs/tags/v1.2.3 with push: every derived tag lands, with labels, one layer per kind, a plain manifest',
  async () => {
    const image = `${registry.host}/acme/${uniqueName('api')}`
    const { inspection } = await inspectionFor(hello)
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
      docker.exec,
      log
    )
    made.push(...result.tags)
    expect(result.pushed).toBe(true)
    expect(result.tags).toEqual(['1.2.3', '1.2', '1', 'latest'].map((t) => `${image}:${t}`))
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/)

    for (const tag of result.tags) {
      const info = (await skopeo([`docker://${tag}`])) as {
        Digest: string
        Labels: Record<string, string>
        Layers: string[]
        RepoTags: string[]
      }
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
    const raw = (await skopeo(['--raw', `docker://${image}:latest`])) as {
      mediaType: string
      layers: unknown[]
    }
    expect(raw.mediaType).toMatch(
      /^application\/vnd\.(docker\.distribution\.manifest\.v2|oci\.image\.manifest\.v1)\+json$/
    )
    expect(raw.layers).toHaveLength(4)
  },
  SLOW
)

test(
  'a pre-release tag pushes only itself, never latest',
  async () => {
    const image = `${registry.host}/acme/${uniqueName('rc')}`
    const { inspection } = await inspectionFor(hello)
    const result = await buildImage(
      imageSettings({ image, push: true, include: [{ kind: 'none' }] }),
      inspection,
      gitContext({ ref: 'refs/tags/v1.2.3-rc.1' }),
      docker.exec,
      memoryLog()
    )
    made.push(...result.tags)
    const info = (await skopeo([`docker://${image}:1.2.3-rc.1`])) as { RepoTags: string[] }
    expect(info.RepoTags).toEqual(['1.2.3-rc.1'])
  },
  SLOW
)

async function pushFailure(
  configure: (config: IsolatedDocker) => Promise<void>
): Promise<ImagePushError> {
  const isolated = await isolatedDocker()
  try {
    await configure(isolated)
    const image = `${registry.host}/acme/${uniqueName('denied')}`
    made.push(`${image}:1.2.3`, `${image}:1.2`, `${image}:1`, `${image}:latest`)
    const { inspection } = await inspectionFor(hello)
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
  } finally {
    await isolated.cleanup()
  }
}

test(
  'a wrong password: the registry says unauthorized, no digest',
  async () => {
    const error = await pushFailure(async (isolated) => {
      // docker login refuses a wrong password, so write the stale credentials a runner could have.
      const auth = Buffer.from(`${registry.user}:wrong-password`).toString('base64')
      await writeFile(
        join(isolated.configDir, 'config.json'),
        JSON.stringify({ auths: { [registry.host]: { auth } } })
      )
    })
    expect(error.message).toMatch(/Pushing .* failed/)
    expect(error.details.join('\n')).toMatch(/unauthorized|authentication required/)
  },
  SLOW
)

test(
  'a registry that is down: connection refused, no digest',
  async () => {
    const down = await startRegistry()
    const image = `${down.host}/acme/${uniqueName('down')}`
    await down.cleanup()
    const isolated = await isolatedDocker()
    try {
      const { inspection } = await inspectionFor(hello)
      made.push(`${image}:1.2.3`, `${image}:1.2`, `${image}:1`, `${image}:latest`)
      const error = await buildImage(
        imageSettings({ image, push: true, include: [{ kind: 'none' }] }),
        inspection,
        gitContext({ ref: 'refs/tags/v1.2.3' }),
        isolated.exec,
        memoryLog()
      ).then(
        () => {
          throw new Error('the push was reported as a success')
        },
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(ImagePushError)
      const pushError = error as ImagePushError
      expect(pushError.result.digest).toBeNull()
      expect(pushError.details.join('\n')).toMatch(/connection refused/)
    } finally {
      await isolated.cleanup()
    }
  },
  SLOW
)
