import { UserError } from '../src/ground/errors.js'
import { parseBoolean, parseChoice, parseLines, parseList } from '../src/ground/input-parse.js'
import { parsePlatforms, readSettings } from '../src/inputs.js'
import { LINUX_AMD64, LINUX_ARM64, platformName } from '../src/ground/platform.js'
import { keyFromImage, normalizeCommentKey } from '../src/report/key.js'

describe('parseList', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    ['a\nb\n', ['a', 'b']],
    [' a , ,\n b ', ['a', 'b']],
    [
      'ghcr.io/acme/api:1.2.3\nghcr.io/acme/api:latest',
      ['ghcr.io/acme/api:1.2.3', 'ghcr.io/acme/api:latest']
    ]
  ])('%j → %j', (value, expected) => {
    expect(parseList(value)).toEqual(expected)
  })
})

test('parseLines keeps commas inside a line', () => {
  expect(parseLines('a=1,2\n\n b=3 ')).toEqual(['a=1,2', 'b=3'])
})

describe('parseBoolean', () => {
  test.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['FALSE', false]
  ])('%s → %s', (value, expected) => {
    expect(parseBoolean('cgo', value)).toBe(expected)
  })

  test.each(['yes', '1', 'on', 'tru'])('%s is refused, naming the input', (value) => {
    expect(() => parseBoolean('cgo', value)).toThrow(
      new UserError(`Input \`cgo\` is "${value}", but it must be \`true\` or \`false\`.`)
    )
  })
})

test('parseChoice names the choices', () => {
  expect(parseChoice('language', 'go', ['auto', 'go', 'c'])).toBe('go')
  expect(() => parseChoice('language', 'rust', ['auto', 'go', 'c'])).toThrow(
    'Input `language` is "rust", but it must be one of: `auto`, `go`, `c`.'
  )
})

test.each([
  [{ sbom: 'true' }, { enabled: true, format: 'spdx' }],
  [
    { sbom: 'true', 'sbom-format': 'both' },
    { enabled: true, format: 'both' }
  ],
  [{ 'sbom-format': 'cyclonedx' }, { enabled: false, format: 'cyclonedx' }]
])('sbom inputs %j read as %j', (given, sbom) => {
  const values: Record<string, string> = given
  expect(
    readSettings((name) => values[name] ?? '', {
      workspace: '/work',
      repository: '',
      sourceDateEpoch: ''
    }).sbom
  ).toEqual(sbom)
})

test('sbom-format refuses what it does not know', () => {
  expect(() =>
    readSettings((name) => (name === 'sbom-format' ? 'swid' : ''), {
      workspace: '/work',
      repository: '',
      sourceDateEpoch: ''
    })
  ).toThrow('sbom-format')
})

describe('readSettings', () => {
  const ctx = { workspace: '/ws', repository: '', sourceDateEpoch: '' }
  const from =
    (values: Record<string, string>) =>
    (name: string): string =>
      values[name] ?? ''

  test('no inputs at all gives the documented defaults', () => {
    expect(readSettings(from({}), ctx)).toEqual({
      compile: {
        language: 'auto',
        workingDirectory: '/ws',
        goPackage: '.',
        goLdflags: '',
        goTags: [],
        cgo: false,
        sources: ['*.c'],
        buildCommand: '',
        binary: '',
        cflags: '',
        cc: '',
        buildTimeoutMs: 30 * 60_000
      },
      image: {
        image: 'ws',
        tags: [],
        labels: {},
        include: [{ kind: 'auto' }],
        user: '65532:65532',
        entrypointArgs: [],
        expose: [],
        files: [],
        workingDirectory: '/ws',
        workspace: '/ws',
        engine: 'auto',
        builder: null,
        push: false,
        provenance: false,
        smokeTest: null,
        smokeTimeoutMs: 60000
      },
      platforms: [{ os: 'linux', architecture: 'amd64', variant: null }],
      sourceDateEpoch: null,
      sbom: { enabled: false, format: 'spdx' },
      gates: { maxSize: null, maxIncrease: null, warnIncrease: null, metric: 'image' },
      comment: 'auto',
      // The section and the baseline are the image's own; the comment is the workflow's.
      commentKey: 'ws',
      commentKeyGiven: false,
      commentGroup: '',
      commentAuthor: '',
      // The runner expands `${{ github.token }}`; read literally it is no token.
      githubToken: ''
    })
  })

  test.each([
    ['acme/API', '/ws', 'ghcr.io/acme/api'],
    ['', '/ws/My Service', 'my-service'],
    ['', '/', 'from-scratch']
  ])('repository %j in %s → image %s', (repository, workspace, image) => {
    expect(readSettings(from({}), { ...ctx, repository, workspace }).image.image).toBe(image)
  })

  test.each([
    [{ builder: 'docker build' }, 'builder'],
    [{ builder: 'ocii' }, 'Did you mean `oci`?'],
    [{ builder: 'builder-1a2b' }, '`builder` is "builder-1a2b"'],
    [{ 'buildx-builder': 'a b' }, 'buildx-builder'],
    [{ builder: 'oci', 'buildx-builder': 'b1' }, 'Leave out one of them'],
    [{ user: 'nobody' }, 'numeric uid'],
    [{ image: 'ghcr.io/Acme/api' }, 'lowercase'],
    [{ push: 'yes' }, '`push`'],
    [{ include: 'ca-certs' }, 'ca-certs'],
    [{ 'max-size': '8 potatoes' }, 'max-size'],
    [{ 'max-increase': 'five percent' }, 'max-increase'],
    [{ 'size-metric': 'layers' }, 'size-metric'],
    [{ comment: 'sometimes' }, '`comment`']
  ])('%j is refused when inputs are read', (values, message) => {
    expect(() => readSettings(from(values), ctx)).toThrow(message)
  })

  test.each([
    ['auto', '', 'auto', null],
    ['buildx', '', 'buildx', null],
    ['oci', '', 'oci', null],
    ['auto', 'builder-1a2b', 'buildx', 'builder-1a2b'],
    ['buildx', 'builder-1a2b', 'buildx', 'builder-1a2b']
  ])(
    'builder %s, buildx-builder %j → engine %s, buildx builder %s',
    (builder, instance, engine, name) => {
      expect(readSettings(from({ builder, 'buildx-builder': instance }), ctx).image).toMatchObject({
        engine,
        builder: name
      })
    }
  )

  test('SOURCE_DATE_EPOCH must be a number', () => {
    expect(readSettings(from({}), { ...ctx, sourceDateEpoch: '1700000000' }).sourceDateEpoch).toBe(
      1700000000
    )
    expect(() => readSettings(from({}), { ...ctx, sourceDateEpoch: 'yesterday' })).toThrow(
      'SOURCE_DATE_EPOCH'
    )
  })

  test('user flags are what was added to the defaults', () => {
    const settings = readSettings(
      from({
        'working-directory': 'svc/api',
        'go-ldflags': '-X main.version=1.2.3',
        'go-tags': 'netgo,osusergo,timetzdata',
        cflags: '-O2 -flto',
        binary: 'out/app',
        cgo: 'true'
      }),
      ctx
    )
    expect(settings.compile).toMatchObject({
      workingDirectory: '/ws/svc/api',
      goLdflags: '-X main.version=1.2.3',
      goTags: ['timetzdata'],
      cflags: '-O2 -flto',
      // Kept as written: compile resolves it in working-directory and keeps it inside the workspace.
      binary: 'out/app',
      cgo: true
    })
  })

  test('an absolute binary path is kept', () => {
    expect(readSettings(from({ binary: '/tmp/app' }), ctx).compile.binary).toBe('/tmp/app')
  })

  test('a bad value fails before anything runs', () => {
    expect(() => readSettings(from({ language: 'rust' }), ctx)).toThrow(UserError)
  })
})

