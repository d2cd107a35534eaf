import { UserError } from '../../src/ground/errors.js'
import {
  checkPort,
  renderDockerfile,
  renderIndexDockerfile,
  type DockerfileInput,
  type IndexDockerfilePart
} from '../../src/image/dockerfile.js'

const base: DockerfileInput = {
  layers: [{ kind: 'binary', dir: 'binary' }],
  binaryName: 'hello',
  user: { uid: 65532, gid: 65532 },
  entrypointArgs: [],
  expose: []
}

describe('renderDockerfile', () => {
  test.each<[string, Partial<DockerfileInput>, string]>([
    ['binary only', {}, 'FROM scratch\nCOPY binary/ /\nUSER 65532:65532\nENTRYPOINT ["/hello"]\n'],
    [
      'extras, ports, args',
      {
        layers: [
          { kind: 'ca-certificates', dir: 'ca-certificates' },
          { kind: 'tmp', dir: 'tmp' },
          { kind: 'binary', dir: 'binary' }
        ],
        user: { uid: 0, gid: 0 },
        expose: ['8080', '53/udp'],
        entrypointArgs: ['--listen', ':8080', 'say "hi" $HOME \\ ok']
      },
      'FROM scratch\nCOPY ca-certificates/ /\nCOPY tmp/ /\nCOPY binary/ /\nUSER 0:0\n' +
        'EXPOSE 8080\nEXPOSE 53/udp\nENTRYPOINT ["/hello"]\n' +
        'CMD ["--listen",":8080","say \\"hi\\" $HOME \\\\ ok"]\n'
    ]
  ])('%s', (_, over, expected) => {
    expect(renderDockerfile({ ...base, ...over })).toBe(expected)
  })

  test.each<[Partial<DockerfileInput>, RegExp]>([
    [{ entrypointArgs: ['ok', 'x\nRUN rm -rf /'] }, /line break/],
    [{ expose: ['8080\nRUN x'] }, /not a port/],
    [{ binaryName: 'a\nb' }, /cannot be used/]
  ])('%j is rejected before any build', (over, why) => {
    expect(() => renderDockerfile({ ...base, ...over })).toThrow(UserError)
    expect(() => renderDockerfile({ ...base, ...over })).toThrow(why)
  })
})

describe('checkPort', () => {
  test.each(['1', '80', '8080/tcp', '53/udp', '9/sctp', '8000-8010', '65535'])('%s', (port) => {
    expect(checkPort(port)).toBe(port)
  })
  test.each(['0', '65536', 'http', '80/http', '10-5', '', ' 80', '80 '])(
    '%j is rejected',
    (port) => {
      expect(() => checkPort(port)).toThrow(UserError)
    }
  )
})

describe('renderIndexDockerfile', () => {
  const both = (
    amd64: Partial<DockerfileInput>,
    arm64: Partial<DockerfileInput>
  ): IndexDockerfilePart[] => [
    { architecture: 'amd64', input: { ...base, ...amd64 } },
    { architecture: 'arm64', input: { ...base, ...arm64 } }
  ]
  test.each<[string, IndexDockerfilePart[], string]>([
    [
      'the same image for both: one stage, copied by TARGETARCH',
      both(
        { expose: ['8080'], entrypointArgs: ['--port', 'COPY amd64/ x'] },
        { expose: ['8080'], entrypointArgs: ['--port', 'COPY amd64/ x'] }
      ),
      'FROM scratch\nARG TARGETARCH\nCOPY ${TARGETARCH}/binary/ /\nUSER 65532:65532\nEXPOSE 8080\n' +
        'ENTRYPOINT ["/hello"]\nCMD ["--port","COPY amd64/ x"]\n'
    ],
    [
      'extras on one platform only: a stage each, picked by TARGETARCH',
      both(
        {
          layers: [
            { kind: 'ca-certificates', dir: 'ca-certificates' },
            { kind: 'binary', dir: 'binary' }
          ]
        },
        {}
      ),
      'FROM scratch AS image-amd64\nCOPY amd64/ca-certificates/ /\nCOPY amd64/binary/ /\nUSER 65532:65532\nENTRYPOINT ["/hello"]\n' +
        'FROM scratch AS image-arm64\nCOPY arm64/binary/ /\nUSER 65532:65532\nENTRYPOINT ["/hello"]\n' +
        'FROM image-${TARGETARCH}\n'
    ],
    [
      'another binary name on one platform',
      both({}, { binaryName: 'hello-arm64' }),
      'FROM scratch AS image-amd64\nCOPY amd64/binary/ /\nUSER 65532:65532\nENTRYPOINT ["/hello"]\n' +
        'FROM scratch AS image-arm64\nCOPY arm64/binary/ /\nUSER 65532:65532\nENTRYPOINT ["/hello-arm64"]\n' +
        'FROM image-${TARGETARCH}\n'
    ]
  ])('%s', (_, parts, expected) => {
    expect(renderIndexDockerfile(parts)).toBe(expected)
  })

  test.each<[IndexDockerfilePart[], RegExp]>([
    [[], /at least one platform/],
    [[{ architecture: 'AMD64', input: base }], /bad architecture/],
    [[{ architecture: 'amd64/../x', input: base }], /bad architecture/],
    [both({}, { entrypointArgs: ['x\nRUN y'] }), /line break/]
  ])('%# is refused', (parts, why) => {
    expect(() => renderIndexDockerfile(parts)).toThrow(why)
  })
})
