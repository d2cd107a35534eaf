import { poll } from './wait.js'

/**
 * The first answer a server just started gives on `url`, retrying while it is
 * not listening yet; status 0 when it never answered within `timeoutMs`.
 */
export async function firstAnswer(
  url: string,
  timeoutMs = 20_000
): Promise<{ status: number; body: string }> {
  const answer = await poll(
    async () => {
      try {
        const response = await fetch(url)
        return { status: response.status, body: await response.text() }
      } catch {
        return undefined // Not listening yet.
      }
    },
    { timeoutMs, intervalMs: 200 }
  )
  return answer ?? { status: 0, body: '' }
}
