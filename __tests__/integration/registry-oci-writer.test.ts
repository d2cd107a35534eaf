import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { parseInclude } from '../../src/image/include.js'
import { writeOciImage, type WrittenImage } from '../../src/image/oci/write.js'
import { pushLayout } from '../../src/image/registry/push.js'
import { ociInputFor } from '../image/oci/support.js'
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
import { dockerLogin } from '../support/registry.js'
import { startRegistryServer, type RegistryServer } from '../support/registry-server.js'
import { startTokenRegistry, type TokenRegistry } from '../support/token-registry.js'
import { mustRun } from '../support/run.js'

// The daemonless writer's layout (src/image/oci) pushed as it is, with the
// release tags a refs/tags/v1.2.3 build gets, to a Basic and to a token registry.

const SLOW = 300_000
const LINE = 'written and pushed without a daemon'

let dir: string
let hello: string
let basic: RegistryServer
let token: TokenRegistry
let docker: IsolatedDocker
const made: string[] = []

beforeAll(async () => {
  dir = await freshDir('registry-oci-writer')
  hello = await compileC(
    dir,
    'hello',
    `#include <stdio.h>\nint main(void){puts("${LINE}");return 0;}\n`
  )
  basic = await startRegistryServer()
  token = await startTokenRegistry()
  docker = await isolatedDocker()
  await dockerLogin(basic, docker.env)
  await dockerLogin(token, docker.env)
}, SLOW)

afterAll(async () => {
  await removeImages(made)
  await basic?.cleanup()
  await token?.cleanup()
  await docker?.cleanup()
  await rm(dir, { recursive: true, force: true })
})

async function written(image: string, out: string): Promise<WrittenImage> {
  const { inspection } = await inspectionFor(hello)
  const settings = imageSettings({ image, include: parseInclude('passwd,tmp') })
  return writeOciImage(
    await ociInputFor(settings, inspection, gitContext({ ref: 'refs/tags/v1.2.3' }), join(dir, out))
  )
}

test.each([
  ['basic', () => basic],
  ['token', () => token]
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
      env: docker.env,
      log: memoryLog()
    })
    expect(result).toEqual({ digest: out.manifestDigest, pushed: references })
    for (const reference of references) {
      const inspected = await mustRun('skopeo', [
        'inspect',
        '--tls-verify=false',
        '--creds',
        registry.creds,
        `docker://${reference}`
      ])
      expect((JSON.parse(inspected.stdout) as { Digest: string }).Digest).toBe(out.manifestDigest)
    }
    made.push(references[0] ?? '')
    await mustRun('docker', ['pull', references[0] ?? ''], { env: docker.env })
    const run = await mustRun('docker', ['run', '--rm', '--network', 'none', references[0] ?? ''])
    expect(run.stdout.trim()).toBe(LINE)
  },
  SLOW
)
