import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/*
 * A pass-through proxy in front of the fake api.github.com that holds every
 * request for a random time before forwarding it, so that racing jobs'
 * requests interleave differently on every run, as they do against GitHub.
 */

export interface LatencyProxy {
  readonly url: string
  /** Requests forwarded so far. */
  readonly forwarded: () => number
  close(): Promise<void>
}

export async function startLatencyProxy(
  upstream: string,
  maxDelayMs: number,
  random: () => number = Math.random
): Promise<LatencyProxy> {
  const target = new URL(upstream)
  let forwarded = 0
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      setTimeout(
        () => {
          forwarded += 1
          const out = request(
            {
              host: target.hostname,
              port: target.port,
              method: req.method,
              path: req.url,
              headers: { ...req.headers, host: target.host }
            },
            (answer: IncomingMessage) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers)
              answer.pipe(res)
            }
          )
          out.on('error', (error) => {
            res.writeHead(502)
            res.end(String(error))
          })
          out.end(Buffer.concat(chunks))
        },
        Math.floor(random() * maxDelayMs)
      )
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}
