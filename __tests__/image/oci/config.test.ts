import { LINUX_AMD64 } from '../../../src/ground/platform.js'
import {
  canonicalJson,
  containerConfig,
  DEFAULT_PATH,
  dockerSaveManifest,
  exposedPorts,
  imageConfig,
  imageManifest,
  layoutIndex,
  MEDIA_TYPE,
  rfc3339
} from '../../../src/image/oci/config.js'
import { UserError } from '../../../src/ground/errors.js'

const nonroot = { uid: 65532, gid: 65532 }

test.each([
  [['8080'], ['8080/tcp']],
  [
    ['53/udp', '8080/tcp'],
    ['53/udp', '8080/tcp']
  ],
  [['8000-8002'], ['8000/tcp', '8001/tcp', '8002/tcp']],
  [['8080', '8080/tcp'], ['8080/tcp']],
  [[], []]
])('exposedPorts(%j) as EXPOSE records them', (expose, keys) => {
  expect(exposedPorts(expose)).toEqual(keys)
})

test('a bad port is the same UserError the Dockerfile path gives', () => {
  expect(() => exposedPorts(['http'])).toThrow(UserError)
})

test.each([
  [
    'bare',
    { binaryName: 'hello', user: nonroot, entrypointArgs: [], expose: [], labels: {} },
    { User: '65532:65532', Env: [DEFAULT_PATH], Entrypoint: ['/hello'], WorkingDir: '/' }
  ],
  [
    'everything (as docker image inspect shows a buildx image)',
    {
      binaryName: 'server',
      user: { uid: 0, gid: 0 },
      entrypointArgs: ['--port', '$PORT'],
      expose: ['8080'],
      labels: { a: 'b' }
    },
    {
      User: '0:0',
      ExposedPorts: { '8080/tcp': {} },
      Env: [DEFAULT_PATH],
      Entrypoint: ['/server'],
      Cmd: ['--port', '$PORT'],
      ArgsEscaped: true,
      WorkingDir: '/',
      Labels: { a: 'b' }
    }
  ]
])('containerConfig: %s', (_what, input, expected) => {
  expect(containerConfig(input)).toEqual(expected)
})

test('canonical JSON: sorted keys at every level, no whitespace, undefined dropped', () => {
  expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } }).toString()).toBe(
    '{"a":{"d":[{"y":2,"z":1}]},"b":1}'
  )
})

test.each([
  [0, '1970-01-01T00:00:00Z'],
  [1700000000, '2023-11-14T22:13:20Z']
])('rfc3339(%d)', (epoch, text) => {
  expect(rfc3339(epoch)).toBe(text)
})

test('image config: platform, DiffIDs, created and one history entry per layer', () => {
  const config = containerConfig({
    binaryName: 'hello',
    user: nonroot,
    entrypointArgs: [],
    expose: [],
    labels: {}
  })
  const bytes = imageConfig({
    platform: LINUX_AMD64,
    config,
    layers: [
      { kind: 'tmp', diffId: 'sha256:aa' },
      { kind: 'binary', diffId: 'sha256:bb' }
    ],
    epoch: 1700000000
  })
  expect(JSON.parse(bytes.toString())).toEqual({
    architecture: 'amd64',
    os: 'linux',
    created: '2023-11-14T22:13:20Z',
    config,
    rootfs: { type: 'layers', diff_ids: ['sha256:aa', 'sha256:bb'] },
    history: [
      {
        created: '2023-11-14T22:13:20Z',
        created_by: 'COPY tmp/ / # from-scratch',
        comment: 'from-scratch'
      },
      {
        created: '2023-11-14T22:13:20Z',
        created_by: 'COPY binary/ / # from-scratch',
        comment: 'from-scratch'
      }
    ]
  })
  expect(bytes.toString()).toBe(canonicalJson(JSON.parse(bytes.toString())).toString())
})

const configDescriptor = { mediaType: MEDIA_TYPE.config, digest: 'sha256:c', size: 3 }
const layer = { mediaType: MEDIA_TYPE.layer, digest: 'sha256:l', size: 9 }

test('manifest: OCI media types, config and layers in order', () => {
  expect(imageManifest(configDescriptor, [layer]).toString()).toBe(
    '{"config":{"digest":"sha256:c","mediaType":"application/vnd.oci.image.config.v1+json","size":3},' +
      '"layers":[{"digest":"sha256:l","mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":9}],' +
      '"mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2}'
  )
})

test('index: the manifest once per tag, named as the containerd store and skopeo read it', () => {
  const manifest = { mediaType: MEDIA_TYPE.manifest, digest: 'sha256:m', size: 5 }
  const index = JSON.parse(
    layoutIndex(manifest, ['app:1', 'a/b:latest', '127.0.0.1:5000/a/b:v2']).toString()
  )
  expect(index.mediaType).toBe(MEDIA_TYPE.index)
  expect(
    index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations)
  ).toEqual([
    {
      'io.containerd.image.name': 'docker.io/library/app:1',
      'org.opencontainers.image.ref.name': '1'
    },
    {
      'io.containerd.image.name': 'docker.io/a/b:latest',
      'org.opencontainers.image.ref.name': 'latest'
    },
    {
      'io.containerd.image.name': '127.0.0.1:5000/a/b:v2',
      'org.opencontainers.image.ref.name': 'v2'
    }
  ])
})

test('docker save manifest.json', () => {
  expect(
    JSON.parse(dockerSaveManifest('blobs/sha256/c', ['a:1'], ['blobs/sha256/l']).toString())
  ).toEqual([{ Config: 'blobs/sha256/c', RepoTags: ['a:1'], Layers: ['blobs/sha256/l'] }])
})
