/** How hard to try before giving up on a registry that is busy, failing or unreachable. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 }

/** 429 and 5xx are worth another try; 501 and 505 say the server will never do it. */
export function isRetryableStatus(status: number): boolean {
  if (status === 429 || status === 408) return true
  return status >= 500 && status <= 599 && status !== 501 && status !== 505
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - nowMs)
}

/**
 * Wait before try number `failed + 1`: exponential from the base, capped;
 * the registry's `Retry-After` wins when it asks for longer (and is capped too,
 * so a hostile or broken header cannot stall a job for hours).
 */
export function retryDelayMs(failed: number, policy: RetryPolicy, retryAfterMs: number | null) {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failed - 1))
  if (retryAfterMs === null) return exponential
  return Math.min(Math.max(exponential, retryAfterMs), Math.max(policy.maxDelayMs, 60_000))
}
