import { PackageURL } from 'packageurl-js'
import type { ModuleVersion } from '../elf/go-names.js'
import type { CLibrary, DebPackage, ExtraFacts, SbomFacts } from './types.js'

/**
 * One format-neutral component list and graph, made once from the facts;
 * spdx.ts and cyclonedx.ts only spell it. Pure: equal facts, equal model.
 */

export type ComponentRole =
  'image' | 'binary' | 'go-main' | 'go-module' | 'go-stdlib' | 'c-library' | 'extra'

export interface Component {
  /** Unique in the document; the SPDX id and the CycloneDX bom-ref are made from it. */
  readonly ref: string
  readonly role: ComponentRole
  readonly name: string
  /** null: no version is known (NOASSERTION). */
  readonly version: string | null
  readonly purl: string | null
  /** The organisation that publishes it; null: unknown (NOASSERTION). */
  readonly supplier: string | null
  /** Hex SHA-256; see `sha256Of` for what it is a hash of. */
  readonly sha256: string | null
  /** What `sha256` hashes: the file itself, or Go's h1 module hash (the go.sum line). */
  readonly sha256Of: 'file' | 'go-h1' | null
  /** The go.sum hash as recorded (`h1:…`), when there is one. */
  readonly goSum: string | null
  /** A sentence on where it came from (a replacement, the runner's package…); null when nothing to add. */
  readonly comment: string | null
}

export type RelationType = 'CONTAINS' | 'DEPENDS_ON'

export interface Relation {
  readonly from: string
  readonly type: RelationType
  readonly to: string
}

export interface SbomModel {
  /** The image: what the document describes. */
  readonly root: Component
  readonly components: readonly Component[]
  readonly relations: readonly Relation[]
  /** Go modules listed: main module, dependencies, standard library. */
  readonly modules: number
}

/** The 32 bytes of an `h1:` go.sum hash as hex; null when it is not one. */
export function h1ToHex(sum: string): string | null {
  const match = /^h1:([A-Za-z0-9+/]{43}=)$/.exec(sum)
  if (!match) return null
  const bytes = Buffer.from(match[1] ?? '', 'base64')
  return bytes.length === 32 ? bytes.toString('hex') : null
}

/** `go1.23.5` from a build info version such as `go1.23.5 X:boringcrypto`. */
export function goVersionOf(version: string): string {
  return version.trim().split(/\s+/)[0] ?? version
}

const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org'])

/**
 * Who publishes a Go module, read from its path (the only fact the binary
 * holds): the owner on a code host (`github.com/google`), the Go project for
 * `golang.org/x/…`, else the host that serves the path (`gopkg.in`, `go.uber.org`).
 */
export function goSupplier(path: string): string {
  const parts = path.split('/')
  const host = parts[0] ?? path
  if (host === 'golang.org' && parts[1] === 'x') return 'The Go Authors'
  if (CODE_HOSTS.has(host) && parts.length >= 2) return `${host}/${parts[1]}`
  return host
}

function golangPurl(path: string, version: string | null): string {
  const slash = path.lastIndexOf('/')
  const namespace = slash === -1 ? undefined : path.slice(0, slash)
  const name = slash === -1 ? path : path.slice(slash + 1)
  return new PackageURL(
    'golang',
    namespace,
    name,
    version ?? undefined,
    undefined,
    undefined
  ).toString()
}

function debPurl(pkg: DebPackage): string {
  const qualifiers: Record<string, string> = { arch: pkg.architecture }
  if (pkg.distroVersion !== '') qualifiers.distro = `${pkg.distro}-${pkg.distroVersion}`
  return new PackageURL('deb', pkg.distro, pkg.name, pkg.version, qualifiers, undefined).toString()
}

function distroName(distro: string): string {
  return distro === '' ? distro : distro[0].toUpperCase() + distro.slice(1)
}

/** The last element of a repository path, which a `pkg:oci` purl names the image by. */
function ociPurl(facts: SbomFacts['image']): string | null {
  if (facts.manifestDigest === null) return null
  const name = facts.name.split('/').pop() ?? facts.name
  return new PackageURL(
    'oci',
    undefined,
    name.toLowerCase(),
    facts.manifestDigest,
    { arch: facts.architecture, repository_url: facts.name },
    undefined
  ).toString()
}

function goModule(mod: ModuleVersion, role: 'go-main' | 'go-module'): Component {
  const version = mod.version === '' ? null : mod.version
  const replacement = mod.replacement
  // A module replaced by another module version is that version in the binary.
  if (replacement !== undefined && !isFolder(replacement.path) && replacement.version !== '') {
    const sum = replacement.sum === '' ? null : replacement.sum
    const hex = sum === null ? null : h1ToHex(sum)
    return {
      ref: `golang:${replacement.path}@${replacement.version}`,
      role,
      name: replacement.path,
      version: replacement.version,
      purl: golangPurl(replacement.path, replacement.version),
      supplier: goSupplier(replacement.path),
      sha256: hex,
      sha256Of: hex === null ? null : 'go-h1',
      goSum: sum,
      comment: `Replaces ${mod.path}${version === null ? '' : ` ${version}`} (go.mod replace).`
    }
  }
  // Replaced by a folder: the code is the folder's, under the original path; the version is Go's `(devel)`.
  if (replacement !== undefined) {
    const devel = replacement.version === '' ? '(devel)' : replacement.version
    return {
      ref: `golang:${mod.path}@${devel}`,
      role,
      name: mod.path,
      version: devel,
      purl: golangPurl(mod.path, devel),
      supplier: goSupplier(mod.path),
      sha256: null,
      sha256Of: null,
      goSum: null,
      comment: `Built from the folder ${replacement.path}, which replaces ${mod.path}${version === null ? '' : ` ${version}`} (go.mod replace); no go.sum hash.`
    }
  }
  const sum = mod.sum ?? null
  const hex = sum === null ? null : h1ToHex(sum)
  return {
    ref: `golang:${mod.path}@${version ?? ''}`,
    role,
    name: mod.path,
    version,
    purl: golangPurl(mod.path, version),
    supplier: goSupplier(mod.path),
    sha256: hex,
    sha256Of: hex === null ? null : 'go-h1',
    goSum: sum,
    comment: null
  }
}

