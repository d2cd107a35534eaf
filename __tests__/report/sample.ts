import type { BinaryJson } from '../../src/report/binary-json.js'
import type { BaselineJson, ImageJson, Report } from '../../src/report/schema.js'

/** A Go binary as the elf stage reports it: static, with a TLS finding. */
export const goBinary: BinaryJson = {
  path: '/tmp/out/server',
  size: 7_300_000,
  linkage: 'static',
  accepted: true,
  summary: 'statically linked executable: runs in an empty image',
  interpreter: null,
  needed: [],
  go: {
    version: 'go1.23.5',
    path: 'example.com/server',
    settings: {
      CGO_ENABLED: '0',
      GOARCH: 'amd64',
      GOOS: 'linux',
      '-tags': 'netgo,osusergo',
      '-ldflags': '-s -w'
    }
  },
  findings: [
    {
      id: 'ca-certificates',
      message: 'The binary makes TLS connections and will look for CA certificates.',
      evidence: ['crypto/x509.loadSystemRoots']
    }
  ]
}

export const cBinary: BinaryJson = {
  path: '/tmp/out/hello',
  size: 14_328,
  linkage: 'static-pie',
  accepted: true,
  summary: 'static-pie executable: runs in an empty image',
  interpreter: null,
  needed: [],
  go: null,
  findings: []
}

export const image: ImageJson = {
  name: 'ghcr.io/acme/server',
  tags: ['ghcr.io/acme/server:pr-7'],
  id: 'sha256:1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988',
  digest: '',
  size: 7_520_000,
  pullSize: 3_100_000,
  pullSizeExact: false,
  files: [
    { path: '/server', size: 7_300_000 },
    { path: '/etc/ssl/certs/ca-certificates.crt', size: 216_000 },
    { path: '/etc/passwd', size: 70 },
    { path: '/etc/group', size: 40 }
  ],
  extras: [
    {
      kind: 'ca-certificates',
      reasons: [{ by: 'finding', finding: 'ca-certificates' }],
      bytes: 216_000,
      paths: ['/etc/ssl/certs/ca-certificates.crt']
    },
    { kind: 'passwd', reasons: [{ by: 'asked' }], bytes: 110, paths: ['/etc/passwd', '/etc/group'] }
  ],
  findingExtras: [{ finding: 'ca-certificates', extra: 'ca-certificates' }]
}

export const baseline: BaselineJson = {
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  binarySize: 7_250_000,
  imageSize: 7_470_000,
  pullSize: 3_080_000
}

export function report(overrides: Partial<Report> = {}): Report {
  return { schema: 1, binary: goBinary, image, baseline, gates: [], ...overrides }
}
