import { ProgramNotFoundError, type ExecResult } from '../../src/ground/exec.js'
import { probeVerdict } from '../../src/image/probe.js'

const answer = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false
})

describe('what the engine probe concludes', () => {
  test.each([
    [
      'no docker CLI',
      new ProgramNotFoundError('docker'),
      null,
      /docker CLI is not installed/,
      false
    ],
    [
      'no daemon',
      answer(1, '', 'Cannot connect to the Docker daemon'),
      answer(0, 'github.com/docker/buildx v0.13.1'),
      /Docker daemon is not reachable/,
      false
    ],
    [
      'daemon, no plugin',
      answer(0, '20.10.24'),
      answer(1, '', "docker: 'buildx' is not a docker command."),
      /buildx plugin is missing/,
      true
    ],
    ['daemon and plugin', answer(0, '20.10.24'), answer(0, 'buildx v0.13.1'), null, true],
    ['daemon, plugin not asked (oci)', answer(0, '20.10.24'), null, null, true],
    [
      'a docker that hangs',
      { ...answer(0, ''), timedOut: true },
      answer(0, 'buildx v0.13.1'),
      /Docker daemon is not reachable/,
      false
    ]
  ])('%s', (_name, server, buildx, problem, daemon) => {
    const verdict = probeVerdict(server, buildx)
    expect(verdict.daemon).toBe(daemon)
    if (problem === null) expect(verdict.buildxProblem).toBeNull()
    else expect(verdict.buildxProblem?.message).toMatch(problem)
  })

  test('the daemon problem carries what docker said', () => {
    const verdict = probeVerdict(answer(1, '', 'permission denied on /var/run/docker.sock'), null)
    expect(verdict.buildxProblem?.details).toContain('permission denied on /var/run/docker.sock')
  })
})
