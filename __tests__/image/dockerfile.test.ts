import { UserError } from '../../src/ground/errors.js'
import { checkPort, renderDockerfile, type DockerfileInput } from '../../src/image/dockerfile.js'

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
