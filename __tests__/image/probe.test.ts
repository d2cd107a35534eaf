import { ProgramNotFoundError, type ExecResult } from '../../src/ground/exec.js'
import { probeVerdict, storeOf } from '../../src/image/probe.js'

const answer = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false
})

// What `docker info --format INFO_FORMAT` prints: the server version, then DriverStatus.
const OVERLAY2 =
  '20.10.24+dfsg1\n[["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],["userxattr","false"]]\n'
const CONTAINERD = '29.0.1\n[["driver-type","io.containerd.snapshotter.v1"]]\n'

describe('what the engine probe concludes', () => {
  test.each([
    ['no docker CLI', new ProgramNotFoundError('docker'), /docker CLI is not installed/, false],
    [
      'no daemon (docker info prints an empty version and null)',
      answer(1, '\nnull\n', 'Cannot connect to the Docker daemon at unix:///x.sock'),
      /Docker daemon is not reachable/,
      false
    ],
    ['a daemon with the classic store', answer(0, OVERLAY2), null, true],
    ['a daemon with the containerd store', answer(0, CONTAINERD), null, true],
    [
      'a docker that hangs',
      { ...answer(0, ''), timedOut: true },
      /Docker daemon is not reachable/,
      false
    ]
  ])('%s', (_name, info, problem, daemon) => {
    const verdict = probeVerdict(info)
    expect(verdict.daemon).toBe(daemon)
    if (problem === null) expect(verdict.dockerProblem).toBeNull()
    else expect(verdict.dockerProblem?.message).toMatch(problem)
  })

  test('the daemon problem carries what docker said', () => {
    const verdict = probeVerdict(answer(1, '', 'permission denied on /var/run/docker.sock'))
    expect(verdict.dockerProblem?.details).toContain('permission denied on /var/run/docker.sock')
  })

  test.each([
    ['overlay2 (classic)', OVERLAY2.split('\n')[1], 'classic'],
    ['containerd snapshotter', CONTAINERD.split('\n')[1], 'containerd'],
    ['vfs (classic, no status)', '[]', 'classic'],
    ['something unreadable', 'null', 'unknown'],
    ['not JSON', '<no value>', 'unknown']
  ])('the image store of %s', (_name, status, store) => {
    expect(storeOf(status)).toBe(store)
  })

  test('without a daemon the store is unknown', () => {
    expect(probeVerdict(answer(1, '\nnull\n')).store).toBe('unknown')
  })
})
