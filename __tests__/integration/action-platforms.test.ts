import { copyFile, readFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { runAction } from '../support/action-run.js'
import { uniqueName } from '../support/docker.js'
import { engineAnswers, engines } from '../support/engines.js'
import { helloSource, integrationFixture, skopeoInspect, SLOW } from '../support/fixture.js'

// The committed dist/index.js with `platforms: linux/amd64,linux/arm64`, as a
// release workflow runs it: cross-compiled, smoke-tested per platform (arm64
// under qemu-aarch64-static), pushed as one index, reported per platform.

const fixture = integrationFixture({
  name: 'action-platforms',
  helloC: helloSource('hello from amd64 only'),
  registries: ['htpasswd'],
  docker: 'login'
})

beforeAll(async () => {
  for (const engine of engines) await engineAnswers(engine)
})

interface IndexJson {
  readonly mediaType: string
  readonly manifests: readonly {
    readonly digest: string
    readonly platform?: { readonly os: string; readonly architecture: string }
  }[]
}

interface ReportJson {
  readonly platform?: string
  readonly binary: { readonly size: number }
  readonly image: { readonly size: number; readonly smoke?: unknown } | null
  readonly others?: readonly ReportJson[]
}

describe.each(engines)('$name', (engine) => {
  test(
    'builder auto, push: one index with an amd64 and an arm64 manifest, both smoke-tested, reported per platform',
    async () => {
      const image = `${fixture.registry.host}/acme/${uniqueName('platforms')}`
      const run = await runAction(
        {
          'working-directory': 'examples/http-server',
          image,
          platforms: 'linux/amd64,linux/arm64',
          push: 'true',
          'smoke-test': '--version'
        },
        {
          ...engine.env,
          DOCKER_CONFIG: fixture.docker.configDir,
          GITHUB_REF: 'refs/tags/v1.2.3',
          GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567'
        }
      )
      fixture.removeAfter(...(run.outputs.tags ?? '').split('\n').filter((t) => t !== ''))
      expect(run.errors).toEqual([])
      expect(run.exitCode).toBe(0)

      const tags = run.outputs.tags.split('\n')
      expect(tags).toEqual([`${image}:1.2.3`, `${image}:1.2`, `${image}:1`, `${image}:latest`])
      // Every tag names the same index, and `digest` is that index's.
      const index = await skopeoInspect<IndexJson>(fixture.registry, `${image}:1.2.3`, {
        raw: true
      })
      expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      const platforms = index.manifests
        .filter((entry) => entry.platform?.os !== 'unknown')
        .map((entry) => `${entry.platform?.os}/${entry.platform?.architecture}`)
      expect(platforms).toEqual(['linux/amd64', 'linux/arm64'])
      for (const tag of tags) {
        const { Digest } = await skopeoInspect<{ Digest: string }>(fixture.registry, tag)
        expect(Digest).toBe(run.outputs.digest)
      }

      // The report: the primary platform on top, arm64 in `others`, each smoke verdict its own.
      const report = JSON.parse(await readFile(run.outputs['report-json'], 'utf8')) as ReportJson
      expect(report.platform).toBe('linux/amd64')
      expect(report.others?.map((other) => other.platform)).toEqual(['linux/arm64'])
      const arm64 = report.others?.[0]
      expect(arm64?.image?.smoke).toEqual({ ran: true, how: 'qemu-aarch64-static' })
      expect(report.image?.smoke).toEqual({ ran: true, how: 'native' })
      // Two different binaries: the arm64 one is not the amd64 one under another name.
      expect(arm64?.binary.size).not.toBe(report.binary.size)
      expect(run.outputs['binary-size']).toBe(String(report.binary.size))
      expect(run.summary).toContain('linux/arm64')
      expect(run.summary).toContain('qemu-aarch64-static')
    },
    SLOW
  )
})

test(
  'an SBOM per platform; a max-size that only the amd64 image exceeds fails the job and names linux/amd64',
  async () => {
    const first = await runAction({
      'working-directory': 'examples/http-server',
      image: `from-scratch-test/${uniqueName('platform-gate')}`,
      builder: 'oci',
      platforms: 'linux/amd64,linux/arm64',
      sbom: 'true'
    })
    expect(first.errors).toEqual([])
    // An SBOM per platform, beside that platform's binary, naming its own image manifest.
    const binary = first.outputs.binary
    expect(binary).toMatch(/\/amd64\/http-server$/)
    for (const arch of ['amd64', 'arm64']) {
      const path = join(dirname(dirname(binary)), arch, 'http-server.spdx.json')
      const sbom = await readFile(path, 'utf8')
      expect(sbom).toContain(`?arch=${arch}&`)
      const sha = createHash('sha256')
        .update(await readFile(join(dirname(path), 'http-server')))
        .digest('hex')
      expect(sbom).toContain(sha)
    }
    fixture.removeAfter(...first.outputs.tags.split('\n'))
    const report = JSON.parse(await readFile(first.outputs['report-json'], 'utf8')) as ReportJson
    const amd64 = report.image?.size ?? 0
    const arm64 = report.others?.[0]?.image?.size ?? 0
    // Go's arm64 code is smaller than its amd64 code for the same program.
    expect(arm64).toBeLessThan(amd64)
    const between = Math.floor((amd64 + arm64) / 2)

    const run = await runAction({
      'working-directory': 'examples/http-server',
      image: `from-scratch-test/${uniqueName('platform-gate')}`,
      builder: 'oci',
      platforms: 'linux/amd64,linux/arm64',
      'max-size': `${between}B`
    })
    fixture.removeAfter(...(run.outputs.tags ?? '').split('\n').filter((t) => t !== ''))
    expect(run.exitCode).toBe(1)
    expect(run.errors.join('\n')).toContain('linux/amd64')
    expect(run.errors.join('\n')).not.toMatch(/linux\/arm64[^\n]*over/)
  },
  SLOW
)

test(
  'binary: app-${PLATFORM_ARCH} where the arm64 file is an x86-64 program: the job fails on linux/arm64 and nothing is built',
  async () => {
    const dir = await fixture.folder('prebuilt')
    // The same x86-64 program in both slots, as a broken release script would leave it.
    await copyFile(fixture.hello, join(dir, 'app-amd64'))
    await copyFile(fixture.hello, join(dir, 'app-arm64'))
    const image = `from-scratch-test/${uniqueName('platform-prebuilt')}`
    const run = await runAction({
      'working-directory': dir,
      binary: 'app-${PLATFORM_ARCH}',
      image,
      builder: 'oci',
      platforms: 'linux/amd64,linux/arm64'
    })
    expect(run.exitCode).toBe(1)
    const error = run.errors.join('\n')
    expect(error).toMatch(/^linux\/arm64: /)
    expect(error).toContain('x86-64')
    expect(run.outputs.digest ?? '').toBe('')
    expect(run.outputs.tags ?? '').toBe('')
  },
  SLOW
)
