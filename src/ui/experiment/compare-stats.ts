import { histogram } from '../charts/stats'
import { studentTCdf, studentTQuantile } from './student-t'

/** Count, mean and spread of a sample; NaN (failed runs) left out. */
export interface Sample {
  n: number
  mean: number
  /** Sample variance, n − 1 in the denominator (NaN for fewer than 2 values). */
  variance: number
  sd: number
}

/** The moments of the finite values, by Welford's update (stable when values are large and close together, like forecasts near 100). */
export function describeSample(values: ArrayLike<number>): Sample {
  let n = 0
  let mean = 0
  let m2 = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (!Number.isFinite(x)) continue
    n++
    const delta = x - mean
    mean += delta / n
    m2 += delta * (x - mean)
  }
  const variance = n > 1 ? m2 / (n - 1) : NaN
  return { n, mean: n > 0 ? mean : NaN, variance, sd: Math.sqrt(variance) }
}

/** A difference in means, B − A, with its Welch interval. */
export interface MeanDifference {
  a: Sample
  b: Sample
  /** mean(B) − mean(A). */
  difference: number
  /** Its standard error √(s²_A/n_A + s²_B/n_B). */
  se: number
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  df: number
  low: number
  high: number
  /** Two-sided p-value of Welch's t test of equal means. */
  p: number
}

/**
 * Welch's interval for the difference in means of two independent samples with possibly unequal variances
 * (Welch 1947; df by Satterthwaite 1946): diff ± t_{(1+c)/2, df} · se. Needs two values on each side; when neither
 * side varies (identical replicates) the difference is exact and the interval collapses onto it.
 */
export function welchDifference(a: Sample, b: Sample, confidence = 0.95): MeanDifference {
  const difference = b.mean - a.mean
  const none = { a, b, difference, se: NaN, df: NaN, low: NaN, high: NaN, p: NaN }
  if (a.n < 2 || b.n < 2) return none
  const va = a.variance / a.n
  const vb = b.variance / b.n
  const se = Math.sqrt(va + vb)
  if (se === 0) return { ...none, se: 0, low: difference, high: difference, p: difference === 0 ? 1 : 0 }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
  const t = studentTQuantile((1 + confidence) / 2, df)
  const p = 2 * studentTCdf(-Math.abs(difference / se), df)
  return { a, b, difference, se, df, low: difference - t * se, high: difference + t * se, p }
}

/** Two histograms on the same bins, so bars side by side compare like with like. */
export interface PairedBins {
  bins: { x0: number; x1: number; a: number; b: number }[]
  /** Counts as shares of each side's values (sides of different sizes stay comparable). */
  shareA: number[]
  shareB: number[]
}

/** Bins spanning both samples (Sturges' count for the larger one, or `bins`), each side counted into them. */
export function pairedHistogram(a: ArrayLike<number>, b: ArrayLike<number>, options: { bins?: number; domain?: readonly [number, number] } = {}): PairedBins {
  const finite = (values: ArrayLike<number>) => Array.from(values).filter(Number.isFinite)
  const fa = finite(a)
  const fb = finite(b)
  if (fa.length + fb.length === 0) return { bins: [], shareA: [], shareB: [] }
  let domain = options.domain
  if (!domain) {
    const all = [...fa, ...fb]
    domain = [Math.min(...all), Math.max(...all)]
  }
  const single = domain[0] === domain[1]
  // all values equal: one bin a unit wide around them, as histogram() draws it
  const shared = { domain: single ? ([domain[0] - 0.5, domain[0] + 0.5] as const) : domain, bins: single ? 1 : (options.bins ?? Math.max(sturges(fa.length), sturges(fb.length))) }
  const [ha, hb] = [histogram(fa, shared), histogram(fb, shared)]
  const bins = ha.map((bin, i) => ({ x0: bin.x0, x1: bin.x1, a: ha[i]?.count ?? 0, b: hb[i]?.count ?? 0 }))
  const share = (count: number, n: number) => (n > 0 ? count / n : 0)
  return { bins, shareA: bins.map((bin) => share(bin.a, fa.length)), shareB: bins.map((bin) => share(bin.b, fb.length)) }
}

function sturges(n: number): number {
  return n <= 1 ? 1 : Math.min(40, Math.ceil(Math.log2(n)) + 1)
}
