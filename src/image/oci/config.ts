import type { Platform } from '../../ground/platform.js'
import { createHash } from 'node:crypto'
import { checkArg, checkPort } from '../dockerfile.js'
import type { LayerKind } from '../rootfs.js'
import { checkBinaryName, type User } from '../rootfs.js'
import { normalizedReference, tagOf } from '../reference.js'

/** The OCI media types this writer produces. */
export const MEDIA_TYPE = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip'
} as const

/** The PATH BuildKit's Dockerfile frontend puts into every linux image that sets none. */
export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly annotations?: Readonly<Record<string, string>>
}

/** The runtime part of the image config, in the OCI field names docker also uses. */
export interface ContainerConfig {
  readonly User: string
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>
  readonly Env: readonly string[]
  readonly Entrypoint: readonly string[]
  readonly Cmd?: readonly string[]
  readonly WorkingDir: string
  readonly Labels?: Readonly<Record<string, string>>
  /** BuildKit sets it with every CMD; only Windows reads it, kept so both builders' configs compare equal. */
  readonly ArgsEscaped?: boolean
}

export interface ContainerConfigInput {
  readonly binaryName: string
  readonly user: User
  readonly entrypointArgs: readonly string[]
  readonly expose: readonly string[]
  readonly labels: Readonly<Record<string, string>>
}

/**
 * The port keys `EXPOSE` produces: protocol made explicit (`/tcp` by default)
 * and ranges spelled out port by port, as the Dockerfile frontend does.
 */
export function exposedPorts(expose: readonly string[]): string[] {
  const keys = new Set<string>()
  for (const value of expose) {
    checkPort(value)
    const [ports, protocol = 'tcp'] = value.split('/')
    const [low, high = low] = ports.split('-').map(Number)
    for (let port = low; port <= high; port++) keys.add(`${port}/${protocol}`)
  }
  return [...keys].sort()
}

/**
 * What the Dockerfile from dockerfile.ts plus `buildx --label` put into
 * `config` for the same settings (checked against `docker image inspect` of a
 * buildx image): USER uid:gid, EXPOSE, exec-form ENTRYPOINT and CMD, the
 * default PATH and WorkingDir `/` that BuildKit always sets.
 */
export function containerConfig(input: ContainerConfigInput): ContainerConfig {
  const name = checkBinaryName(input.binaryName)
  const ports = exposedPorts(input.expose)
  const args = input.entrypointArgs.map((arg) => checkArg(arg, 'entrypoint-args'))
  const labels = Object.keys(input.labels).length > 0 ? { ...input.labels } : undefined
  return {
    User: `${input.user.uid}:${input.user.gid}`,
    ...(ports.length > 0 ? { ExposedPorts: Object.fromEntries(ports.map((p) => [p, {}])) } : {}),
    Env: [DEFAULT_PATH],
    Entrypoint: [`/${name}`],
    ...(args.length > 0 ? { Cmd: args, ArgsEscaped: true } : {}),
    WorkingDir: '/',
    ...(labels !== undefined ? { Labels: labels } : {})
  }
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map((item: Json) => sortKeys(item))
  if (value !== null && typeof value === 'object') {
    const record = value as { readonly [key: string]: Json }
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, sortKeys(record[key])])
    )
  }
  return value
}

/** JSON with keys sorted at every level and no whitespace, so equal content is equal bytes. */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)) as Json)), 'utf8')
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/** RFC 3339 in UTC without fractions, e.g. `2023-11-14T22:13:20Z`. */
export function rfc3339(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface ImageConfigInput {
  readonly config: ContainerConfig
  readonly layers: readonly { readonly kind: LayerKind; readonly diffId: string }[]
  readonly epoch: number
  readonly platform: Platform
}

/** The image config blob: platform, runtime config, DiffIDs and a history entry per layer. */
export function imageConfig(input: ImageConfigInput): Buffer {
  const created = rfc3339(input.epoch)
  return canonicalJson({
    architecture: input.platform.architecture,
    os: input.platform.os,
    ...(input.platform.variant === null ? {} : { variant: input.platform.variant }),
    created,
    config: input.config,
    rootfs: { type: 'layers', diff_ids: input.layers.map((layer) => layer.diffId) },
    history: input.layers.map((layer) => ({
      created,
      created_by: `COPY ${layer.kind}/ / # from-scratch`,
      comment: 'from-scratch'
    }))
  })
}

/** The image manifest blob. */
export function imageManifest(config: Descriptor, layers: readonly Descriptor[]): Buffer {
  return canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.manifest,
    config,
    layers
  })
}

/**
 * `index.json` of the layout: the manifest once per tag. The containerd image
 * store names an image by `io.containerd.image.name` as it stands, so it gets
 * the normalized, fully qualified name (`docker.io/library/app:t`): a short one
 * would be listed beside the name docker itself derives from `manifest.json`,
 * and never found by `docker run app:t`. `org.opencontainers.image.ref.name`
 * is the tag alone, as docker save and skopeo write it (`oci:<dir>:<tag>`).
 */
export function layoutIndex(manifest: Descriptor, tags: readonly string[]): Buffer {
  return canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.index,
    manifests: tags.map((tag) => ({
      ...manifest,
      annotations: {
        'io.containerd.image.name': normalizedReference(tag),
        'org.opencontainers.image.ref.name': tagOf(tag)
      }
    }))
  })
}

/** `manifest.json` of a `docker save` archive, which `docker load` reads. */
export function dockerSaveManifest(
  configPath: string,
  tags: readonly string[],
  layerPaths: readonly string[]
): Buffer {
  return Buffer.from(
    JSON.stringify([{ Config: configPath, RepoTags: [...tags], Layers: [...layerPaths] }]),
    'utf8'
  )
}

/** One image of an index: its manifest and the platform a node picks it by. */
export interface IndexImage {
  readonly manifest: Descriptor
  readonly platform: Platform
}

/**
 * The OCI image index over one manifest per platform, in the given order,
 * each entry with the platform a node picks it by (as buildx and ko write it).
 * Canonical JSON: the same images give the same bytes, so the same digest.
 */
export function imageIndex(images: readonly IndexImage[]): Buffer {
  return canonicalJson({
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.index,
    manifests: images.map(({ manifest, platform }) => ({
      mediaType: manifest.mediaType,
      digest: manifest.digest,
      size: manifest.size,
      platform: {
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant === null ? {} : { variant: platform.variant })
      }
    }))
  })
}

/**
 * `manifest.json` of a `docker save` archive of several images: `docker load`
 * of the classic store loads each, and tags only those given tags.
 */
export function dockerSaveManifests(
  images: readonly {
    readonly configPath: string
    readonly tags: readonly string[]
    readonly layerPaths: readonly string[]
  }[]
): Buffer {
  return Buffer.from(
    JSON.stringify(
      images.map((image) => ({
        Config: image.configPath,
        RepoTags: [...image.tags],
        Layers: [...image.layerPaths]
      }))
    ),
    'utf8'
  )
}

export const OCI_LAYOUT = canonicalJson({ imageLayoutVersion: '1.0.0' })
