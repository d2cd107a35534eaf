import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { freePort } from './ports.js'
import { startRegistryServer, type RegistryServer } from './registry-server.js'
import { freshDir } from './paths.js'
import { mustRun } from './run.js'

/**
 * A real `docker-registry` with `auth: token`, and the token service it
 * trusts, written here: it checks Basic credentials and answers with a JWT
 * signed by a key whose self-signed certificate is the registry's
 * rootcertbundle.
 *
 * What distribution 2.8 checks (registry/auth/token/token.go): `iss` equals
 * the configured issuer, `aud` the service, `exp`/`nbf` (60 s leeway), and a
 * signing key it trusts, found through the header's `x5c` chain (verified
 * against the rootcertbundle), a `jwk`, or a `kid` that is the libtrust
 * fingerprint of a bundle key. We send `x5c` with the certificate itself;
 * ES256 signatures are the raw r||s pair (JWS), not DER.
 */
export interface TokenRegistry extends RegistryServer {
  /** `http://127.0.0.1:<port>/token` */
  readonly realm: string
  readonly service: string
  /** Every token request the service answered, for assertions (no secrets kept). */
  readonly requests: readonly TokenRequest[]
  /** Answer with `access_token` instead of `token` (both are in the protocol). */
  tokenField: 'token' | 'access_token'
  /** The OAuth2 refresh token (docker config `identitytoken`) the service accepts on POST. */
  readonly identityToken: string
  /** `Bearer <jwt>` for the scopes, for the test's own reads (not counted in `requests`). */
  authorization(scopes: readonly string[]): string
}

export interface TokenRequest {
  readonly method: string
  readonly user: string | null
  readonly scopes: readonly string[]
  readonly status: number
}

const ISSUER = 'from-scratch-test-issuer'

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

interface Access {
  readonly type: string
  readonly name: string
  readonly actions: string[]
}

/** `repository:team/app:pull,push` → access entry (the name itself may not hold a colon). */
function accessFor(scope: string): Access | null {
  const first = scope.indexOf(':')
  const last = scope.lastIndexOf(':')
  if (first < 0 || last === first) return null
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(',')
  }
}

export function signToken(
  key: KeyObject,
  certDer: Buffer,
  claims: { readonly service: string; readonly subject: string; readonly access: Access[] }
): string {
  const now = Math.floor(Date.now() / 1000)
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] }
  const payload = {
    iss: ISSUER,
    sub: claims.subject,
    aud: claims.service,
    exp: now + 300,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    access: claims.access
  }
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
  return `${input}.${base64url(signature)}`
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
}

export async function startTokenRegistry(): Promise<TokenRegistry> {
  const dir = await freshDir('token-registry')
  const keyPath = join(dir, 'token.key')
  const certPath = join(dir, 'token.crt')
  // openssl through the argv runner: a P-256 key and a self-signed certificate for it.
  await mustRun('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    '/CN=from-scratch-test-token-issuer'
  ])
  const key = createPrivateKey(await readFile(keyPath))
  const certDer = new X509Certificate(await readFile(certPath)).raw

  const user = 'tokenuser'
  const password = `tok-${process.pid}-${Date.now().toString(36)}`
  const port = await freePort()
  const realm = `http://127.0.0.1:${port}/token`
  const service = 'from-scratch-test-registry'
  const requests: TokenRequest[] = []
  const state = { tokenField: 'token' as 'token' | 'access_token' }

  const identityToken = `refresh-${randomUUID()}`

  const answer = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void => {
    const url = new URL(req.url ?? '/', realm)
    const method = req.method ?? 'GET'
    // GET carries the scopes in the query and Basic credentials; the OAuth2
    // refresh grant (POST) carries scope, service and refresh_token in a form.
    const params = method === 'POST' ? form : url.searchParams
    const scopes = params
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean)
    const header = req.headers.authorization ?? ''
    const basic = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8')
      : null
    const colon = basic?.indexOf(':') ?? -1
    const givenUser = basic !== null && colon > 0 ? basic.slice(0, colon) : null
    const givenPassword = basic !== null && colon > 0 ? basic.slice(colon + 1) : null
    const reply = (status: number, body: unknown): void => {
      requests.push({ method, user: givenUser, scopes, status })
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/token' || (method !== 'GET' && method !== 'POST')) {
      reply(404, { details: 'not found' })
      return
    }
    if (params.get('service') !== service) {
      reply(400, { details: 'unknown service' })
      return
    }
    const allowed =
      method === 'POST'
        ? form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === identityToken
        : givenUser === user && givenPassword === password
    if (!allowed) {
      reply(401, { details: 'incorrect username or password' })
      return
    }
    const access = scopes.map(accessFor).filter((a): a is Access => a !== null)
    const token = signToken(key, certDer, { service, subject: user, access })
    const field = method === 'POST' ? 'access_token' : state.tokenField
    reply(200, { [field]: token, expires_in: 300, issued_at: new Date().toISOString() })
  }
  const tokenServer = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => answer(req, res, new URLSearchParams(body)))
  })
  await listen(tokenServer, port)

  let registry: RegistryServer
  try {
    registry = await startRegistryServer(
      { kind: 'token', realm, service, issuer: ISSUER, rootCertBundle: certPath },
      { user, password }
    )
  } catch (error) {
    tokenServer.close()
    throw error
  }
  const closeTokenServer = (): Promise<void> =>
    new Promise((resolve) => {
      tokenServer.closeAllConnections()
      tokenServer.close(() => resolve())
    })
  return {
    host: registry.host,
    user,
    password,
    creds: registry.creds,
    dir: registry.dir,
    get running() {
      return registry.running
    },
    kill: () => registry.kill(),
    stop: () => registry.stop(),
    start: () => registry.start(),
    async cleanup() {
      await registry.cleanup()
      if (tokenServer.listening) await closeTokenServer()
      await rm(dir, { recursive: true, force: true })
    },
    realm,
    service,
    requests,
    identityToken,
    authorization: (scopes) =>
      `Bearer ${signToken(key, certDer, {
        service,
        subject: user,
        access: scopes.map(accessFor).filter((a): a is Access => a !== null)
      })}`,
    get tokenField() {
      return state.tokenField
    },
    set tokenField(value) {
      state.tokenField = value
    }
  }
}
