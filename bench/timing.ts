/** Median of a list of timings (ms); 0 for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** Median wall time of `runs` calls of `task`, after `warmup` untimed ones. */
export async function timeIt(
  task: () => Promise<unknown>,
  runs: number,
  warmup: number
): Promise<number> {
  for (let i = 0; i < warmup; i++) await task()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await task()
    times.push(performance.now() - started)
  }
  return median(times)
}
