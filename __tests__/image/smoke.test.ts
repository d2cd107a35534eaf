import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { LINUX_AMD64, LINUX_ARM64, type Platform } from '../../src/ground/platform.js'
import {
  binfmtEntryName,
  binfmtRuns,
  chooseRoute,
  emulatorName,
  EMULATOR_MOUNT,
  findEmulator,
  judgeSmoke,
  parseEnginePlatform,
  routeArgv,
  smokeArgv
} from '../../src/image/smoke.js'

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

describe('running another platform', () => {
  test('emulator and binfmt names come from the platform', () => {
    expect(emulatorName(LINUX_ARM64)).toBe('qemu-aarch64-static')
    expect(binfmtEntryName(LINUX_ARM64)).toBe('qemu-aarch64')
  })

  const fixed = 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: OCF\noffset 0\n'
  test.each<[string, string | null, string | null, boolean]>([
    ['registered with F', 'enabled\n', fixed, true],
    ['no binfmt_misc mounted', null, null, false],
    ['no entry for the platform', 'enabled\n', null, false],
    ['binfmt_misc switched off', 'disabled\n', fixed, false],
    ['entry switched off', 'enabled\n', fixed.replace('enabled', 'disabled'), false],
    // Without F the kernel looks the emulator up inside the container: scratch has none.
    ['entry without F', 'enabled\n', fixed.replace('flags: OCF', 'flags: OC'), false]
  ])('binfmtRuns: %s', (_, status, entry, runs) => {
    expect(binfmtRuns(status, entry)).toBe(runs)
  })

  test.each<[string, Parameters<typeof chooseRoute>[0], string]>([
    [
      'the engine platform',
      { platform: LINUX_AMD64, engine: LINUX_AMD64, binfmt: false, emulator: null },
      'native'
    ],
    [
      'an engine that does not say',
      { platform: LINUX_ARM64, engine: null, binfmt: false, emulator: null },
      'native'
    ],
    [
      'binfmt first',
      { platform: LINUX_ARM64, engine: LINUX_AMD64, binfmt: true, emulator: '/usr/bin/q' },
      'binfmt'
    ],
    [
      'the emulator on PATH',
      { platform: LINUX_ARM64, engine: LINUX_AMD64, binfmt: false, emulator: '/usr/bin/q' },
      'emulator'
    ],
    [
      'nothing',
      { platform: LINUX_ARM64, engine: LINUX_AMD64, binfmt: false, emulator: null },
      'none'
    ],
    [
      'an arm64 engine with an amd64 image',
      { platform: LINUX_AMD64, engine: LINUX_ARM64, binfmt: false, emulator: null },
      'none'
    ]
  ])('chooseRoute: %s', (_, facts, how) => {
    expect(chooseRoute(facts).how).toBe(how)
  })

  test('not run says what to install', () => {
    const route = chooseRoute({
      platform: LINUX_ARM64,
      engine: LINUX_AMD64,
      binfmt: false,
      emulator: null
    })
    expect(route).toEqual({
      how: 'none',
      why: expect.stringMatching(/linux\/arm64.*install qemu-user-static.*qemu-aarch64-static/)
    })
  })

  const command = {
    image: 'sha256:abc',
    platform: LINUX_ARM64,
    entrypoint: ['/hello'],
    cmd: ['--serve'],
    args: [] as string[]
  }
  test('binfmt: docker run --platform', () => {
    expect(routeArgv({ how: 'binfmt' }, { ...command, args: ['-v'] }, 'n1')).toEqual([
      'run',
      '--rm',
      '--name',
      'n1',
      '--network',
      'none',
      '--platform',
      'linux/arm64',
      'sha256:abc',
      '-v'
    ])
  })
  test.each<[string, string[], string[]]>([
    ['no args: the config Cmd', [], ['/hello', '--serve']],
    ['args replace Cmd', ['--version'], ['/hello', '--version']]
  ])('emulator as the entrypoint, %s', (_, args, after) => {
    const argv = routeArgv(
      { how: 'emulator', name: 'qemu-aarch64-static', path: '/usr/bin/qemu-aarch64-static' },
      { ...command, args },
      'n1'
    )
    expect(argv).toEqual([
      'run',
      '--rm',
      '--name',
      'n1',
      '--network',
      'none',
      '--platform',
      'linux/arm64',
      '--mount',
      `type=bind,source=/usr/bin/qemu-aarch64-static,target=${EMULATOR_MOUNT},readonly`,
      '--entrypoint',
      EMULATOR_MOUNT,
      'sha256:abc',
      ...after
    ])
  })

  test.each<[string, Platform | null]>([
    ['linux/amd64\n', LINUX_AMD64],
    ['linux/arm64', LINUX_ARM64],
    ['linux/s390x', { os: 'linux', architecture: 's390x', variant: null }],
    ['', null],
    ['Error: no daemon', null]
  ])('parseEnginePlatform(%j)', (text, platform) => {
    expect(parseEnginePlatform(text)).toEqual(platform)
  })

  describe('findEmulator', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'emulator-'))
      await mkdir(join(dir, 'bin'))
      await mkdir(join(dir, 'plain'))
      await writeFile(join(dir, 'bin', 'qemu-aarch64-static'), '#!/bin/sh\n', { mode: 0o755 })
      await writeFile(join(dir, 'plain', 'qemu-aarch64-static'), 'not a program', { mode: 0o644 })
      await symlink(join(dir, 'bin', 'qemu-aarch64-static'), join(dir, 'plain', 'linked'))
    })
    afterAll(() => rm(dir, { recursive: true, force: true }))

    test('the first runnable file on PATH, by its real path', async () => {
      const path = [join(dir, 'plain'), join(dir, 'bin')].join(delimiter)
      expect(await findEmulator('qemu-aarch64-static', path)).toBe(
        await realpath(join(dir, 'bin', 'qemu-aarch64-static'))
      )
      expect(await findEmulator('linked', path)).toBe(
        await realpath(join(dir, 'bin', 'qemu-aarch64-static'))
      )
    })
    test('relative and empty PATH entries (the checkout) are never looked in', async () => {
      const cwd = process.cwd()
      process.chdir(dir)
      try {
        expect(await findEmulator('qemu-aarch64-static', ['', '.', 'bin'].join(delimiter))).toBe(
          null
        )
      } finally {
        process.chdir(cwd)
      }
    })
  })
})
