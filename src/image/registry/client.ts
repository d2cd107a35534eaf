import { setTimeout as sleep } from 'node:timers/promises'
import { UserError } from '../../ground/errors.js'
import { bearerChallenge, hasBasicChallenge, parseChallenges } from './challenge.js'
import type { CredentialSource, Credentials } from './credentials.js'
import { describeCredentials } from './credentials.js'
import {
  fetchFollowing,
  mayCarryCredentials,
  type Answer,
  type BodySource,
  type Fetch
} from './follow.js'
import {
  connectionErrorText,
  describeHttpFailure,
  describeUnreachable,
  isNameNotResolved
} from './messages.js'
import { mergeScopes } from './url.js'
import {
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy
} from '../../ground/retry.js'

export type { BodySource, Fetch }

export interface RegistryRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT'
  readonly url: string
  /** What we are doing, for errors: "uploading layer sha256:ab12… to host/repo". */
  readonly step: string
  /** Token scopes the request needs (`repository:team/app:pull,push`). */
  readonly scopes: readonly string[]
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: BodySource
  /** false: one try only, because the caller retries a larger unit (a whole upload). */
  readonly retry?: boolean
}

/** The registry could not be reached (connection refused, reset, DNS…). */
export class RegistryUnreachableError extends UserError {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
  }
}

interface CachedToken {
  readonly token: string
  readonly expiresAt: number
}

/** Tokens are refreshed a little before they expire; distribution's default lifetime is 60 s. */
const TOKEN_MARGIN_MS = 10_000
const DEFAULT_TOKEN_SECONDS = 60

export interface SessionOptions {
  /** host[:port] as the user named it, for messages. */
  readonly registry: string
  /** `scheme://host[:port]` the registry API answers on: the one origin its credentials go to. */
  readonly origin: string
  readonly credentials: CredentialSource
  readonly fetch: Fetch
  readonly retry: RetryPolicy
  /** Where to say that a try failed and another follows. */
  readonly warn: (message: string) => void
}

function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}

async function drain(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined)
}

/**
 * One registry's HTTP conversation: learns its auth scheme from the first
 * challenge, then authenticates up front (Basic) or with a token per scope
 * set (Bearer); retries 429/5xx and connection failures with backoff.
 */
export class RegistrySession {
  private scheme: 'none' | 'basic' | 'bearer' = 'none'
  private realm: { readonly realm: URL; readonly service: string | null } | null = null
  private readonly tokens = new Map<string, CachedToken>()
  private readonly origin: URL

  constructor(private readonly options: SessionOptions) {
    this.origin = new URL(options.origin)
  }

  get credentialText(): string {
    return describeCredentials(this.options.credentials)
  }

  private get credentials(): Credentials | null {
    return this.options.credentials.credentials
  }

  /** Sends a request (retrying when allowed) and returns the final response, whatever its status. */
  async send(request: RegistryRequest): Promise<Response> {
    const tries = request.retry === false ? 1 : Math.max(1, this.options.retry.attempts)
    for (let attempt = 1; ; attempt++) {
      let response: Response
      try {
        response = await this.sendAuthenticated(request)
      } catch (error) {
        // UserErrors (a refused token, an unreachable token service) were already retried.
        if (error instanceof UserError) throw error
        const cause = connectionErrorText(error)
        if (attempt >= tries || isNameNotResolved(error)) {
          throw new RegistryUnreachableError(
            describeUnreachable(this.options.registry, request.step, cause, attempt),
            true
          )
        }
        const delay = retryDelayMs(attempt, this.options.retry, null)
        this.options.warn(
          `${this.options.registry}: ${request.step}: ${cause}; try ${attempt + 1} of ${tries} in ${delay} ms`
        )
        await sleep(delay)
        continue
      }
      if (!isRetryableStatus(response.status) || attempt >= tries) return response
      const delay = retryDelayMs(
        attempt,
        this.options.retry,
        parseRetryAfter(response.headers.get('retry-after'), Date.now())
      )
      this.options.warn(
        `${this.options.registry}: ${request.step}: HTTP ${response.status}; try ${attempt + 1} of ${tries} in ${delay} ms`
      )
      await drain(response)
      await sleep(delay)
    }
  }

