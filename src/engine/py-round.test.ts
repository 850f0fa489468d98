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
})
