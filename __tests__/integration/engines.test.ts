import { readFile } from 'node:fs/promises'
import { buildImage } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import type { ImageResult } from '../../src/image/types.js'
import { runAction, type ActionRun } from '../support/action-run.js'
import {
  compileC,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { containerdEngine, engineAnswers, engines, type Engine } from '../support/engines.js'
import {
  helloSource,
  integrationFixture,
  runImage,
  skopeoDigest,
  SLOW
} from '../support/fixture.js'
import { mustRun } from '../support/run.js'

// What differs between the classic image store (dockerd 20.10) and the
// containerd image store (dockerd 26.1), seen from the outside: names, IDs,
// re-tagging, reproducible buildx builds, and a report that is the same on both.

const LINE = 'hello from either store'

const fixture = integrationFixture({
  name: 'engines',
  helloC: helloSource(LINE),
  registries: ['htpasswd'],
  docker: 'login'
})

beforeAll(async () => {
  for (const engine of engines) await engineAnswers(engine)
})

/** `docker image ls` of one repository on the engine: `name:tag` lines, sorted. */
async function listed(engine: Engine, repository: string): Promise<string[]> {
  const out = await mustRun(
    'docker',
    ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository],
    { env: engine.env }
  )
  return out.stdout.trim().split('\n').filter(Boolean).sort()
}

async function build(
  engine: Engine,
  over: Partial<Parameters<typeof imageSettings>[0]> & { image: string },
  binary = fixture.hello
): Promise<{ result: ImageResult; log: string[] }> {
  const { inspection } = await inspectionFor(binary)
  const log = memoryLog()
  const result = await buildImage(
    imageSettings({ include: parseInclude('none'), smokeTest: [], ...over }),
    inspection,
    gitContext(),
    engine.exec,
    log
  )
  fixture.removeAfter(...result.tags)
  return { result, log: log.lines }
}

describe.each(engines)('$name', (engine) => {
  // The containerd store names an image by the archive's io.containerd.image.name:
  // an unqualified one was listed twice and never found by the name given.
  test.each([
    ['a one-part name', (): string => uniqueName('fs-engines')],
    ['a two-part name', (): string => `from-scratch-test/${uniqueName('engines')}`],
    ['a registry name', (): string => `127.0.0.1:5000/acme/${uniqueName('engines')}`]
  ])(
    'the writer loads %s: listed once per tag, found by the name given, and it runs',
    async (_, name) => {
      const image = name()
      const { result } = await build(engine, { image, engine: 'oci', tags: ['t'] })
      expect(result.tags).toEqual([`${image}:t`])
      expect(result.smokeOutput?.trim()).toBe(LINE)
      expect(await listed(engine, image)).toEqual([`${image}:t`])
      expect((await runImage(`${image}:t`, [], engine)).trim()).toBe(LINE)
    },
    SLOW
  )

  test(
    'buildx again with the same tag: the tag moves to the new image, listed once',
    async () => {
      const image = `from-scratch-test/${uniqueName('retag')}`
      const other = await compileC(fixture.dir, `other-${engine.store}`, helloSource('second'))
      const first = await build(engine, { image, tags: ['t'] })
      const second = await build(engine, { image, tags: ['t'] }, other)
      expect(second.result.imageId).not.toBe(first.result.imageId)
      expect(second.result.smokeOutput?.trim()).toBe('second')
      expect(await listed(engine, image)).toEqual([`${image}:t`])
      expect((await runImage(`${image}:t`, [], engine)).trim()).toBe('second')
    },
    SLOW
  )
})

describe.each(engines)('$name: the size gates through the action', (engine) => {
  test(
    'max-size at the image size passes, one byte below fails naming both',
    async () => {
      const image = `from-scratch-test/${uniqueName('gate')}`
      const gate = async (limit: string): Promise<ActionRun> => {
        const run = await runAction({ binary: fixture.hello, image, 'max-size': limit }, engine.env)
        fixture.removeAfter(...(run.outputs.tags ?? '').split('\n').filter(Boolean))
        return run
      }
      const roomy = await gate('1GB')
      expect(roomy.exitCode).toBe(0)
      const size = Number(roomy.outputs['image-size'])
      expect(size).toBeGreaterThan(1000)
      const at = await gate(`${size}B`)
      expect(at.errors).toEqual([])
      expect(at.exitCode).toBe(0)
      const below = await gate(`${size - 1}B`)
      expect(below.exitCode).toBe(1)
      expect(below.errors.join('\n')).toMatch(new RegExp(`is over max-size ${size - 1}B`))
    },
    SLOW
  )
})

test(
  'buildx on BuildKit 0.13 is reproducible: with the build cache emptied, the same input gives the same image ID',
  async () => {
    const image = `from-scratch-test/${uniqueName('repro')}`
    const settings = { image, tags: ['t'], include: parseInclude('ca-certificates,passwd,tmp') }
    // Only the containerd engine's cache: it is the tests' own engine, not the shared one.
    // Emptied before each build, so neither reuses a layer the other (or an earlier run) made.
    const emptyCache = (): Promise<unknown> =>
      mustRun('docker', ['builder', 'prune', '--all', '--force'], { env: containerdEngine.env })
    await emptyCache()
    const first = await build(containerdEngine, settings)
    await emptyCache()
    const second = await build(containerdEngine, settings)
    expect(second.result.imageId).toBe(first.result.imageId)
    expect(first.result.extras.map((extra) => extra.kind)).toEqual([
      'ca-certificates',
      'passwd',
      'tmp'
    ])
    expect(first.log.join('\n')).not.toMatch(/stamps the folders/)
  },
  SLOW
)

test(
  'buildx on BuildKit 0.8 (dockerd 20.10) says why two builds would differ',
  async () => {
    const image = `from-scratch-test/${uniqueName('stamps')}`
    const { log } = await build(engines[0], { image, tags: ['t'] })
    expect(log.join('\n')).toMatch(
      /BuildKit \(before 0\.13, engine API before 1\.45\) stamps the folders it creates with the build's clock/
    )
  },
  SLOW
)

test(
  'the writer on either store: the same outputs (image-size, pull-size, imageid, digest) and the same report JSON',
  async () => {
    const image = `${fixture.registry.host}/acme/${uniqueName('same')}`
    const runs: ActionRun[] = []
    for (const engine of engines) {
      const run = await runAction(
        { binary: fixture.hello, image, builder: 'oci', push: 'true', 'smoke-test': 'true' },
        {
          ...engine.env,
          DOCKER_CONFIG: fixture.docker.configDir,
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567'
        }
      )
      expect(run.errors).toEqual([])
      expect(run.exitCode).toBe(0)
      fixture.removeAfter(...run.outputs.tags.split('\n'))
      runs.push(run)
    }
    const [classic, containerd] = runs
    const picked = (run: ActionRun): Record<string, string | undefined> => ({
      'image-size': run.outputs['image-size'],
      'pull-size': run.outputs['pull-size'],
      imageid: run.outputs.imageid,
      digest: run.outputs.digest,
      tags: run.outputs.tags
    })
    expect(picked(containerd)).toEqual(picked(classic))
    expect(classic.outputs.imageid).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(classic.outputs.digest).toBe(
      await skopeoDigest(fixture.registry, classic.outputs.tags.split('\n')[0])
    )
    const report = async (run: ActionRun): Promise<unknown> =>
      JSON.parse(await readFile(run.outputs['report-json'], 'utf8'))
    expect(await report(containerd)).toEqual(await report(classic))
  },
  SLOW
)
