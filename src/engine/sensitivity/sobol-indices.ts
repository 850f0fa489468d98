import { createRng } from '../prng'
import { bootstrapIntervals, type BootstrapOptions } from './bootstrap'
import { assertFiniteOutputs } from './model-outputs'
import { createSobolSequence } from './sobol-sequence'
import { assertPointIndex, type UnitSampler } from './unit-sampler'

/**
 * Saltelli's sample for first-order and total Sobol' indices: two independent matrices A and B (the first and last
 * d coordinates of one 2d-dimensional Sobol' sequence, as SALib does) and, for each factor j, AB_j = A with
 * column j taken from B. Base row i gives d + 2 consecutive points: A_i, AB_1,i … AB_d,i, B_i (Saltelli et al.,
 * Variance based sensitivity analysis of model output, Comput. Phys. Commun. 181, 2010, §3), so n base rows cost
 * n(d + 2) runs. Scrambling draws from `createRng(seed)`, as `sobolSample` does.
 */
export function saltelliSample(n: number, dimensions: number, options: { scramble: boolean; seed: number }): UnitSampler {
  const sequence = createSobolSequence(2 * dimensions, options.scramble ? createRng(options.seed) : undefined)
  const count = n * (dimensions + 2)
  return {
    count,
    dimensions,
    pointAt(index) {
      assertPointIndex(index, count)
      const row = Math.floor(index / (dimensions + 2))
      const slot = index - row * (dimensions + 2)
      const base = sequence.pointAt(row)
      const a = base.slice(0, dimensions)
      const b = base.slice(dimensions)
      if (slot === 0) return a
      if (slot === dimensions + 1) return b
      a[slot - 1] = b[slot - 1]
      return a
    },
  }
}

/** First-order and total Sobol' indices of one factor, with percentile bootstrap intervals. */
export interface SobolIndex {
  /** First-order index: the share of output variance this factor explains alone. */
  S1: number
  S1_ci: [number, number] | null
  /** Total index: its share including every interaction it takes part in. */
  ST: number
  ST_ci: [number, number] | null
}

/**
 * Sobol' indices from outputs in `saltelliSample`'s order (n rows of d + 2). Estimators of Saltelli et al. 2010,
 * table 2: S1_j = mean(f(B)·(f(AB_j) − f(A))) / V (their (b)) and Jansen's ST_j = mean((f(A) − f(AB_j))²) / 2V
 * (their (f)), with V the variance of f over A and B together; outputs are centred on their A/B mean first, which
 * leaves the estimands alone and cuts the estimators' variance. Intervals resample base rows.
 */
export function sobolIndices(outputs: readonly number[], dimensions: number, options: BootstrapOptions = {}): SobolIndex[] {
  const d = dimensions
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`dimensions must be a whole number ≥ 1, got ${d}`)
  if (outputs.length === 0 || outputs.length % (d + 2) !== 0) {
    throw new RangeError(`${outputs.length} outputs do not make whole rows of d + 2 = ${d + 2}`)
  }
  assertFiniteOutputs(outputs)
  const n = outputs.length / (d + 2)
  let mean = 0
  for (let i = 0; i < n; i++) mean += outputs[i * (d + 2)] + outputs[i * (d + 2) + d + 1]
  mean /= 2 * n
  const y = Float64Array.from(outputs, (v) => v - mean)
  const at = (row: number, slot: number) => y[row * (d + 2) + slot]

  const estimate = (rows: ArrayLike<number>): number[] => {
    let sum = 0
    let sumSq = 0
    const first = new Float64Array(d)
    const total = new Float64Array(d)
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k]
      const fA = at(row, 0)
      const fB = at(row, d + 1)
      sum += fA + fB
      sumSq += fA * fA + fB * fB
      for (let j = 0; j < d; j++) {
        const fAB = at(row, j + 1)
        first[j] += fB * (fAB - fA)
        total[j] += (fA - fAB) ** 2
      }
    }
    const m = 2 * rows.length
    const variance = sumSq / m - (sum / m) ** 2
    return [...Array.from(first, (s) => s / rows.length / variance), ...Array.from(total, (s) => s / rows.length / 2 / variance)]
  }

  const all = Array.from({ length: n }, (_, i) => i)
  const point = estimate(all)
  if (!point.every(Number.isFinite)) throw new RangeError('the outputs have no variance over A and B: Sobol indices are undefined')
  const intervals = bootstrapIntervals(n, estimate, options)
  return Array.from({ length: d }, (_, j) => ({
    S1: point[j],
    S1_ci: intervals ? intervals[j] : null,
    ST: point[d + j],
    ST_ci: intervals ? intervals[d + j] : null,
  }))
}
