import { describe, expect, test } from 'vitest'
import { extent, histogram, MAX_BINS, percentileBands, quantileSorted, sturgesBins } from './stats'

describe('histogram', () => {
  test('counts every finite value exactly once', () => {
    const values = [0, 0.1, 0.2, 0.25, 0.5, 0.9, 1]
    const bins = histogram(values, { bins: 4 })
    expect(bins.map((b) => b.count)).toEqual([3, 1, 1, 2])
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(values.length)
  })

  test('the maximum falls in the last bin, not past it', () => {
    const bins = histogram([0, 1, 2, 3, 4], { bins: 2 })
    expect(bins).toEqual([{ x0: 0, x1: 2, count: 2 }, { x0: 2, x1: 4, count: 3 }])
  })

  test('null and non-finite values (failed runs) are skipped', () => {
    expect(histogram([1, null, NaN, Infinity, undefined, 2], { bins: 1 })).toEqual([{ x0: 1, x1: 2, count: 2 }])
  })

  test('no values gives no bins; a fixed domain gives empty bins', () => {
    expect(histogram([])).toEqual([])
    expect(histogram([], { domain: [0, 1], bins: 2 }).map((b) => b.count)).toEqual([0, 0])
  })

  test('equal values get one bin a unit wide around them', () => {
    const [bin, ...rest] = histogram([0.7, 0.7, 0.7])
    expect(rest).toEqual([])
    expect([bin.x0, bin.x1, bin.count]).toEqual([expect.closeTo(0.2), expect.closeTo(1.2), 3])
  })

  test('a fixed domain leaves out values outside it', () => {
    const bins = histogram([-1, 0, 0.5, 1, 2], { domain: [0, 1], bins: 2 })
    expect(bins.map((b) => b.count)).toEqual([1, 2])
  })

  test('bin count follows Sturges and is capped', () => {
    expect(sturgesBins(0)).toBe(1)
    expect(sturgesBins(100)).toBe(8)
    expect(sturgesBins(1e40)).toBe(MAX_BINS)
    expect(histogram([0, 1], { bins: 10_000 })).toHaveLength(MAX_BINS)
  })

  test('extent of nothing is NaN', () => {
    expect(extent([])).toEqual([NaN, NaN])
    expect(extent([3, -2, 7])).toEqual([-2, 7])
  })
})

describe('percentiles', () => {
  test('quantiles interpolate between ranks like numpy', () => {
    const sorted = [1, 2, 3, 4]
    expect(quantileSorted(sorted, 0)).toBe(1)
    expect(quantileSorted(sorted, 0.5)).toBe(2.5)
    expect(quantileSorted(sorted, 0.25)).toBeCloseTo(1.75)
    expect(quantileSorted(sorted, 1)).toBe(4)
    expect(quantileSorted([], 0.5)).toBeNaN()
    expect(quantileSorted([9], 0.95)).toBe(9)
  })

  test('bands per overlay are ordered p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95', () => {
    const samples = Array.from({ length: 101 }, (_, i) => ({ hope: i / 100, despair: 1 - i / 100 }))
    const [hope, despair] = percentileBands(samples, ['hope', 'despair'])
    expect(hope).toEqual({ key: 'hope', n: 101, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 })
    expect(despair.p50).toBeCloseTo(0.5)
    for (const band of [hope, despair]) {
      expect(band.p5 <= band.p25 && band.p25 <= band.p50 && band.p50 <= band.p75 && band.p75 <= band.p95).toBe(true)
    }
  })

  test('keys follow the given order, then first appearance; missing samples and keys are skipped', () => {
    const bands = percentileBands([null, { extra: 1, hope: 0.2 }, { hope: 0.4 }, undefined], ['trust', 'hope'])
    expect(bands.map((b) => [b.key, b.n])).toEqual([['hope', 2], ['extra', 1]])
  })
})
