import {
  chmod,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { UserError } from '../../src/ground/errors.js'
import { BLOCK, paddedSize, parseNumber, parseTarHeader } from '../../src/ground/tar-format.js'
import {
  findHostFiles,
  writeContext,
  writeIndexContext,
  type BuildContext,
  type IndexContext
} from '../../src/image/context.js'
import { materialiseLayer } from '../../src/image/materialise.js'
import { writeLayer } from '../../src/image/oci/layer.js'
import type { RootfsPlan } from '../../src/image/rootfs.js'
import { freshDir } from '../support/paths.js'
import { writeHostTree } from '../support/host-tree.js'

let src: string
const contexts: (BuildContext | IndexContext)[] = []

beforeAll(async () => {
  src = await freshDir('context-src')
  await writeHostTree(src)
  const zi = join(src, 'zoneinfo')
  await mkdir(join(zi, 'posix'))
  await symlink('../Europe', join(zi, 'posix', 'Europe'))
  await symlink('../../zoneinfo/UTC', join(zi, 'posix', 'UTC'))
  await symlink('../../../etc/x', join(zi, 'posix', 'out'))
  await writeFile(join(src, 'suid'), '#!/bin/sh\n')
  await chmod(join(src, 'suid'), 0o6755)
})

afterAll(async () => {
  for (const context of contexts) await context.cleanup()
  await rm(src, { recursive: true, force: true })
})

function plan(): RootfsPlan {
  return {
    binaryName: 'app',
    layers: [
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
      },
      {
        kind: 'passwd',
        dir: 'passwd',
        reasons: [],
        entries: [{ type: 'text', content: 'root:x:0:0::/:/x\n', dest: '/etc/passwd', mode: 0o444 }]
      },
      {
        kind: 'tmp',
        dir: 'tmp',
        reasons: [],
        entries: [{ type: 'dir', dest: '/tmp', mode: 0o1777 }]
      },
      {
        kind: 'files',
        dir: 'files',
        reasons: [],
        entries: [
          {
            type: 'file',
            src: join(src, 'config.yaml'),
            dest: '/etc/app/config.yaml',
            mode: 0o444
          },
          { type: 'file', src: join(src, 'script.sh'), dest: '/tmp/run.sh', mode: 0o444 },
          { type: 'file', src: join(src, 'suid'), dest: '/usr/bin/suid', mode: 0o444 }
        ]
      },
      {
        kind: 'binary',
        dir: 'binary',
        reasons: [],
        entries: [{ type: 'file', src: join(src, 'app'), dest: '/app', mode: 0o555 }]
      }
    ]
  }
}

/** Every path under the context with its mode, mtime and (for links) target. */
async function listing(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name)
      const info = await lstat(path)
      const what = info.isSymbolicLink()
        ? `-> ${await readlink(path)}`
        : info.isDirectory()
          ? 'dir'
          : `${info.size}`
      out.push(
        `${relative(root, path)} ${(info.mode & 0o7777).toString(8)} ${info.mtimeMs / 1000} ${what}`
      )
      if (info.isDirectory()) await walk(path)
    }
  }
  await walk(root)
  return out
}

test('fixed modes and one mtime; only the plan goes in; sizes per layer', async () => {
  const context = await writeContext(plan(), 1700000000)
  contexts.push(context)
  expect(await listing(context.contextDir)).toEqual([
    'binary 755 1700000000 dir',
    'binary/app 555 1700000000 7',
    'files 755 1700000000 dir',
    'files/etc 755 1700000000 dir',
    'files/etc/app 755 1700000000 dir',
    'files/etc/app/config.yaml 444 1700000000 5',
    'files/tmp 1777 1700000000 dir',
    'files/tmp/run.sh 555 1700000000 10',
    'files/usr 755 1700000000 dir',
    'files/usr/bin 755 1700000000 dir',
    // Executable on the runner, so executable in the image; never setuid or setgid.
    'files/usr/bin/suid 555 1700000000 10',
    'passwd 755 1700000000 dir',
    'passwd/etc 755 1700000000 dir',
    'passwd/etc/passwd 444 1700000000 17',
    'tmp 755 1700000000 dir',
    'tmp/tmp 1777 1700000000 dir',
    'tzdata 755 1700000000 dir',
    'tzdata/usr 755 1700000000 dir',
    'tzdata/usr/share 755 1700000000 dir',
    'tzdata/usr/share/zoneinfo 755 1700000000 dir',
    'tzdata/usr/share/zoneinfo/Europe 755 1700000000 dir',
    'tzdata/usr/share/zoneinfo/Europe/Berlin 444 1700000000 11',
    'tzdata/usr/share/zoneinfo/UTC 444 1700000000 8',
    'tzdata/usr/share/zoneinfo/Zulu 777 1700000000 -> UTC',
    'tzdata/usr/share/zoneinfo/posix 755 1700000000 dir',
    'tzdata/usr/share/zoneinfo/posix/Europe 777 1700000000 -> ../Europe',
    'tzdata/usr/share/zoneinfo/posix/UTC 777 1700000000 -> ../../zoneinfo/UTC'
  ])
  expect(context.layers.map((l) => [l.kind, l.bytes])).toEqual([
    ['tzdata', 19],
    ['passwd', 17],
    ['tmp', 0],
    ['files', 25],
    ['binary', 7]
  ])
  expect(context.layers[0].files).toEqual([
    { path: '/usr/share/zoneinfo/Europe/Berlin', size: 11 },
    { path: '/usr/share/zoneinfo/UTC', size: 8 }
  ])
})

