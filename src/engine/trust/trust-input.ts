/** The capital and symbolic change a forecast may carry under its `forecast` key (reference 4.9, `fc`). */
export interface ForecastChange {
  start_capital?: Readonly<Record<string, number>>
  end_capital?: Readonly<Record<string, number>>
  symbolic_change?: Readonly<Record<string, number>>
}

/** What the trust score reads from a per-turn record or a forecast (reference 4.9); every field may be absent. */
export interface TrustInput {
  fragility?: number
  overlays?: Readonly<Record<string, number>>
  forecast?: Readonly<ForecastChange>
  symbolic_fragmented?: boolean
  arc_volatility_score?: number
}

// reference 4.9: only these four assets count towards capital movement; cash does not
const MOVEMENT_ASSETS = ['nvda', 'msft', 'ibit', 'spy'] as const
// reference 4.9: only the last 3 memory items are compared
const RECENT_MEMORY = 3
// reference 4.9: the similarity given to an item with no change or no key in common
const FALLBACK_SIMILARITY = 0.6

/** Python's truth value of a dict: present and with at least one key. */
export function hasEntries<T>(record: Readonly<Record<string, T>> | undefined): record is Readonly<Record<string, T>> {
  return record !== undefined && Object.keys(record).length > 0
}

/** Σ|end − start| over nvda, msft, ibit and spy, or null when either side is missing or empty (reference 4.9). */
export function capitalMovement(change: Readonly<ForecastChange> | undefined): number | null {
  const start = change?.start_capital
  const end = change?.end_capital
  if (!hasEntries(start) || !hasEntries(end)) return null
  let total = 0
  for (const asset of MOVEMENT_ASSETS) total += Math.abs((end[asset] ?? 0) - (start[asset] ?? 0))
  return total
}

/** The last memory items as they are compared with a forecast (reference 4.9: the last 3). */
export function recentMemory<T>(memory: readonly T[]): readonly T[] {
  return memory.slice(-RECENT_MEMORY)
}

/**
 * How close a symbolic change is to each of the last 3 memory items: `1 − min(mean |Δ| over common keys, 1)`,
 * or 0.6 when an item has no change or no key in common (reference 4.9, shared by risk and score).
 */
export function recentSimilarities(
  change: Readonly<Record<string, number>>,
  memory: readonly TrustInput[],
): number[] {
  return recentMemory(memory).map((past) => {
    const pastChange = past.forecast?.symbolic_change
    if (!hasEntries(pastChange)) return FALLBACK_SIMILARITY
    // Python iterates a set here, in no fixed order; the current change's key order is ours.
    const common = Object.keys(change).filter((k) => Object.hasOwn(pastChange, k))
    if (common.length === 0) return FALLBACK_SIMILARITY
    let diff = 0
    for (const k of common) diff += Math.abs(change[k] - pastChange[k])
    return 1 - Math.min(diff / common.length, 1)
  })
}

/** The arithmetic mean of a non-empty list, summed left to right as Python's `sum` does. */
export function mean(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total / values.length
}
