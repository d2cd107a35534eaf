import { UserError } from '../ground/errors.js'
import { platformName, type Platform } from '../ground/platform.js'

export interface BuildxArgs {
  /** Full references, one `--tag` each. */
  readonly tags: readonly string[]
  readonly labels: Readonly<Record<string, string>>
  /**
   * `load` into the engine, `push` to the registry, or an OCI archive at `ociArchive`
   * with every timestamp rewritten to SOURCE_DATE_EPOCH (BuildKit 0.13): the engine's
   * own exporter refuses `rewrite-timestamp` (it conflicts with unpacking into the
   * containerd store), so a reproducible build leaves the archive, and it is loaded.
   */
  readonly output: 'load' | 'push' | OciArchiveOutput
  readonly builder: string | null
  readonly provenance: boolean
  readonly sourceDateEpoch: number
  readonly dockerfile: string
  readonly contextDir: string
  readonly metadataFile: string
  readonly iidFile: string
  /** One platform, or several for one image index (`--platform a,b`). Never empty. */
  readonly platforms: readonly Platform[]
}

/** An OCI archive at `ociArchive`; `rewriteTimestamp` puts every timestamp at SOURCE_DATE_EPOCH (BuildKit 0.13). */
export interface OciArchiveOutput {
  readonly ociArchive: string
  readonly rewriteTimestamp: boolean
}

/**
 * argv for `docker buildx build`. Every flag here is accepted by buildx 0.13
 * with the plain `docker` driver (checked against dockerd 20.10 / BuildKit
 * v0.8). `--provenance=false` is explicit because buildx otherwise asks for an
 * attestation, which the docker driver refuses and which would make the
 * pushed image an index instead of a plain manifest. SOURCE_DATE_EPOCH is a
 * build arg newer BuildKit (≥ 0.11) uses for timestamps; older ones ignore it
 * and the context's fixed mtimes keep the layers stable anyway.
 */
export function buildxArgv(args: BuildxArgs): string[] {
  const argv = ['buildx', 'build']
  if (args.builder !== null) argv.push('--builder', args.builder)
  if (args.platforms.length === 0) throw new Error('buildxArgv needs at least one platform')
  argv.push('--platform', args.platforms.map(platformName).join(','))
  for (const tag of args.tags) argv.push('--tag', tag)
  for (const [key, value] of Object.entries(args.labels)) argv.push('--label', `${key}=${value}`)
  argv.push(args.provenance ? '--provenance=true' : '--provenance=false')
  if (args.output === 'push' || args.output === 'load') argv.push(`--${args.output}`)
  else {
    const rewrite = args.output.rewriteTimestamp ? ',rewrite-timestamp=true' : ''
    argv.push('--output', `type=oci,dest=${csvField(args.output.ociArchive)}${rewrite}`)
  }
  argv.push('--build-arg', `SOURCE_DATE_EPOCH=${args.sourceDateEpoch}`)
  argv.push('--metadata-file', args.metadataFile)
  argv.push('--iidfile', args.iidFile)
  argv.push('--file', args.dockerfile)
  argv.push(args.contextDir)
  return argv
}

/** One field of buildx's comma-separated `--output` value, quoted when it needs to be. */
function csvField(value: string): string {
  return /[",\s]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** What `--metadata-file` tells about the result. */
export interface BuildMetadata {
  /** `containerimage.digest`: the manifest digest after a push; with --load on the docker driver, the config digest. */
  readonly digest: string | null
  /** `containerimage.config.digest`, when the builder reports it. */
  readonly configDigest: string | null
}

const DIGEST = /^sha256:[0-9a-f]{64}$/

function digestOf(value: unknown): string | null {
  return typeof value === 'string' && DIGEST.test(value) ? value : null
}

/** Parses the JSON buildx writes to `--metadata-file`. */
export function parseMetadata(text: string): BuildMetadata {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`buildx wrote a metadata file that is not JSON: ${text.slice(0, 200)}`)
  }
  if (typeof parsed !== 'object' || parsed === null) return { digest: null, configDigest: null }
  const record = parsed as Record<string, unknown>
  return {
    digest: digestOf(record['containerimage.digest']),
    configDigest: digestOf(record['containerimage.config.digest'])
  }
}