describe('comment-key defaults to the image name', () => {
  test.each([
    ['ghcr.io/acme/api', 'ghcr.io/acme/api'],
    ['127.0.0.1:5000/team/app', '127.0.0.1_5000/team/app'],
    ['a--b', 'a-b'],
    [`registry.example.com/${'x'.repeat(80)}`, 'x'.repeat(64)]
  ])('%s → %s', (image, key) => {
    expect(keyFromImage(image)).toBe(key)
    expect(normalizeCommentKey(keyFromImage(image))).toBe(key)
  })
})

describe('platforms', () => {
  const amd = 'linux/amd64'
  const arm = 'linux/arm64'
  test.each([
    ['', [amd]],
    [amd, [amd]],
    [arm, [arm]],
    [`${amd},${arm}`, [amd, arm]],
    [`${arm},${amd}`, [arm, amd]],
    [` ${amd} ,\n ${arm} \n`, [amd, arm]],
    [`${amd}\n${arm}`, [amd, arm]],
    ['linux/arm64/v8', [arm]],
    [`linux/arm64/v8,${amd},${arm}`, [arm, amd]],
    [`${amd},${amd},${arm},${amd}`, [amd, arm]],
    ['LINUX/ARM64', [arm]]
  ])('%j → %j (first = primary)', (value, expected) => {
    expect(parsePlatforms(value).map(platformName)).toEqual(expected)
  })

  test('the parsed values are the platform constants, so equality is identity', () => {
    expect(parsePlatforms('linux/arm64/v8,linux/amd64')).toEqual([LINUX_ARM64, LINUX_AMD64])
  })

  test.each([
    [
      'linux/s390x',
      'Input `platforms` is "linux/s390x", but from-scratch builds only `linux/amd64` and `linux/arm64`.'
    ],
    [
      'linux/amd64,linux/aarch64',
      'Input `platforms` is "linux/aarch64" (in "linux/amd64,linux/aarch64"), but from-scratch builds only `linux/amd64` and `linux/arm64`. Did you mean `linux/arm64`?'
    ],
    [
      'linux/amd46',
      'Input `platforms` is "linux/amd46", but from-scratch builds only `linux/amd64` and `linux/arm64`. Did you mean `linux/amd64`?'
    ],
    [
      'linux/arm/v7',
      'Input `platforms` is "linux/arm/v7", but from-scratch builds only `linux/amd64` and `linux/arm64`. Did you mean `linux/arm64`?'
    ],
    [
      'darwin/arm64',
      'Input `platforms` is "darwin/arm64", but from-scratch builds only `linux/amd64` and `linux/arm64`.'
    ]
  ])('%j is refused: %s', (value, message) => {
    let error: unknown
    try {
      parsePlatforms(value)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe(message)
    expect((error as UserError).details.join('\n')).toContain('linux/amd64,linux/arm64')
  })

  test('readSettings fills Settings.platforms from the input, the default when unset', () => {
    const context = { workspace: '/w', repository: '', sourceDateEpoch: '' }
    expect(readSettings(() => '', context).platforms).toEqual([LINUX_AMD64])
    const given = (name: string): string => (name === 'platforms' ? 'linux/amd64,linux/arm64' : '')
    expect(readSettings(given, context).platforms).toEqual([LINUX_AMD64, LINUX_ARM64])
  })
})
