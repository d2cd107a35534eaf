import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { createHash, randomBytes } from 'node:crypto'
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ProgramNotFoundError, type Exec, type ExecResult } from '../../src/ground/exec.js'
import type { ImageResult } from '../../src/image/types.js'
import { estimateFromArchive, indexTar, measureImage } from '../../src/report/measure.js'
import { memoryLog } from '../support/docker.js'
import { freshDir } from '../support/paths.js'
import { mustRun } from '../support/run.js'

// Archives here are written by GNU tar, not by a writer of ours, so the reader
// is checked against the formats real tools produce (GNU long names, PAX).

let dir: string
let counter = 0

beforeAll(async () => {
  dir = await freshDir('measure-archive')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** A folder laid out as `files` says, packed by GNU tar in the given order and format. */
async function pack(
  files: Record<string, Uint8Array | string | { symlink: string }>,
  format: 'gnu' | 'posix' = 'gnu'
): Promise<string> {
  const root = join(dir, `tree-${++counter}`)
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path)
    await mkdir(dirname(target), { recursive: true })
    if (typeof content === 'object' && 'symlink' in content) await symlink(content.symlink, target)
    else await writeFile(target, content)
  }
  const archive = join(dir, `archive-${counter}.tar`)
  await mustRun('tar', [
    `--format=${format}`,
    '--no-recursion',
    '-cf',
    archive,
    '-C',
    root,
    ...Object.keys(files)
  ])
  return archive
}

/** A layer tar: half random (incompressible), half repetitive, like a real binary. */
async function layerBytes(): Promise<Buffer> {
  const content = Buffer.concat([randomBytes(20_000), Buffer.alloc(30_000, 'hello from a layer ')])
  const archive = await pack({ hello: content })
  return readFile(archive)
}

const CONFIG = JSON.stringify({
  architecture: 'amd64',
  os: 'linux',
  config: { Entrypoint: ['/hello'] }
})

/** Saved as Docker 20.10 does: `<id>.json`, `<layer>/layer.tar`, manifest.json last. */
async function legacySave(layer: Buffer, format: 'gnu' | 'posix', layerDir = sha256(layer)) {
  const id = sha256(Buffer.from(CONFIG))
  return pack(
    {
      [`${id}.json`]: CONFIG,
      [`${layerDir}/VERSION`]: '1.0',
      [`${layerDir}/layer.tar`]: layer,
      'manifest.json': JSON.stringify([
        { Config: `${id}.json`, RepoTags: null, Layers: [`${layerDir}/layer.tar`] }
      ])
    },
    format
  )
}

/** Saved as Docker 25+ does: blobs, index.json, manifest.json, legacy names as symlinks. */
async function ociSave(layer: Buffer, withManifestJson: boolean): Promise<string> {
  const configDigest = sha256(Buffer.from(CONFIG))
  const layerDigest = sha256(layer)
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${configDigest}`,
      size: CONFIG.length
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: `sha256:${layerDigest}`,
        size: layer.length
      }
    ]
  })
  const manifestDigest = sha256(Buffer.from(manifest))
  const files: Record<string, Uint8Array | string | { symlink: string }> = {
    'blobs/sha256/': '',
    [`blobs/sha256/${configDigest}`]: CONFIG,
    [`blobs/sha256/${layerDigest}`]: layer,
    [`blobs/sha256/${manifestDigest}`]: manifest,
    [`${layerDigest}/layer.tar`]: { symlink: `../blobs/sha256/${layerDigest}` },
    'index.json': JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${manifestDigest}`,
          size: manifest.length
        }
      ]
    }),
    'oci-layout': '{"imageLayoutVersion":"1.0.0"}'
  }
  delete files['blobs/sha256/']
  if (withManifestJson) {
    files['manifest.json'] = JSON.stringify([
      {
        Config: `blobs/sha256/${configDigest}`,
        RepoTags: null,
        Layers: [`blobs/sha256/${layerDigest}`]
      }
    ])
  }
  return pack(files, 'posix')
}

