import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { mustRun } from './run.js'

/** OCI layouts for push tests, made by tools no one here wrote (buildx, skopeo) or by hand. */

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `sha256:${hash.digest('hex')}`
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** A file of random (incompressible) bytes, written in chunks. */
export async function randomFile(path: string, bytes: number): Promise<void> {
  const file = await open(path, 'w')
  try {
    for (let left = bytes; left > 0; left -= 1 << 20) {
      await file.write(randomBytes(Math.min(left, 1 << 20)))
    }
  } finally {
    await file.close()
  }
}

export interface HandLayout {
  readonly layoutDir: string
  readonly manifestDigest: string
  readonly configDigest: string
  readonly layerDigests: readonly string[]
  /** Bytes of each gzip layer, in manifest order. */
  readonly layerSizes: readonly number[]
}

/**
 * An OCI layout written by hand: one gzip layer per folder in `layers`
 * (GNU tar, numeric owner 0, mtime 0), a config with `Entrypoint`, an OCI
 * manifest and an index with the tags as ref.name annotations, the way the
 * daemonless writer lays it out.
 */
export async function writeHandLayout(
  workDir: string,
  layers: readonly string[],
  entrypoint: readonly string[],
  tags: readonly string[]
): Promise<HandLayout> {
  const layoutDir = join(workDir, 'layout')
  const blobs = join(layoutDir, 'blobs', 'sha256')
  await mkdir(blobs, { recursive: true })
  const diffIds: string[] = []
  const layerDescriptors: { mediaType: string; digest: string; size: number }[] = []
  for (const [i, root] of layers.entries()) {
    const tar = join(workDir, `layer-${i}.tar`)
    await mustRun('tar', [
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=@0',
      '-C',
      root,
      '-cf',
      tar,
      '.'
    ])
    diffIds.push(await sha256File(tar))
    await mustRun('gzip', ['-n', '-f', tar])
    const gz = `${tar}.gz`
    const digest = await sha256File(gz)
    const { size } = await stat(gz)
    await rename(gz, join(blobs, digest.slice(7)))
    layerDescriptors.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest,
      size
    })
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '1970-01-01T00:00:00Z',
      config: { Entrypoint: entrypoint },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map(() => ({ created: '1970-01-01T00:00:00Z', created_by: 'hand' }))
    })
  )
  const configDigest = sha256(config)
  await writeFile(join(blobs, configDigest.slice(7)), config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length
      },
      layers: layerDescriptors
    })
  )
  const manifestDigest = sha256(manifest)
  await writeFile(join(blobs, manifestDigest.slice(7)), manifest)
  const descriptor = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: manifestDigest,
    size: manifest.length
  }
  await writeFile(
    join(layoutDir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: tags.map((tag) => ({
        ...descriptor,
        annotations: { 'org.opencontainers.image.ref.name': tag }
      }))
    })
  )
  await writeFile(join(layoutDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  return {
    layoutDir,
    manifestDigest,
    configDigest,
    layerDigests: layerDescriptors.map((d) => d.digest),
    layerSizes: layerDescriptors.map((d) => d.size)
  }
}

/** A rootfs folder holding `files` (name → source path), executables kept executable. */
export async function rootfsWith(
  dir: string,
  files: Readonly<Record<string, string>>
): Promise<string> {
  await mkdir(dir, { recursive: true })
  for (const [name, source] of Object.entries(files)) await copyFile(source, join(dir, name))
  return dir
}

/**
 * `FROM scratch` + one static binary, built by the real buildx into the test
 * daemon (`--load`), then copied into an OCI layout by skopeo.
 */
export async function buildxLayout(
  workDir: string,
  binary: string,
  image: string,
  env: Readonly<Record<string, string>>
): Promise<string> {
  const context = join(workDir, 'context')
  await mkdir(context, { recursive: true })
  await copyFile(binary, join(context, 'hello'))
  await writeFile(
    join(context, 'Dockerfile'),
    'FROM scratch\nCOPY hello /hello\nENTRYPOINT ["/hello"]\n'
  )
  await mustRun(
    'docker',
    ['buildx', 'build', '--load', '--provenance=false', '-t', image, context],
    {
      env
    }
  )
  const layoutDir = join(workDir, 'skopeo-layout')
  await mustRun('skopeo', ['copy', `docker-daemon:${image}`, `oci:${layoutDir}:built`])
  return layoutDir
}

/** The manifest digest an OCI layout's index names. */
export async function layoutManifestDigest(layoutDir: string): Promise<string> {
  const index = JSON.parse(await readFile(join(layoutDir, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[]
  }
  return index.manifests[0]?.digest ?? ''
}
