// reference 8.7: a batch whose most common arc covers less than 40 % of it is fragmented
const FRAGMENTED_BELOW = 0.4

/** The share of the most common arc label among all labels, 1 for none (reference 8.7, `summarize_forecasts`). */
export function arcConvergence(arcLabels: readonly string[]): number {
  if (arcLabels.length === 0) return 1
  const counts = new Map<string, number>()
  let most = 0
  for (const label of arcLabels) {
    const count = (counts.get(label) ?? 0) + 1
    counts.set(label, count)
    if (count > most) most = count
  }
  return most / arcLabels.length
}

/** Whether a set of arc labels is symbolically fragmented: convergence below .4 (reference 8.7). */
export function isFragmented(arcLabels: readonly string[]): boolean {
  return arcConvergence(arcLabels) < FRAGMENTED_BELOW
}
