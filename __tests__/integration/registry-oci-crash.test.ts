import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../src/ground/errors.js'
import type { Fetch } from '../../src/image/registry/client.js'
import { pushLayout } from '../../src/image/registry/push.js'
import { memoryLog, uniqueName } from '../support/docker.js'
import {
  helloSource,
  integrationFixture,
  pullAndRun,
  skopeoDigest,
  SLOW
} from '../support/fixture.js'
import {
  randomFile,
  rootfsWith,
  writeHandLayout,
  type HandLayout
} from '../support/registry-layout.js'
import { basicAuthorization, listTags } from '../support/registry-server.js'

// The registry process is killed (SIGKILL) in the middle of a push. The push
// must fail with a message that names the step, leave no tag behind (or only
// tags whose every blob is there), and a second push after a restart on the
// same storage must finish the job.

const LINE = 'survived a registry crash'
const BIG = 24 * 1024 * 1024
const RETRY = { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 }

const fixture = integrationFixture({
  name: 'registry-oci-crash',
  helloC: helloSource(LINE),
  registries: ['htpasswd'],
  docker: 'login'
})

let layout: HandLayout

beforeAll(async () => {
  const dir = fixture.dir
  const app = await rootfsWith(join(dir, 'rootfs-app'), { hello: fixture.hello })
  const data = join(dir, 'rootfs-data')
  await mkdir(data, { recursive: true })
  await randomFile(join(data, 'blob.bin'), BIG)
  layout = await writeHandLayout(dir, [app, data], ['/hello'], ['v1'])
}, SLOW)

const credentials = (): { username: string; password: string } => ({
  username: fixture.registry.user,
  password: fixture.registry.password
})
const auth = (): string => basicAuthorization(fixture.registry.user, fixture.registry.password)

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

/** Passes requests to the real fetch; `hook` may kill the registry on the way. */
function fetchWith(
  hook: (url: string, init: RequestInit) => RequestInit | Promise<RequestInit>
): Fetch {
  return async (url, init = {}) => fetch(url, await hook(url, init))
}

/** Every blob a tag's manifest names answers HEAD 200. */
async function blobsOfTagPresent(repository: string, tag: string): Promise<boolean> {
  const base = `http://${fixture.registry.host}/v2/${repository}`
  const response = await fetch(`${base}/manifests/${tag}`, {
    headers: { authorization: auth(), accept: 'application/vnd.oci.image.manifest.v1+json' }
  })
  const manifest = (await response.json()) as {
    config: { digest: string }
    layers: { digest: string }[]
  }
  for (const digest of [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]) {
    const head = await fetch(`${base}/blobs/${digest}`, {
      method: 'HEAD',
      headers: { authorization: auth() }
    })
    if (head.status !== 200) return false
  }
  return true
}

test(
  'killed while the big layer streams: clear error, no tag; restarted on the same storage, the push completes',
  async () => {
    const registry = fixture.registry
    const repository = `crash/${uniqueName('app')}`
    const references = ['1.0.0', '1.0', 'latest'].map((t) => `${registry.host}/${repository}:${t}`)
    const bigLayer = layout.layerDigests[1] ?? ''
    let killedAfter = -1
    const killing = fetchWith((url, init) => {
      const length = Number(new Headers(init.headers).get('content-length') ?? 0)
      const body = init.body
      if (init.method !== 'PUT' || !url.includes('/blobs/uploads/') || length < BIG / 2) return init
      if (!isAsyncIterable(body)) throw new Error('the upload body is not a stream')
      // Let a few MB through, then kill the registry under the running upload.
      async function* cut(): AsyncGenerator<Uint8Array> {
        let sent = 0
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          yield chunk
          sent += chunk.length
          if (killedAfter < 0 && sent >= 4 * 1024 * 1024) {
            killedAfter = sent
            await registry.kill()
          }
        }
      }
      return { ...init, body: cut() as unknown as RequestInit['body'] }
    })

    const log = memoryLog()
    const failed = pushLayout({
      layoutDir: layout.layoutDir,
      references,
      credentials: credentials(),
      log,
      fetch: killing,
      retry: RETRY
    })
    const error = (await failed.catch((e: unknown) => e)) as UserError
    expect(error).toBeInstanceOf(UserError)
    expect(killedAfter).toBeGreaterThan(0)
    expect(error.message).toMatch(
      new RegExp(
        `^Registry ${registry.host}: uploading layer ${bigLayer.slice(0, 19)}… to ${registry.host}/${repository} failed: could not reach the registry after 3 tries \\(.*ECONNREFUSED.*\\)\\.$`
      )
    )
    expect(log.lines.join('\n')).toMatch(/starting the upload again \(try 2 of 3\)/)

    await registry.start()
    expect(await listTags(registry, repository, auth())).toEqual([])

    const again = memoryLog()
    const result = await pushLayout({
      layoutDir: layout.layoutDir,
      references,
      credentials: credentials(),
      log: again
    })
    expect(result).toEqual({ digest: layout.manifestDigest, pushed: references })
    // What landed before the crash is not sent twice.
    expect(again.lines.filter((l) => l.includes('already there, skipped')).length).toBe(2)
    expect(
      again.lines.some((l) => l.includes(`${bigLayer.slice(0, 19)}… uploaded (24.0 MB)`))
    ).toBe(true)
    expect(await listTags(registry, repository, auth())).toEqual(['1.0', '1.0.0', 'latest'])
    for (const reference of references)
      expect(await skopeoDigest(registry, reference)).toBe(layout.manifestDigest)

    fixture.removeAfter(references[0] ?? '')
    expect((await pullAndRun(references[0] ?? '', fixture.docker)).trim()).toBe(LINE)
  },
  SLOW
)

test(
  'killed between two tags: the tag already written points at a complete image; the next push adds the rest',
  async () => {
    const registry = fixture.registry
    const repository = `crash/${uniqueName('tags')}`
    const references = ['v1', 'v2'].map((t) => `${registry.host}/${repository}:${t}`)
    let manifestPuts = 0
    const killing = fetchWith(async (url, init) => {
      if (init.method === 'PUT' && url.includes('/manifests/') && ++manifestPuts === 2) {
        await registry.kill()
      }
      return init
    })
    const failed = pushLayout({
      layoutDir: layout.layoutDir,
      references,
      credentials: credentials(),
      log: memoryLog(),
      fetch: killing,
      retry: RETRY
    })
    await expect(failed).rejects.toThrow(
      new RegExp(
        `^Registry ${registry.host}: tagging ${registry.host}/${repository}:v2 \\(putting manifest sha256:[0-9a-f]{12}…\\) failed: could not reach the registry after 3 tries`
      )
    )

    await registry.start()
    expect(await listTags(registry, repository, auth())).toEqual(['v1'])
    expect(await blobsOfTagPresent(repository, 'v1')).toBe(true)

    const again = memoryLog()
    await pushLayout({
      layoutDir: layout.layoutDir,
      references,
      credentials: credentials(),
      log: again
    })
    expect(again.lines.filter((l) => l.includes('already there, skipped')).length).toBe(3)
    expect(await listTags(registry, repository, auth())).toEqual(['v1', 'v2'])
    expect(await skopeoDigest(registry, references[1] ?? '')).toBe(layout.manifestDigest)
  },
  SLOW
)
