import { createHash } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../src/ground/errors.js'
import {
  DOCKER_MANIFEST,
  OCI_MANIFEST,
  readLayout,
  readLayoutTop
} from '../../../src/image/registry/layout.js'
import { freshDir } from '../../support/paths.js'

const digestOf = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`

let dir: string
beforeEach(async () => {
  dir = await freshDir('registry-layout')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

interface Options {
  readonly index?: (manifest: { digest: string; size: number }) => unknown
  readonly manifest?: (config: Blob, layers: Blob[]) => unknown
  /** Change what is on disk after the descriptors were computed. */
  readonly tamper?: (blobs: string, blob: { config: Blob; layers: Blob[] }) => Promise<void>
  readonly marker?: string | null
}
interface Blob {
  digest: string
  size: number
}

async function blob(blobs: string, bytes: Buffer): Promise<Blob> {
  const digest = digestOf(bytes)
  await writeFile(join(blobs, digest.slice(7)), bytes)
  return { digest, size: bytes.length }
}

async function layout(options: Options = {}): Promise<string> {
  const blobs = join(dir, 'blobs', 'sha256')
  await mkdir(blobs, { recursive: true })
  const config = await blob(blobs, Buffer.from('{"architecture":"amd64","os":"linux"}'))
  const layers = [
    await blob(blobs, Buffer.from('layer one')),
    await blob(blobs, Buffer.from('two'))
  ]
  const manifestJson = options.manifest?.(config, layers) ?? {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l }))
  }
  const manifest = await blob(blobs, Buffer.from(JSON.stringify(manifestJson)))
  const index = options.index?.(manifest) ?? {
    schemaVersion: 2,
    manifests: ['1.0', 'latest'].map((tag) => ({
      mediaType: OCI_MANIFEST,
      ...manifest,
      annotations: { 'org.opencontainers.image.ref.name': tag }
    }))
  }
  await writeFile(join(dir, 'index.json'), JSON.stringify(index))
  if (options.marker !== null) {
    await writeFile(join(dir, 'oci-layout'), options.marker ?? '{"imageLayoutVersion":"1.0.0"}')
  }
  await options.tamper?.(blobs, { config, layers })
  return dir
}

test('one image named by several tags: manifest bytes as stored, config then layers', async () => {
  const image = await readLayout(await layout())
  expect(image.manifest.mediaType).toBe(OCI_MANIFEST)
  expect(digestOf(image.manifest.bytes)).toBe(image.manifest.digest)
  expect(image.blobs.map((b) => [b.kind, b.size])).toEqual([
    ['config', 37],
    ['layer', 9],
    ['layer', 3]
  ])
  expect(image.blobs[1]?.path).toBe(join(dir, 'blobs', 'sha256', image.blobs[1]?.digest.slice(7)))
})

test('a docker v2 manifest without a mediaType field takes the descriptor type; repeated layers once', async () => {
  const image = await readLayout(
    await layout({
      manifest: (config, layers) => ({
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
        layers: [layers[0], layers[0]].map((l) => ({ mediaType: 'x', ...l }))
      }),
      index: (manifest) => ({ manifests: [{ mediaType: DOCKER_MANIFEST, ...manifest }] })
    })
  )
  expect(image.manifest.mediaType).toBe(DOCKER_MANIFEST)
  expect(image.blobs.length).toBe(2)
})

test.each<[string, Options, RegExp]>([
  ['no oci-layout', { marker: null }, /cannot read oci-layout \(ENOENT\)/],
  ['a broken oci-layout', { marker: '{}' }, /oci-layout has no imageLayoutVersion/],
  ['no manifests list', { index: () => ({}) }, /index.json has no manifests list/],
  [
    'two images',
    {
      index: (m) => ({
        manifests: [m, { ...m, digest: `sha256:${'0'.repeat(64)}` }]
      })
    },
    /index.json names 2 images; exactly one is pushed/
  ],
  [
    'an image index',
    {
      index: (m) => ({
        manifests: [{ ...m, mediaType: 'application/vnd.oci.image.index.v1+json' }]
      })
    },
    /holds an image index/
  ],
  [
    'a bad digest',
    { index: (m) => ({ manifests: [{ ...m, digest: 'sha256:xyz' }] }) },
    /manifests\[0\] has no valid digest/
  ],
  [
    'a manifest whose size is wrong',
    { index: (m) => ({ manifests: [{ ...m, size: m.size + 1 }] }) },
    /does not match its digest/
  ],
  [
    'a missing layer',
    {
      tamper: async (blobs, { layers }) =>
        rm(join(blobs, (layers[1]?.digest ?? '').slice(7)), { force: true })
    },
    /layer blob sha256:[0-9a-f]{64} is missing/
  ],
  [
    'a layer of the wrong size',
    {
      tamper: async (blobs, { layers }) =>
        writeFile(join(blobs, (layers[0]?.digest ?? '').slice(7)), 'longer than before')
    },
    /layer blob sha256:[0-9a-f]{64} has 18 bytes, the manifest says 9/
  ],
  [
    'not an image manifest',
    {
      manifest: (config) => ({
        mediaType: 'application/vnd.oci.artifact.manifest.v1+json',
        config,
        layers: []
      })
    },
    /media type application\/vnd.oci.artifact.manifest.v1\+json is not an image manifest/
  ]
])('%s is refused clearly', async (_what, options, message) => {
  const path = await layout(options)
  const read = readLayout(path)
  await expect(read).rejects.toThrow(UserError)
  await expect(readLayout(path)).rejects.toThrow(message)
})

describe('readLayoutTop', () => {
  const INDEX = 'application/vnd.oci.image.index.v1+json'

  /** The layout above with an image index over its manifest put on top (`entries` of it). */
  async function indexLayout(
    entries: (manifest: { digest: string; size: number }) => unknown[]
  ): Promise<{ dir: string; digest: string }> {
    let inner = { digest: '', size: 0 }
    const path = await layout({
      index: (manifest) => {
        inner = manifest
        return { manifests: [] }
      }
    })
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: entries(inner) })
    )
    const top = await blob(join(path, 'blobs', 'sha256'), bytes)
    await writeFile(
      join(path, 'index.json'),
      JSON.stringify({ manifests: [{ mediaType: INDEX, ...top }] })
    )
    return { dir: path, digest: top.digest }
  }

  test('one image: as readLayout reads it', async () => {
    const path = await layout()
    const top = await readLayoutTop(path)
    expect(top).toEqual({ kind: 'image', image: await readLayout(path) })
  })

  test('an index: its own bytes, then each image it lists with its blobs', async () => {
    const { dir: path, digest } = await indexLayout((m) => [
      { mediaType: OCI_MANIFEST, ...m, platform: { os: 'linux', architecture: 'amd64' } }
    ])
    const top = await readLayoutTop(path)
    if (top.kind !== 'index') throw new Error('expected an index')
    expect(top.index.digest).toBe(digest)
    expect(top.index.mediaType).toBe(INDEX)
    expect(top.images).toHaveLength(1)
    expect(top.images[0].blobs.map((b) => b.kind)).toEqual(['config', 'layer', 'layer'])
  })

  test.each<[string, (m: { digest: string; size: number }) => unknown[], RegExp]>([
    ['an empty index', () => [], /lists no manifests/],
    ['an index of indexes', (m) => [{ mediaType: INDEX, ...m }], /index of indexes/],
    [
      'an image missing',
      () => [{ mediaType: OCI_MANIFEST, digest: `sha256:${'0'.repeat(64)}`, size: 3 }],
      /manifest blob .* is missing/
    ]
  ])('%s is refused', async (_what, entries, message) => {
    const { dir: path } = await indexLayout(entries)
    const read = readLayoutTop(path)
    await expect(read).rejects.toBeInstanceOf(UserError)
    await expect(read).rejects.toThrow(message)
  })
})
