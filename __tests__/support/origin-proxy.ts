import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'

/**
 * One origin (a 127.0.0.1 port) in front of a real registry, for the
 * credential tests of issue 9: it records which `Authorization` reached it,
 * can answer a request itself (a 307, a foreign challenge), can rewrite the
 * headers of answers that pass through (a foreign `Location`, another
 * realm), and can forward with an `Authorization` of its own, as a storage
 * front that trusts its signed upload URLs would.
 */
export interface Sighting {
  /** `http://127.0.0.1:<port>` of the origin that saw the request. */
  readonly origin: string
  readonly method: string
  readonly path: string
  /** The `Authorization` header it carried, or null. */
  readonly authorization: string | null
  /** Bytes of the request body. */
  readonly bodyBytes: number
}

/** An answer the origin gives itself instead of forwarding. */
export interface OwnAnswer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
}

export interface AnswerRule {
  readonly match: (method: string, path: string) => boolean
  /** How many matching requests get this answer; Infinity for all. */
  times: number
  readonly answer: (method: string, path: string) => OwnAnswer
}

export type HeaderRewrite = (method: string, path: string, headers: IncomingHttpHeaders) => void

export interface OriginProxy {
  /** `127.0.0.1:<port>` */
  readonly host: string
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  readonly seen: Sighting[]
  answer(rule: AnswerRule): void
  rewrite(change: HeaderRewrite): void
  close(): Promise<void>
}

export interface OriginProxyOptions {
  /** `127.0.0.1:<port>` of the registry to forward to; none: every request needs an answer rule (else 404). */
  readonly upstream?: string
  /** Sent upstream instead of whatever the client sent (or did not send). */
  readonly forwardAuthorization?: (method: string, path: string) => string
  /** Shared by several proxies, so a test sees all origins in one order. */
  readonly seen?: Sighting[]
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export async function startOriginProxy(options: OriginProxyOptions = {}): Promise<OriginProxy> {
  const seen = options.seen ?? []
  const rules: AnswerRule[] = []
  const rewrites: HeaderRewrite[] = []
  let origin = ''
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const body = await readBody(req)
    seen.push({
      origin,
      method,
      path,
      authorization: req.headers.authorization ?? null,
      bodyBytes: body.length
    })
    const rule = rules.find((r) => r.times > 0 && r.match(method, path))
    if (rule || !options.upstream) {
      if (rule) rule.times--
      const own = rule?.answer(method, path) ?? { status: 404, body: 'no such thing here' }
      res.writeHead(own.status, { 'content-type': 'application/json', ...own.headers })
      res.end(own.body ?? '')
      return
    }
    const [upstreamHost = '127.0.0.1', upstreamPort = '80'] = options.upstream.split(':')
    const headers: IncomingHttpHeaders = { ...req.headers, 'content-length': String(body.length) }
    delete headers['transfer-encoding']
    delete headers.authorization
    const own = options.forwardAuthorization?.(method, path)
    const authorization = own ?? req.headers.authorization
    if (authorization) headers.authorization = authorization
    const forward = httpRequest(
      { host: upstreamHost, port: Number(upstreamPort), method, path, headers },
      (answer) => {
        const back = { ...answer.headers }
        for (const change of rewrites) change(method, path, back)
        res.writeHead(answer.statusCode ?? 502, back)
        answer.pipe(res)
      }
    )
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`proxy: ${error.message}`)
    })
    forward.end(body)
  }
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  origin = `http://127.0.0.1:${port}`
  return {
    host: `127.0.0.1:${port}`,
    origin,
    seen,
    answer: (rule) => void rules.push(rule),
    rewrite: (change) => void rewrites.push(change),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** `Location` rewritten to the same path and query on another origin. */
export function moveLocation(headers: IncomingHttpHeaders, toOrigin: string): void {
  const location = headers.location
  if (typeof location !== 'string') return
  const url = new URL(location, 'http://placeholder.invalid')
  headers.location = `${toOrigin}${url.pathname}${url.search}`
}
