import type { FindingId, Inspection } from '../elf/types.js'
import type { Platform } from '../ground/platform.js'

/** A rootfs extra the image can carry besides the binary. */
export type ExtraKind = 'ca-certificates' | 'tzdata' | 'passwd' | 'tmp'

/** One word of the `include` input, parsed. */
export type IncludeItem =
  | { readonly kind: 'auto' }
  | { readonly kind: 'none' }
  | { readonly kind: 'ca-certificates' }
  | { readonly kind: 'passwd' }
  | { readonly kind: 'tmp' }
  /** `zones` empty means the whole zoneinfo tree. */
  | { readonly kind: 'tzdata'; readonly zones: readonly string[] }

/** An extra file the user asked for with `files: src:dest`. */
export interface FileMapping {
  /** Path on the runner; relative paths resolve against `ImageSettings.workingDirectory`. */
  readonly src: string
  /** Absolute path inside the image. */
  readonly dest: string
}

/** Everything the image stage needs to know, already parsed from the inputs. */
export interface ImageSettings {
  /** Image name without a tag, e.g. `ghcr.io/acme/api`; checked against the reference grammar. */
  readonly image: string
  /**
   * Tags as the user gave them: full references (docker/metadata-action output) or bare tags,
   * which get `image` prepended. Empty: derived from the git context.
   */
  readonly tags: readonly string[]
  /** `key=value` labels; they win over the OCI labels filled in from the git context. */
  readonly labels: Readonly<Record<string, string>>
  /** Rootfs extras, from `parseInclude`; `auto` follows the binary's findings. */
  readonly include: readonly IncludeItem[]
  /** Numeric `uid[:gid]` the container runs as; null means `65532:65532` (nonroot). */
  readonly user: string | null
  /** Default arguments for the binary (`CMD` in JSON form). */
  readonly entrypointArgs: readonly string[]
  /** Ports to `EXPOSE`, e.g. `8080` or `53/udp`. */
  readonly expose: readonly string[]
  /** Extra files copied into the image, one layer for all of them. */
  readonly files: readonly FileMapping[]
  /** Folder that relative `files` sources resolve against. */
  readonly workingDirectory: string
  /** The repository checkout: a `files` source inside it may not lead outside it through `..` or a symlink. */
  readonly workspace: string
  /** Name of the file inside the image (`/<name>`); null means the binary's own file name. */
  readonly binaryName: string | null
  /**
   * `buildx` (docker buildx), `oci` (the daemonless writer), or `auto`: buildx
   * where a Docker daemon with buildx answers, else the writer.
   */
  readonly engine: ImageEngine
  /** buildx builder instance (`--builder`); null uses the current one. */
  readonly builder: string | null
  /** Push every tag after the image was built (and smoke-tested); uses the runner's docker login. */
  readonly push: boolean
  /** Arguments to run the image once with (`--network none`); it must exit 0. null: no smoke run. */
  readonly smokeTest: readonly string[] | null
  /** How long the smoke run may take before it counts as failed. */
  readonly smokeTimeoutMs: number
  /** Ask buildx for a provenance attestation (needs a builder that supports attestations). */
  readonly provenance: boolean
  /** What the image is for: the config's os/architecture and buildx --platform. */
  readonly platform: Platform
  /** Seconds since the epoch used for file mtimes and the `created` label (SOURCE_DATE_EPOCH, else the commit time). */
  readonly sourceDateEpoch: number
  /** Where the buildx context is written (and removed after the build); default the system temp folder. */
  readonly tempDir?: string
}

export type ImageEngine = 'auto' | 'buildx' | 'oci'

/** Why an extra went into the image. */
export type ExtraReason =
  { readonly by: 'finding'; readonly finding: FindingId } | { readonly by: 'asked' }

/** One extra as it ended up in the image. */
export interface ExtraReport {
  readonly kind: ExtraKind
  readonly reasons: readonly ExtraReason[]
  /** Bytes of file content this extra adds (what a person would weigh it by). */
  readonly bytes: number
  /** Paths it added inside the image, for the report. */
  readonly paths: readonly string[]
}

/** A finding of the binary that an extra answers, and that extra, whether or not `include` put it in. */
export interface FindingExtra {
  readonly finding: FindingId
  readonly extra: ExtraKind
}

/** A file in the image, for the report. */
export interface ImageFile {
  readonly path: string
  readonly size: number
}

export interface ImageResult {
  /** The image name (`ImageSettings.image`). */
  readonly name: string
  /** Full references the image was tagged with (and pushed to, when `pushed`). */
  readonly tags: readonly string[]
  /**
   * The image's ID as the OCI image spec defines it: its config digest. The same whichever
   * store holds it (the classic store shows it; the containerd store keys an image by its
   * manifest digest instead, see `localId`), and without a daemon.
   */
  readonly imageId: string
  /**
   * What the local engine calls the image, for `docker run` and `docker save`: the config
   * digest with the classic store, the manifest digest with the containerd store (asked of
   * the daemon). Absent when no daemon holds the image.
   */
  readonly localId?: string
  /** Manifest digest in the registry; null unless every tag was pushed. */
  readonly digest: string | null
  /** Sum of the regular files' bytes in the layers, from what was put in them (`imageSizeOf`). */
  readonly size: number
  readonly extras: readonly ExtraReport[]
  /** Which extra each of the binary's findings asks for, as the image stage decided it. */
  readonly findingExtras: readonly FindingExtra[]
  /** Every regular file in the image with its size. */
  readonly files: readonly ImageFile[]
  readonly pushed: boolean
  /** What the smoke run printed (stdout then stderr); null when there was none. */
  readonly smokeOutput: string | null
  /** Whether and how the smoke run ran on this platform; absent or null when no smoke test was asked. */
  readonly smoke?: SmokeVerdict | null
  /** The platform it was built for; measure picks this entry from an index. */
  readonly platform: Platform
  /** Which engine built it. */
  readonly builtWith: 'buildx' | 'oci'
  /** Config + compressed layers, when known without asking a registry (the writer made the layers). */
  readonly pullSize: number | null
  /**
   * For buildx without a push: config + gzip of the layers as the writer would make them,
   * computed while buildx built (an estimate: BuildKit's own layer tars differ in headers).
   */
  readonly pullSizeEstimate?: PullSizeEstimate | null
  /** The image manifest as the writer wrote it (the SBOM's subject); absent for buildx. */
  readonly manifest?: { readonly digest: string; readonly size: number; readonly mediaType: string }
  /** The OCI image layout and `docker load` archive the writer left; null for buildx. */
  readonly layout: { readonly dir: string; readonly archive: string } | null
}

/** One platform's verified binary, on its way into the image index. */
export interface PlatformBinary {
  readonly platform: Platform
  readonly inspection: Inspection
}

/**
 * How the smoke run went on one platform. A platform that could not be run
 * (no emulator for it) is `ran: false` with the reason, never a pass.
 */
export type SmokeVerdict =
  | {
      readonly ran: true
      /** `native`, or the emulator it ran under, e.g. `qemu-aarch64-static`. */
      readonly how: string
    }
  | { readonly ran: false; readonly why: string }

/** A pull size worked out rather than read from a registry, with how it adds up. */
export interface PullSizeEstimate {
  readonly pullSize: number
  readonly config: number
  readonly layers: readonly number[]
}
