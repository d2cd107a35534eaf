import { LINUX_AMD64 } from '../../../src/ground/platform.js'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../src/ground/errors.js'
import { materialiseLayer } from '../../../src/image/materialise.js'
import { containerConfig } from '../../../src/image/oci/config.js'
import { measureLayer } from '../../../src/image/oci/layer.js'
import { writeOciImage } from '../../../src/image/oci/write.js'
import { parseUser, type Layer, type RootfsPlan } from '../../../src/image/rootfs.js'
import { writeHostTree } from '../../support/host-tree.js'
import { freshDir } from '../../support/paths.js'

// The writer compresses an image's layers at once; what it lists must be what
// writing them one at a time gives, in plan order, and a failure the first in
// that order.

let src: string
let out: string

beforeAll(async () => {
  src = await freshDir('oci-write-src')
  out = await freshDir('oci-write-out')
  await writeHostTree(src)
})

afterAll(async () => {
  await rm(src, { recursive: true, force: true })
  await rm(out, { recursive: true, force: true })
})

const config = containerConfig({
  binaryName: 'run.sh',
  user: parseUser('65532:65532'),
  entrypointArgs: [],
  expose: [],
  labels: {}
})

function image(layers: Layer[]): Parameters<typeof writeOciImage>[0] {
  const plan: RootfsPlan = { binaryName: 'run.sh', layers }
  return {
    plan,
    config,
    platform: LINUX_AMD64,
    tags: ['example.com/write:1'],
    epoch: 1_700_000_000,
    outDir: out
  }
}

const tzdata = (): Layer => ({
  kind: 'tzdata',
  dir: 'tzdata',
  reasons: [],
  entries: [{ type: 'tree', src: join(src, 'zoneinfo'), dest: '/usr/share/zoneinfo', skip: [] }]
})
const files = (name: string): Layer => ({
  kind: 'files',
  dir: 'files',
  reasons: [],
  entries: [{ type: 'file', src: join(src, name), dest: '/usr/bin/run.sh', mode: 0o444 }]
})

test('layers written at once are listed in plan order, each as written alone', async () => {
  const layers = [tzdata(), files('script.sh'), files('config.yaml')]
  const written = await writeOciImage(image(layers))
  const alone = []
  for (const layer of layers) {
    const { entries } = await materialiseLayer(layer)
    alone.push(await measureLayer(entries, 1_700_000_000))
  }
  expect(written.layers.map((layer) => [layer.kind, layer.digest, layer.diffId])).toEqual(
    alone.map((blob, i) => [layers[i].kind, blob.digest, blob.diffId])
  )
  expect(written.files.map((file) => file.path)).toContain('/usr/bin/run.sh')
})

test('when several layers fail, the error is the first failing layer in plan order', async () => {
  const missing = {
    ...tzdata(),
    entries: [
      { type: 'file' as const, src: join(src, 'gone-b'), dest: '/usr/share/b', mode: 0o444 }
    ]
  }
  const error = await writeOciImage(image([tzdata(), files('gone-a'), missing])).catch(
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  expect((error as UserError).message).toContain('gone-a')
})