/** Parses `--iidfile`: one `sha256:…`, maybe with whitespace. */
export function parseIidFile(text: string): string {
  const id = text.trim()
  if (!DIGEST.test(id))
    throw new Error(
      `buildx wrote an image id file without an id: ${JSON.stringify(text.slice(0, 200))}`
    )
  return id
}

/** The lines of buildx output that say what went wrong (`ERROR: …`), or the tail when there are none. */
export function errorLines(output: string): string[] {
  const all = output.split('\n').map((line) => line.trimEnd())
  const errors = all.filter((line) => /^(#\d+ )?ERROR:|^error:/i.test(line))
  const picked = errors.length > 0 ? errors : all.filter((line) => line !== '').slice(-15)
  return [...new Set(picked)]
}

/**
 * True when docker said it has no `buildx` command: the plugin is missing.
 * docker 20.10 says "'buildx' is not a docker command", docker 28 "unknown
 * command: docker buildx", or, when a flag follows, fails on that flag with
 * the usage of docker itself (buildx's own usage names `docker buildx build`).
 * Learnt from the build itself instead of a probe.
 */
export function saysBuildxIsMissing(output: string): boolean {
  return (
    /'buildx' is not a docker command|unknown command:? "?(docker )?buildx\b/i.test(output) ||
    /unknown flag: .*\n\s*Usage:\s+docker \[OPTIONS\] COMMAND/.test(output)
  )
}

/** What stops buildx here, named before anything was built; `auto` falls back to the writer on it. */
export class BuildxUnusableError extends UserError {}

/**
 * True when buildx said its docker driver cannot build or export several
 * platforms at once: what it says on an engine with the classic image store
 * (checked on dockerd 20.10 with buildx 0.13: no output, `--load` and
 * `--output type=oci` each refuse with one of these).
 */
export function saysSeveralPlatformsRefused(output: string): boolean {
  return /Multi-platform build is not supported for the docker driver|docker exporter does not currently support exporting manifest lists|OCI exporter is not supported for the docker driver/i.test(
    output
  )
}

/**
 * Why buildx builds no index of several platforms here, and what to do. A
 * BuildxUnusableError, so `auto` builds the index with the writer instead and
 * says this once; with `builder: buildx` it is the error.
 */
export function severalPlatformsError(
  platforms: readonly Platform[],
  output: string
): BuildxUnusableError {
  const detail = output.trim() === '' ? [] : [output.trim()]
  return new BuildxUnusableError(
    `buildx's docker driver cannot build several platforms (${platforms.map(platformName).join(', ')}) with the classic image store; it can with the containerd image store.`,
    [
      'Turn on the containerd image store (Docker 24 to 28: {"features":{"containerd-snapshotter":true}} in /etc/docker/daemon.json and restart dockerd; the default of fresh Docker 29 installs),',
      "or set `builder: oci` (or `auto`): the daemonless writer builds the index without Docker and loads the runner's own platform.",
      ...detail
    ]
  )
}

/** What can be missing, in the order it is found; each failure names it and how to get it. */
export type Missing = 'docker-cli' | 'daemon' | 'buildx'

export function missingError(what: Missing, output: string): UserError {
  const detail = output.trim() === '' ? [] : [output.trim()]
  switch (what) {
    case 'docker-cli':
      return new UserError(
        'The docker CLI is not installed on this runner (`docker` is not on PATH).',
        [
          'Use a runner with Docker (ubuntu-latest has it), or add docker/setup-docker-action before this step.',
          ...detail
        ]
      )
    case 'daemon':
      return new UserError('The Docker daemon is not reachable, so no image can be built.', [
        'Start Docker on the runner (docker/setup-docker-action does), or check DOCKER_HOST.',
        ...detail
      ])
    case 'buildx':
      return new BuildxUnusableError(
        'The docker buildx plugin is missing (`docker buildx` is not a docker command here).',
        [
          'Add docker/setup-buildx-action before this step, or install the docker-buildx plugin.',
          ...detail
        ]
      )
  }
}
