import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/*
 * A pass-through proxy in front of the fake api.github.com that holds the
 * first `parties` requests matching `hold` until all of them have arrived,
 * then forwards them together. Two action runs that list the PR's comments
 * through it both see the list as it was before either of them wrote, so both
 * create a comment: the race the cleanup must settle, forced instead of hoped for.
 */

export interface Barrier {
  readonly url: string
  /** How many requests were held and released together. */
  readonly released: () => number
  close(): Promise<void>
}

interface Held {
  readonly forward: () => void
}

export async function startBarrier(
  upstream: string,
  /** `url` is the path with its query, for holding one page of a listing. */
  hold: (method: string, path: string, url: string) => boolean,
  parties = 2,
  /** Give up waiting and release what arrived, so a broken run cannot hang the test. */
  timeoutMs = 90_000
): Promise<Barrier> {
  const target = new URL(upstream)
  const waiting: Held[] = []
  let released = 0
  let open = false
  let timer: NodeJS.Timeout | undefined

  const releaseAll = (): void => {
    open = true
    if (timer) clearTimeout(timer)
    released += waiting.length
    for (const held of waiting.splice(0)) held.forward()
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const forward = (): void => {
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
      }
      if (
        open ||
        !hold(req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', req.url ?? '/')
      ) {
        forward()
        return
      }
      waiting.push({ forward })
      if (waiting.length === 1) timer = setTimeout(releaseAll, timeoutMs)
      if (waiting.length >= parties) releaseAll()
    })
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    released: () => released,
    close: () =>
      new Promise((done) => {
        if (timer) clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}