/** path, mode and content of every entry of an uncompressed layer tar, in the listing's form. */
function tarListing(tar: Buffer): string[] {
  const out: string[] = []
  for (let at = 0; at + BLOCK <= tar.length;) {
    const block = tar.subarray(at, at + BLOCK)
    const parsed = parseTarHeader(block)
    if (parsed.kind === 'end') break
    const { name, type, size, linkname } = parsed.header
    const mode = parseNumber(block.subarray(100, 108), 'mode') & 0o7777
    const what = type === '2' ? `-> ${linkname}` : type === '5' ? 'dir' : `${size}`
    out.push(`${name.replace(/\/$/, '')} ${mode.toString(8)} ${what}`)
    at += BLOCK + paddedSize(size)
  }
  return out.sort()
}

test('the buildx context and the OCI layers hold the same entries: one list for both engines', async () => {
  const context = await writeContext(plan(), 1700000000)
  contexts.push(context)
  const blobs = join(context.root, 'blobs')
  await mkdir(blobs)
  for (const layer of plan().layers) {
    const { entries } = await materialiseLayer(layer)
    const blob = await writeLayer(entries, 1700000000, blobs)
    const fromTar = tarListing(gunzipSync(await readFile(join(blobs, blob.digest.slice(7)))))
    const layerDir = join(context.contextDir, layer.dir)
    const fromContext = (await listing(layerDir)).map((line) => line.replace(' 1700000000 ', ' '))
    expect(fromTar).toEqual(fromContext.sort())
  }
})

test('two writes of the same plan are identical', async () => {
  const a = await writeContext(plan(), 1234567890)
  const b = await writeContext(plan(), 1234567890)
  contexts.push(a, b)
  expect(await listing(b.contextDir)).toEqual(await listing(a.contextDir))
})

test('a missing source is a UserError and leaves no folder behind', async () => {
  const broken: RootfsPlan = {
    binaryName: 'app',
    layers: [
      {
        kind: 'files',
        dir: 'files',
        reasons: [],
        entries: [
          { type: 'file', src: join(src, 'nope.yaml'), dest: '/etc/nope.yaml', mode: 0o444 }
        ]
      }
    ]
  }
  await expect(writeContext(broken, 0)).rejects.toThrow(UserError)
  await expect(writeContext(broken, 0)).rejects.toThrow(/files: .*nope.yaml does not exist/)
})

test('findHostFiles takes the first candidate that exists', async () => {
  const found = await findHostFiles(
    '/bin/app',
    [join(src, 'missing.crt'), join(src, 'config.yaml')],
    [join(src, 'nope'), join(src, 'zoneinfo')]
  )
  expect(found).toEqual({
    binaryPath: '/bin/app',
    caBundle: join(src, 'config.yaml'),
    zoneinfo: join(src, 'zoneinfo')
  })
  const none = await findHostFiles('/bin/app', [join(src, 'zoneinfo')], [join(src, 'app')])
  expect(none).toEqual({ binaryPath: '/bin/app', caBundle: null, zoneinfo: null })
})

test("an index context: each platform's layers under its architecture, the same entries as its own context, one mtime", async () => {
  const single = await writeContext(plan(), 1700000000)
  const index = await writeIndexContext(
    [
      { architecture: 'amd64', plan: plan() },
      { architecture: 'arm64', plan: plan() }
    ],
    1700000000
  )
  contexts.push(single, index)
  expect(await readdir(index.contextDir)).toEqual(['amd64', 'arm64'])
  for (const arch of ['amd64', 'arm64']) {
    expect(await listing(join(index.contextDir, arch))).toEqual(await listing(single.contextDir))
  }
  expect(index.platforms.map((p) => p.architecture)).toEqual(['amd64', 'arm64'])
  expect(index.platforms[1].layers).toEqual(single.layers)
  const top = await lstat(join(index.contextDir, 'arm64'))
  expect([top.mtimeMs / 1000, (top.mode & 0o7777).toString(8)]).toEqual([1700000000, '755'])
})

test('an architecture that is not a plain name is refused, and leaves no folder behind', async () => {
  const parent = await freshDir('context-index-bad')
  await expect(
    writeIndexContext([{ architecture: '../x', plan: plan() }], 0, parent)
  ).rejects.toThrow(/bad architecture/)
  expect(await readdir(parent)).toEqual([])
})
