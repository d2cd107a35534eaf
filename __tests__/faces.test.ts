import { LINUX_AMD64 } from '../src/ground/platform.js'
import { exitCodeOf, failureLines, goOutputCacheOf } from '../src/cli.js'
import type { Inspection } from '../src/elf/types.js'
import { UserError } from '../src/ground/errors.js'
import { failureOf } from '../src/main.js'
import type { RunEnd } from '../src/publish/publisher.js'
import { composeReport, type BuildFacts } from '../src/report/compose.js'
import { parseGateSettings } from '../src/report/gate.js'
import { failedAt, failureJson, NOTHING_REACHED } from '../src/report/outcome.js'

// The faces' pure parts: how a run's end becomes an exit code, a failure line, a JSON object.

const inspection: Inspection = {
  path: '/tmp/out/app',
  size: 17_808,
  verdict: {
    linkage: 'dynamic',
    accepted: false,
    summary: 'dynamically linked',
    interpreter: '/lib64/ld-linux-x86-64.so.2',
    needed: ['libc.so.6']
  },
  go: null,
  goNote: null,
  findings: []
}

const facts: BuildFacts = {
  compiled: {
    binaryPath: '/tmp/out/app',
    language: 'c',
    toolchain: 'musl-gcc',
    warnings: [],
    annotations: []
  },
  inspection: {
    ...inspection,
    verdict: { ...inspection.verdict, linkage: 'static', accepted: true }
  },
  image: {
    name: 'acme/app',
    tags: ['acme/app:latest'],
    imageId: `sha256:${'a'.repeat(64)}`,
    digest: null,
    size: 17_808,
    extras: [],
    findingExtras: [],
    platform: LINUX_AMD64,
    files: [{ path: '/app', size: 17_808 }],
    pushed: false,
    smokeOutput: null,
    builtWith: 'oci',
    pullSize: null,
    layout: null
  },
  measure: { size: 17_808, pullSize: 4_000, pullSizeExact: true, files: [] }
}

function reported(maxSize: string): RunEnd {
  const composed = composeReport(facts, {
    previous: null,
    source: { ref: '', sha: '' },
    gates: parseGateSettings({ 'max-size': maxSize }),
    current: 'this build'
  })
  return { outcome: 'reported', facts, composed }
}

const bug = failedAt('measure', new TypeError('x is undefined'))
const rejected = failedAt('verify', new UserError('will not run', ['fix: link statically']), {
  ...NOTHING_REACHED,
  inspection
})
const unreadable = failedAt('verify', new UserError('/tmp/out/app: no such file'))
const smoke = failedAt('image', new UserError('Smoke test failed'), {
  ...NOTHING_REACHED,
  compiled: facts.compiled,
  inspection: facts.inspection
})

describe('result → exit code and failure text', () => {
  test.each<[string, RunEnd, number, RegExp | null, RegExp | null]>([
    ['built, within the gates', reported(''), 0, null, null],
    [
      'built, a gate failed',
      reported('1KB'),
      1,
      // The terminal's summary shows the failed gate (terminal-summary.test.ts).
      null,
      /over max-size 1KB/
    ],
    [
      'the binary will not run in scratch',
      rejected,
      1,
      /^from-scratch: will not run\n {2}fix: link/,
      /^will not run\nfix: link/
    ],
    [
      'the binary could not be read',
      unreadable,
      2,
      /^from-scratch: \/tmp\/out\/app: no such file$/,
      /no such file/
    ],
    ['the smoke test failed', smoke, 2, /^from-scratch: Smoke test failed$/, /^Smoke test failed$/],
    [
      'a bad input',
      failedAt('inputs', new UserError('Input `cgo` is "maybe"')),
      2,
      // One message, worded for where it is read: a flag in the terminal, an input in the action.
      /^from-scratch: --cgo is "maybe"$/,
      /^Input `cgo`/
    ],
    [
      'a bug',
      bug,
      2,
      /unexpected error \(a bug, please report it\): x is undefined/,
      /This is a bug in from-scratch/
    ]
  ])('%s', (_name, end, code, terminal, action) => {
    expect(exitCodeOf(end)).toBe(code)
    const lines = failureLines(end)
    if (terminal === null) expect(lines).toEqual([])
    else expect(lines[0]).toMatch(terminal)
    const message = failureOf(end)
    if (action === null) expect(message).toBeNull()
    else expect(message).toMatch(action)
  })

  test('a bug shows its stack on the terminal; a user error never does', () => {
    expect(failureLines(bug).join('\n')).toMatch(/\n\s+at /)
    expect(failureLines(rejected).join('\n')).not.toMatch(/\n\s+at /)
  })
})

describe('failureJson', () => {
  test('names the stage, the message and the exit code, with what was done before', () => {
    expect(failureJson(smoke, 2)).toEqual({
      schema: 1,
      error: {
        stage: 'image',
        message: 'Smoke test failed',
        details: [],
        exitCode: 2,
        userFixable: true
      },
      binary: expect.objectContaining({ linkage: 'static', path: '/tmp/out/app' }),
      image: null,
      build: { language: 'c', toolchain: 'musl-gcc' }
    })
  })

  test('a failed push names the local image, never a digest', () => {
    const push = failedAt('image', new UserError('Pushing failed'), {
      compiled: facts.compiled,
      inspection: facts.inspection,
      image: { ...facts.image, digest: `sha256:${'b'.repeat(64)}` }
    })
    expect(failureJson(push, 2).image).toEqual({
      name: 'acme/app',
      tags: ['acme/app:latest'],
      id: `sha256:${'a'.repeat(64)}`,
      digest: '',
      size: 17_808
    })
  })
})

describe('goOutputCacheOf: where the terminal keeps go output, or null', () => {
  const GO_OUT = 'from-scratch/go-out'
  test.each([
    [{ HOME: '/home/u' }, false, `/home/u/.cache/${GO_OUT}`],
    [{ HOME: '/home/u', XDG_CACHE_HOME: '/xdg' }, false, `/xdg/${GO_OUT}`],
    // The XDG spec: a relative path is invalid and ignored.
    [{ HOME: '/home/u', XDG_CACHE_HOME: 'rel/cache' }, false, `/home/u/.cache/${GO_OUT}`],
    [{ HOME: '/home/u', XDG_CACHE_HOME: '' }, false, `/home/u/.cache/${GO_OUT}`],
    [{}, false, null],
    [{ HOME: 'relative' }, false, null],
    [{ HOME: '/home/u' }, true, null],
    [{ HOME: '/home/u', FROM_SCRATCH_NO_CACHE: '1' }, false, null],
    [{ HOME: '/home/u', FROM_SCRATCH_NO_CACHE: 'yes' }, false, null],
    [{ HOME: '/home/u', FROM_SCRATCH_NO_CACHE: '0' }, false, `/home/u/.cache/${GO_OUT}`],
    [{ HOME: '/home/u', FROM_SCRATCH_NO_CACHE: 'false' }, false, `/home/u/.cache/${GO_OUT}`],
    [{ HOME: '/home/u', FROM_SCRATCH_NO_CACHE: '' }, false, `/home/u/.cache/${GO_OUT}`]
  ])('%j, --no-cache %s → %s', (env, noCache, expected) => {
    expect(goOutputCacheOf(env, noCache)).toBe(expected)
  })
})
