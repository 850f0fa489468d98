import { describe, expect, test } from 'vitest'
import { quantile } from './bootstrap'
import { saltelliSample, sobolIndices } from './sobol-indices'
import { sobolSample } from './unit-sampler'

/** Ishigami's function on [−π, π]^3 (Ishigami and Homma 1990), from unit coordinates. */
const ishigami = (u: readonly number[], a = 7, b = 0.1) => {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v)
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
}
// Analytic indices for a = 7, b = 0.1 (Saltelli et al. 2008, §4.9 / SALib's test values).
const ISHIGAMI = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] }

const evaluate = (n: number, d: number, f: (u: number[]) => number, seed = 1) => {
  const sample = saltelliSample(n, d, { scramble: true, seed })
  return Array.from({ length: sample.count }, (_, i) => f(sample.pointAt(i)))
}

describe("Saltelli's sample", () => {
  test('row i is A_i, AB_1,i … AB_d,i, B_i: AB_j is A with column j from B; A and B are the halves of a 2d-dim Sobol point', () => {
    const d = 3
    const sample = saltelliSample(8, d, { scramble: true, seed: 5 })
    const base = sobolSample(8, 2 * d, { scramble: true, seed: 5 })
    expect(sample.count).toBe(8 * (d + 2))
    for (let i = 0; i < 8; i++) {
      const row = Array.from({ length: d + 2 }, (_, s) => sample.pointAt(i * (d + 2) + s))
      const a = base.pointAt(i).slice(0, d)
      const b = base.pointAt(i).slice(d)
      expect(row[0]).toEqual(a)
      expect(row[d + 1]).toEqual(b)
      for (let j = 0; j < d; j++) expect(row[j + 1]).toEqual(a.map((v, k) => (k === j ? b[j] : v)))
    }
  })
})

describe("Sobol' indices", () => {
  test('Ishigami (a = 7, b = 0.1): S1 ≈ 0.314, 0.442, 0 and ST ≈ 0.558, 0.442, 0.244, each bootstrap interval covering the truth', () => {
    const indices = sobolIndices(evaluate(4096, 3, ishigami), 3, { seed: 2 })
    indices.forEach((index, j) => {
      expect(Math.abs(index.S1 - ISHIGAMI.S1[j])).toBeLessThan(0.02)
      expect(Math.abs(index.ST - ISHIGAMI.ST[j])).toBeLessThan(0.02)
      expect(index.S1_ci![0]).toBeLessThanOrEqual(ISHIGAMI.S1[j])
      expect(index.S1_ci![1]).toBeGreaterThanOrEqual(ISHIGAMI.S1[j])
      expect(index.ST_ci![0]).toBeLessThanOrEqual(ISHIGAMI.ST[j])
      expect(index.ST_ci![1]).toBeGreaterThanOrEqual(ISHIGAMI.ST[j])
      // intervals are informative, not the whole line
      expect(index.ST_ci![1] - index.ST_ci![0]).toBeLessThan(0.1)
    })
  })

  test('an additive function: S1 = ST = each term’s share of the variance', () => {
    // y = 1·x1 + 2·x2 + 0·x3 on uniforms: variances 1/12, 4/12, 0 → shares 0.2, 0.8, 0
    const indices = sobolIndices(evaluate(2048, 3, ([a, b]) => a + 2 * b), 3, { resamples: 0 })
    const expected = [0.2, 0.8, 0]
    indices.forEach((index, j) => {
      expect(index.S1).toBeCloseTo(expected[j], 2)
      expect(index.ST).toBeCloseTo(expected[j], 2)
      expect(index.S1_ci).toBeNull()
    })
  })

  test('the bootstrap is seeded: the same seed gives the same intervals, another seed others', () => {
    const ys = evaluate(256, 3, ishigami)
    const a = sobolIndices(ys, 3, { seed: 9, resamples: 200 })
    expect(sobolIndices(ys, 3, { seed: 9, resamples: 200 })).toEqual(a)
    expect(sobolIndices(ys, 3, { seed: 10, resamples: 200 })).not.toEqual(a)
    expect(sobolIndices(ys, 3, { seed: 9, resamples: 0 }).map((i) => i.S1)).toEqual(a.map((i) => i.S1))
  })

  test('wrong layouts, constant outputs and failed runs are errors', () => {
    expect(() => sobolIndices([1, 2, 3, 4], 3)).toThrow(/whole rows of d \+ 2 = 5/)
    expect(() => sobolIndices([], 1)).toThrow(RangeError)
    expect(() => sobolIndices([1, 1, 1, 1, 1, 1], 1)).toThrow(/no variance/)
    expect(() => sobolIndices([1, 2, Number.NaN], 1)).toThrow(/output 2 is NaN/)
    expect(() => sobolIndices([1, 2, 3], 1, { confidence: 1 })).toThrow(/confidence/)
  })
})

describe('bootstrap quantiles', () => {
  test('linear interpolation between order statistics, as numpy.quantile does by default', () => {
    const sorted = [1, 2, 3, 4, 10]
    expect(quantile(sorted, 0)).toBe(1)
    expect(quantile(sorted, 1)).toBe(10)
    expect(quantile(sorted, 0.5)).toBe(3)
    expect(quantile(sorted, 0.9)).toBeCloseTo(7.6, 12)
    expect(quantile([5], 0.3)).toBe(5)
  })
})
