import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { pyRound, pyRoundExact } from './py-round'

describe('pyRound matches Python round()', () => {
  test('round half to even on exactly representable ties', () => {
    expect(pyRound(0.6875, 3)).toBe(0.688)
    expect(pyRound(0.0625, 3)).toBe(0.062)
    expect(pyRound(0.125, 2)).toBe(0.12)
    expect(pyRound(0.375, 2)).toBe(0.38)
    expect(pyRound(2.5)).toBe(2)
    expect(pyRound(-2.5)).toBe(-2)
    expect(pyRound(-0.0625, 3)).toBe(-0.062)
  })
  test('non-ties follow the exact binary value', () => {
    expect(pyRound(0.2982, 3)).toBe(0.298)
    // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875
    expect(pyRound(2.675, 2)).toBe(2.67)
    expect(pyRound(0.5 - 0.01, 3)).toBe(0.49)
    expect(pyRound(0.497, 3)).toBe(0.497)
  })
  test('the fast path agrees with the exact decimal path', () => {
    fc.assert(fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, n) => {
      expect(pyRound(x, n)).toBe(pyRoundExact(x, n))
    }), { numRuns: 5000 })
    for (let k = 0; k < 2000; k++) expect(pyRound(k / 16, 3)).toBe(pyRoundExact(k / 16, 3))
  })
  test('near ties the exact product decides as the exact decimal path does: ties, and a few ulps either side', () => {
    const nearTie = fc.tuple(fc.integer({ min: -200_000, max: 200_000 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: -3, max: 3 }))
      .map(([k, n, ulps]) => {
        let x = (k + 0.5) / 10 ** n
        for (let i = 0; i < Math.abs(ulps); i++) x = nextDouble(x, Math.sign(ulps))
        return [x, n] as const
      })
    fc.assert(fc.property(nearTie, ([x, n]) => {
      expect(Object.is(pyRound(x, n), pyRoundExact(x, n))).toBe(true)
    }), { numRuns: 20_000 })
    for (const x of [0.795, 0.005, 40.15, 35.315, 1e-12 + 0.5e-11, -0.125, 2 ** -41 * 3]) {
      for (let n = 0; n <= 12; n++) expect(Object.is(pyRound(x, n), pyRoundExact(x, n))).toBe(true)
    }
  })
})

// The next double after x towards +∞ (direction 1) or −∞ (−1).
function nextDouble(x: number, direction: number): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigInt64(0)
  const up = (x > 0 || (x === 0 && direction > 0)) === direction > 0
  view.setBigInt64(0, x === 0 ? (direction > 0 ? 1n : -(2n ** 63n) + 1n) : bits + (up ? 1n : -1n))
  return view.getFloat64(0)
}
