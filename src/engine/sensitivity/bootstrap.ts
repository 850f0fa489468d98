import { createRng } from '../prng'

/** How a bootstrap is drawn: resample count, interval level and the seed of its `createRng` stream. */
export interface BootstrapOptions {
  /** Resamples (default 1000); 0 skips the intervals. */
  resamples?: number
  /** Two-sided level of the percentile intervals (default 0.95). */
  confidence?: number
  /** Seed of the resampling stream (default 0). */
  seed?: number
}

/**
 * Percentile bootstrap intervals for a vector of statistics of n independent units (rows, trajectories):
 * `statistic(units)` gets the resampled unit indices (drawn with replacement, `floor(n · nextFloat())` each, from
 * one `createRng(seed)` stream) and returns one value per statistic. Returns [low, high] per statistic.
 */
export function bootstrapIntervals(
  n: number,
  statistic: (units: Uint32Array) => readonly number[],
  options: BootstrapOptions = {},
): [number, number][] | null {
  const resamples = options.resamples ?? 1000
  const confidence = options.confidence ?? 0.95
  if (!Number.isInteger(resamples) || resamples < 0) throw new RangeError(`resamples must be a whole number ≥ 0, got ${resamples}`)
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`)
  if (resamples === 0) return null
  const rng = createRng(options.seed ?? 0)
  const units = new Uint32Array(n)
  let draws: Float64Array[] = []
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) units[i] = Math.floor(n * rng.nextFloat())
    const values = statistic(units)
    if (b === 0) draws = values.map(() => new Float64Array(resamples))
    values.forEach((v, k) => { draws[k][b] = v })
  }
  const tail = (1 - confidence) / 2
  return draws.map((d) => {
    d.sort()
    return [quantile(d, tail), quantile(d, 1 - tail)]
  })
}

/** The q-quantile of sorted values with linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}
