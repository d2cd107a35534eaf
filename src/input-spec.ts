import {
  DEFAULT_PLATFORM,
  KNOWN_PLATFORMS,
  LINUX_ARM64,
  cpuName,
  debianArch,
  debianCrossPackage,
  gnuTriple,
  platformName
} from './ground/platform.js'

const ALL_PLATFORMS = KNOWN_PLATFORMS.map(platformName).join(',')
const ARM64 = platformName(LINUX_ARM64)
const ARM64_MUSL_GCC = `${gnuTriple(LINUX_ARM64, 'musl')}-gcc`
/**
 * Every input the action takes, once. action.yml, the terminal's flags and
 * the README table are checked against this list by a test, so a new input
 * cannot be half-added.
 */
export interface InputSpec {
  readonly name: string
  /** The default as the user would type it; '' means "not set". */
  readonly default: string
  readonly description: string
  /** One plain line for `build --help` (a terminal, no markdown). */
  readonly summary: string
  /** Never printed, and masked in logs. */
  readonly secret?: boolean
  /**
   * The only values it takes, when it is a choice: checked (with "did you
   * mean") before anything runs, and listed by `build --help`.
   */
  readonly choices?: readonly string[]
}

const BOOLEAN = ['true', 'false'] as const

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'language',
    summary: 'go, c or auto (go.mod means Go, else *.c means C)',
    default: 'auto',
    choices: ['auto', 'go', 'c'],
    description:
      '`go`, `c`, or `auto` (a `go.mod` in `working-directory` means Go, else `*.c` files mean C).'
  },
  {
    name: 'working-directory',
    summary: 'the Go module or C project (same as DIR)',
    default: '.',
    description: 'The Go module or C project root, relative to the workspace.'
  },
  {
    name: 'package',
    summary: 'Go package to build, e.g. ./cmd/server',
    default: '.',
    description: 'Go package to build, e.g. `./cmd/server`.'
  },
  {
    name: 'sources',
    summary: 'C sources to compile: globs, ** matches folders',
    default: '*.c',
    description:
      'C sources compiled into one binary: globs relative to `working-directory`, newline- or comma-separated; `**` matches folders.'
  },
  {
    name: 'build-command',
    summary: 'a custom build such as make, run without a shell, once per platform',
    default: '',
    description:
      'A custom build, e.g. `make CC="$CC"`, run without a shell in `working-directory`, once for each of `platforms`, with `CC`, `CFLAGS`, `LDFLAGS` set for a static build ' +
      `for that platform, and \`GOOS\`, \`GOARCH\`, \`CGO_ENABLED\`, \`TARGET\` (the GNU triple, e.g. \`${gnuTriple(LINUX_ARM64, 'musl')}\`) and \`PLATFORM_ARCH\` (\`${debianArch(DEFAULT_PLATFORM)}\`, \`${debianArch(LINUX_ARM64)}\`); ` +
      '`$NAME` and `${NAME}` expand from that environment. `binary` names its result.'
  },
  {
    name: 'binary',
    summary: 'the binary to ship: prebuilt, or what build-command makes',
    default: '',
    description:
      'Path of the binary to ship, relative to `working-directory`. Without `build-command` it is a prebuilt binary: compiling is skipped, the verdict still runs. `${PLATFORM_ARCH}` in it stands for each platform’s architecture, e.g. `dist/app-${PLATFORM_ARCH}`.'
  },
  {
    name: 'go-ldflags',
    summary: 'Go linker flags, added to -s -w',
    default: '-s -w',
    description: 'Go linker flags. Yours are added to `-s -w`, not put in their place.'
  },
  {
    name: 'go-tags',
    summary: 'Go build tags, added to netgo,osusergo',
    default: 'netgo,osusergo',
    description: 'Go build tags, added to `netgo,osusergo` (pure-Go DNS and user lookups).'
  },
  {
    name: 'cgo',
    summary: 'build Go with cgo, statically against musl',
    default: 'false',
    choices: BOOLEAN,
    description: `\`true\` builds Go with cgo, linked statically against musl (\`musl-gcc\`; for ${ARM64} \`${ARM64_MUSL_GCC}\`).`
  },
  {
    name: 'cflags',
    summary: 'C compiler flags, added to -Os -static -s',
    default: '-Os',
    description: 'C compiler flags, added to `-Os -static -s` (a later `-O` wins).'
  },
  {
    name: 'cc',
    summary: 'C compiler (default: musl-gcc, else gcc -static)',
    default: '',
    description:
      `C compiler to use, for every platform. Empty picks one per platform: \`musl-gcc\`, then \`gcc -static\` for the host’s own CPU (${cpuName(DEFAULT_PLATFORM)} on most runners); ` +
      `a cross compiler for another, e.g. \`${ARM64_MUSL_GCC}\` (Debian’s \`${debianCrossPackage(LINUX_ARM64)}\` and \`musl-dev:${debianArch(LINUX_ARM64)}\`), then zig, then \`${gnuTriple(LINUX_ARM64, 'gnu')}-gcc -static\`. ` +
      '`$TARGET` and `$PLATFORM_ARCH` in it expand per platform, e.g. `zig cc -target $TARGET`.'
  },
  {
    name: 'build-timeout',
    summary: 'stop the compiler or build-command after this long',
    default: '30m',
    description:
      'How long `build-command`, `go build` or the C compiler may run before it is stopped, e.g. `90s`, `10m`, `1h`.'
  },
  {
    name: 'platforms',
    summary: `${platformName(DEFAULT_PLATFORM)} (the default), ${ARM64}, or both comma-separated`,
    default: platformName(DEFAULT_PLATFORM),
    description:
      `Platforms to build, comma- or newline-separated: \`${platformName(DEFAULT_PLATFORM)}\`, \`${ARM64}\` or both (\`${ALL_PLATFORMS}\`, one image index). ` +
      'Each is cross-compiled (Go with `GOARCH`; C and cgo with a musl cross compiler, never under emulation), verified and measured on its own; the first is the primary one, which `binary`, `imageid` and the size outputs describe.'
  },
  {
    name: 'image',
    summary: 'image name, e.g. ghcr.io/acme/api (default: the folder name)',
    default: '',
    description:
      'Image name, e.g. `ghcr.io/acme/api`. Empty: `ghcr.io/<owner>/<repo>` of the workflow (the folder name in a terminal).'
  },
  {
    name: 'tags',
    summary: 'tags, comma-separated (default: latest)',
    default: '',
    description:
      'Tags, newline- or comma-separated: bare (`1.2.3`) or full references, so docker/metadata-action output works as is. Empty: derived from the ref (`v1.2.3` → `1.2.3`, `1.2`, `1`, `latest`; a branch → its name and `sha-<7>`; a PR → `pr-<N>`).'
  },
  {
    name: 'labels',
    summary: 'labels, key=value, one per line',
    default: '',
    description:
      'Labels, one `key=value` per line. The OCI labels `source`, `revision`, `version`, `created` and `title` are filled in unless given here.'
  },
  {
    name: 'include',
    summary: 'extras: ca-certificates, tzdata, passwd, tmp, none or auto',
    default: 'auto',
    description:
      'Extras besides the binary: `ca-certificates`, `tzdata` (or `tzdata:Europe/Berlin,UTC`), `passwd`, `tmp`, `none`, or `auto` (what the binary’s findings ask for).'
  },
  {
    name: 'user',
    summary: 'numeric uid[:gid] the container runs as',
    default: '65532:65532',
    description: 'Numeric `uid[:gid]` the container runs as.'
  },
  {
    name: 'entrypoint-args',
    summary: 'default arguments (CMD)',
    default: '',
    description: 'Default arguments (`CMD`): words, or a JSON array of strings.'
  },
  {
    name: 'expose',
    summary: 'ports to EXPOSE, e.g. 8080 or 53/udp',
    default: '',
    description: 'Ports to `EXPOSE`, e.g. `8080` or `53/udp`, newline- or comma-separated.'
  },
  {
    name: 'files',
    summary: 'extra files, source:/path/in/image, one per line',
    default: '',
    description:
      'Extra files, one `source:/path/in/image` per line; sources are relative to `working-directory`.'
  },
  {
    name: 'builder',
    summary: 'engine: buildx, oci (daemonless) or auto',
    default: 'auto',
    choices: ['auto', 'buildx', 'oci'],
    description:
      'Which engine builds the image: `buildx` (docker buildx), `oci` (the built-in daemonless writer: no Docker needed, reproducible to the byte, exact pull size), or `auto` (buildx where a Docker daemon with buildx answers, else the writer).'
  },
  {
    name: 'buildx-builder',
    summary: 'the buildx builder instance to build with',
    default: '',
    description:
      'The buildx builder instance to build with (docker/build-push-action calls it `builder`), e.g. the `name` output of docker/setup-buildx-action. Empty: the current one. Implies `builder: buildx`.'
  },
  {
    name: 'push',
    summary: 'push every tag to the registry (needs --image)',
    default: 'false',
    choices: BOOLEAN,
    description:
      '`true` pushes every tag after the image was built and smoke-tested, with the runner’s docker login (docker/login-action).'
  },
  {
    name: 'provenance',
    summary: 'ask buildx for a provenance attestation',
    default: 'false',
    choices: BOOLEAN,
    description:
      '`true` asks buildx for a provenance attestation: a pushed image then becomes an index, and the builder must support attestations.'
  },
  {
    name: 'sbom',
    summary: "write an SBOM from the binary's build facts and attach it to the image",
    default: 'false',
    choices: BOOLEAN,
    description:
      '`true` writes an SBOM made from the binary’s own build facts (Go modules with versions and go.sum hashes, the Go standard library, the C library, the extras and their packages) and attaches it to the image as an OCI referrer; see “SBOM” in the README.'
  },
  {
    name: 'sbom-format',
    summary: 'spdx (SPDX 2.3), cyclonedx (CycloneDX 1.6) or both',
    default: 'spdx',
    choices: ['spdx', 'cyclonedx', 'both'],
    description: '`spdx` (SPDX 2.3 JSON), `cyclonedx` (CycloneDX 1.6 JSON) or `both`.'
  },
  {
    name: 'smoke-test',
    summary: 'run the image once with these arguments; must exit 0',
    default: '',
    description:
      'Arguments to run the image once with, e.g. `--version` (`true`: no arguments), under `--network none`; the job fails unless it exits 0.'
  },
  {
    name: 'max-size',
    summary: 'fail when the size is larger, e.g. 8MB',
    default: '',
    description:
      'Fail when `size-metric` is larger than this, e.g. `8MB` (KB/MB = 1000, KiB/MiB = 1024).'
  },
  {
    name: 'max-increase',
    summary: 'fail when it grew more over --baseline, e.g. 5%',
    default: '',
    description:
      'Fail when `size-metric` grew more than this over the default branch: `5%`, `200KB`, or both (`5%,200KB`: both must hold).'
  },
  {
    name: 'warn-increase',
    summary: 'warn when it grew more over --baseline',
    default: '',
    description: 'Like `max-increase`, but only warns.'
  },
  {
    name: 'size-metric',
    summary: 'what the gates measure: image, pull or binary',
    default: 'image',
    choices: ['image', 'pull', 'binary'],
    description:
      'Which size the gates look at: `image` (unpacked, as `docker images` shows), `pull` (config + compressed layers) or `binary`.'
  },
  {
    name: 'comment',
    summary: 'the PR comment (action only): auto, always, never',
    default: 'auto',
    choices: ['auto', 'always', 'never'],
    description:
      'The pull-request comment: `auto` (on `pull_request` events), `always` (any event about a PR), `never`. One comment per `comment-group`, updated in place.'
  },
  {
    name: 'comment-key',
    summary: "this image's section of the PR comment and its baseline (default: image name)",
    default: '',
    description:
      'The section of this image in the pull-request comment, and its baseline (e.g. `api`, `worker`); default: the image name.'
  },
  {
    name: 'comment-group',
    summary: 'steps and jobs of one group share one PR comment (default: workflow name)',
    default: '',
    description:
      'Steps and matrix jobs with the same group share one pull-request comment, one section per image; default: the workflow name. Give a step a group of its own for a comment of its own.'
  },
  {
    name: 'comment-author',
    summary: 'the login a GitHub App token comments as (action only)',
    default: '',
    description:
      'The login comments are written as, for a GitHub App token other than `GITHUB_TOKEN` (e.g. `my-app[bot]`), so re-runs find their own comment. Not needed for `GITHUB_TOKEN` or personal tokens.'
  },
  {
    name: 'github-token',
    summary: 'token for the PR comment (action only)',
    default: '${{ github.token }}',
    description:
      'Token for the PR comment. Needs `pull-requests: write`; on fork PRs it cannot write, and the report stays in the job summary.',
    secret: true
  }
]

