import { join } from 'node:path'
import { parseInclude } from '../../src/image/include.js'
import { writeOciImage, type WrittenImage } from '../../src/image/oci/write.js'
import { pushLayout } from '../../src/image/registry/push.js'
import { ociInputFor } from '../image/oci/support.js'
import {
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import {
  helloSource,
  integrationFixture,
  pullAndRun,
  skopeoDigest,
  SLOW
} from '../support/fixture.js'

// The daemonless writer's layout (src/image/oci) pushed as it is, with the
// release tags a refs/tags/v1.2.3 build gets, to a Basic and to a token registry.

const LINE = 'written and pushed without a daemon'

const fixture = integrationFixture({
  name: 'registry-oci-writer',
  helloC: helloSource(LINE),
  registries: ['htpasswd', 'token'],
  docker: 'login'
})

async function written(image: string, out: string): Promise<WrittenImage> {
  const { inspection } = await inspectionFor(fixture.hello)
  const settings = imageSettings({ image, include: parseInclude('passwd,tmp') })
  return writeOciImage(
    await ociInputFor(
      settings,
      inspection,
      gitContext({ ref: 'refs/tags/v1.2.3' }),
      join(fixture.dir, out)
    )
  )
}

test.each([
  ['basic', () => fixture.registry],
  ['token', () => fixture.tokenRegistry]
] as const)(
  'the writer layout goes to a %s registry: every release tag, skopeo sees the digest, docker runs it',
  async (kind, server) => {
    const registry = server()
    const image = `${registry.host}/writer/${uniqueName(kind)}`
    const out = await written(image, kind)
    expect(out.layers.length).toBeGreaterThan(1)
    const references = ['1.2.3', '1.2', '1', 'latest'].map((t) => `${image}:${t}`)
    const result = await pushLayout({
      layoutDir: out.layoutDir,
      references,
      env: fixture.docker.env,
      log: memoryLog()
    })
    expect(result).toEqual({ digest: out.manifestDigest, pushed: references })
    for (const reference of references) {
      expect(await skopeoDigest(registry, reference)).toBe(out.manifestDigest)
    }
    fixture.removeAfter(references[0] ?? '')
    expect((await pullAndRun(references[0] ?? '', fixture.docker)).trim()).toBe(LINE)
  },
  SLOW
)
