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
  const name = checkBinaryName(input.binaryName)
  const lines = ['FROM scratch']
  for (const layer of input.layers) {
    if (!CONTEXT_DIR.test(layer.dir)) throw new Error(`bad context folder name ${layer.dir}`)
    lines.push(`COPY ${layer.dir}/ /`)
  }
  lines.push(`USER ${input.user.uid}:${input.user.gid}`)
  for (const port of input.expose) lines.push(`EXPOSE ${checkPort(port)}`)
  lines.push(`ENTRYPOINT ${JSON.stringify([`/${name}`])}`)
  const args = input.entrypointArgs.map((arg) => checkArg(arg, 'entrypoint-args'))
  if (args.length > 0) lines.push(`CMD ${JSON.stringify(args)}`)
  return `${lines.join('\n')}\n`
}
