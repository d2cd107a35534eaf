import { createHash } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LINUX_AMD64 } from '../../../src/ground/platform.js'
import { entry, type RootfsEntry } from '../../../src/image/entry-list.js'
import { imageConfig, sha256Digest, type ContainerConfig } from '../../../src/image/oci/config.js'
import { tarChunks, tarSize, writeLayer, type LayerBlob } from '../../../src/image/oci/layer.js'
import { feedLoadArchive, type FeedLayer } from '../../../src/image/oci/load-feed.js'
import { freshDir } from '../../support/paths.js'
import { mustRun } from '../../support/run.js'

const EPOCH = 1_700_000_000
let dir: string
let binary: RootfsEntry[]
let extras: RootfsEntry[]

beforeAll(async () => {
  dir = await freshDir('load-feed')
  const app = join(dir, 'app')
  await writeFile(app, Buffer.alloc(70_000, 7))
  binary = [entry('app', 0o755, { from: 'host', path: app, size: 70_000 })]
  // A name too long for USTAR takes a PAX header: the size must count it.
  const deep = `usr/share/${'x'.repeat(120)}/file`
  extras = [
    entry('etc', 0o755, { from: 'directory' }),
    entry('etc/hostname', 0o644, { from: 'bytes', data: Buffer.from('box\n') }),
    entry('etc/localtime', 0o777, { from: 'symlink', target: '/usr/share/zoneinfo/UTC' }),
    entry(deep, 0o444, { from: 'bytes', data: Buffer.from('deep') })
  ]
})

afterAll(() => rm(dir, { recursive: true, force: true }))

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

const sha256 = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`

test.each([
  ['a host file', () => binary],
  ['folders, bytes, a link and a PAX-long name', () => extras],
  ['nothing', () => []]
])('tarSize of %s is the length of the tar it streams', async (_name, entries) => {
  const tar = await collect(tarChunks(entries(), EPOCH))
  expect(tarSize(entries(), EPOCH)).toBe(tar.length)
})

describe('the archive docker load gets from a classic-store engine', () => {
  const config: ContainerConfig = {
    User: '0:0',
    Env: ['PATH=/'],
    Entrypoint: ['/app'],
    WorkingDir: '/'
  }
  let blobs: LayerBlob[]

  beforeAll(async () => {
    blobs = [
      await writeLayer(extras, EPOCH, await freshDir('load-feed-blobs')),
      await writeLayer(binary, EPOCH, await freshDir('load-feed-blobs'))
    ]
  })

  async function fed(plainMax?: number): Promise<{ archive: string; digest: string }> {
    const parts: Buffer[] = []
    const layers: FeedLayer[] = [
      { kind: 'tzdata', entries: extras, blob: async () => ({ path: '', diffId: '' }) },
      { kind: 'binary', entries: binary, blob: async () => ({ path: '', diffId: '' }) }
    ]
    const digest = await feedLoadArchive(
      { layers, config, tags: ['feed/test:1'], epoch: EPOCH, platform: LINUX_AMD64, plainMax },
      async (chunk) => {
        parts.push(chunk)
      }
    )
    const archive = join(dir, `feed-${plainMax ?? 'default'}.tar`)
    await writeFile(archive, Buffer.concat(parts))
    return { archive, digest }
  }

  test('plain layers, then the config and manifest.json; the config is the layout writer’s', async () => {
    const { archive, digest } = await fed()
    const listing = await mustRun('tar', ['-tf', archive])
    expect(listing.stdout.trim().split('\n')).toEqual([
      'layer-0.tar',
      'layer-1.tar',
      'config.json',
      'manifest.json'
    ])
    const out = await freshDir('load-feed-out')
    await mustRun('tar', ['-xf', archive, '-C', out])
    // Each plain layer is the tar whose digest the gzip blob's DiffID names.
    expect(sha256(await readFile(join(out, 'layer-0.tar')))).toBe(blobs[0].diffId)
    expect(sha256(await readFile(join(out, 'layer-1.tar')))).toBe(blobs[1].diffId)
    const expected = imageConfig({
      config,
      layers: [
        { kind: 'tzdata', diffId: blobs[0].diffId },
        { kind: 'binary', diffId: blobs[1].diffId }
      ],
      epoch: EPOCH,
      platform: LINUX_AMD64
    })
    expect(await readFile(join(out, 'config.json'))).toEqual(expected)
    expect(digest).toBe(sha256Digest(expected))
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))).toEqual([
      { Config: 'config.json', RepoTags: ['feed/test:1'], Layers: ['layer-0.tar', 'layer-1.tar'] }
    ])
    await rm(out, { recursive: true, force: true })
  })

  test('a layer over the plain limit goes as its gzip blob, with the blob’s DiffID', async () => {
    const blobDir = await freshDir('load-feed-big')
    const big = await writeLayer(binary, EPOCH, blobDir)
    const parts: Buffer[] = []
    const digest = await feedLoadArchive(
      {
        layers: [
          {
            kind: 'binary',
            entries: binary,
            blob: async () => ({
              path: join(blobDir, big.digest.slice('sha256:'.length)),
              diffId: big.diffId
            })
          }
        ],
        config,
        tags: [],
        epoch: EPOCH,
        platform: LINUX_AMD64,
        plainMax: 1000
      },
      async (chunk) => {
        parts.push(chunk)
      }
    )
    const archive = join(blobDir, 'feed.tar')
    await writeFile(archive, Buffer.concat(parts))
    const listing = await mustRun('tar', ['-tf', archive])
    expect(listing.stdout.trim().split('\n')).toEqual([
      'layer-0.tar.gz',
      'config.json',
      'manifest.json'
    ])
    await mustRun('tar', ['-xf', archive, '-C', blobDir, 'layer-0.tar.gz'])
    expect(sha256(await readFile(join(blobDir, 'layer-0.tar.gz')))).toBe(big.digest)
    expect(digest).toBe(
      sha256Digest(
        imageConfig({
          config,
          layers: [{ kind: 'binary', diffId: big.diffId }],
          epoch: EPOCH,
          platform: LINUX_AMD64
        })
      )
    )
    await rm(blobDir, { recursive: true, force: true })
  })
})
