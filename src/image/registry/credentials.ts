import { join } from 'node:path'
import { UserError } from '../../ground/errors.js'
import { isDockerHub } from './target.js'

/**
 * Credentials for one registry. Kept apart from everything that is logged:
 * only `describeCredentials` turns one into text, and it never shows a secret.
 */
export type Credentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user). */
  | { readonly kind: 'identity-token'; readonly token: string; readonly username: string | null }
  /** A bearer token used as is (`registrytoken`). */
  | { readonly kind: 'registry-token'; readonly token: string }

/** Where credentials came from, for messages ("from docker config auths", …). */
export interface CredentialSource {
  readonly credentials: Credentials | null
  /** Human words, no secrets: "the `credentials` input", "docker config /x/config.json (auths)". */
  readonly origin: string
}

/** One `auths` entry of a docker config.json. */
export interface AuthEntry {
  readonly auth?: string
  readonly username?: string
  readonly password?: string
  readonly identitytoken?: string
  readonly registrytoken?: string
}

/** The parts of docker's config.json that hold or point to credentials. */
export interface DockerConfig {
  readonly auths: Readonly<Record<string, AuthEntry>>
  readonly credHelpers: Readonly<Record<string, string>>
  readonly credsStore: string | null
}

/** The key docker uses for Docker Hub everywhere (auths, credHelpers, helper stdin). */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/'

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>, home: string) {
  const dir = env.DOCKER_CONFIG
  return dir ? join(dir, 'config.json') : join(home, '.docker', 'config.json')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {}
  if (!isRecord(value)) return map
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') map[key] = item
  return map
}

/** Reads the fields we use; unknown fields and wrong types are ignored as docker does. */
export function parseDockerConfig(text: string, path: string): DockerConfig {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UserError(`Docker config ${path} is not valid JSON.`, [String(error)])
  }
  if (!isRecord(json)) throw new UserError(`Docker config ${path} is not a JSON object.`)
  const auths: Record<string, AuthEntry> = {}
  if (isRecord(json.auths)) {
    for (const [key, value] of Object.entries(json.auths)) {
      if (!isRecord(value)) continue
      auths[key] = {
        auth: stringField(value, 'auth'),
        username: stringField(value, 'username'),
        password: stringField(value, 'password'),
        identitytoken: stringField(value, 'identitytoken'),
        registrytoken: stringField(value, 'registrytoken')
      }
    }
  }
  const credsStore = typeof json.credsStore === 'string' && json.credsStore ? json.credsStore : null
  return { auths, credHelpers: stringMap(json.credHelpers), credsStore }
}

/** docker's `ConvertToHostname`: drop an http(s) scheme and any path. */
export function hostnameOf(key: string): string {
  const stripped = key.replace(/^https?:\/\//i, '')
  const slash = stripped.indexOf('/')
  return (slash < 0 ? stripped : stripped.slice(0, slash)).toLowerCase()
}

/** The server address docker keys a registry by: Docker Hub's v1 URL, else host[:port]. */
export function serverAddressFor(registry: string): string {
  return isDockerHub(registry) ? DOCKER_HUB_SERVER : registry
}

function keyMatches(key: string, registry: string): boolean {
  const host = hostnameOf(key)
  return isDockerHub(registry) ? isDockerHub(host) : host === registry.toLowerCase()
}

/** Exact key first, then any key naming the same host (with or without scheme or path), like docker. */
function lookup<T>(map: Readonly<Record<string, T>>, registry: string): [string, T] | null {
  const address = serverAddressFor(registry)
  for (const exact of [address, registry]) {
    const value = map[exact]
    if (value !== undefined) return [exact, value]
  }
  for (const [key, value] of Object.entries(map)) if (keyMatches(key, registry)) return [key, value]
  return null
}

export function findAuthEntry(config: DockerConfig, registry: string): [string, AuthEntry] | null {
  return lookup(config.auths, registry)
}

/** The credential helper for a registry: `credHelpers` first, then `credsStore`. */
export function helperFor(config: DockerConfig, registry: string): string | null {
  const specific = lookup(config.credHelpers, registry)
  if (specific && specific[1] !== '') return specific[1]
  return config.credsStore
}

/** Credentials in one `auths` entry; an empty entry (what `credsStore` leaves behind) gives null. */
export function credentialsFromEntry(entry: AuthEntry): Credentials | null {
  let username = entry.username ?? null
  let password = entry.password ?? null
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      username = decoded.slice(0, colon)
      password = decoded.slice(colon + 1)
    }
  }
  if (entry.identitytoken) return { kind: 'identity-token', token: entry.identitytoken, username }
  if (entry.registrytoken) return { kind: 'registry-token', token: entry.registrytoken }
  if (username !== null && password !== null) return { kind: 'basic', username, password }
  return null
}

/** What `docker-credential-<name> get` printed; `<token>` as the user means an identity token. */
export function credentialsFromHelper(stdout: string): Credentials | null {
  let json: unknown
  try {
    json = JSON.parse(stdout)
  } catch {
    return null
  }
  if (!isRecord(json)) return null
  const username = typeof json.Username === 'string' ? json.Username : ''
  const secret = typeof json.Secret === 'string' ? json.Secret : ''
  if (secret === '') return null
  if (username === '<token>') return { kind: 'identity-token', token: secret, username: null }
  return { kind: 'basic', username, password: secret }
}

/** Helpers say "not found" in their own words; that means "no credentials", not a failure. */
export function isHelperNotFound(output: string): boolean {
  return /credentials not found|no credentials|not found in (native )?keychain/i.test(output)
}

/** Words for a log line or an error: never the secret. */
export function describeCredentials(source: CredentialSource): string {
  const c = source.credentials
  if (c === null) return `no credentials (${source.origin})`
  switch (c.kind) {
    case 'basic':
      return `user ${JSON.stringify(c.username)} from ${source.origin}`
    case 'identity-token':
      return `an identity token from ${source.origin}`
    case 'registry-token':
      return `a registry token from ${source.origin}`
  }
}
