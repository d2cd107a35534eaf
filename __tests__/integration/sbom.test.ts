import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { buildImage } from '../../src/image/build.js'
import { parseInclude } from '../../src/image/include.js'
import { pushLayout } from '../../src/image/registry/push.js'
import type { ImageResult } from '../../src/image/types.js'
import { makeSbom } from '../../src/sbom/make.js'
import { addReferrerToLayout, artifactManifest } from '../../src/image/oci/referrer.js'
import { pushReferrer } from '../../src/image/registry/referrer.js'
import { startFaultProxy } from '../support/registry-proxy.js'
import { systemExec } from '../../src/ground/exec.js'
import {
  gitContext,
  imageSettings,
  inspectionFor,
  memoryLog,
  uniqueName
} from '../support/docker.js'
import { helloSource, integrationFixture, skopeoInspect, SLOW } from '../support/fixture.js'
import { freshDir } from '../support/paths.js'
import { basicAuthorization } from '../support/registry-server.js'
import {
  cyclonedxErrors,
  ntiaMissing,
  purls,
  spdxSchemaErrors,
  type SpdxDocument
} from '../support/sbom-check.js'

const run = promisify(execFile)

const fixture = integrationFixture({
  name: 'sbom',
  helloC: helloSource('sbom'),
  registries: ['htpasswd'],
  docker: 'login'
})

const EPOCH = 1700000000

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

/** A module served by a file GOPROXY, so `go build` records its real go.sum hash offline. */
async function proxied(root: string, path: string, version: string, body: string): Promise<void> {
  const name = path.split('/').pop() ?? path
  const src = join(root, 'zip', `${path}@${version}`)
  await put(join(src, 'go.mod'), `module ${path}\n\ngo 1.21\n`)
  await put(join(src, `${name}.go`), `package ${name}\n\n${body}\n`)
  const at = join(root, 'proxy', path, '@v')
  await mkdir(at, { recursive: true })
  await run('zip', ['-qrX', join(at, `${version}.zip`), `${path}@${version}`], {
    cwd: join(root, 'zip')
  })
  await writeFile(join(at, `${version}.mod`), `module ${path}\n\ngo 1.21\n`)
  await writeFile(join(at, 'list'), `${version}\n`)
  await writeFile(
    join(at, `${version}.info`),
    JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' })
  )
}

/**
 * example.com/app: a dependency from the proxy, one replaced by a local
 * folder and one replaced by another module version.
 */
async function goApp(): Promise<{ binary: string; versionM: string }> {
  const root = await freshDir('sbom-go')
  await proxied(root, 'example.com/lib', 'v1.2.0', 'func Hello() string { return "lib" }')
  await proxied(root, 'example.com/lib2', 'v1.1.0', 'func Name() string { return "lib2" }')
  await put(join(root, 'fork', 'go.mod'), 'module example.com/orig\n\ngo 1.21\n')
  await put(join(root, 'fork', 'orig.go'), 'package orig\n\nfunc Name() string { return "fork" }\n')
  await put(
    join(root, 'app', 'go.mod'),
    [
      'module example.com/app',
      '',
      'go 1.21',
      '',
      'require (',
      '\texample.com/lib v1.2.0',
      '\texample.com/orig v1.0.0',
      '\texample.com/other v1.0.0',
      ')',
      '',
      'replace example.com/orig => ../fork',
      '',
      'replace example.com/other => example.com/lib2 v1.1.0',
      ''
    ].join('\n')
  )
  await put(
    join(root, 'app', 'main.go'),
    [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"example.com/lib"',
      '\t"example.com/orig"',
      '\tlib2 "example.com/other"',
      ')',
      '',
      'func main() { fmt.Println(lib.Hello(), orig.Name(), lib2.Name()) }',
      ''
    ].join('\n')
  )
  const env = {
    ...process.env,
    GOPROXY: `file://${join(root, 'proxy')}`,
    GOSUMDB: 'off',
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GOMODCACHE: join(root, 'modcache'),
    CGO_ENABLED: '0',
    GOOS: 'linux',
    GOARCH: 'amd64'
  }
  const binary = join(root, 'out', 'app')
  await run('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', binary, '.'], {
    cwd: join(root, 'app'),
    env
  })
  const { stdout } = await run('go', ['version', '-m', binary], { env })
  return { binary, versionM: stdout }
}