describe('indexTar on archives GNU tar wrote', () => {
  // One component past 100 characters cannot go in the ustar fields at all: GNU tar
  // writes a ././@LongLink entry (gnu) or a PAX path record (posix); a long name
  // of short folders goes into the ustar prefix field (posix).
  test.each([
    ['gnu', '././@LongLink'],
    ['posix', 'path=']
  ] as const)(
    '%s format: long names, long link targets, sizes, data offsets',
    async (format, marker) => {
      const split = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}.bin`
      const single = 'g'.repeat(150)
      const archive = await pack(
        {
          'short.txt': 'abc',
          [split]: Buffer.alloc(1000, 1),
          [single]: Buffer.alloc(513, 2),
          empty: '',
          link: { symlink: single }
        },
        format
      )
      const bytes = await readFile(archive)
      expect(bytes.includes(marker)).toBe(true)
      const entries = await indexTar(archive)
      const dataOf = (name: string): Buffer => {
        const entry = entries.get(name)
        if (entry === undefined) throw new Error(`${name} is not in the index`)
        return bytes.subarray(entry.offset, entry.offset + entry.size)
      }
      expect(dataOf('short.txt').toString()).toBe('abc')
      expect(dataOf(split)).toEqual(Buffer.alloc(1000, 1))
      expect(dataOf(single)).toEqual(Buffer.alloc(513, 2))
      expect(entries.get('empty')?.size).toBe(0)
      expect(entries.get('link')).toMatchObject({ type: '2', linkname: single })
      expect([...entries.keys()].sort()).toEqual(
        ['empty', 'link', 'short.txt', single, split].sort()
      )
    }
  )

  test('a truncated archive is an error, not a short list', async () => {
    const archive = await pack({ a: Buffer.alloc(5000, 7) })
    const cut = join(dir, 'cut.tar')
    await writeFile(cut, (await readFile(archive)).subarray(0, 2048))
    await expect(indexTar(cut)).rejects.toThrow(/runs past the end/)
  })
})

describe('estimateFromArchive', () => {
  let layer: Buffer
  let expected: number

  beforeAll(async () => {
    layer = await layerBytes()
    expected = CONFIG.length + gzipSync(layer).length
  })

  test.each<[string, () => Promise<string>]>([
    ['legacy layout, GNU headers', () => legacySave(layer, 'gnu')],
    [
      'legacy layout, PAX headers, a layer folder name past 100 characters',
      () => legacySave(layer, 'posix', 'x'.repeat(120))
    ],
    ['OCI layout with manifest.json (Docker 25+)', () => ociSave(layer, true)],
    ['OCI layout with index.json only', () => ociSave(layer, false)]
  ])('%s: config + gzip of the layer', async (_what, save) => {
    const estimate = await estimateFromArchive(await save())
    expect(estimate).toEqual({
      pullSize: expected,
      config: CONFIG.length,
      layers: [gzipSync(layer).length]
    })
    // The counted stream is the same deflate as gzipSync, and it really compressed.
    expect(estimate.layers[0]).toBeLessThan(layer.length)
  })

  test('a layer saved already compressed (containerd image store) counts as it is', async () => {
    const gz = gzipSync(layer, { level: 9 })
    const estimate = await estimateFromArchive(await legacySave(gz, 'gnu'))
    expect(estimate.layers).toEqual([gz.length])
  })

  test('a manifest.json naming a missing layer is an error', async () => {
    const archive = await pack({
      'c.json': CONFIG,
      'manifest.json': JSON.stringify([{ Config: 'c.json', Layers: ['gone/layer.tar'] }])
    })
    await expect(estimateFromArchive(archive)).rejects.toThrow(/no file gone\/layer.tar/)
  })
})

// ---- both shapes with layers already compressed (containerd image store) ----------------

interface SavedLayer {
  readonly bytes: Buffer
  readonly mediaType: string
}

const LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar'

/**
 * An OCI-shaped `docker save` (Docker 25+): blobs, index.json → manifest,
 * optionally manifest.json, the layers as the daemon holds them; `nested`
 * puts a multi-platform index between index.json and the manifest, as the
 * containerd store saves a pulled multi-platform image.
 */
async function ociSaveOf(
  layers: readonly SavedLayer[],
  options: { manifestJson: boolean; nested?: boolean }
): Promise<string> {
  const configDigest = sha256(Buffer.from(CONFIG))
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${configDigest}`,
      size: CONFIG.length
    },
    layers: layers.map((layer) => ({
      mediaType: layer.mediaType,
      digest: `sha256:${sha256(layer.bytes)}`,
      size: layer.bytes.length
    }))
  })
  const manifestDigest = sha256(Buffer.from(manifest))
  const files: Record<string, Uint8Array | string> = {
    [`blobs/sha256/${configDigest}`]: CONFIG,
    [`blobs/sha256/${manifestDigest}`]: manifest,
    'oci-layout': '{"imageLayoutVersion":"1.0.0"}'
  }
  for (const layer of layers) files[`blobs/sha256/${sha256(layer.bytes)}`] = layer.bytes
  const entry = (digest: string, size: number, platform?: object) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${digest}`,
    size,
    ...(platform ? { platform } : {})
  })
  let top = entry(manifestDigest, manifest.length)
  if (options.nested) {
    const other = sha256(Buffer.from('an arm64 image not in this archive'))
    const list = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        entry(other, 400, { os: 'linux', architecture: 'arm64' }),
        entry(manifestDigest, manifest.length, { os: 'linux', architecture: 'amd64' })
      ]
    })
    const listDigest = sha256(Buffer.from(list))
    files[`blobs/sha256/${listDigest}`] = list
    top = {
      ...entry(listDigest, list.length),
      mediaType: 'application/vnd.oci.image.index.v1+json'
    }
  }
  files['index.json'] = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [top]
  })
  if (options.manifestJson) {
    files['manifest.json'] = JSON.stringify([
      {
        Config: `blobs/sha256/${configDigest}`,
        RepoTags: ['acme/api:1'],
        Layers: layers.map((layer) => `blobs/sha256/${sha256(layer.bytes)}`)
      }
    ])
  }
  return pack(files, 'posix')
}

async function zstdOf(bytes: Buffer): Promise<Buffer> {
  const input = join(dir, `zstd-${++counter}`)
  await writeFile(input, bytes)
  await mustRun('zstd', ['-q', '-19', '-f', input, '-o', `${input}.zst`])
  return readFile(`${input}.zst`)
}

describe('estimateFromArchive: both shapes of docker save, compressed layers as they are', () => {
  let plain: Buffer
  let other: Buffer
  let gz: Buffer
  let zst: Buffer

  beforeAll(async () => {
    plain = await layerBytes()
    other = await layerBytes()
    gz = gzipSync(plain, { level: 9 })
    zst = await zstdOf(other)
  })

  test.each<[string, boolean, boolean]>([
    ['OCI shape with manifest.json', true, false],
    ['OCI shape, index.json only', false, false],
    ['OCI shape, index.json → multi-platform index → linux/amd64', false, true]
  ])('%s: gzip and zstd layers count as their own size', async (_what, manifestJson, nested) => {
    const archive = await ociSaveOf(
      [
        { bytes: gz, mediaType: `${LAYER_TAR}+gzip` },
        { bytes: zst, mediaType: `${LAYER_TAR}+zstd` }
      ],
      { manifestJson, nested }
    )
    expect(await estimateFromArchive(archive)).toEqual({
      pullSize: CONFIG.length + gz.length + zst.length,
      config: CONFIG.length,
      layers: [gz.length, zst.length]
    })
  })

  test('a saved index listing only the amd64 image: arm64 is looked for in index.json, never taken from amd64', async () => {
    const archive = await ociSaveOf([{ bytes: gz, mediaType: `${LAYER_TAR}+gzip` }], {
      manifestJson: true,
      nested: true
    })
    expect((await estimateFromArchive(archive, LINUX_AMD64)).layers).toEqual([gz.length])
    // index.json names the arm64 manifest, but the save holds none of its blobs.
    await expect(estimateFromArchive(archive, LINUX_ARM64)).rejects.toThrow(/no file blobs\/sha256/)
  })

  test('OCI shape, one layer compressed and one not: only the plain one is gzipped', async () => {
    const archive = await ociSaveOf(
      [
        { bytes: gz, mediaType: `${LAYER_TAR}+gzip` },
        { bytes: other, mediaType: LAYER_TAR }
      ],
      { manifestJson: true }
    )
    const estimate = await estimateFromArchive(archive)
    expect(estimate.layers).toEqual([gz.length, gzipSync(other).length])
  })

  test('classic shape with a gzip and a zstd layer: neither is compressed again', async () => {
    const id = sha256(Buffer.from(CONFIG))
    const archive = await pack({
      [`${id}.json`]: CONFIG,
      'aaaa/layer.tar': gz,
      'bbbb/layer.tar': zst,
      'manifest.json': JSON.stringify([
        { Config: `${id}.json`, RepoTags: null, Layers: ['aaaa/layer.tar', 'bbbb/layer.tar'] }
      ])
    })
    expect((await estimateFromArchive(archive)).layers).toEqual([gz.length, zst.length])
  })

  test('the archive names its own layer paths: no <id>/layer.tar is assumed', async () => {
    const id = sha256(Buffer.from(CONFIG))
    const archive = await pack({
      [`${id}.json`]: CONFIG,
      'somewhere/else/first.bin': plain,
      'manifest.json': JSON.stringify([
        { Config: `${id}.json`, RepoTags: null, Layers: ['somewhere/else/first.bin'] }
      ])
    })
    expect((await estimateFromArchive(archive)).layers).toEqual([gzipSync(plain).length])
  })
})

// ---- measureImage against a stand-in docker: what it reports, not what it called ----------

const IMAGE: ImageResult = {
  name: '127.0.0.1:5000/acme/api',
  tags: ['127.0.0.1:5000/acme/api:1.2.3', '127.0.0.1:5000/acme/api:latest'],
  imageId: `sha256:${'1'.repeat(64)}`,
  digest: `sha256:${'2'.repeat(64)}`,
  size: 17_808,
  extras: [],
  findingExtras: [],
  platform: LINUX_AMD64,
  files: [{ path: '/hello', size: 17_808 }],
  pushed: true,
  smokeOutput: null,
  builtWith: 'buildx',
  pullSize: null,
  layout: null
}

interface Docker {
  /** Archive `docker save` writes, or the exit code and stderr it fails with. */
  readonly save: string | ExecResult
  /** Raw manifests by `repo@digest`; anything else is "not found". */
  readonly manifests?: Readonly<Record<string, string>>
}

const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '', timedOut: false })
const failed = (stderr: string): ExecResult => ({
  exitCode: 1,
  stdout: '',
  stderr,
  timedOut: false
})

function standInDocker(docker: Docker): Exec {
  return {
    async run(file, args) {
      if (file !== 'docker') throw new ProgramNotFoundError(file)
      if (args[0] === 'save' && args[1] === '--output') {
        if (typeof docker.save !== 'string') return docker.save
        await copyFile(docker.save, args[2])
        return ok('')
      }
      if (args.slice(0, 4).join(' ') === 'buildx imagetools inspect --raw') {
        const raw = docker.manifests?.[args[4]]
        return raw === undefined ? failed(`ERROR: ${args[4]}: not found`) : ok(raw)
      }
      return failed(`unexpected: docker ${args.join(' ')}`)
    }
  }
}

const REPO = '127.0.0.1:5000/acme/api'
const CHILD = `sha256:${'3'.repeat(64)}`
const amd64Manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    size: 611,
    digest: `sha256:${'4'.repeat(64)}`
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      size: 3827,
      digest: `sha256:${'5'.repeat(64)}`
    },
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      size: 100,
      digest: `sha256:${'6'.repeat(64)}`
    }
  ]
})
const indexWith = (platform: object) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: CHILD,
        size: 480,
        platform
      },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'7'.repeat(64)}`,
        size: 566,
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': CHILD
        },
        platform: { os: 'unknown', architecture: 'unknown' }
      }
    ]
  })

