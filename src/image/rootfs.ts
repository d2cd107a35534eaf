import { posix } from 'node:path'
import { UserError } from '../ground/errors.js'
import type { ChosenExtra } from './include.js'
import { hasControlCharacter } from './reference.js'
import type { ExtraKind, ExtraReason, FileMapping } from './types.js'

/** What one path inside the image is made from. Modes are fixed so layers do not depend on the runner's umask. */
export type Entry =
  | { readonly type: 'file'; readonly src: string; readonly dest: string; readonly mode: number }
  | {
      readonly type: 'text'
      readonly content: string
      readonly dest: string
      readonly mode: number
    }
  | { readonly type: 'dir'; readonly dest: string; readonly mode: number }
  /** A whole host folder; `skip` names top-level entries left out. */
  | {
      readonly type: 'tree'
      readonly src: string
      readonly dest: string
      readonly skip: readonly string[]
    }

export type LayerKind = 'binary' | ExtraKind | 'files'

/** One COPY, one layer: a folder of the build context copied onto `/`. */
export interface Layer {
  readonly kind: LayerKind
  /** Folder name inside the build context. */
  readonly dir: string
  readonly entries: readonly Entry[]
  readonly reasons: readonly ExtraReason[]
}

export interface RootfsPlan {
  readonly binaryName: string
  readonly layers: readonly Layer[]
}

/** Where the usual systems keep one PEM bundle of the trusted roots, in the order we look. */
export const CA_BUNDLE_CANDIDATES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Alpine, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // RHEL, Fedora, CentOS
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // RHEL 7+
  '/etc/ssl/cert.pem' // macOS, Alpine
]

/** Where zoneinfo trees live; Go's time package reads the first of these it finds. */
export const ZONEINFO_CANDIDATES: readonly string[] = [
  '/usr/share/zoneinfo',
  '/usr/share/lib/zoneinfo',
  '/usr/lib/locale/TZ'
]

/** The path every TLS stack in a scratch image looks at first (Go, OpenSSL, rustls-native-certs). */
export const CA_BUNDLE_PATH = '/etc/ssl/certs/ca-certificates.crt'
export const ZONEINFO_PATH = '/usr/share/zoneinfo'

/**
 * `right/` repeats every zone with leap seconds (nothing in Go or musl reads
 * it) and `localtime` points outside the tree at the host's own zone.
 */
export const ZONEINFO_SKIP: readonly string[] = ['right', 'localtime']

export const DEFAULT_USER = '65532:65532'

export interface User {
  readonly uid: number
  readonly gid: number
}

/** Parses the `user` input: numeric `uid[:gid]` only, because scratch has no names to look up. */
export function parseUser(value: string | null): User {
  const text = (value ?? '').trim() || DEFAULT_USER
  const match = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text)
  const uid = match ? Number(match[1]) : NaN
  const gid = match ? Number(match[2] ?? match[1]) : NaN
  if (!match || uid > 0xfffffffe || gid > 0xfffffffe) {
    throw new UserError(`user: "${text}" is not a numeric uid[:gid].`, [
      'A scratch image has no user database to resolve names in; use numbers, e.g. 65532:65532 (nonroot) or 0:0 (root).'
    ])
  }
  return { uid, gid }
}

/** The file name of the binary inside the image: one path component, nothing a Dockerfile would read. */
export function checkBinaryName(name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}$/.test(name)) {
    throw new UserError(`The binary's name "${name}" cannot be used as /<name> in the image.`, [
      'Use letters, digits, ".", "_", "+" and "-" (not starting with "." or "-"), or rename the binary.'
    ])
  }
  return name
}

/** An absolute, normalised path inside the image that a Dockerfile and a tar can hold as is. */
export function checkImagePath(path: string, what: string): string {
  if (hasControlCharacter(path) || !path.startsWith('/') || path === '/' || /[\s"\\$]/.test(path)) {
    throw new UserError(`${what}: "${path}" is not usable as a path inside the image.`, [
      'Give an absolute path such as /etc/app/config.yaml, without spaces, quotes, backslashes or "$".'
    ])
  }
  if (posix.normalize(path) !== path || path.split('/').includes('..') || path.endsWith('/')) {
    throw new UserError(
      `${what}: "${path}" must be written plainly (no "..", "//" or trailing "/").`
    )
  }
  return path
}

/** Parses the `files` input: one `src:dest` per line (dest absolute inside the image). */
export function parseFiles(lines: readonly string[]): FileMapping[] {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.lastIndexOf(':/')
      if (colon <= 0) {
        throw new UserError(`files: "${line}" is not src:dest.`, [
          'Write one file per line as path/on/runner:/path/in/image, e.g. config.yaml:/etc/app/config.yaml.'
        ])
      }
      const src = line.slice(0, colon)
      const dest = checkImagePath(line.slice(colon + 1), 'files')
      if (hasControlCharacter(src))
        throw new UserError(`files: "${src}" contains a control character.`)
      return { src, dest }
    })
}

const PASSWD_BASE: readonly [string, number, number, string][] = [
  ['root', 0, 0, '/root'],
  ['nobody', 65534, 65534, '/nonexistent'],
  ['nonroot', 65532, 65532, '/home/nonroot']
]

