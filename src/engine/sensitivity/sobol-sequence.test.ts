import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { createRng } from '../prng'
import { MAX_SOBOL_DIMENSIONS, createSobolSequence } from './sobol-sequence'
import { randomSample, sobolSample } from './unit-sampler'

const points = (dimensions: number, n: number, seed?: number) => {
  const sequence = createSobolSequence(dimensions, seed === undefined ? undefined : createRng(seed))
  return Array.from({ length: n }, (_, i) => sequence.pointAt(i))
}

/** Warnock's closed form of the L2-star discrepancy of points in [0, 1]^d. */
function l2StarDiscrepancy(xs: number[][]): number {
  const n = xs.length
  const d = xs[0].length
  let single = 0
  let pairs = 0
  for (const x of xs) single += x.reduce((p, v) => p * (1 - v * v), 1)
  for (const x of xs) for (const y of xs) pairs += x.reduce((p, v, k) => p * (1 - Math.max(v, y[k])), 1)
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * single + pairs / (n * n))
}

describe("Sobol' sequence (Joe–Kuo D6 direction numbers)", () => {
  test("the unscrambled sequence starts as SciPy's qmc.Sobol(3, scramble=False)", () => {
    expect(points(3, 8)).toEqual([
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ])
  })

  test('deep points in high dimensions match SciPy (qmc.Sobol(128, scramble=False, bits=32), × 2^32)', () => {
    const sequence = createSobolSequence(128)
    const at = (i: number, j: number) => sequence.pointAt(i)[j] * 2 ** 32
    expect(at(1000, 0)).toBe(943718400)
    expect(at(1000, 1)).toBe(415236096)
    expect(at(1000, 127)).toBe(2336227328)
    expect(at(4095, 64)).toBe(558891008)
    expect(at(2047, 20)).toBe(1537212416)
    expect(at(3000, 40)).toBe(1510998016)
  })

  test('the first 2^m points put exactly one point in each interval of width 2^-m, in every dimension, scrambled or not', () => {
    for (const seed of [undefined, 7]) {
      const xs = points(MAX_SOBOL_DIMENSIONS, 256, seed)
      for (let j = 0; j < MAX_SOBOL_DIMENSIONS; j++) {
        expect(new Set(xs.map((x) => Math.floor(x[j] * 256))).size).toBe(256)
      }
    }
  })

  test('the first two dimensions form a (0, m, 2)-net: one point per elementary box of area 2^-m, scrambled or not', () => {
    const m = 8
    for (const seed of [undefined, 3]) {
      const xs = points(2, 2 ** m, seed)
      for (let a = 0; a <= m; a++) {
        const boxes = new Set(xs.map(([x, y]) => `${Math.floor(x * 2 ** a)},${Math.floor(y * 2 ** (m - a))}`))
        expect(boxes.size).toBe(2 ** m)
      }
    }
  })

  test('low discrepancy: well below plain Monte Carlo with the same number of points', () => {
    const n = 512
    const d = 5
    const of = (s: ReturnType<typeof randomSample>) => l2StarDiscrepancy(Array.from({ length: s.count }, (_, i) => s.pointAt(i)))
    // Monte Carlo's root-mean-square L2-star discrepancy is √((2^−d − 3^−d)/n).
    const monteCarlo = Math.sqrt((2 ** -d - 3 ** -d) / n)
    expect(of(randomSample(n, d, 1)) / monteCarlo).toBeGreaterThan(0.5)
    expect(of(sobolSample(n, d, { scramble: true, seed: 1 })) / monteCarlo).toBeLessThan(0.5)
    expect(of(sobolSample(n, d, { scramble: false, seed: 0 })) / monteCarlo).toBeLessThan(0.5)
  })

  test('scrambling is seeded: the same seed gives the same points, another seed others, and the origin is gone', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
      const a = points(4, 16, seed)
      expect(points(4, 16, seed)).toEqual(a)
      expect(points(4, 16, (seed ^ 1) >>> 0)).not.toEqual(a)
      expect(a[0]).not.toEqual([0, 0, 0, 0])
      for (const x of a.flat()) expect(x >= 0 && x < 1).toBe(true)
    }), { numRuns: 50 })
  })

  test('random access: any point equals the same point of the sequence walked in order', () => {
    const walked = points(6, 300, 11)
    const sequence = createSobolSequence(6, createRng(11))
    for (const i of [299, 0, 128, 17, 255, 256]) expect(sequence.pointAt(i)).toEqual(walked[i])
  })

  test('dimensions and indices out of range are errors', () => {
    expect(() => createSobolSequence(0)).toThrow(RangeError)
    expect(() => createSobolSequence(MAX_SOBOL_DIMENSIONS + 1)).toThrow(/1 to 128 dimensions/)
    expect(() => createSobolSequence(2).pointAt(-1)).toThrow(RangeError)
    expect(() => createSobolSequence(2).pointAt(2 ** 32)).toThrow(RangeError)
    expect(() => sobolSample(4, 2, { scramble: false, seed: 0 }).pointAt(4)).toThrow(/\[0, 4\)/)
  })
})
