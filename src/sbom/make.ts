import { mkdir, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { CompileResult } from '../compile/types.js'
import { readGoBuildInfo } from '../elf/go-buildinfo.js'
import { ElfFile, openFileSource } from '../elf/reader.js'
import type { Inspection } from '../elf/types.js'
import { blobPath } from '../ground/blob-path.js'
import type { Log } from '../ground/log.js'
import { findHostFiles } from '../image/context.js'
import { canonicalJson, sha256Digest, OCI_LAYOUT, MEDIA_TYPE } from '../image/oci/config.js'
import {
  addReferrerToLayout,
  artifactManifest,
  referrersTag,
  type ArtifactManifest
} from '../image/oci/referrer.js'
import { pushReferrer, remoteManifest } from '../image/registry/referrer.js'
import { CA_BUNDLE_PATH } from '../image/rootfs.js'
import type { ImageResult } from '../image/types.js'
import { CYCLONEDX_MEDIA_TYPE, cyclonedxDocument } from './cyclonedx.js'
import { debianArch } from '../ground/platform.js'
import { readHostPackages, sha256File, upstreamVersion, type HostPackages } from './host.js'
import { sbomModel } from './model.js'
import { SPDX_MEDIA_TYPE, spdxDocument } from './spdx.js'
import type { CLibrary, ExtraFacts, SbomFacts, SbomFormat, SbomResult } from './types.js'
import { TOOL_NAME, TOOL_VERSION } from './version.js'

export interface SbomStageInput {
  readonly format: SbomFormat
  readonly compiled: CompileResult
  readonly inspection: Inspection
  readonly image: ImageResult
  /** SOURCE_DATE_EPOCH, else the commit time: the document's timestamp. */
  readonly epoch: number
  /** Where the documents are written (beside the binary). */
  readonly outputDir: string
  readonly log: Log
  /** The runner's root, for its package database; `/` but in tests. */
  readonly hostRoot?: string
  /** For DOCKER_CONFIG when pushing; defaults to `process.env` (as the image push). */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** The C library a binary with C in it links, from the compile step and the binary's own findings. */
export function cLibraryOf(
  toolchain: string,
  goSettings: Readonly<Record<string, string>> | null,
  findings: readonly { readonly id: string }[],
  host: HostPackages
): CLibrary | null {
  const cc = goSettings?.CC ?? ''
  const nss = findings.some((f) => f.id === 'nss')
  let name: CLibrary['name'] | null = null
  let evidence = ''
  if (/musl/.test(toolchain) || /musl/.test(cc)) {
    name = 'musl'
    evidence = `compiled with ${/musl/.test(toolchain) ? toolchain : `CC=${cc}`}`
  } else if (nss) {
    name = 'glibc'
    evidence = "the binary holds glibc's NSS loader (static glibc)"
  } else if (toolchain !== '' && toolchain !== 'prebuilt' && !toolchain.startsWith('go')) {
    name = 'glibc'
    evidence = `compiled with ${toolchain} against the system C library`
  } else if (goSettings?.CGO_ENABLED === '1') {
    name = 'glibc'
    evidence = `cgo with ${cc === '' ? 'the default C compiler' : `CC=${cc}`}`
  }
  if (name === null) return null
  const source = host[name] ?? null
  return {
    name,
    version: source === null ? null : upstreamVersion(source.version),
    source,
    evidence
  }
}

async function goModules(path: string): Promise<SbomFacts['go']> {
  const src = await openFileSource(path)
  try {
    const info = await readGoBuildInfo(await ElfFile.open(src))
    if (info.kind !== 'go') return null
    return { version: info.info.version, main: info.modules.main, deps: info.modules.deps }
  } finally {
    await src.close()
  }
}

async function extrasOf(
  image: ImageResult,
  binaryPath: string,
  host: HostPackages
): Promise<ExtraFacts[]> {
  const hostFiles = await findHostFiles(binaryPath)
  return image.extras.map((extra): ExtraFacts => {
    switch (extra.kind) {
      case 'ca-certificates': {
        const from = hostFiles.caBundle ?? 'the runner'
        // update-ca-certificates makes Debian's bundle from the ca-certificates package.
        const source =
          hostFiles.caBundle === CA_BUNDLE_PATH ? (host['ca-certificates'] ?? null) : null
        return { kind: extra.kind, paths: extra.paths, source, origin: `the runner's ${from}` }
      }
      case 'tzdata':
        return {
          kind: extra.kind,
          paths: extra.paths,
          source: hostFiles.zoneinfo === '/usr/share/zoneinfo' ? (host.tzdata ?? null) : null,
          origin: `the runner's ${hostFiles.zoneinfo ?? 'zoneinfo'}`
        }
      default:
        return {
          kind: extra.kind,
          paths: extra.paths,
          source: null,
          origin: 'from-scratch, which writes them'
        }
    }
  })
}

/** The facts an SBOM is made from: the binary's build info, the compile step, the image, the runner's packages. */
export async function sbomFacts(input: SbomStageInput): Promise<SbomFacts> {
  const { inspection, image, compiled } = input
  const host = await readHostPackages(input.hostRoot, debianArch(image.platform))
  const [sha256, go, extras] = await Promise.all([
    sha256File(inspection.path),
    inspection.go === null ? Promise.resolve(null) : goModules(inspection.path),
    extrasOf(image, inspection.path, host)
  ])
  const hasC = go === null || inspection.go?.settings.CGO_ENABLED === '1'
  const library = hasC
    ? cLibraryOf(compiled.toolchain, inspection.go?.settings ?? null, inspection.findings, host)
    : null
  const digest = image.manifest?.digest ?? (image.pushed ? image.digest : null)
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    epoch: input.epoch,
    image: {
      name: image.name,
      manifestDigest: digest,
      imageId: image.imageId,
      tags: image.tags,
      architecture: image.platform.architecture
    },
    binary: { name: basename(inspection.path), sha256 },
    go,
    c:
      hasC && (library !== null || compiled.language === 'c')
        ? { toolchain: compiled.toolchain === 'prebuilt' ? '' : compiled.toolchain, library }
        : null,
    extras
  }
}

/** Writes a one-artifact OCI layout (for a push without the writer's layout). */
async function writeArtifactLayout(dir: string, manifest: ArtifactManifest): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true })
  for (const blob of manifest.blobs) {
    await writeFile(blobPath(dir, blob.descriptor.digest), blob.bytes)
  }
  await writeFile(blobPath(dir, manifest.digest), manifest.bytes)
  await writeFile(
    join(dir, 'index.json'),
    canonicalJson({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.index,
      manifests: [
        {
          mediaType: MEDIA_TYPE.manifest,
          digest: manifest.digest,
          size: manifest.bytes.length,
          artifactType: manifest.artifactType
        }
      ]
    })
  )
  await writeFile(join(dir, 'oci-layout'), OCI_LAYOUT)
}

