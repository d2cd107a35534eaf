import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server
} from 'node:http'

/** A request the proxy saw, and what it answered. */
export interface ProxiedRequest {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly injected: boolean
}

export interface Fault {
  /** Which requests it hits, e.g. `(m, p) => m === 'PUT' && p.includes('/manifests/')`. */
  readonly match: (method: string, path: string) => boolean
  /** How many matching requests fail before the rest pass through. */
  times: number
  readonly status: number
  readonly retryAfter?: string
}

/**
 * A fault-injecting HTTP proxy in front of a real registry on 127.0.0.1:
 * requests pass through untouched (the Host header too, so the registry's
 * absolute upload Locations point back at the proxy) unless a fault matches.
 */
export interface FaultProxy {
  /** `127.0.0.1:<port>` */
  readonly host: string
  readonly requests: readonly ProxiedRequest[]
  inject(fault: Fault): void
  /** Changes the headers of answers that pass through (e.g. a relative `Location`). */
  rewrite(change: HeaderRewrite): void
  close(): Promise<void>
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('end', resolve)
    req.on('error', () => resolve())
    req.resume()
  })
}

export type HeaderRewrite = (method: string, path: string, headers: IncomingHttpHeaders) => void

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const [upstreamHost = '127.0.0.1', upstreamPort = '80'] = upstream.split(':')
  const faults: Fault[] = []
  const requests: ProxiedRequest[] = []
  const rewrites: HeaderRewrite[] = []
  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const fault = faults.find((f) => f.times > 0 && f.match(method, path))
    if (fault) {
      fault.times--
      void drain(req).then(() => {
        requests.push({ method, path, status: fault.status, injected: true })
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
        res.writeHead(fault.status, headers)
        res.end(
          JSON.stringify({
            errors: [{ code: 'UNAVAILABLE', message: 'injected by the test proxy' }]
          })
        )
      })
      return
    }
    const forward = httpRequest(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method,
        path,
        headers: req.headers
      },
      (answer) => {
        requests.push({ method, path, status: answer.statusCode ?? 0, injected: false })
        const headers = { ...answer.headers }
        for (const change of rewrites) change(method, path, headers)
        res.writeHead(answer.statusCode ?? 502, headers)
        answer.pipe(res)
      }
    )
    forward.on('error', (error) => {
      requests.push({ method, path, status: 502, injected: false })
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`proxy: ${error.message}`)
    })
    req.pipe(forward)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    host: `127.0.0.1:${port}`,
    requests,
    inject: (fault) => void faults.push(fault),
    rewrite: (change) => void rewrites.push(change),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
