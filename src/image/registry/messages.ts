/** Text of registry failures: pure, so each wording is table-tested. */

/** `sha256:ab12cd34ef56…` — enough to recognise a blob in a log line. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':')
  const hex = digest.slice(colon + 1)
  return hex.length > 12 ? `${digest.slice(0, colon + 1)}${hex.slice(0, 12)}…` : digest
}

/** `errors[].code: message` from a distribution error body, or the start of a non-JSON body. */
export function registryErrorText(body: string): string | null {
  const text = body.trim()
  if (text === '') return null
  try {
    const json: unknown = JSON.parse(text)
    if (typeof json === 'object' && json !== null && 'errors' in json) {
      const errors = (json as { errors: unknown }).errors
      if (Array.isArray(errors)) {
        const parts = errors.flatMap((error: unknown) => {
          if (typeof error !== 'object' || error === null) return []
          const { code, message } = error as { code?: unknown; message?: unknown }
          const c = typeof code === 'string' ? code : ''
          const m = typeof message === 'string' ? message : ''
          if (c === '' && m === '') return []
          return [c && m ? `${c}: ${m}` : c || m]
        })
        if (parts.length > 0) return parts.join('; ')
      }
    }
    if (typeof json === 'object' && json !== null && 'details' in json) {
      const details = (json as { details: unknown }).details
      if (typeof details === 'string' && details !== '') return details
    }
  } catch {
    // Not JSON: proxies and load balancers answer with HTML or plain text.
  }
  const line = text.split('\n')[0] ?? ''
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

/** What went wrong in one step, ready for a UserError. */
export interface HttpFailure {
  /** host[:port] as the user named it. */
  readonly registry: string
  /** e.g. `uploading layer sha256:ab12… to 127.0.0.1:5000/team/app` */
  readonly step: string
  readonly status: number
  readonly statusText: string
  readonly body: string
  /** How we tried to authenticate, for 401/403 (no secrets). */
  readonly credentials: string
  /** The origin that answered, when a redirect or upload Location led away from the registry's. */
  readonly answeredBy?: string
}

export function describeHttpFailure(failure: HttpFailure): { message: string; details: string[] } {
  const reason = registryErrorText(failure.body)
  const status = `HTTP ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`
  const message = `Registry ${failure.registry}: ${failure.step} failed: ${status}${reason ? ` (${reason})` : ''}.`
  if ((failure.status === 401 || failure.status === 403) && failure.answeredBy) {
    return {
      message,
      details: [
        `The answer came from ${failure.answeredBy}, another origin the registry sent the request to (a redirect or an upload Location).`,
        `Credentials for ${failure.registry} go only to ${failure.registry} and the token service it names, never to another origin, so this server got none.`
      ]
    }
  }
  if (failure.status === 401 || failure.status === 403) {
    return {
      message,
      details: [
        `The registry refused the request with ${failure.credentials}.`,
        failure.status === 403
          ? 'The credentials are valid but may not push to this repository: check its permissions (for ghcr.io, the token needs packages: write).'
          : 'Check the username and password or token.',
        'Log in before this step, e.g. with docker/login-action, or pass credentials explicitly.'
      ]
    }
  }
  return { message, details: [] }
}

export function describeUnreachable(registry: string, step: string, cause: string, tries: number) {
  const after = tries > 1 ? ` after ${tries} tries` : ''
  return `Registry ${registry}: ${step} failed: could not reach the registry${after} (${cause}).`
}

interface ErrorLike {
  readonly message: string
  readonly code?: unknown
  readonly cause?: unknown
}

// Duck-typed: errors thrown by node's fetch may come from another realm
// (a VM context, a worker), where `instanceof Error` is false.
function errorLike(value: unknown): ErrorLike | null {
  if (typeof value !== 'object' || value === null) return null
  const message = (value as { message?: unknown }).message
  return typeof message === 'string' ? (value as ErrorLike) : null
}

/**
 * Whether a fetch failed because the host name does not resolve: another try
 * asks the same resolver the same question, so it is never retried (a typo in
 * an image name would otherwise cost every retry's wait).
 */
export function isNameNotResolved(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && e !== undefined && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** The reason inside a fetch rejection ("fetch failed" alone says nothing). */
export function connectionErrorText(error: unknown): string {
  const outer = errorLike(error)
  if (outer === null) return String(error)
  const cause = errorLike(outer.cause)
  if (cause !== null) {
    const code = typeof cause.code === 'string' ? cause.code : ''
    return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message
  }
  return outer.message
}