/** `/etc/passwd` and `/etc/group` with root, nobody, nonroot, and the configured user when it is none of them. */
export function passwdFiles(user: User): { passwd: string; group: string } {
  const users = [...PASSWD_BASE]
  if (!users.some(([, uid]) => uid === user.uid)) users.push(['app', user.uid, user.gid, '/'])
  const groups = users.map(([name, , gid]) => [name, gid] as const)
  const seen = new Set<number>()
  return {
    passwd: users
      .map(([n, uid, gid, home]) => `${n}:x:${uid}:${gid}:${n}:${home}:/sbin/nologin\n`)
      .join(''),
    group: groups
      .filter(([, gid]) => (seen.has(gid) ? false : (seen.add(gid), true)))
      .map(([n, gid]) => `${n}:x:${gid}:\n`)
      .join('')
  }
}

/** What the runner has, found by the adapter before planning. */
export interface HostFiles {
  readonly binaryPath: string
  /** The CA bundle found, or null when none of the candidates exists. */
  readonly caBundle: string | null
  /** The zoneinfo folder found, or null. */
  readonly zoneinfo: string | null
}

export interface PlanInput {
  readonly binaryName: string
  readonly extras: readonly ChosenExtra[]
  readonly user: User
  /** Sources already resolved to absolute paths. */
  readonly files: readonly FileMapping[]
  readonly host: HostFiles
}

function extraLayer(extra: ChosenExtra, input: PlanInput): Layer {
  const { host } = input
  switch (extra.kind) {
    case 'ca-certificates': {
      if (host.caBundle === null) {
        throw new UserError(
          'include ca-certificates: this runner has no CA certificate bundle to copy.',
          [
            `Looked for: ${CA_BUNDLE_CANDIDATES.join(', ')}.`,
            'Install one, e.g. `apt-get install ca-certificates` (Debian/Ubuntu) or `dnf install ca-certificates` (RHEL), or drop ca-certificates from include.'
          ]
        )
      }
      const entries: Entry[] = [
        { type: 'file', src: host.caBundle, dest: CA_BUNDLE_PATH, mode: 0o444 }
      ]
      return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons }
    }
    case 'tzdata': {
      if (host.zoneinfo === null) {
        throw new UserError('include tzdata: this runner has no zoneinfo folder to copy.', [
          `Looked for: ${ZONEINFO_CANDIDATES.join(', ')}.`,
          'Install tzdata (`apt-get install tzdata`), or build Go with `-tags timetzdata` and drop tzdata from include.'
        ])
      }
      const zoneinfo = host.zoneinfo
      const entries: Entry[] =
        extra.zones.length === 0
          ? [{ type: 'tree', src: zoneinfo, dest: ZONEINFO_PATH, skip: ZONEINFO_SKIP }]
          : extra.zones.map((zone) => ({
              type: 'file',
              src: posix.join(zoneinfo, zone),
              dest: posix.join(ZONEINFO_PATH, zone),
              mode: 0o444
            }))
      return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons }
    }
    case 'passwd': {
      const { passwd, group } = passwdFiles(input.user)
      const entries: Entry[] = [
        { type: 'text', content: passwd, dest: '/etc/passwd', mode: 0o444 },
        { type: 'text', content: group, dest: '/etc/group', mode: 0o444 }
      ]
      return { kind: extra.kind, dir: extra.kind, entries, reasons: extra.reasons }
    }
    case 'tmp':
      return {
        kind: extra.kind,
        dir: extra.kind,
        entries: [{ type: 'dir', dest: '/tmp', mode: 0o1777 }],
        reasons: extra.reasons
      }
  }
}

/** Where each entry lands, to catch two things claiming one path. */
function destOf(entry: Entry): string {
  return entry.dest
}

/**
 * The layers of the image, least likely to change first so a new release
 * pulls only the binary: CA bundle, zoneinfo, passwd, /tmp, user files, binary.
 */
export function planRootfs(input: PlanInput): RootfsPlan {
  const binaryName = checkBinaryName(input.binaryName)
  const layers: Layer[] = input.extras.map((extra) => extraLayer(extra, input))
  if (input.files.length > 0) {
    const entries: Entry[] = input.files.map((file) => ({
      type: 'file',
      src: file.src,
      dest: checkImagePath(file.dest, 'files'),
      mode: 0o444
    }))
    layers.push({ kind: 'files', dir: 'files', entries, reasons: [{ by: 'asked' }] })
  }
  layers.push({
    kind: 'binary',
    dir: 'binary',
    entries: [{ type: 'file', src: input.host.binaryPath, dest: `/${binaryName}`, mode: 0o555 }],
    reasons: []
  })
  const claimed = new Map<string, LayerKind>()
  for (const layer of layers) {
    for (const entry of layer.entries) {
      const dest = destOf(entry)
      const other = claimed.get(dest)
      if (other !== undefined) {
        throw new UserError(`Two things want ${dest} in the image: ${other} and ${layer.kind}.`, [
          'Change the dest in `files`, or drop the extra from `include`.'
        ])
      }
      claimed.set(dest, layer.kind)
    }
  }
  return { binaryName, layers }
}
