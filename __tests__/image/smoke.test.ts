import { LINUX_AMD64 } from '../../src/ground/platform.js'
import { judgeSmoke, smokeArgv } from '../../src/image/smoke.js'

test('smokeArgv', () => {
  expect(smokeArgv('sha256:abc', 'n1', ['--version'])).toEqual([
    'run',
    '--rm',
    '--name',
    'n1',
    '--network',
    'none',
    'sha256:abc',
    '--version'
  ])
})

describe('judgeSmoke', () => {
  const ok = { exitCode: 0, stdout: 'hello\n', stderr: '', timedOut: false }
  test('exit 0 passes', () => {
    expect(judgeSmoke(ok, 'docker run x', 1000, LINUX_AMD64)).toBeNull()
  })
  test.each([
    [{ exitCode: 3, stdout: 'partial', stderr: 'boom' }, /exited with 3/, ['partial', 'boom']],
    [
      { exitCode: 1, stdout: '', stderr: 'exec /hello: exec format error' },
      /not a linux\/amd64 executable/,
      ['exec /hello: exec format error']
    ],
    [
      {
        exitCode: 127,
        stdout: '',
        stderr:
          'docker: Error response from daemon: failed to create shim task: exec: "/hello": no such file or directory'
      },
      /dynamic loader/,
      [expect.stringContaining('no such file or directory')]
    ],
    [
      { exitCode: 0, stdout: 'still running', stderr: '', timedOut: true },
      /did not finish within 2s/,
      ['still running']
    ],
    [{ exitCode: 2, stdout: '', stderr: '' }, /exited with 2/, ['(the container printed nothing)']]
  ])('%j', (over, message, details) => {
    const error = judgeSmoke({ ...ok, ...over }, 'docker run x', 2000, LINUX_AMD64)
    expect(error?.message).toMatch(message)
    expect(error?.details).toEqual(expect.arrayContaining(details))
  })
})
