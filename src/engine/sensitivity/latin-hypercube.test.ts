import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { latinHypercube, permuteIndex } from './latin-hypercube'

const uint32 = fc.integer({ min: 0, max: 0xffffffff })

describe('permuteIndex (Kensler 2013)', () => {
  test('is a permutation of [0, n) for any n and key', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), uint32, (n, key) => {
      const image = Array.from({ length: n }, (_, i) => permuteIndex(i, n, key))
      expect(new Set(image).size).toBe(n)
      expect(image.every((v) => Number.isInteger(v) && v >= 0 && v < n)).toBe(true)
    }), { numRuns: 200 })
  })

  test('different keys give different permutations, and neither is the identity', () => {
    const of = (key: number) => Array.from({ length: 64 }, (_, i) => permuteIndex(i, 64, key))
    expect(of(1)).not.toEqual(of(2))
    expect(of(1)).not.toEqual(Array.from({ length: 64 }, (_, i) => i))
  })

  test('an index outside [0, n) is an error', () => {
    expect(() => permuteIndex(5, 5, 0)).toThrow(RangeError)
    expect(() => permuteIndex(0, 0, 0)).toThrow(RangeError)
  })
})

describe('Latin hypercube', () => {
  test('every dimension has exactly one point in each of its n bins', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 6 }), uint32, (n, d, seed) => {
      const lhs = latinHypercube(n, d, seed)
      const xs = Array.from({ length: n }, (_, i) => lhs.pointAt(i))
      for (let j = 0; j < d; j++) {
        const bins = xs.map((x) => Math.floor(x[j] * n))
        expect(new Set(bins).size).toBe(n)
        expect(bins.every((b) => b >= 0 && b < n)).toBe(true)
      }
    }), { numRuns: 100 })
  })

  test('the same seed gives the same points; random access needs no other point', () => {
    const a = latinHypercube(1000, 3, 42)
    const b = latinHypercube(1000, 3, 42)
    expect(b.pointAt(999)).toEqual(a.pointAt(999))
    expect(latinHypercube(1000, 3, 43).pointAt(999)).not.toEqual(a.pointAt(999))
    // a million-point design: any point is as cheap as the first
    expect(latinHypercube(1_000_000, 2, 1).pointAt(765_432)).toHaveLength(2)
  })

  test('the dimensions are not all permuted alike', () => {
    const lhs = latinHypercube(50, 2, 9)
    const xs = Array.from({ length: 50 }, (_, i) => lhs.pointAt(i))
    expect(xs.map(([a]) => Math.floor(a * 50))).not.toEqual(xs.map(([, b]) => Math.floor(b * 50)))
  })
})