export function inputSpec(name: string): InputSpec {
  const spec = INPUTS.find((input) => input.name === name)
  if (!spec) throw new Error(`unknown input ${name}`)
  return spec
}

export interface OutputSpec {
  readonly name: string
  readonly description: string
}

export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'binary', description: 'Absolute path of the verified binary.' },
  { name: 'binary-size', description: 'Size of the binary in bytes.' },
  {
    name: 'linkage',
    description:
      '`static` or `static-pie` when it runs in scratch; otherwise `dynamic`, `shared-library`, `wrong-architecture`, `not-elf` or `malformed`.'
  },
  {
    name: 'go-version',
    description: 'The Go version recorded in the binary (e.g. `go1.23.5`); empty for C.'
  },
  { name: 'image', description: 'The image name.' },
  { name: 'tags', description: 'Every full reference the image was tagged with, one per line.' },
  {
    name: 'imageid',
    description:
      'The image ID: its config digest, whichever image store holds it (`docker image ls` with the containerd store shows the manifest digest).'
  },
  {
    name: 'digest',
    description: 'The pushed manifest digest; empty unless every tag was pushed.'
  },
  {
    name: 'image-size',
    description:
      'Bytes of the unpacked image: the file bytes in its layers, from what went in (`docker images` with the classic store).'
  },
  {
    name: 'pull-size',
    description:
      'Bytes a node downloads (config + compressed layers): exact when pushed, else estimated from the saved layers.'
  },
  {
    name: 'size-delta',
    description:
      'Change of `size-metric` against the default branch in bytes (`+1234`, `-56`); empty without a baseline.'
  },
  { name: 'report', description: 'The report as markdown (the same text as the job summary).' },
  { name: 'report-json', description: 'Path of the report JSON file.' },
  {
    name: 'oci-layout',
    description:
      'With the daemonless writer: the OCI image layout folder (for skopeo, crane, oras); empty with buildx.'
  },
  {
    name: 'image-archive',
    description:
      'With the daemonless writer: a `docker load`-able archive of the image; empty with buildx.'
  },
  {
    name: 'sbom',
    description: 'With `sbom: true`: path of the SBOM file (the SPDX one when both are written).'
  },
  { name: 'sbom-digest', description: 'With `sbom: true`: `sha256:` of that file’s bytes.' },
  {
    name: 'comment-url',
    description: 'URL of the pull-request comment; empty when none was written.'
  }
]
