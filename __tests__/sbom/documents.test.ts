import { cyclonedxDocument } from '../../src/sbom/cyclonedx.js'
import { goSupplier, h1ToHex, sbomModel } from '../../src/sbom/model.js'
import { spdxDocument, spdxIds } from '../../src/sbom/spdx.js'
import type { SbomFacts } from '../../src/sbom/types.js'
import {
  cyclonedxErrors,
  ntiaMissing,
  purls,
  spdxSchemaErrors,
  type SpdxDocument
} from '../support/sbom-check.js'

const SUM = 'h1:GckfqhfoQa/vO5//Enpu8Zo3Qxs5ROr2OYgOMz7/5S8='
const SUM2 = 'h1:Dx1zv02UsdsagVg8JGP9CfaRr9j4IApAGUMhJrQ+NLw='
const DIGEST = `sha256:${'ab'.repeat(32)}`
const DEBIAN = { distro: 'debian', distroVersion: '12', architecture: 'all' }

const GO: SbomFacts = {
  tool: { name: 'from-scratch', version: '0.1.0' },
  epoch: 1700000000,
  image: {
    name: '127.0.0.1:5000/team/app',
    manifestDigest: DIGEST,
    imageId: `sha256:${'cd'.repeat(32)}`,
    tags: ['127.0.0.1:5000/team/app:1.2.3'],
    architecture: 'amd64'
  },
  binary: { name: 'app', sha256: 'ef'.repeat(32) },
  go: {
    version: 'go1.23.5 X:boringcrypto',
    main: { path: 'github.com/acme/app', version: '(devel)', replacedBy: '' },
    deps: [
      { path: 'example.com/lib', version: 'v1.2.0', replacedBy: '', sum: SUM },
      {
        path: 'example.com/orig',
        version: 'v1.0.0',
        replacedBy: '../fork (devel)',
        replacement: { path: '../fork', version: '(devel)', sum: '' }
      },
      {
        path: 'example.com/old',
        version: 'v0.9.0',
        replacedBy: 'github.com/someone/new v1.1.0',
        replacement: { path: 'github.com/someone/new', version: 'v1.1.0', sum: SUM2 }
      }
    ]
  },
  c: null,
  extras: [
    {
      kind: 'ca-certificates',
      paths: ['/etc/ssl/certs/ca-certificates.crt'],
      source: { ...DEBIAN, name: 'ca-certificates', version: '20230311' },
      origin: "the runner's /etc/ssl/certs/ca-certificates.crt"
    },
    { kind: 'passwd', paths: ['/etc/passwd', '/etc/group'], source: null, origin: 'from-scratch' }
  ]
}

const C: SbomFacts = {
  ...GO,
  go: null,
  binary: { name: 'hello', sha256: '01'.repeat(32) },
  c: {
    toolchain: 'musl-gcc (gcc 12.2.0)',
    library: {
      name: 'musl',
      version: '1.2.3',
      source: { ...DEBIAN, architecture: 'amd64', name: 'musl-dev', version: '1.2.3-1' },
      evidence: 'compiled with musl-gcc'
    }
  },
  extras: []
}

function spdx(facts: SbomFacts): SpdxDocument {
  return JSON.parse(spdxDocument(facts, sbomModel(facts))) as SpdxDocument
}

describe('h1ToHex', () => {
  test.each([
    [SUM, '19c91faa17e841afef3b9fff127a6ef19a37431b3944eaf639880e333effe52f'],
    ['h1:abc=', null],
    ['sha256:00', null]
  ])('%s', (sum, hex) => {
    expect(h1ToHex(sum)).toBe(hex)
  })
})

describe('goSupplier', () => {
  test.each([
    ['github.com/google/uuid', 'github.com/google'],
    ['golang.org/x/net', 'The Go Authors'],
    ['gopkg.in/yaml.v3', 'gopkg.in'],
    ['go.uber.org/zap', 'go.uber.org'],
    ['example.com/app', 'example.com']
  ])('%s → %s', (path, supplier) => {
    expect(goSupplier(path)).toBe(supplier)
  })
})

