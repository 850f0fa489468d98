/** One histogram bin: values in [x0, x1) (the last bin also holds its upper edge). */
export interface Bin {
  x0: number
  x1: number
  count: number
}

/** Options for `histogram`: how many bins, and an optional fixed domain (values outside it are left out). */
export interface HistogramOptions {
  bins?: number
  domain?: readonly [number, number]
}

/** Bins never exceed this: a chart of 1,000 bars is unreadable and slow. */
export const MAX_BINS = 100

/** The number of bins for n values by Sturges' rule (what numpy's and d3's defaults start from). */
export function sturgesBins(n: number): number {
  return n <= 1 ? 1 : Math.min(MAX_BINS, Math.ceil(Math.log2(n)) + 1)
}

/** Counts the finite values into equal-width bins; non-finite values (null runs, NaN) are skipped. */
export function histogram(values: Iterable<number | null | undefined>, options: HistogramOptions = {}): Bin[] {
  const finite: number[] = []
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) finite.push(v)
  if (finite.length === 0 && !options.domain) return []
  let [lo, hi] = options.domain ?? extent(finite)
  let wanted = options.bins ?? sturgesBins(finite.length)
  // all values equal: one unit-wide bin centred on them, so the bar has a width to draw
  if (lo === hi) {
    lo -= 0.5
    hi += 0.5
    wanted = options.bins ?? 1
  }
  const count = Math.max(1, Math.min(MAX_BINS, Math.floor(wanted)))
  const width = (hi - lo) / count
  const bins: Bin[] = Array.from({ length: count }, (_, i) => ({ x0: lo + i * width, x1: i === count - 1 ? hi : lo + (i + 1) * width, count: 0 }))
  for (const v of finite) {
    if (v < lo || v > hi) continue
    bins[Math.min(count - 1, Math.floor((v - lo) / width))].count++
  }
  return bins
}

/** [min, max] of the values (both NaN when there are none). */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return values.length ? [lo, hi] : [NaN, NaN]
}

/** The p-quantile (p in [0, 1]) of ascending values, interpolating linearly between ranks (numpy's default, R type 7). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.min(1, Math.max(0, p)) * (sorted.length - 1)
  const below = Math.floor(rank)
  const above = Math.min(sorted.length - 1, below + 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below)
}

/** The spread of one quantity over runs: its percentiles by name (p5, p25, p50, p75, p95) and how many runs had it. */
export interface PercentileBand {
  key: string
  n: number
  p5: number
  p25: number
  p50: number
  p75: number
  p95: number
}

/**
 * Percentile bands of each key over a sample of records (e.g. final overlays of many runs); keys follow `order`
 * first, then any others in order of first appearance. Records that lack a key do not count for it.
 */
export function percentileBands(
  samples: Iterable<Readonly<Record<string, number>> | null | undefined>,
  order: readonly string[] = [],
): PercentileBand[] {
  const columns = new Map<string, number[]>(order.map((key) => [key, []]))
  for (const sample of samples) {
    if (!sample) continue
    for (const [key, value] of Object.entries(sample)) {
      if (!Number.isFinite(value)) continue
      let column = columns.get(key)
      if (!column) columns.set(key, (column = []))
      column.push(value)
    }
  }
  const bands: PercentileBand[] = []
  for (const [key, column] of columns) {
    if (column.length === 0) continue
    column.sort((a, b) => a - b)
    const q = (p: number) => quantileSorted(column, p)
    bands.push({ key, n: column.length, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) })
  }
  return bands
}
