import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseInclude } from '../../../src/image/include.js'
import { sha256Digest } from '../../../src/image/oci/config.js'
import {
  addReferrerToLayout,
  artifactManifest,
  EMPTY_MEDIA_TYPE,
  referrersTag
} from '../../../src/image/oci/referrer.js'
import { writeOciImage } from '../../../src/image/oci/write.js'
import { readLayout } from '../../../src/image/registry/layout.js'
import { gitContext, imageSettings, inspectionFor } from '../../support/docker.js'
import { freshDir } from '../../support/paths.js'
import { ociInputFor } from './support.js'

const SUBJECT = {
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${'a'.repeat(64)}`,
  size: 404
}
const SBOM = {
  artifactType: 'application/spdx+json',
  content: Buffer.from('{"spdxVersion":"SPDX-2.3"}\n'),
  title: 'app.spdx.json'
}

test('the artifact manifest: subject, artifactType, the empty config, the document as its layer', () => {
  const made = artifactManifest(SUBJECT, SBOM, 1700000000)
  expect(JSON.parse(made.bytes.toString('utf8'))).toEqual({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/spdx+json',
    config: {
      mediaType: EMPTY_MEDIA_TYPE,
      // The OCI spec's empty descriptor: `{}`.
      digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
      size: 2
    },
    layers: [
      {
        mediaType: 'application/spdx+json',
        digest: sha256Digest(SBOM.content),
        size: SBOM.content.length,
        annotations: { 'org.opencontainers.image.title': 'app.spdx.json' }
      }
    ],
    subject: SUBJECT,
    annotations: { 'org.opencontainers.image.created': '2023-11-14T22:13:20Z' }
  })
  expect(made.digest).toBe(sha256Digest(made.bytes))
  expect(artifactManifest(SUBJECT, SBOM, 1700000000).bytes.equals(made.bytes)).toBe(true)
})

test.each([
  [`sha256:${'a'.repeat(64)}`, `sha256-${'a'.repeat(64)}`],
  [`sha512:${'b'.repeat(128)}`, `sha512-${'b'.repeat(128)}`]
])('the referrers tag of %s', (digest, tag) => {
  expect(referrersTag(digest)).toBe(tag)
})

test('in the writer layout: listed once beside the image, which stays the one image pushed', async () => {
  const out = await freshDir('referrer-layout')
  // Any ELF file does for the layout: the writer copies it, it does not judge it.
  const { inspection } = await inspectionFor('/bin/true')
  const written = await writeOciImage(
    await ociInputFor(
      {
        ...imageSettings({ image: 'referrer-test', include: parseInclude('none') }),
        binaryName: 'true'
      },
      inspection,
      gitContext({}),
      out
    )
  )
  const before = await readLayout(written.layoutDir)
  const subject = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: written.manifestDigest,
    size: written.manifestSize
  }
  const made = artifactManifest(subject, SBOM, 1700000000)
  await addReferrerToLayout(written.layoutDir, made, 1700000000)
  await addReferrerToLayout(written.layoutDir, made, 1700000000)
  const index = JSON.parse(await readFile(join(written.layoutDir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; artifactType?: string }[]
  }
  expect(index.manifests.filter((m) => m.artifactType === 'application/spdx+json')).toEqual([
    expect.objectContaining({ digest: made.digest })
  ])
  expect(await readFile(join(written.layoutDir, 'blobs', 'sha256', made.digest.slice(7)))).toEqual(
    made.bytes
  )
  // readLayout (what the push reads) still finds exactly the image.
  expect((await readLayout(written.layoutDir)).manifest.digest).toBe(before.manifest.digest)
})
