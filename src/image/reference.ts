import { UserError } from '../ground/errors.js'

// The grammar of github.com/distribution/reference (what docker, buildx and
// every registry accept), kept as small regexes so each rule is visible.
const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|-+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const HOST = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`
)
const TAG = /^[\w][\w.-]{0,127}$/
const NAME_MAX = 255

/** A parsed `name[:tag]`; digests are not accepted where from-scratch takes references. */
export interface Reference {
  /** Registry host[:port], or null for Docker Hub's implicit one. */
  readonly domain: string | null
  /** The repository path, e.g. `acme/api`. */
  readonly path: string
  readonly tag: string | null
}

/** Control characters (newlines included) end a Dockerfile line or a log line; never let one through. */
export function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

function shown(value: string): string {
  return JSON.stringify(value)
}

/**
 * Same split as distribution's `splitDomain`: the first component is a host
 * only when it has a dot or a port, or is `localhost`, and is not lowercase-only
 * by accident of being a path.
 */
function splitDomain(name: string): { domain: string | null; path: string } {
  const slash = name.indexOf('/')
  if (slash < 0) return { domain: null, path: name }
  const first = name.slice(0, slash)
  const isHost =
    first.includes('.') ||
    first.includes(':') ||
    first === 'localhost' ||
    first !== first.toLowerCase()
  return isHost ? { domain: first, path: name.slice(slash + 1) } : { domain: null, path: name }
}

/** Checks an image name (no tag); returns it, or throws a UserError that says which rule it breaks. */
export function validateImageName(name: string, what = 'image'): string {
  const fail = (why: string): never => {
    throw new UserError(`${what} ${shown(name)} is not a valid image name: ${why}.`, [
      'An image name is [registry[:port]/]path, e.g. ghcr.io/acme/api or 127.0.0.1:5000/team/app:',
      'path components are lowercase letters and digits, joined by ".", "_", "__" or dashes.'
    ])
  }
  if (name === '') fail('it is empty')
  if (hasControlCharacter(name)) fail('it contains a line break or another control character')
  if (name.length > NAME_MAX) fail(`it is longer than ${NAME_MAX} characters`)
  if (name.includes('@')) fail('a digest (@sha256:…) cannot be built or tagged')
  const { domain, path } = splitDomain(name)
  // Valid by the grammar, but nobody means a registry called "Acme".
  if (domain !== null && !/[.:]/.test(domain) && domain !== 'localhost') {
    fail('repository names must be lowercase')
  }
  if (domain !== null && !HOST.test(domain)) fail(`${shown(domain)} is not a registry host[:port]`)
  if (path.includes(':')) fail('it has a tag; give tags in `tags`')
  if (path !== path.toLowerCase()) fail('repository names must be lowercase')
  if (!PATH.test(path)) fail(`${shown(path)} has a character or separator that is not allowed`)
  return name
}

/** Checks one tag (the part after `:`). */
export function validateTag(tag: string, reference = tag): string {
  if (!TAG.test(tag) || hasControlCharacter(tag)) {
    throw new UserError(`Tag ${shown(tag)} in ${shown(reference)} is not a valid tag.`, [
      'A tag is 1 to 128 characters: letters, digits, "_", "." and "-", not starting with "." or "-".'
    ])
  }
  return tag
}

/** Parses and checks `name[:tag]`. */
export function parseReference(reference: string): Reference {
  if (hasControlCharacter(reference)) {
    throw new UserError(
      `Image reference ${shown(reference)} contains a line break or control character.`
    )
  }
  const lastSlash = reference.lastIndexOf('/')
  const colon = reference.indexOf(':', lastSlash + 1)
  const name = colon < 0 ? reference : reference.slice(0, colon)
  const tag = colon < 0 ? null : reference.slice(colon + 1)
  validateImageName(name, 'Image reference')
  if (tag !== null) validateTag(tag, reference)
  const { domain, path } = splitDomain(name)
  return { domain, path, tag }
}

/** `domain/path:tag` as typed. */
export function formatReference(reference: Reference): string {
  const name = reference.domain === null ? reference.path : `${reference.domain}/${reference.path}`
  return reference.tag === null ? name : `${name}:${reference.tag}`
}

/**
 * The fully qualified name the containerd image store keys an image by, as
 * distribution's ParseNormalizedNamed makes it: Docker Hub's implicit domain
 * spelled out (`docker.io`, never `index.docker.io`), its one-part names under
 * `library/`, and `latest` when no tag is given. `app:t` → `docker.io/library/app:t`,
 * `acme/app:t` → `docker.io/acme/app:t`; `127.0.0.1:5000/acme/app:t` stays as it is.
 */
export function normalizedReference(reference: string): string {
  const parsed = parseReference(reference)
  const hub = parsed.domain === null || parsed.domain === 'index.docker.io'
  const domain = hub ? 'docker.io' : parsed.domain
  const path =
    domain === 'docker.io' && !parsed.path.includes('/') ? `library/${parsed.path}` : parsed.path
  return formatReference({ domain, path, tag: parsed.tag ?? 'latest' })
}

/** The tag alone (`latest` when none is given): an OCI layout's `org.opencontainers.image.ref.name`, as docker save and skopeo write it. */
export function tagOf(reference: string): string {
  return parseReference(reference).tag ?? 'latest'
}
