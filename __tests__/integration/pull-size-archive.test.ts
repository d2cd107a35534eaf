import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { systemExec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import { estimateFromArchive, measureImage } from '../../src/report/measure.js'
import {
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { helloSource, integrationFixture, SLOW } from '../support/fixture.js'
import { containerdEngine } from '../support/engines.js'
import { mustRun } from '../support/run.js'

// The pull-size estimate on real archives: what Debian's dockerd writes for
// `docker save` (the classic shape, uncompressed layer.tar files), and the
// daemonless writer's archive (the OCI shape with index.json and gzip blobs,
// the way Docker 25+ with the containerd store saves compressed layers).

const fixture = integrationFixture({ name: 'pull-size-archive', helloC: helloSource('p') })

async function unpack(archive: string): Promise<string> {
  const into = await fixture.folder('unpacked')
  await mustRun('tar', ['-xf', archive, '-C', into])
  return into
}

test(
  "Debian's dockerd: docker save in the classic shape, config + gzip of each layer.tar",
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('pull-classic')}`,
        include: parseInclude('passwd, tmp')
      }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog()
    )
    fixture.removeAfter(...image.tags)
    const archive = join(fixture.dir, 'classic.tar')
    await mustRun('docker', ['save', '--output', archive, image.imageId])

    // Read the archive with GNU tar, independently of our reader.
    const unpacked = await unpack(archive)
    const names = await readdir(unpacked)
    expect(names).toContain('manifest.json')
    const [saved] = JSON.parse(await readFile(join(unpacked, 'manifest.json'), 'utf8')) as {
      Config: string
      Layers: string[]
    }[]
    const layers = await Promise.all(
      saved.Layers.map(async (layer) => gzipSync(await readFile(join(unpacked, layer))).length)
    )
    const config = (await stat(join(unpacked, saved.Config))).size
    expect(saved.Layers.length).toBe(3)

    expect(await estimateFromArchive(archive)).toEqual({
      pullSize: layers.reduce((sum, size) => sum + size, config),
      config,
      layers
    })
  },
  SLOW
)

test(
  'an OCI-shaped archive with gzip layers (the writer): each counts as its own size, exactly the pull size',
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const out = join(fixture.dir, 'writer')
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('pull-oci')}`,
        include: parseInclude('passwd, tmp'),
        engine: 'oci'
      }),
      inspection,
      gitContext(),
      systemExec,
      memoryLog(),
      out
    )
    fixture.removeAfter(...image.tags)
    if (image.layout === null || image.pullSize === null)
      throw new Error('the writer left no archive')
    const unpacked = await unpack(image.layout.archive)
    expect(await readdir(unpacked)).toEqual(
      expect.arrayContaining(['index.json', 'blobs', 'manifest.json'])
    )
    const estimate = await estimateFromArchive(image.layout.archive)
    expect(estimate.pullSize).toBe(image.pullSize)

    // Loaded into Debian's dockerd and saved again: the classic shape, gzipped by us, close.
    const resaved = join(fixture.dir, 'resaved.tar')
    await mustRun('docker', ['save', '--output', resaved, image.imageId])
    const again = await estimateFromArchive(resaved)
    expect(Math.abs(again.pullSize - image.pullSize) / image.pullSize).toBeLessThan(0.03)
  },
  SLOW
)

test(
  'the containerd store (dockerd 26.1): docker save gives back the gzip blobs it loaded, so the estimate is the pull size exactly',
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('pull-containerd')}`,
        include: parseInclude('passwd, tmp'),
        engine: 'oci'
      }),
      inspection,
      gitContext(),
      containerdEngine.exec,
      memoryLog(),
      join(fixture.dir, 'writer-containerd')
    )
    fixture.removeAfter(...image.tags)
    expect(image.localId).toMatch(/^sha256:/)
    const saved = join(fixture.dir, 'containerd.tar')
    await mustRun('docker', ['save', '--output', saved, image.localId ?? ''], {
      env: containerdEngine.env
    })
    expect((await estimateFromArchive(saved)).pullSize).toBe(image.pullSize)
  },
  SLOW
)

test(
  "a buildx image on the containerd store with no estimate of its own: measured from docker save by the engine's own ID",
  async () => {
    const { inspection } = await inspectionFor(fixture.hello)
    const image = await buildImage(
      imageSettings({
        image: `from-scratch-test/${uniqueName('pull-buildx-containerd')}`,
        include: parseInclude('passwd, tmp')
      }),
      inspection,
      gitContext(),
      containerdEngine.exec,
      memoryLog()
    )
    fixture.removeAfter(...image.tags)
    const estimate = image.pullSizeEstimate?.pullSize ?? 0
    expect(estimate).toBeGreaterThan(1000)
    // Without the estimate made beside the build, measuring falls back to `docker save`,
    // which must name the image as this store keys it (not by its config digest).
    const measured = await measureImage(
      { ...image, pullSizeEstimate: null },
      containerdEngine.exec,
      memoryLog(),
      await fixture.folder('measure')
    )
    expect(measured.pullSizeExact).toBe(false)
    expect(measured.pullSize).not.toBeNull()
    // BuildKit's own gzip of its own tars: a few percent off the writer-style estimate
    // for an image this small (tar headers weigh in), never another order.
    expect(Math.abs((measured.pullSize ?? 0) - estimate) / estimate).toBeLessThan(0.1)
  },
  SLOW
)
