/** A pause of `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Asks `probe` every `intervalMs` until it gives a value, for at most
 * `timeoutMs`; undefined when it never did. A probe that throws stops the
 * wait with its error; one that is not ready yet returns undefined.
 */
export async function poll<T>(
  probe: () => Promise<T | undefined>,
  options: { readonly timeoutMs: number; readonly intervalMs: number }
): Promise<T | undefined> {
  const deadline = Date.now() + options.timeoutMs
  while (Date.now() < deadline) {
    const value = await probe()
    if (value !== undefined) return value
    await sleep(options.intervalMs)
  }
  return undefined
}
