import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { normalQuantile } from './normal-quantile'

// scipy.special.ndtri(p), to 16 digits.
const SCIPY: [number, number][] = [
  [0.5, 0],
  [0.975, 1.959963984540054],
  [0.025, -1.9599639845400545],
  [0.3, -0.5244005127080409],
  [0.7, 0.5244005127080407],
  [0.01, -2.3263478740408408],
  [0.075, -1.4395314709384563],
  [1e-4, -3.7190164854556804],
  [1e-10, -6.361340902404056],
  [1 - 1e-10, 6.361340889697422],
  [2 ** -53, -8.209536151601387],
  [1e-300, -37.0470962993612],
]

describe('normal quantile (AS241)', () => {
  test('agrees with SciPy to about 1e-15 relative, through the centre and both tails', () => {
    for (const [p, z] of SCIPY) expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(5e-16 * Math.max(1, Math.abs(z)))
  })

  test('pinned outputs: factor values drawn through it must not change between versions or engines', () => {
    expect(normalQuantile(0.975)).toBe(1.9599639845400536)
    expect(normalQuantile(0.3)).toBe(-0.5244005127080407)
    expect(normalQuantile(1e-10)).toBe(-6.361340902404056)
    expect(normalQuantile(0.999)).toBe(3.090232306167813)
  })

  test('is odd around ½ and increasing', () => {
    // p ≥ 1e-6 so that 1 − p is close enough to exact for the symmetry to show at 9 digits
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p, q) => {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9)
      if (p < q) expect(normalQuantile(p)).toBeLessThanOrEqual(normalQuantile(q))
    }))
  })

  test('±∞ at 0 and 1; outside [0, 1] is an error', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(() => normalQuantile(1.5)).toThrow(RangeError)
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError)
  })
})
