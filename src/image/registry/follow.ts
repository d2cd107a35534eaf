import { UserError } from '../../ground/errors.js'
import { isLoopbackRegistry } from './url.js'

/** The subset of `fetch` the push uses; tests pass a wrapper to inject faults. */
export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

/** A request body that can be produced again for each try and each redirect (a file is reopened). */
export type BodySource = () => NonNullable<RequestInit['body']>

/**
 * Credentials travel only over https, or to a loopback host (where docker
 * itself speaks plain http): on plain http anyone on the path reads them.
 */
export function mayCarryCredentials(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackRegistry(url.host))
}

/** Where a redirect leads, and whether the request keeps its method and body there. */
export interface RedirectHop {
  readonly url: string
  readonly method: string
  readonly keepBody: boolean
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * The next request after a redirect, as the fetch standard follows one, or
 * null when the answer is no redirect (or one without a Location). 307 and
 * 308 repeat the method and body (a manifest PUT stays a PUT); 303 turns
 * anything but HEAD into a GET, and 301/302 turn a POST into a GET.
 */
export function redirectHop(
  status: number,
  method: string,
  location: string | null,
  from: string
): RedirectHop | null {
  if (!REDIRECTS.has(status) || location === null || location === '') return null
  let url: URL
  try {
    url = new URL(location, from)
  } catch {
    throw new UserError(`${from} redirected to ${JSON.stringify(location)}, which is not a URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(
      `${from} redirected to ${url.protocol} URL ${url.origin}; only http(s) is followed.`
    )
  }
  const toGet =
    (status === 303 && method !== 'HEAD') ||
    ((status === 301 || status === 302) && method === 'POST')
  return toGet
    ? { url: url.toString(), method: 'GET', keepBody: false }
    : { url: url.toString(), method, keepBody: true }
}

/** A request whose redirects `fetchFollowing` follows itself. */
export interface Outgoing {
  readonly method: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: BodySource
  /** Sent only to `origin`: a redirect or Location elsewhere is followed without it. */
  readonly authorization?: { readonly origin: string; readonly value: string } | null
  /** The body holds a secret (a refresh token): never sent to another origin, even on a 307. */
  readonly secretBody?: boolean
  /** What we are doing, for errors. */
  readonly step: string
}

/** The final answer and the URL that gave it (redirects followed). */
export interface Answer {
  readonly response: Response
  readonly url: string
}

const MAX_REDIRECTS = 10
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding'])

/**
 * Sends a request and follows redirects by hand: `Authorization` goes only to
 * the origin it belongs to, and a body is produced again for each hop (fetch's
 * own following cannot resend a stream, and fails on a Buffer it has sent).
 */
export async function fetchFollowing(fetchImpl: Fetch, request: Outgoing): Promise<Answer> {
  const firstOrigin = new URL(request.url).origin
  let url = request.url
  let method = request.method
  let body = request.body
  let headers: Record<string, string> = { ...request.headers }
  for (let hop = 0; ; hop++) {
    const sent: Record<string, string> = { ...headers }
    const auth = request.authorization
    if (auth && new URL(url).origin === auth.origin) sent.authorization = auth.value
    const init: RequestInit & { duplex?: 'half' } = { method, headers: sent, redirect: 'manual' }
    if (body) {
      init.body = body()
      // Required by fetch for streamed bodies.
      init.duplex = 'half'
    }
    const response = await fetchImpl(url, init)
    const next = redirectHop(response.status, method, response.headers.get('location'), url)
    if (next === null) return { response, url }
    await response.body?.cancel().catch(() => undefined)
    if (hop + 1 >= MAX_REDIRECTS) {
      throw new UserError(
        `${request.step} failed: more than ${MAX_REDIRECTS} redirects, the last to ${next.url}.`
      )
    }
    const nextOrigin = new URL(next.url).origin
    if (request.secretBody && next.keepBody && body && nextOrigin !== firstOrigin) {
      throw new UserError(
        `${request.step} failed: ${firstOrigin} redirected a request that carries a secret to ${nextOrigin}, another origin; it is not sent there.`
      )
    }
    if (!next.keepBody) {
      body = undefined
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()))
      )
    }
    url = next.url
    method = next.method
  }
}
