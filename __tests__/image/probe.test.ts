import { ProgramNotFoundError, type ExecResult } from '../../src/ground/exec.js'
import {
  onlyClassicStore,
  probeVerdict,
  rewritesTimestamps,
  storeOf
} from '../../src/image/probe.js'

const answer = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false
})

// What `docker info --format DRIVER_FORMAT` prints for each store.
const OVERLAY2 =
  '[["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],["userxattr","false"]]\n'
const CONTAINERD = '[["driver-type","io.containerd.snapshotter.v1"]]\n'

describe('what the engine probe concludes', () => {
  test.each([
    [
      'no docker CLI',
      new ProgramNotFoundError('docker'),
      null,
      /docker CLI is not installed/,
      false,
      'unknown'
    ],
    [
      'no daemon (docker version prints no server version)',
      answer(1, '\n', 'Cannot connect to the Docker daemon at unix:///x.sock'),
      null,
      /Docker daemon is not reachable/,
      false,
      'unknown'
    ],
    [
      'an engine before 24: the classic store, info not asked',
      answer(0, '20.10.24+dfsg1 1.41\n'),
      null,
      null,
      true,
      'classic'
    ],
    [
      'engine 28, classic store',
      answer(0, '28.2.2 1.50\n'),
      answer(0, OVERLAY2),
      null,
      true,
      'classic'
    ],
    [
      'engine 29, containerd store',
      answer(0, '29.0.1 1.52\n'),
      answer(0, CONTAINERD),
      null,
      true,
      'containerd'
    ],
    [
      'engine 28, info failed',
      answer(0, '28.2.2 1.50\n'),
      answer(1, '', 'boom'),
      null,
      true,
      'unknown'
    ],
    [
      'a docker that hangs',
      { ...answer(0, ''), timedOut: true },
      null,
      /Docker daemon is not reachable/,
      false,
      'unknown'
    ]
  ] as const)('%s', (_name, version, info, problem, daemon, store) => {
    const verdict = probeVerdict(version, info)
    expect(verdict.daemon).toBe(daemon)
    expect(verdict.store).toBe(store)
    if (problem === null) expect(verdict.dockerProblem).toBeNull()
    else expect(verdict.dockerProblem?.message).toMatch(problem)
  })

  test('the daemon problem carries what docker said', () => {
    const verdict = probeVerdict(answer(1, '', 'permission denied on /var/run/docker.sock'), null)
    expect(verdict.dockerProblem?.details).toContain('permission denied on /var/run/docker.sock')
  })

  test.each([
    ['overlay2 (classic)', OVERLAY2, 'classic'],
    ['containerd snapshotter', CONTAINERD, 'containerd'],
    ['vfs (classic, no status)', '[]', 'classic'],
    ['something unreadable', 'null', 'unknown'],
    ['not JSON', '<no value>', 'unknown']
  ])('the image store of %s', (_name, status, store) => {
    expect(storeOf(status.trim())).toBe(store)
  })

  test.each([
    ['20.10.24+dfsg1', true],
    ['23.0.6', true],
    ['24.0.0', false],
    ['29.0.1', false],
    ['dev', false],
    ['', false]
  ])('engine %p can only have the classic store: %p', (version, classic) => {
    expect(onlyClassicStore(version)).toBe(classic)
  })
})

// BuildKit 0.13 (Engine 26.0, API 1.45) rewrites timestamps; the API version is what
// tells, since distributions' dockerd reports BuildKit as v0.0.0+unknown.
describe("whether the engine's BuildKit rewrites timestamps", () => {
  test.each([
    ['1.41', false], // 20.10: BuildKit 0.8
    ['1.44', false], // 25.0: BuildKit 0.12
    ['1.45', true], // 26.0/26.1: BuildKit 0.13
    ['1.50', true],
    ['2.0', true],
    ['', false],
    ['<no value>', false]
  ])('API %j: %s', (api, expected) => {
    expect(rewritesTimestamps(api)).toBe(expected)
  })

  test.each([
    ['20.10.24+dfsg1 1.41\n', null, false],
    ['26.1.5+dfsg1 1.45\n', '[["driver-type","io.containerd.snapshotter.v1"]]', true]
  ])('the verdict for docker version %j', (version, info, expected) => {
    const verdict = probeVerdict(answer(0, version), info === null ? null : answer(0, info))
    expect(verdict.rewritesTimestamps).toBe(expected)
  })
})
