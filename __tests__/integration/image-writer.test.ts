import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildImage, ImagePushError } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import {
  compileC,
  execWithEnv,
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

// The image stage as the pipeline calls it, with the daemonless writer: the
// `auto` fallback when no daemon answers, and `builder: oci` with a push.

const SLOW = 300_000
const LINE = 'built by the daemonless writer'
/** A daemon address nothing listens on: the docker CLI is there, the engine is not. */
const NO_DAEMON = execWithEnv({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' })

let dir: string
let hello: string
let registry: Registry
let docker: IsolatedDocker
const made: string[] = []

beforeAll(async () => {
  dir = await freshDir('image-writer')
  hello = await compileC(
    dir,
    'hello',
    `#include <stdio.h>\nint main(void){puts("${LINE}");return 0;}\n`
  )
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

test(
  'builder auto with no Docker daemon: the writer builds it, with a notice, and the archive runs',
  async () => {
    const { inspection } = await inspectionFor(hello)
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
    made.push(...result.tags)
    await mustRun('docker', ['load', '--input', layout?.archive ?? ''])
    const run = await mustRun('docker', ['run', '--rm', '--network', 'none', result.tags[0]])
    expect(run.stdout.trim()).toBe(LINE)
    const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', result.tags[0]])
    expect(id.stdout.trim()).toBe(result.imageId)
  },
  SLOW
)

describe('builder oci with push', () => {
  const previous = process.env.DOCKER_CONFIG
  // The registry client reads the runner's docker login from DOCKER_CONFIG, as on a runner.
  beforeAll(() => {
    process.env.DOCKER_CONFIG = docker.configDir
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.DOCKER_CONFIG
    else process.env.DOCKER_CONFIG = previous
  })

  test(
    'release tags land in the registry with the manifest digest, after a smoke run in docker',
    async () => {
      const { inspection } = await inspectionFor(hello)
      const image = `${registry.host}/writer/${uniqueName('push')}`
      const result = await buildImage(
        imageSettings({ image, engine: 'oci', push: true, smokeTest: [] }),
        inspection,
        gitContext({ ref: 'refs/tags/v2.4.6' }),
        docker.exec,
        memoryLog()
      )
      made.push(...result.tags)
      expect(result.smokeOutput?.trim()).toBe(LINE)
      expect(result.pushed).toBe(true)
      expect(result.tags).toEqual(['2.4.6', '2.4', '2', 'latest'].map((t) => `${image}:${t}`))
      for (const tag of result.tags) {
        const inspected = await mustRun('skopeo', [
          'inspect',
          '--tls-verify=false',
          '--creds',
          registry.creds,
          `docker://${tag}`
        ])
        expect((JSON.parse(inspected.stdout) as { Digest: string }).Digest).toBe(result.digest)
      }
    },
    SLOW
  )

  test(
    'a wrong password: a clear error, no digest, and no tag in the registry',
    async () => {
      const { inspection } = await inspectionFor(hello)
      const image = `${registry.host}/writer/${uniqueName('denied')}`
      const other = await isolatedDocker()
      // A stored password that is wrong: `docker login` refuses to store one, so write it.
      const auth = Buffer.from(`${registry.user}:wrong`).toString('base64')
      await writeFile(
        join(other.configDir, 'config.json'),
        JSON.stringify({ auths: { [registry.host]: { auth } } })
      )
      process.env.DOCKER_CONFIG = other.configDir
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
            headers: {
              authorization: `Basic ${Buffer.from(`${registry.user}:${registry.password}`).toString('base64')}`
            }
          }
        )
        expect(tags.status).toBe(404)
      } finally {
        process.env.DOCKER_CONFIG = docker.configDir
        await other.cleanup()
      }
    },
    SLOW
  )
})