function isFolder(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || path === '.'
}

function cLibrary(library: CLibrary): Component {
  const source = library.source
  return {
    ref: `c-library:${library.name}`,
    role: 'c-library',
    name: library.name,
    version: library.version,
    purl:
      source !== null
        ? debPurl(source)
        : library.version === null
          ? null
          : new PackageURL(
              'generic',
              undefined,
              library.name,
              library.version,
              undefined,
              undefined
            ).toString(),
    supplier: source !== null ? distroName(source.distro) : null,
    sha256: null,
    sha256Of: null,
    goSum: null,
    comment:
      source !== null
        ? `Linked statically from the runner's ${source.name} ${source.version}; ${library.evidence}.`
        : `Linked statically; ${library.evidence}.`
  }
}

const EXTRA_NAMES: Readonly<Record<ExtraFacts['kind'], string>> = {
  'ca-certificates': 'ca-certificates',
  tzdata: 'tzdata',
  passwd: 'passwd',
  tmp: 'tmp'
}

function extra(facts: ExtraFacts): Component {
  const source = facts.source
  const files = facts.paths.length === 1 ? facts.paths[0] : `${facts.paths.length} files`
  return {
    ref: `extra:${facts.kind}`,
    role: 'extra',
    name: source?.name ?? EXTRA_NAMES[facts.kind],
    version: source?.version ?? null,
    purl: source === null ? null : debPurl(source),
    supplier: source === null ? null : distroName(source.distro),
    sha256: null,
    sha256Of: null,
    goSum: null,
    comment:
      source === null
        ? `${files} in the image, from ${facts.origin}.`
        : `${files} in the image, from ${facts.origin}, which the runner's ${distroName(source.distro)} package ${source.name} ${source.version} provides.`
  }
}

/** The facts as components and relations: image ⊃ binary, extras; binary ⊃ modules, C library. */
export function sbomModel(facts: SbomFacts): SbomModel {
  const { image, go } = facts
  const mainSupplier = go?.main ? goSupplier(go.main.path) : null
  const root: Component = {
    ref: 'image',
    role: 'image',
    name: image.name,
    version: image.manifestDigest ?? image.imageId,
    purl: ociPurl(image),
    supplier: mainSupplier,
    sha256: null,
    sha256Of: null,
    goSum: null,
    comment:
      image.manifestDigest === null
        ? `FROM scratch image; version is its image ID (config digest): the manifest digest was not known (not pushed). Tags: ${image.tags.join(', ')}.`
        : `FROM scratch image. Tags: ${image.tags.join(', ')}.`
  }
  const binary: Component = {
    ref: 'binary',
    role: 'binary',
    name: facts.binary.name,
    version: go?.main?.version || null,
    purl: null,
    supplier: mainSupplier,
    sha256: facts.binary.sha256,
    sha256Of: 'file',
    goSum: null,
    comment: `/${facts.binary.name} in the image, a static executable${go ? ` built with ${goVersionOf(go.version)}` : facts.c?.toolchain ? ` built with ${facts.c.toolchain}` : ''}.`
  }
  const components: Component[] = [root, binary]
  const relations: Relation[] = [{ from: 'image', type: 'CONTAINS', to: 'binary' }]
  let modules = 0
  if (go !== null) {
    const stdVersion = goVersionOf(go.version)
    const stdlib: Component = {
      ref: 'golang:stdlib',
      role: 'go-stdlib',
      name: 'stdlib',
      version: stdVersion,
      purl: golangPurl('stdlib', stdVersion),
      supplier: 'The Go Authors',
      sha256: null,
      sha256Of: null,
      goSum: null,
      comment: 'The Go standard library and runtime, compiled into the binary.'
    }
    const main = go.main === null ? null : goModule(go.main, 'go-main')
    const deps = go.deps.map((dep) => goModule(dep, 'go-module'))
    const listed = [...(main ? [main] : []), ...deps, stdlib]
    const seen = new Set(components.map((c) => c.ref))
    for (const component of listed) {
      // Two lines naming one module version (a replacement that is also required) list it once.
      if (seen.has(component.ref)) continue
      seen.add(component.ref)
      components.push(component)
      modules++
      relations.push({ from: 'binary', type: 'CONTAINS', to: component.ref })
    }
    const from = main?.ref ?? 'binary'
    for (const component of listed) {
      if (component.ref === from) continue
      relations.push({ from, type: 'DEPENDS_ON', to: component.ref })
    }
  }
  if (facts.c?.library) {
    const library = cLibrary(facts.c.library)
    components.push(library)
    relations.push({ from: 'binary', type: 'CONTAINS', to: library.ref })
    relations.push({ from: 'binary', type: 'DEPENDS_ON', to: library.ref })
  }
  for (const item of facts.extras) {
    const component = extra(item)
    components.push(component)
    relations.push({ from: 'image', type: 'CONTAINS', to: component.ref })
  }
  return { root, components, relations: dedupe(relations), modules }
}

function dedupe(relations: readonly Relation[]): Relation[] {
  const seen = new Set<string>()
  return relations.filter((r) => {
    const key = `${r.from} ${r.type} ${r.to}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
