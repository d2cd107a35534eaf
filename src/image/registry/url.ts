import { isIP } from 'node:net'

export type Scheme = 'http' | 'https'

/** host without its port; `[::1]:5000` → `::1`. */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end < 0 ? host : host.slice(1, end)
  }
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}

/** Docker treats these as insecure registries without being told: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackRegistry(host: string): boolean {
  const name = hostWithoutPort(host).toLowerCase()
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (isIP(name) === 4) return name.startsWith('127.')
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1'
  return false
}

/** Plain HTTP for loopback registries (as docker), HTTPS elsewhere, unless the caller says otherwise. */
export function schemeFor(host: string, override?: Scheme): Scheme {
  if (override) return override
  return isLoopbackRegistry(host) ? 'http' : 'https'
}

export function registryBase(scheme: Scheme, apiHost: string): string {
  return `${scheme}://${apiHost}`
}

// Repository paths are validated by the reference grammar (lowercase, digits,
// separators and slashes), so they go into URLs as they are.
export function blobUrl(base: string, repository: string, digest: string): string {
  return `${base}/v2/${repository}/blobs/${digest}`
}

export function manifestUrl(base: string, repository: string, reference: string): string {
  return `${base}/v2/${repository}/manifests/${encodeURIComponent(reference)}`
}

/** Start of an upload; with `mount`, a cross-repository mount the registry may refuse (then it opens a session). */
export function uploadStartUrl(
  base: string,
  repository: string,
  mount?: { readonly digest: string; readonly from: string }
): string {
  const url = `${base}/v2/${repository}/blobs/uploads/`
  if (!mount) return url
  const query = new URLSearchParams({ mount: mount.digest, from: mount.from })
  return `${url}?${query.toString()}`
}

/**
 * The URL that completes a monolithic upload: the session `Location` (absolute,
 * or relative to the request that returned it; may already carry a query such
 * as `_state`) with `digest` added.
 */
export function uploadCompleteUrl(requestUrl: string, location: string, digest: string): string {
  const url = new URL(location, requestUrl)
  url.searchParams.set('digest', digest)
  return url.toString()
}

/** `repository:<name>:<actions>` as the token protocol spells scopes. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(',')}`
}

/**
 * One scope per resource with the union of its actions, so a challenge's
 * `repository:a:pull` adds nothing to our `repository:a:pull,push`. Order is
 * kept (first seen); scopes that are not `type:name:actions` pass as they are.
 */
export function mergeScopes(scopes: readonly string[]): string[] {
  const merged = new Map<string, string[]>()
  const order: string[] = []
  for (const scope of scopes) {
    const last = scope.lastIndexOf(':')
    const resource = last > 0 && scope.indexOf(':') < last ? scope.slice(0, last) : null
    if (resource === null) {
      if (!merged.has(scope)) {
        merged.set(scope, [])
        order.push(scope)
      }
      continue
    }
    const actions = merged.get(resource) ?? []
    if (!merged.has(resource)) {
      merged.set(resource, actions)
      order.push(resource)
    }
    for (const action of scope.slice(last + 1).split(',')) {
      if (action !== '' && !actions.includes(action)) actions.push(action)
    }
  }
  return order.map((key) => {
    const actions = merged.get(key) ?? []
    return actions.length > 0 ? `${key}:${actions.join(',')}` : key
  })
}
