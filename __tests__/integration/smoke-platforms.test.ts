import { join } from 'node:path'
import { LINUX_ARM64 } from '../../src/ground/platform.js'
import { buildImage } from '../../src/image/build.js'
import { findRoute } from '../../src/image/smoke.js'
import {
  buildGo,
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { engineAnswers, engines } from '../support/engines.js'
import { integrationFixture, SLOW } from '../support/fixture.js'
import { repoRoot } from '../support/paths.js'

// An arm64 image smoke-tested on this amd64 machine, where binfmt_misc is not
// mounted: the static qemu user emulator is mounted into the container as its
// entrypoint, on both image stores and with both engines' images.

const fixture = integrationFixture({ name: 'smoke-platforms' })

let arm: string
beforeAll(async () => {
  for (const engine of engines) await engineAnswers(engine)
  arm = await buildGo(join(repoRoot, 'examples', 'hello-go'), join(fixture.dir, 'hello-arm64'), {
    GOARCH: 'arm64'
  })
}, SLOW)

describe.each(engines)('$name', (engine) => {
  test.each(['oci', 'buildx'] as const)(
    'linux/arm64 alone, built with %s, runs its smoke test under qemu-aarch64-static',
    async (builder) => {
      const { inspection } = await inspectionFor(arm)
      const image = `from-scratch-test/${uniqueName(`smoke-${builder}`)}`
      fixture.removeAfter(`${image}:main`, `${image}:sha-0123456`)
      const log = memoryLog()
      const result = await buildImage(
        imageSettings({
          image,
          engine: builder,
          platform: LINUX_ARM64,
          include: [{ kind: 'none' }],
          smokeTest: []
        }),
        { ...inspection, findings: [] },
        gitContext(),
        engine.exec,
        log,
        join(fixture.dir, `out-${builder}-${engine.store}`)
      )
      expect(result.smoke).toEqual({ ran: true, how: 'qemu-aarch64-static' })
      expect(result.smokeOutput?.trim()).toBe('hello from scratch (go)')
      expect(log.lines).toContainEqual(
        expect.stringMatching(/^smoke test passed on linux\/arm64 \(qemu-aarch64-static\)/)
      )
    },
    SLOW
  )
})

test('without the emulator on PATH an arm64 image is not run, and says what to install', async () => {
  const route = await findRoute(engines[0].exec, LINUX_ARM64, {
    path: '/nonexistent',
    binfmtDir: '/nonexistent'
  })
  expect(route).toEqual({
    how: 'none',
    why: expect.stringContaining('install qemu-user-static')
  })
})