/** `path → version` of every mod/dep line of `go version -m`, replacements as Go resolves them. */
function modulesOf(versionM: string): Map<string, string> {
  const out = new Map<string, string>()
  let last: string | null = null
  for (const line of versionM.split('\n')) {
    const [, kind, path, version] = line.split('\t')
    if (kind === 'mod' || kind === 'dep') {
      out.set(path ?? '', version ?? '')
      last = path ?? null
    } else if (kind === '=>' && last !== null) {
      const original = out.get(last) ?? ''
      out.delete(last)
      // A folder keeps the original path, at Go's (devel).
      if ((path ?? '').startsWith('.')) out.set(last, version || '(devel)')
      else out.set(path ?? '', version ?? original)
    }
  }
  return out
}

async function writerImage(binary: string, name: string, out: string): Promise<ImageResult> {
  const { inspection } = await inspectionFor(binary)
  return buildImage(
    {
      ...imageSettings({ image: name, include: parseInclude('ca-certificates,passwd') }),
      engine: 'oci',
      sourceDateEpoch: EPOCH,
      tags: ['1.0.0']
    },
    inspection,
    gitContext({}),
    systemExec,
    memoryLog(),
    out
  )
}

test(
  'Go with dependencies and replacements: every module of go version -m, in a valid SPDX and CycloneDX, in the layout and pushed through the referrers tag',
  async () => {
    const { binary, versionM } = await goApp()
    const registry = fixture.registry
    const name = `${registry.host}/sbom/${uniqueName('go')}`
    const out = await freshDir('sbom-out')
    const image = await writerImage(binary, name, out)
    fixture.removeAfter(`${name}:1.0.0`)
    const pushed = await pushLayout({
      layoutDir: image.layout?.dir ?? '',
      references: image.tags,
      env: fixture.docker.env,
      log: memoryLog()
    })
    const { inspection } = await inspectionFor(binary)
    const log = memoryLog()
    const result = await makeSbom({
      format: 'both',
      compiled: {
        binaryPath: binary,
        language: 'go',
        toolchain: 'go1.23.5',
        warnings: [],
        annotations: []
      },
      inspection,
      image: { ...image, pushed: true, digest: pushed.digest },
      epoch: EPOCH,
      outputDir: out,
      log,
      env: fixture.docker.env
    })

    // The SPDX document: schema, NTIA, and every module as go version -m lists it.
    const text = await readFile(result.path, 'utf8')
    const doc = JSON.parse(text) as SpdxDocument
    expect(spdxSchemaErrors(doc)).toEqual([])
    expect(ntiaMissing(doc)).toEqual([])
    const listed = purls(doc)
    const modules = modulesOf(versionM)
    expect([...modules.keys()].sort()).toEqual([
      'example.com/app',
      'example.com/lib',
      'example.com/lib2',
      'example.com/orig'
    ])
    for (const [path, version] of modules) {
      expect(listed.get(path)).toBe(`pkg:golang/${path}@${version}`)
      expect(doc.packages.find((p) => p.name === path)?.versionInfo).toBe(version)
    }
    expect(listed.get('stdlib')).toBe('pkg:golang/stdlib@go1.23.5')
    expect(result.modules).toBe(5)
    // The h1 hash of the proxied module, decoded, as go.sum has it.
    const sum = /dep\texample.com\/lib\tv1.2.0\t(h1:\S+)/.exec(versionM)?.[1] ?? ''
    const lib = doc.packages.find((p) => p.name === 'example.com/lib')
    expect(lib?.checksums?.[0]?.checksumValue).toBe(
      Buffer.from(sum.slice(3), 'base64').toString('hex')
    )
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/)

    // CycloneDX beside it, valid for the library's own validator.
    const cdx = result.files.find((f) => f.format === 'cyclonedx')?.path ?? ''
    expect(await cyclonedxErrors(await readFile(cdx, 'utf8'))).toBeNull()

    // In the OCI layout: listed in index.json with its artifactType, its subject the image.
    const index = JSON.parse(
      await readFile(join(image.layout?.dir ?? '', 'index.json'), 'utf8')
    ) as {
      manifests: { digest: string; artifactType?: string }[]
    }
    const referrers = index.manifests.filter((m) => m.artifactType !== undefined)
    expect(referrers.map((m) => m.artifactType).sort()).toEqual([
      'application/spdx+json',
      'application/vnd.cyclonedx+json'
    ])

    // Pushed to distribution 2.8, which has no referrers API: found through the sha256-<hex> tag.
    const auth = basicAuthorization(registry.user, registry.password)
    const repo = name.slice(registry.host.length + 1)
    const tag = pushed.digest.replace(':', '-')
    const got = await fetch(`http://${registry.host}/v2/${repo}/manifests/${tag}`, {
      headers: { authorization: auth, accept: 'application/vnd.oci.image.index.v1+json' }
    })
    expect(got.status).toBe(200)
    const fallback = (await got.json()) as { manifests: { digest: string; artifactType: string }[] }
    const spdxRef = fallback.manifests.find((m) => m.artifactType === 'application/spdx+json')
    expect(spdxRef).toBeDefined()
    const manifest = (await (
      await fetch(`http://${registry.host}/v2/${repo}/manifests/${spdxRef?.digest ?? ''}`, {
        headers: { authorization: auth, accept: 'application/vnd.oci.image.manifest.v1+json' }
      })
    ).json()) as { subject: { digest: string }; layers: { digest: string }[] }
    expect(manifest.subject.digest).toBe(pushed.digest)
    const blob = await fetch(
      `http://${registry.host}/v2/${repo}/blobs/${manifest.layers[0]?.digest ?? ''}`,
      { headers: { authorization: auth } }
    )
    expect(await blob.text()).toBe(text)
    expect(log.lines.join('\n')).toContain(`tag ${tag}`)

    // Same build, same bytes.
    const again = await makeSbom({
      format: 'spdx',
      compiled: {
        binaryPath: binary,
        language: 'go',
        toolchain: 'go1.23.5',
        warnings: [],
        annotations: []
      },
      inspection,
      image,
      epoch: EPOCH,
      outputDir: await freshDir('sbom-again'),
      log: memoryLog()
    })
    expect(await readFile(again.path, 'utf8')).toBe(text)
  },
  SLOW
)

