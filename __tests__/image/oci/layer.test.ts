import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { UserError } from '../../../src/ground/errors.js'
import { entry, type RootfsEntry } from '../../../src/image/entry-list.js'
import { materialiseLayer } from '../../../src/image/materialise.js'
import { writeLayer } from '../../../src/image/oci/layer.js'
import type { Layer } from '../../../src/image/rootfs.js'
import { freshDir } from '../../support/paths.js'
import { mustRun } from '../../support/run.js'
import { writeHostTree } from '../../support/host-tree.js'

let src: string
let out: string

beforeAll(async () => {
  src = await freshDir('oci-layer-src')
  out = await freshDir('oci-layer-out')
  await writeHostTree(src)
})

afterAll(async () => {
  await rm(src, { recursive: true, force: true })
  await rm(out, { recursive: true, force: true })
})

function summary(items: readonly RootfsEntry[]): string[] {
  return items.map((item) => {
    const type = { host: 'file', bytes: 'file', directory: 'dir', symlink: 'symlink' }[
      item.source.from
    ]
    const mode = item.source.from === 'symlink' ? 'link' : item.mode.toString(8)
    const extra = item.source.from === 'symlink' ? ` -> ${item.source.target}` : ''
    return `${type} ${mode} ${item.path}${extra}`
  })
}

test('materialiseLayer: user files keep executable or not, trees are 0444/0755 with inside links', async () => {
  const layers: Layer[] = [
    {
      kind: 'files',
      dir: 'files',
      reasons: [],
      entries: [
        { type: 'file', src: join(src, 'script.sh'), dest: '/usr/bin/run.sh', mode: 0o444 },
        { type: 'file', src: join(src, 'config.yaml'), dest: '/etc/app/config.yaml', mode: 0o444 }
      ]
    },
    {
      kind: 'tzdata',
      dir: 'tzdata',
      reasons: [],
      entries: [
        {
          type: 'tree',
          src: join(src, 'zoneinfo'),
          dest: '/usr/share/zoneinfo',
          skip: ['right', 'localtime']
        }
      ]
    }
  ]
  expect(summary((await materialiseLayer(layers[0])).entries)).toEqual([
    'dir 755 etc',
    'dir 755 etc/app',
    'file 444 etc/app/config.yaml',
    'dir 755 usr',
    'dir 755 usr/bin',
    // Executable on the runner, so executable in the image.
    'file 555 usr/bin/run.sh'
  ])
  expect(summary((await materialiseLayer(layers[1])).entries)).toEqual([
    'dir 755 usr',
    'dir 755 usr/share',
    'dir 755 usr/share/zoneinfo',
    'dir 755 usr/share/zoneinfo/Europe',
    'file 444 usr/share/zoneinfo/Europe/Berlin',
    'file 444 usr/share/zoneinfo/UTC',
    'symlink link usr/share/zoneinfo/Zulu -> UTC'
  ])
})

test('a missing file is a UserError naming it', async () => {
  const layer: Layer = {
    kind: 'binary',
    dir: 'binary',
    reasons: [],
    entries: [{ type: 'file', src: join(src, 'nope'), dest: '/nope', mode: 0o555 }]
  }
  await expect(materialiseLayer(layer)).rejects.toThrow(UserError)
  await expect(materialiseLayer(layer)).rejects.toThrow(/nope does not exist/)
})

test('writeLayer: digest and DiffID are the hashes of the blob and of its tar', async () => {
  const blobs = join(out, 'blobs')
  await mkdir(blobs)
  const items: RootfsEntry[] = [
    entry('etc', 0o755, { from: 'directory' }),
    entry('etc/passwd', 0o444, { from: 'bytes', data: Buffer.from('root:x:0:0\n') }),
    entry('app', 0o555, { from: 'host', path: join(src, 'app'), size: 7 })
  ]
  const layer = await writeLayer(items, 1700000000, blobs)
  expect(await readdir(blobs)).toEqual([layer.digest.slice(7)])
  const blob = await readFile(join(blobs, layer.digest.slice(7)))
  expect(blob).toHaveLength(layer.size)
  expect(`sha256:${createHash('sha256').update(blob).digest('hex')}`).toBe(layer.digest)
  // The OS byte is pinned to Unix whatever zlib was built for.
  expect(blob[9]).toBe(3)
  const tar = gunzipSync(blob)
  expect(tar).toHaveLength(layer.uncompressedSize)
  expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(layer.diffId)
  const tarPath = join(out, 'layer.tar')
  await writeFile(tarPath, tar)
  const listing = await mustRun('tar', ['-tvf', tarPath, '--full-time', '--numeric-owner'])
  expect(listing.stdout.trim().split('\n')).toEqual([
    'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 etc/',
    '-r--r--r-- 0/0              11 2023-11-14 22:13:20 etc/passwd',
    '-r-xr-xr-x 0/0               7 2023-11-14 22:13:20 app'
  ])
  const again = await writeLayer(items, 1700000000, blobs)
  expect(again).toEqual(layer)
})

test('a file that changed size after it was listed fails the layer, leaving no blob', async () => {
  const blobs = join(out, 'blobs-changed')
  await mkdir(blobs)
  const items: RootfsEntry[] = [
    entry('app', 0o555, { from: 'host', path: join(src, 'app'), size: 3 })
  ]
  await expect(writeLayer(items, 0, blobs)).rejects.toThrow(/changed size/)
  expect(await readdir(blobs)).toEqual([])
})