describe('measureImage', () => {
  let archive: string
  let estimate: number

  beforeAll(async () => {
    const layer = await layerBytes()
    archive = await legacySave(layer, 'gnu')
    estimate = CONFIG.length + gzipSync(layer).length
  })

  test('pushed with provenance: the linux/amd64 manifest of the index, exact', async () => {
    const log = memoryLog()
    const docker = standInDocker({
      save: failed('save is not needed'),
      manifests: {
        [`${REPO}@${IMAGE.digest}`]: indexWith({ os: 'linux', architecture: 'amd64' }),
        [`${REPO}@${CHILD}`]: amd64Manifest
      }
    })
    expect(await measureImage(IMAGE, docker, log)).toEqual({
      size: 17_808,
      pullSize: 611 + 3827 + 100,
      pullSizeExact: true,
      files: [{ path: '/hello', size: 17_808 }]
    })
    expect(log.lines).toEqual([
      `pull size: 4538 bytes, exact, from the manifest of ${REPO}@${CHILD}`
    ])
  })

  test.each<[string, Readonly<Record<string, string>>, RegExp]>([
    ['the registry cannot be read', {}, /imagetools inspect --raw .*failed: ERROR: .*not found/],
    [
      'the index has no linux/amd64 image',
      { [`${REPO}@${IMAGE.digest}`]: indexWith({ os: 'linux', architecture: 'arm64' }) },
      /index without a linux\/amd64 image/
    ],
    [
      'the answer is not a manifest',
      { [`${REPO}@${IMAGE.digest}`]: '<html>502</html>' },
      /is not JSON/
    ]
  ])('pushed, but %s: a warning and the estimate', async (_what, manifests, why) => {
    const log = memoryLog()
    const measure = await measureImage(IMAGE, standInDocker({ save: archive, manifests }), log)
    expect(measure).toMatchObject({ pullSize: estimate, pullSizeExact: false })
    expect(log.lines[0]).toMatch(/^warning: Could not read the pushed manifest/)
    expect(log.lines[0]).toMatch(why)
    expect(log.lines[1]).toMatch(/estimated/)
  })

  test('not pushed: estimated from docker save, no registry asked', async () => {
    const log = memoryLog()
    const unpushed = { ...IMAGE, pushed: false, digest: null }
    const measure = await measureImage(unpushed, standInDocker({ save: archive }), log)
    expect(measure).toEqual({
      size: 17_808,
      pullSize: estimate,
      pullSizeExact: false,
      files: IMAGE.files
    })
    expect(log.lines).toHaveLength(1)
  })

  test.each<[string, () => Promise<Exec>, RegExp]>([
    [
      'docker save fails',
      async () =>
        standInDocker({ save: failed('Error response from daemon: no space left on device') }),
      /docker save .* failed: Error response from daemon: no space left/
    ],
    [
      'docker save writes something that is not tar',
      async () => {
        const junk = join(dir, 'junk.tar')
        await writeFile(junk, 'this is not a tar archive '.repeat(100))
        return standInDocker({ save: junk })
      },
      /not a readable tar/
    ],
    [
      'docker save writes a cut-off archive',
      async () => {
        const cut = join(dir, 'cut-save.tar')
        await writeFile(cut, (await readFile(archive)).subarray(0, 3000))
        return standInDocker({ save: cut })
      },
      /not a readable tar: .*runs past the end/
    ],
    [
      'docker is not installed',
      async () => ({ run: () => Promise.reject(new ProgramNotFoundError('docker')) }),
      /docker: not found on PATH/
    ]
  ])('%s: pull size null with a warning, the rest still measured', async (_what, makeExec, why) => {
    const log = memoryLog()
    const measure = await measureImage(
      { ...IMAGE, pushed: false, digest: null },
      await makeExec(),
      log
    )
    expect(measure).toEqual({
      size: 17_808,
      pullSize: null,
      pullSizeExact: false,
      files: IMAGE.files
    })
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(/^warning: The pull size could not be measured: /)
    expect(log.lines[0]).toMatch(why)
  })
})