test(
  'a C program: the C library musl, from the runner’s package, and the extras with their package',
  async () => {
    const out = await freshDir('sbom-c')
    const name = `sbom-c-${uniqueName('c')}`
    const image = await writerImage(fixture.hello, name, out)
    if (image.localId !== undefined) fixture.removeAfter(`${name}:1.0.0`)
    const { inspection } = await inspectionFor(fixture.hello)
    const result = await makeSbom({
      format: 'spdx',
      compiled: {
        binaryPath: fixture.hello,
        language: 'c',
        toolchain: 'musl-gcc (gcc 12.2.0)',
        warnings: [],
        annotations: []
      },
      inspection,
      image,
      epoch: EPOCH,
      outputDir: out,
      log: memoryLog()
    })
    const doc = JSON.parse(await readFile(result.path, 'utf8')) as SpdxDocument
    expect(spdxSchemaErrors(doc)).toEqual([])
    expect(ntiaMissing(doc)).toEqual([])
    expect(result.modules).toBe(0)
    const musl = doc.packages.find((p) => p.name === 'musl')
    // The runner's own musl-dev (an arm64 one may be installed beside it for cross builds).
    const { stdout } = await run('dpkg-query', ['-W', '-f', '${Version}', 'musl-dev:amd64'])
    expect(musl?.versionInfo).toBe(stdout.replace(/-[^-]*$/, ''))
    expect(purls(doc).get('musl')).toMatch(/^pkg:deb\/debian\/musl-dev@[^?]+\?arch=amd64&/)
    const ca = await run('dpkg-query', ['-W', '-f', '${Version}', 'ca-certificates'])
    expect(purls(doc).get('ca-certificates')).toBe(
      `pkg:deb/debian/ca-certificates@${ca.stdout}?arch=all&distro=debian-12`
    )
  },
  SLOW
)

