import { blobPath } from '../../src/ground/blob-path.js'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { systemExec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import { tagOf } from '../../src/image/reference.js'
import { estimateFromArchive } from '../../src/report/measure.js'
import { parseInclude } from '../../src/image/include.js'
import { writeOciImage, type WrittenImage } from '../../src/image/oci/write.js'
import type { ImageSettings } from '../../src/image/types.js'
import { ociInputFor } from '../image/oci/support.js'
import {
  buildGo,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import {
  askServer,
  inspectImage as inspectOne,
  integrationFixture,
  runImage,
  SLOW
} from '../support/fixture.js'
import { repoRoot } from '../support/paths.js'
import { freePort } from '../support/ports.js'
import { mustRun } from '../support/run.js'

const HELLO_C =
  '#include <stdio.h>\nint main(int argc, char **argv) { printf("hello from scratch, %d args\\n", argc - 1); return 0; }\n'

const fixture = integrationFixture({ name: 'oci-image', helloC: HELLO_C })

interface Inspected {
  Id: string
  Size: number
  RootFS: { Layers: string[] }
  Config: Record<string, unknown>
}

function inspectImage(ref: string): Promise<Inspected> {
  return inspectOne<Inspected>(ref)
}

async function write(settings: ImageSettings, binary: string, out: string): Promise<WrittenImage> {
  const { inspection } = await inspectionFor(binary)
  return writeOciImage(
    await ociInputFor(settings, inspection, gitContext(), join(fixture.dir, out))
  )
}

/** An example of the repository built static, the way the action builds Go. */
function goExample(name: string): Promise<string> {
  return buildGo(join(repoRoot, 'examples', name), join(fixture.dir, name))
}

async function load(image: WrittenImage, tags: readonly string[]): Promise<void> {
  fixture.removeAfter(...tags, image.configDigest)
  const loaded = await mustRun('docker', ['load', '-i', image.archivePath])
  for (const tag of tags) expect(loaded.stdout).toContain(`Loaded image: ${tag}`)
}

test(
  'hello (musl): skopeo reads the layout and copies it to dockerd; docker load runs the archive',
  async () => {
    const image = `from-scratch-test/${uniqueName('oci-hello')}`
    const settings = imageSettings({ image, tags: ['1', 'latest'], include: parseInclude('none') })
    const written = await write(settings, fixture.hello, 'out-hello')
    const tags = [`${image}:1`, `${image}:latest`]

    for (const tag of tags) {
      const info = JSON.parse(
        (await mustRun('skopeo', ['inspect', `oci:${written.layoutDir}:${tagOf(tag)}`])).stdout
      ) as { Digest: string; Architecture: string; Os: string; Layers: string[] }
      expect(info).toMatchObject({
        Digest: written.manifestDigest,
        Architecture: 'amd64',
        Os: 'linux'
      })
      expect(info.Layers).toEqual(written.layers.map((layer) => layer.digest))
    }
    const copied = `${image}:skopeo`
    fixture.removeAfter(copied)
    await mustRun('skopeo', [
      'copy',
      '--quiet',
      `oci:${written.layoutDir}:${tagOf(tags[0])}`,
      `docker-daemon:${copied}`
    ])
    expect((await inspectImage(copied)).Id).toBe(written.configDigest)

    await load(written, tags)
    const info = await inspectImage(tags[1])
    expect(info.Id).toBe(written.configDigest)
    expect(info.Size).toBe(written.size)
    expect(info.RootFS.Layers).toEqual(written.layers.map((layer) => layer.diffId))
    expect(info.Config).toMatchObject({ User: '65532:65532', Entrypoint: ['/hello'] })
    expect(await runImage(tags[0], ['a', 'b'])).toBe('hello from scratch, 2 args\n')

    // The sizes the report will use: exact, from the blobs themselves.
    const blobs = [written.configDigest, ...written.layers.map((layer) => layer.digest)]
    const sizes = await Promise.all(
      blobs.map(async (d) => (await stat(blobPath(written.layoutDir, d))).size)
    )
    expect(written.pullSize).toBe(sizes.reduce((a, b) => a + b, 0))
    expect(written.files).toEqual([{ path: '/hello', size: (await stat(fixture.hello)).size }])
  },
  SLOW
)

test(
  'reproducible: other folders and other mtimes give the same bytes; another SOURCE_DATE_EPOCH does not',
  async () => {
    const image = `from-scratch-test/${uniqueName('oci-repro')}`
    const copies: string[] = []
    for (const [index, mtime] of [1_000_000, 1_900_000_000].entries()) {
      const copyDir = join(fixture.dir, `repro-src-${index}`)
      await mkdir(join(copyDir, 'etc'), { recursive: true })
      await copyFile(fixture.hello, join(copyDir, 'hello'))
      await writeFile(join(copyDir, 'etc', 'app.conf'), 'x = 1\n')
      await utimes(join(copyDir, 'hello'), mtime, mtime)
      await utimes(join(copyDir, 'etc', 'app.conf'), mtime, mtime)
      copies.push(copyDir)
    }
    const settings = (copyDir: string, epoch: number): ImageSettings =>
      imageSettings({
        image,
        tags: ['r'],
        include: parseInclude('passwd,tmp,ca-certificates'),
        files: [{ src: join(copyDir, 'etc', 'app.conf'), dest: '/etc/app.conf' }],
        sourceDateEpoch: epoch
      })
    const first = await write(settings(copies[0], 1700000000), join(copies[0], 'hello'), 'repro-a')
    const second = await write(settings(copies[1], 1700000000), join(copies[1], 'hello'), 'repro-b')
    const later = await write(settings(copies[0], 1700000001), join(copies[0], 'hello'), 'repro-c')
    expect(second.manifestDigest).toBe(first.manifestDigest)
    expect(second.layers).toEqual(first.layers)
    const sha = async (path: string): Promise<string> =>
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
    expect(await sha(second.archivePath)).toBe(await sha(first.archivePath))
    expect(await readdir(join(second.layoutDir, 'blobs', 'sha256'))).toEqual(
      await readdir(join(first.layoutDir, 'blobs', 'sha256'))
    )
    expect(later.manifestDigest).not.toBe(first.manifestDigest)
    expect(later.configDigest).not.toBe(first.configDigest)
    expect(later.layers.map((l) => l.diffId)).not.toEqual(first.layers.map((l) => l.diffId))
  },
  SLOW
)

/** One line per entry, `--numeric-owner`; folders' mtimes masked when `maskDirTimes`. */
async function listing(tar: string, maskDirTimes: boolean): Promise<string[]> {
  const out = await mustRun('tar', ['-tvf', tar, '--full-time', '--numeric-owner'])
  return out.stdout
    .trim()
    .split('\n')
    .map((line) =>
      maskDirTimes && line.startsWith('d')
        ? line.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, '<mtime>')
        : line
    )
}

/** sha256 of every regular file's data in a layer tar, by path. */
async function contents(tar: string, into: string): Promise<Record<string, string>> {
  await mkdir(into, { recursive: true })
  await mustRun('tar', ['-xf', tar, '-C', into])
  const out: Record<string, string> = {}
  const walk = async (at: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = `${prefix}/${entry.name}`
      if (entry.isDirectory()) await walk(join(at, entry.name), path)
      else if (entry.isFile()) {
        out[path] = createHash('sha256')
          .update(await readFile(join(at, entry.name)))
          .digest('hex')
      }
    }
  }
  await walk(into, '')
  return out
}

