/**
 * The first answer a server just started gives on `url`, retrying while it is
 * not listening yet; status 0 when it never answered within `timeoutMs`.
 */
export async function firstAnswer(
  url: string,
  timeoutMs = 20_000
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url)
      return { status: response.status, body: await response.text() }
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  return { status: 0, body: '' }
}
