import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { indexRefusedOn, platformLog } from '../../src/image/buildx-index.js'
import type { ImageStore } from '../../src/image/probe.js'
import { memoryLog } from '../support/docker.js'

describe('indexRefusedOn', () => {
  test.each<[ImageStore, boolean]>([
    ['classic', true],
    // buildx is asked; its own refusal says it (buildx-index integration test).
    ['unknown', false],
    ['containerd', false]
  ])('%s → %s', (store, refused) => {
    expect(indexRefusedOn(store)).toBe(refused)
  })
})

describe('platformLog', () => {
  test('every line about one platform names it, warnings and annotations too', async () => {
    const log = memoryLog()
    const arm = platformLog(log, LINUX_ARM64)
    arm.info('+ tzdata: 10 bytes')
    arm.warning('include leaves out tzdata')
    arm.annotate({ severity: 'notice', title: 't', message: 'needs-tzdata: satisfied' })
    expect(await platformLog(log, LINUX_AMD64).group('x', () => Promise.resolve(1))).toBe(1)
    expect(log.lines).toEqual([
      'linux/arm64: + tzdata: 10 bytes',
      'warning: linux/arm64: include leaves out tzdata',
      'notice: undefined:undefined: linux/arm64: needs-tzdata: satisfied'
    ])
  })
})