test(
  'the same settings through buildx: the same config, and the same layer contents (byte-identical where no folder is implied)',
  async () => {
    const conf = join(fixture.dir, 'app.conf')
    await writeFile(conf, 'x = 1\n')
    const image = `from-scratch-test/${uniqueName('oci-vs-buildx')}`
    const base = {
      image,
      include: parseInclude('ca-certificates,tzdata:Europe/Berlin,UTC,passwd,tmp'),
      files: [{ src: conf, dest: '/etc/app/app.conf' }],
      expose: ['8080', '53/udp'],
      entrypointArgs: ['a', 'b c'],
      labels: { 'com.example.team': 'core' }
    }
    const { inspection } = await inspectionFor(fixture.hello)
    const built = await buildImage(
      imageSettings({ ...base, tags: ['buildx'] }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog()
    )
    fixture.removeAfter(...built.tags)
    const written = await write(
      imageSettings({ ...base, tags: ['oci'] }),
      fixture.hello,
      'vs-buildx'
    )
    await load(written, [`${image}:oci`])

    const ours = await inspectImage(`${image}:oci`)
    const theirs = await inspectImage(built.imageId)
    expect(ours.Config).toEqual(theirs.Config)
    expect(ours.Size).toBe(theirs.Size)
    expect(written.size).toBe(built.size)
    expect(written.files).toEqual(built.files)
    expect(written.layers.map((l) => l.kind)).toEqual([
      'ca-certificates',
      'tzdata',
      'passwd',
      'tmp',
      'files',
      'binary'
    ])
    expect(theirs.RootFS.Layers).toHaveLength(written.layers.length)

    const saved = await fixture.folder('buildx-save')
    await mustRun('docker', ['save', '-o', join(saved, 'image.tar'), built.imageId])
    await mustRun('tar', ['-xf', join(saved, 'image.tar'), '-C', saved])
    const manifest = JSON.parse(await readFile(join(saved, 'manifest.json'), 'utf8')) as {
      Layers: string[]
    }[]
    for (const [index, layer] of written.layers.entries()) {
      const ourTar = join(fixture.dir, `vs-${layer.kind}.tar`)
      await writeFile(ourTar, gunzipSync(await readFile(blobPath(written.layoutDir, layer.digest))))
      const theirTar = join(saved, manifest[0].Layers[index])
      const theirDiffId = theirs.RootFS.Layers[index]
      const ourLines = await listing(ourTar, false)
      const theirLines = await listing(theirTar, false)
      // BuildKit v0.8 (dockerd 20.10) stamps a folder it creates to hold copied
      // files with the build's clock; a folder that is copied empty, and every
      // file, keeps the context's mtime. Only those folder mtimes may differ.
      if (!ourLines.some((line, i) => line.startsWith('d') && line !== theirLines[i])) {
        expect({ kind: layer.kind, diffId: layer.diffId }).toEqual({
          kind: layer.kind,
          diffId: theirDiffId
        })
      }
      expect(await listing(ourTar, true)).toEqual(await listing(theirTar, true))
      expect(await contents(ourTar, join(fixture.dir, `x-ours-${layer.kind}`))).toEqual(
        await contents(theirTar, join(fixture.dir, `x-theirs-${layer.kind}`))
      )
    }
    // Layers without an implied folder are the same bytes.
    const byKind = new Map(written.layers.map((l, i) => [l.kind, theirs.RootFS.Layers[i]]))
    expect(byKind.get('binary')).toBe(written.layers.find((l) => l.kind === 'binary')?.diffId)
    expect(byKind.get('tmp')).toBe(written.layers.find((l) => l.kind === 'tmp')?.diffId)
    // The report's estimate reads our archive's gzip layers as they are: the exact size.
    expect((await estimateFromArchive(written.archivePath)).pullSize).toBe(written.pullSize)
    // And the pull size is no larger than the report's estimate for the buildx image.
    const estimate = await estimateFromArchive(join(saved, 'image.tar'))
    expect(written.pullSize).toBeLessThanOrEqual(estimate.pullSize)
  },
  SLOW
)

test.each([
  ['hello-go', 'hello from scratch (go)\n'],
  ['http-server', null]
])(
  'examples/%s: docker load, then it runs',
  async (name, line) => {
    const binary = await goExample(name)
    const image = `from-scratch-test/${uniqueName(`oci-${name}`)}`
    const written = await write(
      imageSettings({ image, tags: ['oci'], include: parseInclude('none'), expose: ['8080'] }),
      binary,
      `example-${name}`
    )
    const tag = `${image}:oci`
    await load(written, [tag])
    if (line !== null) {
      expect(await runImage(tag)).toBe(line)
      return
    }
    const port = await freePort()
    const { status, body } = await askServer(tag, port, { env: { PORT: String(port) } })
    expect(status).toBe(200)
    expect(body).toBe('hello from scratch (http-server)\n')
  },
  SLOW
)
