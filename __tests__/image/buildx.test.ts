import { LINUX_AMD64, LINUX_ARM64 } from '../../src/ground/platform.js'
import { UserError } from '../../src/ground/errors.js'
import {
  buildxArgv,
  errorLines,
  missingError,
  parseIidFile,
  parseMetadata,
  saysBuildxIsMissing,
  saysSeveralPlatformsRefused,
  severalPlatformsError,
  BuildxUnusableError,
  type BuildxArgs
} from '../../src/image/buildx.js'

const base: BuildxArgs = {
  tags: ['ghcr.io/acme/api:1.2.3'],
  labels: {},
  output: 'load',
  builder: null,
  provenance: false,
  sourceDateEpoch: 1700000000,
  dockerfile: '/tmp/x/Dockerfile',
  contextDir: '/tmp/x/context',
  metadataFile: '/tmp/x/metadata.json',
  iidFile: '/tmp/x/iid',
  platforms: [LINUX_AMD64]
}
const tail = [
  '--build-arg',
  'SOURCE_DATE_EPOCH=1700000000',
  '--metadata-file',
  '/tmp/x/metadata.json',
  '--iidfile',
  '/tmp/x/iid',
  '--file',
  '/tmp/x/Dockerfile',
  '/tmp/x/context'
]

describe('buildxArgv', () => {
  test.each<[string, Partial<BuildxArgs>, string[]]>([
    [
      'load, one tag',
      {},
      [
        'buildx',
        'build',
        '--platform',
        'linux/amd64',
        '--tag',
        'ghcr.io/acme/api:1.2.3',
        '--provenance=false',
        '--load',
        ...tail
      ]
    ],
    [
      'a reproducible build: an OCI archive with timestamps rewritten, its path quoted where needed',
      { output: { ociArchive: '/tmp/a,b/image.tar', rewriteTimestamp: true } },
      [
        'buildx',
        'build',
        '--platform',
        'linux/amd64',
        '--tag',
        'ghcr.io/acme/api:1.2.3',
        '--provenance=false',
        '--output',
        'type=oci,dest="/tmp/a,b/image.tar",rewrite-timestamp=true',
        ...tail
      ]
    ],
    [
      'an index of two platforms into an OCI archive: one --platform list, timestamps rewritten',
      {
        platforms: [LINUX_AMD64, LINUX_ARM64],
        output: { ociArchive: '/tmp/x/index-oci.tar', rewriteTimestamp: true }
      },
      [
        'buildx',
        'build',
        '--platform',
        'linux/amd64,linux/arm64',
        '--tag',
        'ghcr.io/acme/api:1.2.3',
        '--provenance=false',
        '--output',
        'type=oci,dest=/tmp/x/index-oci.tar,rewrite-timestamp=true',
        ...tail
      ]
    ],
    [
      'an OCI archive from a builder that is not asked to rewrite timestamps',
      {
        platforms: [LINUX_ARM64],
        builder: 'ci',
        output: { ociArchive: '/tmp/x/index-oci.tar', rewriteTimestamp: false }
      },
      [
        'buildx',
        'build',
        '--builder',
        'ci',
        '--platform',
        'linux/arm64',
        '--tag',
        'ghcr.io/acme/api:1.2.3',
        '--provenance=false',
        '--output',
        'type=oci,dest=/tmp/x/index-oci.tar',
        ...tail
      ]
    ],
    [
      'push, tags, labels, builder, provenance',
      {
        output: 'push',
        tags: ['a:1', 'a:latest'],
        labels: { 'org.opencontainers.image.title': 'a b', x: 'y=z' },
        builder: 'ci-builder',
        provenance: true
      },
      [
        'buildx',
        'build',
        '--builder',
        'ci-builder',
        '--platform',
        'linux/amd64',
        '--tag',
        'a:1',
        '--tag',
        'a:latest',
        '--label',
        'org.opencontainers.image.title=a b',
        '--label',
        'x=y=z',
        '--provenance=true',
        '--push',
        ...tail
      ]
    ]
  ])('%s', (_, over, expected) => {
    expect(buildxArgv({ ...base, ...over })).toEqual(expected)
  })
})

test('buildxArgv refuses an empty platform list', () => {
  expect(() => buildxArgv({ ...base, platforms: [] })).toThrow(/at least one platform/)
})

const digest = (c: string): string => `sha256:${c.repeat(64)}`

