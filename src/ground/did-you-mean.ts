/**
 * The candidate a mistyped word most likely meant: the nearest by edit
 * distance (a swap of two neighbours counts as one edit, as in `buidler`),
 * within a third of the word's length, or null when none is that close. Pure.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const limit = Math.max(1, Math.floor(word.length / 3))
  let best: string | null = null
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    // Long words cost quadratic time; nobody mistypes a flag by 64 characters.
    if (Math.abs(candidate.length - word.length) > limit || word.length > 64) continue
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2][j - 2] + 1)
      }
      row.push(value)
    }
    rows.push(row)
  }
  return rows[a.length][b.length]
}

/** ` Did you mean X?` for a message, or '' when nothing is close. */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  show = (s: string) => s
): string {
  const match = closest(word, candidates)
  return match === null ? '' : ` Did you mean ${show(match)}?`
}