/**
 * The SBOM stage: the documents `format` asks for, written beside the binary,
 * listed as referrers of the image in the writer's OCI layout, and pushed as
 * referrers where the image was pushed. Without a manifest digest (buildx
 * --load only) the documents are written and nothing is attached.
 */
export async function makeSbom(input: SbomStageInput): Promise<SbomResult> {
  const { log, image } = input
  const facts = await sbomFacts(input)
  const model = sbomModel(facts)
  const stem = basename(input.inspection.path)
  const documents: { format: 'spdx' | 'cyclonedx'; path: string; text: string; type: string }[] = []
  if (input.format !== 'cyclonedx') {
    documents.push({
      format: 'spdx',
      path: join(input.outputDir, `${stem}.spdx.json`),
      text: spdxDocument(facts, model),
      type: SPDX_MEDIA_TYPE
    })
  }
  if (input.format !== 'spdx') {
    documents.push({
      format: 'cyclonedx',
      path: join(input.outputDir, `${stem}.cdx.json`),
      text: cyclonedxDocument(facts, model),
      type: CYCLONEDX_MEDIA_TYPE
    })
  }
  await mkdir(input.outputDir, { recursive: true })
  for (const doc of documents) {
    await writeFile(doc.path, doc.text)
    log.info(
      `SBOM (${doc.format}): ${doc.path}, ${model.components.length} components, ${model.modules} Go modules`
    )
  }
  const attached: string[] = []
  const subject =
    image.manifest ??
    (image.pushed && image.digest !== null
      ? await remoteManifest({ references: image.tags, log, env: input.env }, image.digest)
      : null)
  if (subject === null) {
    log.info(
      'SBOM not attached: the image has no manifest digest here (buildx --load without push); the files are written.'
    )
  }
  for (const doc of documents) {
    if (subject === null) break
    const manifest = artifactManifest(
      subject,
      { artifactType: doc.type, content: Buffer.from(doc.text, 'utf8'), title: basename(doc.path) },
      input.epoch
    )
    if (image.layout !== null) {
      await addReferrerToLayout(image.layout.dir, manifest, input.epoch)
      attached.push(`${image.layout.dir} (OCI layout) ${manifest.digest}`)
    }
    if (image.pushed) {
      const blobsLayout = image.layout?.dir ?? join(input.outputDir, `${stem}.${doc.format}.oci`)
      if (image.layout === null) await writeArtifactLayout(blobsLayout, manifest)
      const pushed = await pushReferrer({
        references: image.tags,
        manifest,
        blobsLayout,
        epoch: input.epoch,
        log,
        env: input.env
      })
      for (const p of pushed) {
        attached.push(
          `${p.repository}@${manifest.digest} (${p.via === 'api' ? 'referrers API' : `referrers tag ${referrersTag(subject.digest)}`})`
        )
      }
    }
  }
  const first = documents[0]
  if (first === undefined) throw new Error('no SBOM format chosen')
  return {
    files: documents.map((d) => ({ format: d.format, path: d.path })),
    path: first.path,
    digest: sha256Digest(Buffer.from(first.text, 'utf8')),
    modules: model.modules,
    components: model.components.length,
    attached
  }
}
