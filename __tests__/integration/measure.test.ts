import { LINUX_AMD64 } from '../../src/ground/platform.js'
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { ImageResult } from '../../src/image/types.js'
import { measureImage } from '../../src/report/measure.js'
import { memoryLog, uniqueName } from '../support/docker.js'
import { helloSource, integrationFixture, skopeoInspect, SLOW } from '../support/fixture.js'
import { mustRun } from '../support/run.js'

// The real thing: an image built by buildx on the real daemon, measured
// unpushed (docker save → estimate) and pushed to a real registry with a
// login (manifest → exact), the exact figure checked against skopeo.

const fixture = integrationFixture({
  name: 'measure',
  helloC: helloSource('measured'),
  registries: ['htpasswd'],
  docker: 'login'
})

let binarySize: number

beforeAll(async () => {
  binarySize = (await stat(fixture.hello)).size
})

/** A fresh context with the binary, `extra` files, and a FROM scratch Dockerfile (one COPY each). */
async function context(extra: Readonly<Record<string, string>> = {}): Promise<string> {
  const ctx = await fixture.folder('context')
  await copyFile(fixture.hello, join(ctx, 'hello'))
  const copies = ['COPY hello /hello']
  for (const [name, from] of Object.entries(extra)) {
    await copyFile(from, join(ctx, name))
    copies.push(`COPY ${name} /${name}`)
  }
  await writeFile(
    join(ctx, 'Dockerfile'),
    ['FROM scratch', ...copies, 'ENTRYPOINT ["/hello"]', ''].join('\n')
  )
  return ctx
}

async function buildx(
  ctx: string,
  tag: string,
  output: '--load' | '--push'
): Promise<{ imageId: string; digest: string | null }> {
  const metadata = join(fixture.dir, `${uniqueName('metadata')}.json`)
  const iid = join(fixture.dir, uniqueName('iid'))
  await mustRun(
    'docker',
    [
      'buildx',
      'build',
      '--platform',
      'linux/amd64',
      '--provenance=false',
      output,
      '--tag',
      tag,
      '--metadata-file',
      metadata,
      '--iidfile',
      iid,
      ctx
    ],
    { env: fixture.docker.env, timeoutMs: SLOW }
  )
  const meta = JSON.parse(await readFile(metadata, 'utf8')) as Record<string, string | undefined>
  // The docker driver's --load leaves the config digest out of the metadata; the iidfile has it.
  const imageId = (await readFile(iid, 'utf8')).trim()
  await rm(metadata, { force: true })
  await rm(iid, { force: true })
  return {
    imageId,
    digest: meta['containerimage.digest'] ?? null
  }
}

async function imageSize(ref: string): Promise<number> {
  const out = await mustRun('docker', ['image', 'inspect', '--format', '{{.Size}}', ref])
  return Number(out.stdout.trim())
}

function imageResult(
  over: Partial<ImageResult> & Pick<ImageResult, 'imageId' | 'size'>
): ImageResult {
  return {
    name: 'measure',
    tags: [],
    digest: null,
    extras: [],
    findingExtras: [],
    platform: LINUX_AMD64,
    files: [{ path: '/hello', size: binarySize }],
    pushed: false,
    smokeOutput: null,
    builtWith: 'buildx',
    pullSize: null,
    layout: null,
    ...over
  }
}

async function skopeoPullSize(reference: string): Promise<number> {
  const manifest = await skopeoInspect<{
    config: { size: number }
    layers: { size: number }[]
  }>(fixture.registry, reference, { raw: true })
  return manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size)
}

interface Measured {
  readonly size: number
  readonly estimate: number
  readonly exact: number
}

/** Builds, measures unpushed, pushes the same build, measures again; every check on the way. */
async function buildAndMeasure(ctx: string, files: ImageResult['files']): Promise<Measured> {
  const local = `from-scratch-test/${uniqueName('measure')}:1`
  fixture.removeAfter(local)
  const loaded = await buildx(ctx, local, '--load')
  expect(loaded.imageId).toMatch(/^sha256:[0-9a-f]{64}$/)
  const size = await imageSize(loaded.imageId)

  // Unpushed: docker save, gzip of each layer, plus the config.
  const log = memoryLog()
  const estimated = await measureImage(
    imageResult({ imageId: loaded.imageId, size, files }),
    fixture.docker.exec,
    log
  )
  expect(log.lines.filter((line) => line.startsWith('warning'))).toEqual([])
  expect(estimated).toMatchObject({ size, pullSizeExact: false, files })
  expect(estimated.pullSize).not.toBeNull()

  // Pushed: the same build (cached) to a registry that wants the login.
  const remote = `${fixture.registry.host}/acme/${uniqueName('measure')}:1`
  fixture.removeAfter(remote)
  const pushed = await buildx(ctx, remote, '--push')
  expect(pushed.imageId).toBe(loaded.imageId)
  expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
  const pushLog = memoryLog()
  const exact = await measureImage(
    imageResult({
      imageId: loaded.imageId,
      size,
      files,
      tags: [remote],
      digest: pushed.digest,
      pushed: true
    }),
    fixture.docker.exec,
    pushLog
  )
  expect(pushLog.lines.filter((line) => line.startsWith('warning'))).toEqual([])
  expect(exact).toMatchObject({ size, pullSizeExact: true, files })
  expect(exact.pullSize).toBe(await skopeoPullSize(`${remote.replace(/:1$/, '')}@${pushed.digest}`))
  return { size, estimate: estimated.pullSize ?? NaN, exact: exact.pullSize ?? NaN }
}

/** How far the estimate is from what the registry holds, as a fraction of the latter. */
const offBy = (m: Measured): number => Math.abs(m.estimate - m.exact) / m.exact

test(
  'a musl hello in scratch: estimated unpushed, exact once pushed, and the two agree',
  async () => {
    const ctx = await context()
    const m = await buildAndMeasure(ctx, [{ path: '/hello', size: binarySize }])
    expect(m.size).toBe(binarySize)
    expect(m.estimate).toBeGreaterThan(gzipSync(await readFile(fixture.hello)).length)
    expect(m.estimate).toBeLessThan(binarySize + 4096)
    expect(offBy(m)).toBeLessThan(0.03)
  },
  SLOW
)

test(
  'two layers and a megabyte of machine code: config + both layers, estimate within 3%',
  async () => {
    // bash stands in for a real program's worth of code; it only has to be bytes here.
    const payload = '/bin/bash'
    const payloadSize = (await stat(payload)).size
    const ctx = await context({ payload })
    const m = await buildAndMeasure(ctx, [
      { path: '/hello', size: binarySize },
      { path: '/payload', size: payloadSize }
    ])
    expect(m.size).toBe(binarySize + payloadSize)
    expect(m.estimate).toBeGreaterThan(gzipSync(await readFile(payload)).length)
    expect(m.estimate).toBeLessThan(m.size)
    expect(offBy(m)).toBeLessThan(0.03)
  },
  SLOW
)
