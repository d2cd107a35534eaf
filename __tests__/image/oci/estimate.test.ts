import { LINUX_AMD64 } from '../../../src/ground/platform.js'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Exec } from '../../../src/ground/exec.js'
import type { Log } from '../../../src/ground/log.js'
import { containerConfig } from '../../../src/image/oci/config.js'
import { estimatePullSize } from '../../../src/image/oci/estimate.js'
import { writeOciImage } from '../../../src/image/oci/write.js'
import { parseUser, type RootfsPlan } from '../../../src/image/rootfs.js'
import type { ImageResult } from '../../../src/image/types.js'
import { measureImage } from '../../../src/report/measure.js'
import { writeHostTree } from '../../support/host-tree.js'
import { freshDir } from '../../support/paths.js'

let src: string
let out: string

beforeAll(async () => {
  src = await freshDir('oci-estimate-src')
  out = await freshDir('oci-estimate-out')
  await writeHostTree(src)
})

afterAll(async () => {
  await rm(src, { recursive: true, force: true })
  await rm(out, { recursive: true, force: true })
})

function plan(): RootfsPlan {
  return {
    binaryName: 'run.sh',
    layers: [
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
          { type: 'tree', src: join(src, 'zoneinfo'), dest: '/usr/share/zoneinfo', skip: [] }
        ]
      }
    ]
  }
}

const config = containerConfig({
  binaryName: 'run.sh',
  user: parseUser('65532:65532'),
  entrypointArgs: [],
  expose: [],
  labels: {}
})

test('the buildx estimate is the pull size the writer gets for the same plan, without writing', async () => {
  const estimate = await estimatePullSize(plan(), config, 1_700_000_000, LINUX_AMD64)
  const written = await writeOciImage({
    plan: plan(),
    config,
    platform: LINUX_AMD64,
    tags: ['example.com/estimate:1'],
    epoch: 1_700_000_000,
    outDir: out
  })
  expect(estimate.pullSize).toBe(written.pullSize)
  expect(estimate.config).toBe(written.configSize)
  expect(estimate.layers).toEqual(written.layers.map((layer) => layer.size))
})

const silent: Log = {
  info: () => undefined,
  warning: () => undefined,
  annotate: () => undefined,
  group: (_title, work) => work()
}

test('measuring a buildx image with an estimate asks docker nothing and says it is estimated', async () => {
  const lines: string[] = []
  const noDocker: Exec = {
    run: () => Promise.reject(new Error('measuring must not run docker save here'))
  }
  const image = {
    name: 'example.com/app',
    tags: ['example.com/app:1'],
    imageId: 'sha256:' + '1'.repeat(64),
    digest: null,
    size: 100,
    extras: [],
    findingExtras: [],
    platform: LINUX_AMD64,
    files: [{ path: '/app', size: 100 }],
    pushed: false,
    smokeOutput: null,
    builtWith: 'buildx',
    pullSize: null,
    pullSizeEstimate: { pullSize: 1234, config: 34, layers: [1200] },
    layout: null
  } satisfies ImageResult
  const measured = await measureImage(image, noDocker, { ...silent, info: (m) => lines.push(m) })
  expect(measured).toMatchObject({ pullSize: 1234, pullSizeExact: false, size: 100 })
  expect(lines.join('\n')).toContain('estimated (config 34 + gzip of layers 1200)')
})
