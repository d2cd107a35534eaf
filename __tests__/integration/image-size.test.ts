import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { systemExec, type Exec } from '../../src/ground/exec.js'
import { buildImage } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import type { ImageEngine, ImageResult } from '../../src/image/types.js'
import { indexTar } from '../../src/report/measure.js'
import {
  execWithEnv,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { integrationFixture, SLOW } from '../support/fixture.js'
import { mustRun } from '../support/run.js'

// Image size is defined from content: the sum of the file bytes in the
// image's layers (a symlink by the length of its target). Both engines must
// give that figure whatever the daemon says about the image, because with the
// containerd image store `docker image inspect`'s .Size means something else.

const HELLO_C = '#include <stdio.h>\nint main(void) { puts("sized"); return 0; }\n'
const TIME_GO = `package main

import (
	"fmt"
	"time"
)

func main() {
	loc, err := time.LoadLocation("Europe/Berlin")
	fmt.Println(loc, err)
}
`
/** What `docker image inspect` claims in the fake below: no image here weighs this. */
const FAKE_SIZE = 987_654_321

const fixture = integrationFixture({
  name: 'image-size',
  helloC: HELLO_C,
  go: { timego: TIME_GO }
})

let extraFile: string
let fakeDocker: Exec

beforeAll(async () => {
  const dir = fixture.dir
  extraFile = join(dir, 'motd.txt')
  await writeFile(extraFile, 'a file the user asked for\n'.repeat(40))
  // A docker on PATH that answers `image inspect` the way the containerd store
  // does, with another .Size (here an absurd one), and passes the rest through.
  const real = (await mustRun('sh', ['-c', 'command -v docker'])).stdout.trim()
  const bin = join(dir, 'fake-bin')
  await mkdir(bin)
  await writeFile(
    join(bin, 'docker'),
    [
      '#!/bin/sh',
      'if [ "$1" = image ] && [ "$2" = inspect ]; then',
      `  case "$*" in *'{{.Size}}'*) echo ${FAKE_SIZE}; exit 0 ;; esac`,
      `  "${real}" "$@" | sed -e 's/"Size": [0-9]*/"Size": ${FAKE_SIZE}/'`,
      '  exit 0',
      'fi',
      `exec "${real}" "$@"`,
      ''
    ].join('\n')
  )
  await chmod(join(bin, 'docker'), 0o755)
  fakeDocker = execWithEnv({ PATH: `${bin}:${process.env.PATH ?? ''}` })
}, SLOW)

/** Regular files' bytes and symlink target lengths in every layer of the saved image, from the layer tars. */
async function contentOfLayers(imageId: string): Promise<{ files: number; symlinks: number }> {
  const out = await fixture.folder('save')
  const archive = join(out, 'image.tar')
  await mustRun('docker', ['save', '--output', archive, imageId])
  const unpacked = join(out, 'x')
  await mkdir(unpacked)
  await mustRun('tar', ['-xf', archive, '-C', unpacked])
  const manifest = JSON.parse(await readFile(join(unpacked, 'manifest.json'), 'utf8')) as {
    Layers: string[]
  }[]
  let files = 0
  let symlinks = 0
  for (const layer of manifest[0].Layers) {
    for (const entry of (await indexTar(join(unpacked, layer))).values()) {
      if (entry.type === '0' || entry.type === '\0' || entry.type === '') files += entry.size
      if (entry.type === '2') symlinks += Buffer.byteLength(entry.linkname)
    }
  }
  return { files, symlinks }
}

interface Example {
  readonly name: string
  readonly binary: () => string
  readonly include: string
  readonly files: boolean
}

const EXAMPLES: readonly Example[] = [
  { name: 'musl hello, nothing else', binary: () => fixture.hello, include: 'none', files: false },
  {
    name: 'Go with tzdata (symlinks)',
    binary: () => fixture.goProgram('timego'),
    include: 'tzdata',
    files: false
  },
  {
    name: 'hello with every extra and a user file',
    binary: () => fixture.hello,
    include: 'ca-certificates, tzdata:Europe/Berlin, passwd, tmp',
    files: true
  }
]

async function build(example: Example, engine: ImageEngine, exec: Exec): Promise<ImageResult> {
  const { inspection } = await inspectionFor(example.binary())
  const result = await buildImage(
    imageSettings({
      image: `from-scratch-test/${uniqueName('size')}`,
      include: parseInclude(example.include),
      files: example.files ? [{ src: extraFile, dest: '/etc/motd' }] : [],
      engine
    }),
    inspection,
    gitContext(),
    exec,
    memoryLog(),
    engine === 'oci' ? await fixture.folder('out') : undefined
  )
  fixture.removeAfter(...result.tags)
  return result
}

describe.each<ImageEngine>(['buildx', 'oci'])('engine %s', (engine) => {
  test.each(EXAMPLES)(
    '$name: image size is the file bytes in the layers, whatever the daemon says',
    async (example) => {
      const result = await build(example, engine, systemExec)
      const { files: content, symlinks } = await contentOfLayers(result.imageId)
      expect(result.size).toBe(content)
      expect(result.size).toBe(result.files.reduce((sum, file) => sum + file.size, 0))
      if (example.include === 'tzdata') expect(symlinks).toBeGreaterThan(0)
      // Debian's dockerd uses the classic store, where .Size was this very figure for a
      // buildx build; its `docker load` counts each symlink by its target's length too.
      const classic = await mustRun('docker', [
        'image',
        'inspect',
        '--format',
        '{{.Size}}',
        result.imageId
      ])
      expect(Number(classic.stdout.trim())).toBe(engine === 'buildx' ? content : content + symlinks)

      // The same build with a daemon that reports another .Size: nothing changes.
      const faked = await build(example, engine, fakeDocker)
      expect(faked.size).toBe(content)
      // The ID is the one the local engine uses for the image.
      const id = await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', faked.tags[0]])
      expect(faked.imageId).toBe(id.stdout.trim())
    },
    SLOW
  )
})