test(
  'buildx: pushed, the SBOM goes to the same repository as a referrer of the pushed manifest (skopeo reads it through the tag); --load only writes the file',
  async () => {
    const registry = fixture.registry
    const name = `${registry.host}/sbom/${uniqueName('buildx')}`
    const out = await freshDir('sbom-buildx')
    const { inspection } = await inspectionFor(fixture.hello)
    const settings = {
      ...imageSettings({ image: name, include: parseInclude('none') }),
      engine: 'buildx' as const,
      sourceDateEpoch: EPOCH,
      tags: ['1.0.0']
    }
    const compiled = {
      binaryPath: fixture.hello,
      language: 'c' as const,
      toolchain: 'musl-gcc (gcc 12.2.0)',
      warnings: [],
      annotations: []
    }
    fixture.removeAfter(`${name}:1.0.0`)
    const pushedImage = await buildImage(
      { ...settings, push: true },
      inspection,
      gitContext({}),
      fixture.docker.exec,
      memoryLog(),
      out
    )
    expect(pushedImage.builtWith).toBe('buildx')
    const digest = pushedImage.digest ?? ''
    const result = await makeSbom({
      format: 'cyclonedx',
      compiled,
      inspection,
      image: pushedImage,
      epoch: EPOCH,
      outputDir: out,
      log: memoryLog(),
      env: fixture.docker.env
    })
    const text = await readFile(result.path, 'utf8')
    expect(await cyclonedxErrors(text)).toBeNull()
    expect(result.attached).toHaveLength(1)
    const index = await skopeoInspect<{ manifests: { digest: string; artifactType: string }[] }>(
      registry,
      `${name}:${digest.replace(':', '-')}`,
      { raw: true }
    )
    expect(index.manifests.map((m) => m.artifactType)).toEqual(['application/vnd.cyclonedx+json'])
    const artifact = await skopeoInspect<{
      subject: { digest: string; mediaType: string }
      artifactType: string
    }>(registry, `${name}@${index.manifests[0]?.digest ?? ''}`, { raw: true })
    expect(artifact.subject.digest).toBe(digest)
    expect(artifact.artifactType).toBe('application/vnd.cyclonedx+json')

    // --load only: the file, no attachment (no manifest digest to refer to).
    const local = `sbom-load-${uniqueName('buildx')}`
    fixture.removeAfter(`${local}:1.0.0`)
    const loaded = await buildImage(
      { ...settings, image: local },
      inspection,
      gitContext({}),
      fixture.docker.exec,
      memoryLog(),
      out
    )
    const log = memoryLog()
    const onlyFile = await makeSbom({
      format: 'spdx',
      compiled,
      inspection,
      image: loaded,
      epoch: EPOCH,
      outputDir: await freshDir('sbom-load'),
      log
    })
    expect(onlyFile.attached).toEqual([])
    expect(log.lines.join('\n')).toContain('SBOM not attached')
    const doc = JSON.parse(await readFile(onlyFile.path, 'utf8')) as SpdxDocument
    expect(spdxSchemaErrors(doc)).toEqual([])
    expect(doc.packages[0]?.versionInfo).toBe(loaded.imageId)
  },
  SLOW
)

test(
  'a registry that answers OCI-Subject (the referrers API) gets no sha256-<hex> tag',
  async () => {
    const registry = fixture.registry
    // The real registry behind a proxy that answers a manifest put with subject as OCI 1.1 registries do.
    const proxy = await startFaultProxy(registry.host)
    try {
      const out = await freshDir('sbom-api')
      const name = `${proxy.host}/sbom/${uniqueName('api')}`
      const image = await writerImage(fixture.hello, name, out)
      const credentials = { username: registry.user, password: registry.password }
      const pushed = await pushLayout({
        layoutDir: image.layout?.dir ?? '',
        references: image.tags,
        credentials,
        log: memoryLog()
      })
      const subject = image.manifest
      if (subject === undefined) throw new Error('the writer names its manifest')
      const manifest = artifactManifest(
        subject,
        {
          artifactType: 'application/spdx+json',
          content: Buffer.from('{}\n'),
          title: 'x.spdx.json'
        },
        EPOCH
      )
      proxy.rewrite((method, path, headers) => {
        if (
          method === 'PUT' &&
          decodeURIComponent(path).endsWith(`/manifests/${manifest.digest}`)
        ) {
          headers['oci-subject'] = pushed.digest
        }
      })
      await addReferrerToLayout(image.layout?.dir ?? '', manifest, EPOCH)
      const result = await pushReferrer({
        references: image.tags,
        manifest,
        blobsLayout: image.layout?.dir ?? '',
        epoch: EPOCH,
        credentials,
        log: memoryLog()
      })
      expect(result).toEqual([{ repository: name, via: 'api' }])
      expect(proxy.requests.some((r) => r.path.includes(pushed.digest.replace(':', '-')))).toBe(
        false
      )
    } finally {
      await proxy.close()
    }
  },
  SLOW
)
