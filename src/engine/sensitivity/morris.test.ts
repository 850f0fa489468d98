import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { morrisDelta, morrisIndices, morrisTrajectories } from './morris'

const trajectoryPoints = (r: number, d: number, p: number, seed: number) => {
  const s = morrisTrajectories(r, d, p, seed)
  return Array.from({ length: s.count }, (_, i) => s.pointAt(i))
}

describe('Morris trajectories', () => {
  test('Δ = p/(2(p − 1))', () => {
    expect(morrisDelta(4)).toBeCloseTo(2 / 3, 15)
    expect(morrisDelta(2)).toBe(1)
    expect(morrisDelta(6)).toBeCloseTo(0.6, 15)
  })

  test('r(d + 1) points on the p-level grid in [0, 1]; each step moves one factor by ±Δ, every factor once', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom(2, 4, 6, 8),
      fc.integer({ min: 0, max: 0xffffffff }),
      (r, d, p, seed) => {
        const xs = trajectoryPoints(r, d, p, seed)
        expect(xs).toHaveLength(r * (d + 1))
        for (const x of xs.flat()) {
          expect(x >= 0 && x <= 1).toBe(true)
          expect(Math.abs(x * (p - 1) - Math.round(x * (p - 1)))).toBeLessThan(1e-9)
        }
        for (let t = 0; t < r; t++) {
          const moved = new Set<number>()
          for (let s = 1; s <= d; s++) {
            const a = xs[t * (d + 1) + s - 1]
            const b = xs[t * (d + 1) + s]
            const changed = a.flatMap((v, j) => (v !== b[j] ? [j] : []))
            expect(changed).toHaveLength(1)
            expect(Math.abs(Math.abs(b[changed[0]] - a[changed[0]]) - morrisDelta(p))).toBeLessThan(1e-12)
            moved.add(changed[0])
          }
          expect(moved.size).toBe(d)
        }
      },
    ), { numRuns: 100 })
  })

  test('seeded: the same seed repeats the design, another seed does not', () => {
    expect(trajectoryPoints(5, 3, 4, 1)).toEqual(trajectoryPoints(5, 3, 4, 1))
    expect(trajectoryPoints(5, 3, 4, 1)).not.toEqual(trajectoryPoints(5, 3, 4, 2))
  })

  test('odd or too few levels are errors', () => {
    expect(() => morrisTrajectories(2, 2, 5, 0)).toThrow(/even/)
    expect(() => morrisTrajectories(2, 2, 0, 0)).toThrow(RangeError)
  })
})

describe('Morris indices', () => {
  test('a linear function: every elementary effect is its coefficient, so mu = b, mu* = |b|, sigma = 0', () => {
    const b = [2, -3, 0.5, 0]
    const xs = trajectoryPoints(10, 4, 4, 7)
    const ys = xs.map((x) => 1 + x.reduce((s, v, j) => s + b[j] * v, 0))
    const indices = morrisIndices(xs, ys, { seed: 1 })
    indices.forEach((index, j) => {
      expect(index.mu).toBeCloseTo(b[j], 12)
      expect(index.mu_star).toBeCloseTo(Math.abs(b[j]), 12)
      expect(index.sigma).toBeLessThan(1e-12)
      expect(index.mu_star_ci![0]).toBeCloseTo(Math.abs(b[j]), 12)
      expect(index.mu_star_ci![1]).toBeCloseTo(Math.abs(b[j]), 12)
    })
  })

  test('effects are per unit of the coordinates given: factor values in place of unit coordinates rescale them', () => {
    const xs = trajectoryPoints(6, 2, 4, 3)
    const scaled = xs.map(([u, v]) => [10 + 90 * u, v])
    const ys = scaled.map(([x, v]) => 0.5 * x + v)
    expect(morrisIndices(scaled, ys, { resamples: 0 })[0].mu_star).toBeCloseTo(0.5, 12)
    expect(morrisIndices(xs, ys, { resamples: 0 })[0].mu_star).toBeCloseTo(45, 10)
  })

  test('interactions show as sigma > 0; a factor with no effect has mu* = 0', () => {
    const xs = trajectoryPoints(20, 3, 4, 5)
    const ys = xs.map(([a, b]) => a * b)
    const [a, b, c] = morrisIndices(xs, ys, { resamples: 0 })
    expect(a.sigma).toBeGreaterThan(0.1)
    expect(b.sigma).toBeGreaterThan(0.1)
    expect(c).toEqual({ mu: 0, mu_star: 0, sigma: 0, mu_star_ci: null })
  })

  test('the bootstrap interval of mu* is seeded and brackets mu*', () => {
    const xs = trajectoryPoints(15, 2, 4, 8)
    const ys = xs.map(([a, b]) => Math.sin(6 * a) + b * b)
    const one = morrisIndices(xs, ys, { seed: 4 })
    expect(morrisIndices(xs, ys, { seed: 4 })).toEqual(one)
    for (const index of one) {
      expect(index.mu_star_ci![0]).toBeLessThanOrEqual(index.mu_star)
      expect(index.mu_star_ci![1]).toBeGreaterThanOrEqual(index.mu_star)
    }
  })

  test('a layout that is not whole trajectories of one-at-a-time steps, or a failed output, is an error', () => {
    const xs = trajectoryPoints(3, 2, 4, 1)
    const ys = xs.map(([a]) => a)
    expect(() => morrisIndices(xs.slice(1), ys.slice(1))).toThrow(/whole trajectories/)
    expect(() => morrisIndices(xs, ys.slice(1))).toThrow(/outputs/)
    expect(() => morrisIndices(xs.slice(0, 3), ys.slice(0, 3))).toThrow(/at least 2 trajectories/)
    expect(() => morrisIndices([[0, 0], [1, 1], [1, 0], [0, 0], [1, 0], [1, 1]], [0, 1, 2, 3, 4, 5])).toThrow(/moves 2 factors/)
    expect(() => morrisIndices(xs, ys.map((y, i) => (i === 4 ? Number.NaN : y)))).toThrow(/output 4 is NaN/)
  })
})
