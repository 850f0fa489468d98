import { describe, expect, test } from 'vitest'
import { describeSample, pairedHistogram, welchDifference } from './compare-stats'
import { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from './student-t'

describe("Student's t", () => {
  test('quantiles match tables (SciPy stats.t.ppf(0.975, df)), fractional df too', () => {
    const table: [number, number][] = [[1, 12.706204736174694], [2, 4.302652729749462], [5, 2.5705818356363146], [7.5, 2.333039626864974],
      [10, 2.228138851986274], [30, 2.0422724563012378], [1e6, 1.959966356814107]]
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9)
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 9)
    expect(studentTQuantile(0.5, 3)).toBe(0)
    expect(studentTQuantile(1, 3)).toBeNaN()
  })

  test('the CDF is symmetric, ½ at 0, and matches SciPy', () => {
    expect(studentTCdf(0, 4)).toBe(0.5)
    expect(studentTCdf(-1.3, 3.7)).toBeCloseTo(0.13433336208631375, 12)
    expect(studentTCdf(1.3, 3.7)).toBeCloseTo(1 - 0.13433336208631375, 12)
    expect(studentTCdf(Infinity, 2)).toBe(1)
  })

  test('ln Γ and the incomplete beta at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13)
    // I_x(1, 1) = x; I_x(a, b) = 1 − I_(1−x)(b, a)
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14)
    expect(incompleteBeta(0.2, 2.5, 4)).toBeCloseTo(1 - incompleteBeta(0.8, 4, 2.5), 14)
  })
})

describe("Welch's difference in means", () => {
  test('matches SciPy ttest_ind(b, a, equal_var=False) and its 95% interval', () => {
    const a = describeSample([1, 2, 3, 4, 5])
    const b = describeSample([2, 4, 6, 8, 10, 12])
    const d = welchDifference(a, b)
    expect(d.difference).toBe(4)
    expect(d.df).toBeCloseTo(6.972255729794934, 12)
    expect(d.low).toBeCloseTo(0.016531304371169675, 9)
    expect(d.high).toBeCloseTo(7.98346869562883, 9)
    expect(d.p).toBeCloseTo(0.04928433820673053, 9)
  })

  test('failed runs (NaN) do not count; fewer than two values leaves the interval undefined', () => {
    expect(describeSample([1, NaN, 3])).toMatchObject({ n: 2, mean: 2, variance: 2 })
    expect(welchDifference(describeSample([1]), describeSample([1, 2])).low).toBeNaN()
  })

  test('samples with no spread give an exact difference', () => {
    const d = welchDifference(describeSample([2, 2, 2]), describeSample([3, 3]))
    expect([d.difference, d.low, d.high, d.se]).toEqual([1, 1, 1, 0])
  })

  test('Welford keeps the spread of large, close values (forecasts near 100)', () => {
    const s = describeSample([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])
    expect(s.variance).toBeCloseTo(30, 9)
  })
})

describe('paired histograms', () => {
  test('both sides are counted on the same bins, as shares of their own size', () => {
    const { bins, shareA, shareB } = pairedHistogram([0, 0.1, 0.9, NaN], [0.5, 1, 1, 1], { bins: 2 })
    expect(bins).toEqual([{ x0: 0, x1: 0.5, a: 2, b: 0 }, { x0: 0.5, x1: 1, a: 1, b: 4 }])
    expect(shareA).toEqual([2 / 3, 1 / 3])
    expect(shareB).toEqual([0, 1])
  })

  test('equal values get one bin around them; nothing gives no bins', () => {
    expect(pairedHistogram([2, 2], [2]).bins).toEqual([{ x0: 1.5, x1: 2.5, a: 2, b: 1 }])
    expect(pairedHistogram([], [NaN]).bins).toEqual([])
  })
})
