import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { exp, logUnit, sigmoid, tanh } from './portable-math'

// one unit in the last place of x
const ulp = (x: number): number => {
  const bits = new Float64Array([Math.abs(x)])
  const words = new BigUint64Array(bits.buffer)
  words[0] += 1n
  return bits[0] - Math.abs(x)
}

describe('fdlibm exp and log', () => {
  test('agree with Math.exp and Math.log within 1 ulp, exactly at the edges', () => {
    fc.assert(fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
      const e = exp(x)
      expect(Math.abs(e - Math.exp(x))).toBeLessThanOrEqual(ulp(Math.exp(x)))
    }), { numRuns: 5000 })
    fc.assert(fc.property(fc.double({ min: Number.MIN_VALUE, max: 1, maxExcluded: true, noNaN: true }), (x) => {
      expect(Math.abs(logUnit(x) - Math.log(x))).toBeLessThanOrEqual(ulp(Math.log(x)))
    }), { numRuns: 5000 })
    expect(exp(0)).toBe(1)
    expect(exp(1000)).toBe(Infinity)
    expect(exp(-1000)).toBe(0)
    expect(exp(-745)).toBeGreaterThan(0)
    expect(logUnit(0.5)).toBe(-Math.LN2)
    expect(logUnit(Number.MIN_VALUE)).toBeCloseTo(-744.44, 2)
  })
})

describe('engine-independent activations', () => {
  test('sigmoid and tanh agree with Math within a few 2^-53 and have the right limits', () => {
    fc.assert(fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
      expect(Math.abs(sigmoid(x) - 1 / (1 + Math.exp(-x)))).toBeLessThanOrEqual(2 * Number.EPSILON)
      expect(Math.abs(tanh(x) - Math.tanh(x))).toBeLessThanOrEqual(2 * Number.EPSILON)
      expect(tanh(-x)).toBe(-tanh(x))
    }), { numRuns: 5000 })
    expect(sigmoid(0)).toBe(0.5)
    expect(sigmoid(800)).toBe(1)
    expect(sigmoid(-800)).toBe(0)
    expect(tanh(0)).toBe(0)
    expect(tanh(-0)).toBe(-0)
    expect(tanh(1e-300)).toBe(1e-300)
    expect(tanh(40)).toBe(1)
    expect(tanh(-Infinity)).toBe(-1)
  })
})