describe('parseMetadata', () => {
  test.each([
    [
      'after a push',
      JSON.stringify({
        'buildx.build.ref': 'default/default/x',
        'containerimage.config.digest': digest('a'),
        'containerimage.digest': digest('b')
      }),
      { digest: digest('b'), configDigest: digest('a') }
    ],
    [
      'after a load (docker driver)',
      JSON.stringify({ 'buildx.build.ref': 'x', 'containerimage.digest': digest('c') }),
      { digest: digest('c'), configDigest: null }
    ],
    ['empty', '{}', { digest: null, configDigest: null }],
    ['not a digest', '{"containerimage.digest":"latest"}', { digest: null, configDigest: null }]
  ])('%s', (_, text, expected) => {
    expect(parseMetadata(text)).toEqual(expected)
  })
  test('not JSON', () => {
    expect(() => parseMetadata('nope')).toThrow(/not JSON/)
  })
})

describe('parseIidFile', () => {
  test('an id, maybe with a newline', () => {
    expect(parseIidFile(`${digest('d')}\n`)).toBe(digest('d'))
  })
  test.each(['', 'sha256:xyz', 'd'.repeat(64)])('%j', (text) => {
    expect(() => parseIidFile(text)).toThrow(/without an id/)
  })
})

describe('errorLines', () => {
  test('ERROR lines, once each', () => {
    const out = [
      '#7 pushing layer 1b5cd81f5aa0 0.1s done',
      '#7 ERROR: unauthorized: authentication required',
      '------',
      ' > pushing 127.0.0.1:5731/exp/hello:bad with docker:',
      '------',
      'ERROR: unauthorized: authentication required'
    ].join('\n')
    expect(errorLines(out)).toEqual([
      '#7 ERROR: unauthorized: authentication required',
      'ERROR: unauthorized: authentication required'
    ])
  })
  test('the tail when nothing says ERROR', () => {
    expect(errorLines('a\n\nb\n')).toEqual(['a', 'b'])
  })
})

describe('missingError', () => {
  test.each([
    ['docker-cli', /docker CLI is not installed/, /setup-docker-action/],
    ['daemon', /daemon is not reachable/, /setup-docker-action/],
    ['buildx', /buildx plugin is missing/, /setup-buildx-action/]
  ] as const)('%s', (what, message, hint) => {
    const error = missingError(what, 'Cannot connect')
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(message)
    expect(error.details.join('\n')).toMatch(hint)
  })
})

describe('a build that shows the buildx plugin is missing', () => {
  test.each([
    ["docker 20.10: docker: 'buildx' is not a docker command.", true],
    ['docker 28: docker: unknown command: docker buildx', true],
    ['ERROR: failed to solve: failed to read dockerfile', false],
    [
      "docker 28, a flag first: unknown flag: --platform\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information",
      true
    ],
    [
      'an old buildx: unknown flag: --provenance\nUsage:  docker buildx build [OPTIONS] PATH | URL | -',
      false
    ],
    ['ERROR: pull access denied for buildxtool', false]
  ])('%s → %s', (output, missing) => {
    expect(saysBuildxIsMissing(output)).toBe(missing)
  })
})

describe('the docker driver refusing several platforms (what dockerd 20.10 with buildx 0.13 says)', () => {
  test.each([
    [
      'ERROR: Multi-platform build is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.',
      true
    ],
    ['ERROR: docker exporter does not currently support exporting manifest lists', true],
    ['ERROR: OCI exporter is not supported for the docker driver.', true],
    ['ERROR: failed to solve: failed to compute cache key: "/amd64/binary" not found', false]
  ])('%s → %s', (output, refused) => {
    expect(saysSeveralPlatformsRefused(output)).toBe(refused)
  })

  test('the error names the platforms, the store, and both ways out; auto falls back on it', () => {
    const error = severalPlatformsError([LINUX_AMD64, LINUX_ARM64], 'ERROR: Multi-platform build')
    expect(error).toBeInstanceOf(BuildxUnusableError)
    expect(error.message).toBe(
      "buildx's docker driver cannot build several platforms (linux/amd64, linux/arm64) with the classic image store; it can with the containerd image store."
    )
    expect(error.details.join('\n')).toMatch(/containerd-snapshotter/)
    expect(error.details.join('\n')).toMatch(/builder: oci/)
    expect(error.details).toContain('ERROR: Multi-platform build')
  })
})