describe('the SPDX document', () => {
  test.each([
    ['Go with dependencies, replacements and extras', GO],
    ['C with musl', C]
  ])('%s is valid SPDX 2.3 with every NTIA minimum element', (_name, facts) => {
    const doc = spdx(facts)
    expect(spdxSchemaErrors(doc)).toEqual([])
    expect(ntiaMissing(doc)).toEqual([])
    expect(doc.creationInfo).toEqual({
      created: '2023-11-14T22:13:20Z',
      creators: ['Tool: from-scratch-0.1.0']
    })
  })

  test('lists the image, the binary, each module as Go builds it, stdlib and the extras', () => {
    const doc = spdx(GO)
    expect(Object.fromEntries(purls(doc))).toEqual({
      '127.0.0.1:5000/team/app': `pkg:oci/app@${DIGEST}?arch=amd64&repository_url=127.0.0.1%3A5000%2Fteam%2Fapp`,
      'github.com/acme/app': 'pkg:golang/github.com/acme/app@(devel)',
      'example.com/lib': 'pkg:golang/example.com/lib@v1.2.0',
      // Replaced by a folder: the original path, Go's (devel).
      'example.com/orig': 'pkg:golang/example.com/orig@(devel)',
      // Replaced by another module: shown as the replacement.
      'github.com/someone/new': 'pkg:golang/github.com/someone/new@v1.1.0',
      stdlib: 'pkg:golang/stdlib@go1.23.5',
      'ca-certificates': 'pkg:deb/debian/ca-certificates@20230311?arch=all&distro=debian-12'
    })
    const image = doc.packages.find((p) => p.SPDXID === doc.documentDescribes[0])
    expect(image?.primaryPackagePurpose).toBe('CONTAINER')
    const binary = doc.packages.find((p) => p.name === 'app')
    expect(binary?.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'ef'.repeat(32) }])
    const lib = doc.packages.find((p) => p.name === 'example.com/lib')
    expect(lib?.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: h1ToHex(SUM) }])
    expect(lib?.comment).toContain(SUM)
    expect(doc.packages.find((p) => p.name === 'github.com/someone/new')?.comment).toContain(
      'Replaces example.com/old v0.9.0'
    )
    expect(doc.packages.find((p) => p.name === 'passwd')?.supplier).toBe('NOASSERTION')
    expect(doc.documentNamespace).toBe(
      `https://spdx.org/spdxdocs/from-scratch/127.0.0.1-5000/team/app/sha256-${'ab'.repeat(32)}`
    )
  })

  test('relationships: the image contains the binary and extras, the binary its modules', () => {
    const doc = spdx(GO)
    const name = new Map(doc.packages.map((p) => [p.SPDXID, p.name]))
    const lines = doc.relationships.map(
      (r) =>
        `${name.get(r.spdxElementId) ?? r.spdxElementId} ${r.relationshipType} ${name.get(r.relatedSpdxElement)}`
    )
    expect(lines).toEqual(
      expect.arrayContaining([
        'SPDXRef-DOCUMENT DESCRIBES 127.0.0.1:5000/team/app',
        '127.0.0.1:5000/team/app CONTAINS app',
        '127.0.0.1:5000/team/app CONTAINS ca-certificates',
        'app CONTAINS example.com/lib',
        'app CONTAINS stdlib',
        'github.com/acme/app DEPENDS_ON example.com/lib',
        'github.com/acme/app DEPENDS_ON github.com/someone/new',
        'github.com/acme/app DEPENDS_ON stdlib'
      ])
    )
  })

  test('C: the C library from its Debian package', () => {
    const doc = spdx(C)
    const musl = doc.packages.find((p) => p.name === 'musl')
    expect(musl).toMatchObject({
      versionInfo: '1.2.3',
      supplier: 'Organization: Debian',
      externalRefs: [
        expect.objectContaining({
          referenceLocator: 'pkg:deb/debian/musl-dev@1.2.3-1?arch=amd64&distro=debian-12'
        })
      ]
    })
  })

  test('the same facts give the same bytes; another image another namespace', () => {
    expect(spdxDocument(GO, sbomModel(GO))).toBe(spdxDocument(GO, sbomModel(GO)))
    const other = { ...GO, image: { ...GO.image, manifestDigest: `sha256:${'00'.repeat(32)}` } }
    expect(spdx(other).documentNamespace).not.toBe(spdx(GO).documentNamespace)
  })

  test('ids are SPDXRef-[A-Za-z0-9.-]+ and unique even when names sanitise alike', () => {
    const ids = spdxIds(
      sbomModel({
        ...GO,
        go: {
          version: 'go1.23.5',
          main: null,
          deps: [
            { path: 'example.com/a_b', version: 'v1.0.0', replacedBy: '' },
            { path: 'example.com/a+b', version: 'v1.0.0', replacedBy: '' }
          ]
        }
      }).components
    )
    const values = [...ids.values()]
    expect(new Set(values).size).toBe(values.length)
    for (const id of values) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/)
  })

  test('without a manifest digest (not pushed from buildx) the image ID stands in, and no purl', () => {
    const doc = spdx({ ...GO, image: { ...GO.image, manifestDigest: null } })
    const image = doc.packages.find((p) => p.SPDXID === doc.documentDescribes[0])
    expect(image?.versionInfo).toBe(GO.image.imageId)
    expect(image?.externalRefs).toBeUndefined()
    expect(spdxSchemaErrors(doc)).toEqual([])
  })
})

describe('the CycloneDX document', () => {
  test.each([
    ['Go', GO],
    ['C', C]
  ])('%s passes the library validator for 1.6', async (_name, facts) => {
    const json = cyclonedxDocument(facts, sbomModel(facts))
    expect(await cyclonedxErrors(json)).toBeNull()
    const bom = JSON.parse(json) as {
      specVersion: string
      serialNumber: string
      metadata: { timestamp: string; component: { type: string; name: string } }
      components: { name: string; purl?: string; hashes?: { alg: string; content: string }[] }[]
      dependencies: { ref: string; dependsOn?: string[] }[]
    }
    expect(bom.specVersion).toBe('1.6')
    expect(bom.metadata.timestamp).toBe('2023-11-14T22:13:20.000Z')
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: GO.image.name })
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    )
  })

  test('Go modules with purls and the h1 hash; same facts, same bytes', async () => {
    const json = cyclonedxDocument(GO, sbomModel(GO))
    expect(json).toBe(cyclonedxDocument(GO, sbomModel(GO)))
    const bom = JSON.parse(json) as {
      components: { name: string; purl?: string; hashes?: { alg: string; content: string }[] }[]
    }
    const lib = bom.components.find((c) => c.name === 'example.com/lib')
    expect(lib).toMatchObject({
      purl: 'pkg:golang/example.com/lib@v1.2.0',
      hashes: [{ alg: 'SHA-256', content: h1ToHex(SUM) }]
    })
    expect(bom.components.map((c) => c.purl)).toContain('pkg:golang/stdlib@go1.23.5')
  })
})