  /** Like `send`, but any status outside `ok` becomes a UserError naming the step. */
  async expect(request: RegistryRequest, ok: readonly number[]): Promise<Response> {
    const response = await this.send(request)
    if (ok.includes(response.status)) return response
    if (request.method !== 'HEAD') throw await this.failure(request.step, response)
    // A HEAD answer has no body, so the registry's reason is missing; the same
    // request as GET usually fails the same way and says why.
    await drain(response)
    const again = await this.send({ ...request, method: 'GET', retry: false }).catch(() => null)
    if (again === null || again.status !== response.status) {
      if (again) await drain(again)
      throw await this.failure(request.step, response, '')
    }
    throw await this.failure(request.step, again)
  }

  async failure(step: string, response: Response, knownBody?: string): Promise<UserError> {
    const text = knownBody ?? (await response.text().catch(() => ''))
    const body = truncate(text)
    const { message, details } = describeHttpFailure({
      registry: this.options.registry,
      step,
      status: response.status,
      statusText: response.statusText,
      body,
      credentials: this.credentialText,
      answeredBy: this.foreignOrigin(response.url)
    })
    return new UserError(message, details)
  }

  private async sendAuthenticated(request: RegistryRequest): Promise<Response> {
    const first = await this.sendOnce(request, await this.authorization(request.scopes, false))
    // Only the registry's own challenge is answered: a 401 from another origin
    // (an upload Location, a redirect) must not draw credentials or a token.
    if (first.response.status !== 401 || !this.isRegistry(first.url)) return first.response
    const challenges = parseChallenges(first.response.headers.get('www-authenticate') ?? '')
    const bearer = bearerChallenge(challenges)
    let authorization: string | null = null
    if (bearer) {
      this.scheme = 'bearer'
      this.realm = { realm: this.realmUrl(bearer.realm), service: bearer.service }
      const scopes = mergeScopes([...request.scopes, ...bearer.scopes])
      authorization = await this.authorization(scopes, true, request.step)
      // The token covers what this request asks for too: the next one like it needs no new token.
      const token = this.tokens.get(scopeKey(scopes))
      if (token) this.tokens.set(scopeKey(request.scopes), token)
    } else if (hasBasicChallenge(challenges) && this.credentials?.kind === 'basic') {
      this.scheme = 'basic'
      authorization = await this.authorization(request.scopes, true)
    }
    if (authorization === null) return first.response
    await drain(first.response)
    return (await this.sendOnce(request, authorization)).response
  }

  /** The origin of a response's URL when it is neither the registry's nor its token realm's. */
  private foreignOrigin(url: string): string | undefined {
    if (url === '') return undefined
    const origin = new URL(url).origin
    const home = [this.origin.origin, this.realm?.realm.origin]
    return home.includes(origin) ? undefined : origin
  }

  private isRegistry(url: string): boolean {
    return new URL(url).origin === this.origin.origin
  }

  /** The realm a Bearer challenge names, if credentials may go there. */
  private realmUrl(realm: string): URL {
    let url: URL
    try {
      url = new URL(realm)
    } catch {
      throw new UserError(
        `Registry ${this.options.registry} asked for a token from ${JSON.stringify(realm)}, which is not a URL.`
      )
    }
    if (!mayCarryCredentials(url)) {
      throw new UserError(
        `Registry ${this.options.registry} names the token service ${url.origin}${url.pathname}, on ${url.protocol === 'http:' ? 'plain http' : url.protocol}: ` +
          'credentials and tokens go only over https, or to this machine (localhost, 127.0.0.0/8, ::1).'
      )
    }
    return url
  }

  private sendOnce(request: RegistryRequest, authorization: string | null): Promise<Answer> {
    return fetchFollowing(this.options.fetch, {
      method: request.method,
      url: request.url,
      step: `Registry ${this.options.registry}: ${request.step}`,
      headers: request.headers,
      body: request.body,
      authorization: authorization ? { origin: this.origin.origin, value: authorization } : null
    })
  }

