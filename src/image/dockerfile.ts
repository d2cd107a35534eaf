import { UserError } from '../ground/errors.js'
import { hasControlCharacter } from './reference.js'
import type { LayerKind } from './rootfs.js'
import { checkBinaryName, type User } from './rootfs.js'

export interface DockerfileInput {
  /** Context folders, one COPY each, in layer order. */
  readonly layers: readonly { readonly kind: LayerKind; readonly dir: string }[]
  readonly binaryName: string
  readonly user: User
  readonly entrypointArgs: readonly string[]
  readonly expose: readonly string[]
}

const PORT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/
const CONTEXT_DIR = /^[a-z][a-z-]*$/

/** `8080`, `8080/tcp`, `53/udp`, `8000-8010`: checked so a port can only ever be a port. */
export function checkPort(value: string): string {
  const match = PORT.exec(value)
  const low = match ? Number(match[1]) : 0
  const high = match?.[2] !== undefined ? Number(match[2]) : low
  if (!match || low < 1 || high > 65535 || high < low) {
    throw new UserError(`expose: "${value}" is not a port.`, [
      'Give ports 1-65535, optionally with /tcp, /udp or /sctp, e.g. 8080 or 53/udp.'
    ])
  }
  return value
}

/** An argument for CMD: anything but control characters, which would end or bend a Dockerfile line. */
export function checkArg(value: string, what: string): string {
  if (hasControlCharacter(value)) {
    throw new UserError(
      `${what}: ${JSON.stringify(value)} contains a line break or control character.`
    )
  }
  return value
}

/**
 * The Dockerfile for the image. No `# syntax=` line: the frontend built into
 * BuildKit v0.8 (dockerd 20.10) reads all of this, and pulling a newer
 * frontend image is not possible everywhere. Modes and mtimes come from the
 * context (COPY keeps them; files are owned by 0:0 without --chown), so no
 * `--chmod` is needed. Labels go through `buildx --label` as argv, never
 * through this text. JSON arrays are exec form: no shell, no `$` expansion.
 */
export function renderDockerfile(input: DockerfileInput): string {
  return `${['FROM scratch', ...body(input, '')].join('\n')}\n`
}

/** Everything after FROM, the layers copied from `<prefix><dir>/`. */
function body(input: DockerfileInput, prefix: string): string[] {
  const name = checkBinaryName(input.binaryName)
  const lines: string[] = []
  for (const layer of input.layers) {
    if (!CONTEXT_DIR.test(layer.dir)) throw new Error(`bad context folder name ${layer.dir}`)
    lines.push(`COPY ${prefix}${layer.dir}/ /`)
  }
  lines.push(`USER ${input.user.uid}:${input.user.gid}`)
  for (const port of input.expose) lines.push(`EXPOSE ${checkPort(port)}`)
  lines.push(`ENTRYPOINT ${JSON.stringify([`/${name}`])}`)
  const args = input.entrypointArgs.map((arg) => checkArg(arg, 'entrypoint-args'))
  if (args.length > 0) lines.push(`CMD ${JSON.stringify(args)}`)
  return lines
}

/** What TARGETARCH can be, and so a context folder and a stage name can hold. */
const ARCHITECTURE = /^[a-z][a-z0-9_]*$/

/** One platform of an index: its architecture (TARGETARCH, its context folder) and its image. */
export interface IndexDockerfilePart {
  readonly architecture: string
  readonly input: DockerfileInput
}

/**
 * One Dockerfile for every platform of an index, its layers in the context
 * under `<architecture>/` (context.ts `writeIndexContext`). `buildx --platform
 * a,b` sets TARGETARCH for each, so one build makes them all; there is no RUN,
 * so nothing is emulated. When the platforms' images differ only by that
 * folder (the usual case), one stage copies from `${TARGETARCH}/`. When they
 * differ otherwise (another binary name, an extra one binary's findings ask
 * for and the other's do not), each platform gets a stage of its own named by
 * its architecture, and the last line picks it by TARGETARCH (which BuildKit
 * sets before the first FROM). No `# syntax=` line: BuildKit's own frontend reads both.
 */
export function renderIndexDockerfile(parts: readonly IndexDockerfilePart[]): string {
  if (parts.length === 0) throw new Error('renderIndexDockerfile needs at least one platform')
  for (const part of parts) {
    if (!ARCHITECTURE.test(part.architecture)) {
      throw new Error(`bad architecture name ${part.architecture}`)
    }
  }
  const shared = parts.map((part) => body(part.input, '${TARGETARCH}/').join('\n'))
  if (shared.every((text) => text === shared[0])) {
    return `${['FROM scratch', 'ARG TARGETARCH', shared[0]].join('\n')}\n`
  }
  const lines: string[] = []
  for (const part of parts) {
    lines.push(
      `FROM scratch AS image-${part.architecture}`,
      ...body(part.input, `${part.architecture}/`)
    )
  }
  lines.push('FROM image-${TARGETARCH}')
  return `${lines.join('\n')}\n`
}
