import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { DebPackage } from './types.js'

/**
 * What the runner's package database says about the files from-scratch
 * copies into an image (the CA bundle, zoneinfo) and the C library it links.
 * Pure parsers here, the two file reads in `readHostPackages`.
 */

/** An installed package as dpkg lists it. */
export interface InstalledPackage {
  readonly version: string
  readonly architecture: string
}

/** The dpkg database holds a few MB; more than this is not one. */
const MAX_STATUS = 64 << 20

/**
 * The installed packages among `names` from a dpkg `status` file: stanzas
 * separated by blank lines, `Package:`, `Status: install ok installed`,
 * `Version:`, `Architecture:` fields. Packages not installed are left out.
 * Where a package is installed for several architectures (`musl-dev` for the
 * runner and `musl-dev:arm64` for a cross build), the one for `architecture`
 * is taken, else one for `all`, else the first.
 */
export function parseDpkgStatus(
  text: string,
  names: readonly string[],
  architecture = ''
): Map<string, InstalledPackage> {
  const out = new Map<string, InstalledPackage>()
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    for (const line of stanza.split('\n')) {
      const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line)
      if (match) fields.set(match[1]?.toLowerCase() ?? '', (match[2] ?? '').trim())
    }
    const name = fields.get('package') ?? ''
    if (!names.includes(name)) continue
    if (!(fields.get('status') ?? '').endsWith(' installed')) continue
    const version = fields.get('version') ?? ''
    if (version === '') continue
    const found = { version, architecture: fields.get('architecture') ?? '' }
    const kept = out.get(name)
    if (kept === undefined || (fits(found, architecture) && !fits(kept, architecture))) {
      out.set(name, found)
    }
  }
  return out
}

/** Whether a package built for `installed.architecture` serves a binary for `architecture`. */
function fits(installed: InstalledPackage, architecture: string): boolean {
  return installed.architecture === architecture || installed.architecture === 'all'
}

/** `ID` and `VERSION_ID` of an os-release file (quotes removed); '' where missing. */
export function parseOsRelease(text: string): { id: string; versionId: string } {
  const value = (key: string): string => {
    const match = new RegExp(`^${key}=(.*)$`, 'm').exec(text)
    return (match?.[1] ?? '').trim().replace(/^["']|["']$/g, '')
  }
  return { id: value('ID'), versionId: value('VERSION_ID') }
}

/** The upstream part of a Debian version: `1:2.36-9+deb12u4` → `2.36`. */
export function upstreamVersion(debianVersion: string): string {
  const noEpoch = debianVersion.replace(/^\d+:/, '')
  const dash = noEpoch.lastIndexOf('-')
  return dash === -1 ? noEpoch : noEpoch.slice(0, dash)
}

/** The packages the SBOM may name, by what they are to it. */
export const HOST_PACKAGES = {
  'ca-certificates': 'ca-certificates',
  tzdata: 'tzdata',
  musl: 'musl-dev',
  glibc: 'libc6-dev'
} as const

export type HostPackageRole = keyof typeof HOST_PACKAGES

export type HostPackages = Readonly<Partial<Record<HostPackageRole, DebPackage>>>

/** Only distributions whose package database dpkg keeps, and whose purl type is `deb`. */
const DEB_DISTROS = new Set(['debian', 'ubuntu'])

/**
 * The packages of interest for a binary of Debian architecture `architecture`
 * (the C library of an arm64 build is `musl-dev:arm64`, not the runner's own).
 */
export function hostPackagesOf(status: string, osRelease: string, architecture = ''): HostPackages {
  const os = parseOsRelease(osRelease)
  if (!DEB_DISTROS.has(os.id)) return {}
  const installed = parseDpkgStatus(status, Object.values(HOST_PACKAGES), architecture)
  const out: Partial<Record<HostPackageRole, DebPackage>> = {}
  for (const [role, name] of Object.entries(HOST_PACKAGES) as [HostPackageRole, string][]) {
    const found = installed.get(name)
    if (found === undefined) continue
    out[role] = {
      distro: os.id,
      distroVersion: os.versionId,
      name,
      version: found.version,
      architecture: found.architecture
    }
  }
  return out
}

async function readCapped(path: string, cap: number): Promise<string> {
  try {
    const text = await readFile(path, 'utf8')
    return text.length > cap ? '' : text
  } catch {
    return ''
  }
}

/** The runner's packages of interest; empty off Debian and Ubuntu (macOS, RHEL…): the SBOM then says NOASSERTION. */
export async function readHostPackages(
  root = '/',
  /** The Debian architecture of the binary the packages are for; '' takes the first listed. */
  architecture = ''
): Promise<HostPackages> {
  const [status, osRelease] = await Promise.all([
    readCapped(`${root}var/lib/dpkg/status`, MAX_STATUS),
    readCapped(`${root}etc/os-release`, 64 << 10)
  ])
  return hostPackagesOf(status, osRelease, architecture)
}

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