  private async authorization(
    scopes: readonly string[],
    fresh: boolean,
    step = 'authenticating'
  ): Promise<string | null> {
    const credentials = this.credentials
    if (this.scheme === 'none') return null
    if (!mayCarryCredentials(this.origin)) {
      throw new UserError(
        `Registry ${this.options.registry} asks for credentials, but it answers on plain http (${this.origin.origin}): ` +
          'credentials and tokens go only over https, or to a registry on this machine (localhost, 127.0.0.0/8, ::1).'
      )
    }
    if (this.scheme === 'basic') {
      return credentials?.kind === 'basic'
        ? basicHeader(credentials.username, credentials.password)
        : null
    }
    if (this.realm === null) return null
    if (credentials?.kind === 'registry-token') return `Bearer ${credentials.token}`
    const key = scopeKey(scopes)
    const cached = this.tokens.get(key)
    if (!fresh && cached && cached.expiresAt > Date.now()) return `Bearer ${cached.token}`
    const token = await this.fetchToken(scopes, step)
    this.tokens.set(key, token)
    return `Bearer ${token.token}`
  }

  /** The token protocol: GET realm (Basic when we have a password), or the OAuth2 refresh grant. */
  private async fetchToken(scopes: readonly string[], step: string): Promise<CachedToken> {
    const realm = this.realm
    if (realm === null) throw new Error('fetchToken without a realm')
    const credentials = this.credentials
    const url = realm.realm
    const tokenStep = `getting a token from ${url.origin}${url.pathname} for ${step}`
    const request = async (): Promise<Response> => {
      const sent = { step: `Registry ${this.options.registry}: ${tokenStep}` }
      if (credentials?.kind === 'identity-token') {
        const form = new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: credentials.token,
          client_id: 'from-scratch'
        })
        if (realm.service) form.set('service', realm.service)
        if (scopes.length > 0) form.set('scope', scopes.join(' '))
        const answer = await fetchFollowing(this.options.fetch, {
          ...sent,
          method: 'POST',
          url: url.toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: () => form.toString(),
          secretBody: true
        })
        return answer.response
      }
      const get = new URL(url)
      if (realm.service) get.searchParams.set('service', realm.service)
      for (const scope of scopes) get.searchParams.append('scope', scope)
      const answer = await fetchFollowing(this.options.fetch, {
        ...sent,
        method: 'GET',
        url: get.toString(),
        // The password goes to the realm the registry named, and nowhere it redirects.
        authorization:
          credentials?.kind === 'basic'
            ? { origin: url.origin, value: basicHeader(credentials.username, credentials.password) }
            : null
      })
      return answer.response
    }
    let response: Response | null = null
    for (let attempt = 1; response === null; attempt++) {
      try {
        const answer = await request()
        if (isRetryableStatus(answer.status) && attempt < this.options.retry.attempts) {
          await drain(answer)
          await sleep(retryDelayMs(attempt, this.options.retry, null))
          continue
        }
        response = answer
      } catch (error) {
        // A refused redirect is an answer, not a connection failure.
        if (error instanceof UserError) throw error
        if (attempt >= this.options.retry.attempts || isNameNotResolved(error)) {
          throw new RegistryUnreachableError(
            describeUnreachable(
              this.options.registry,
              tokenStep,
              connectionErrorText(error),
              attempt
            ),
            true
          )
        }
        await sleep(retryDelayMs(attempt, this.options.retry, null))
      }
    }
    if (!response.ok) throw await this.failure(tokenStep, response)
    const json: unknown = await response.json().catch(() => null)
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
    const token =
      typeof body.token === 'string' && body.token !== ''
        ? body.token
        : typeof body.access_token === 'string'
          ? body.access_token
          : ''
    if (token === '') {
      throw new UserError(
        `Registry ${this.options.registry}: ${tokenStep} failed: the answer has no token.`
      )
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : DEFAULT_TOKEN_SECONDS
    return { token, expiresAt: Date.now() + seconds * 1000 - TOKEN_MARGIN_MS }
  }
}

function scopeKey(scopes: readonly string[]): string {
  return mergeScopes(scopes).sort().join(' ')
}

/** Error bodies are read for their message only; keep them short. */
function truncate(body: string): string {
  return body.length > 4096 ? body.slice(0, 4096) : body
}
