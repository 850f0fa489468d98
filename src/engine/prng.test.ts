import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { createRng, deriveSeed } from './prng'

const uint32 = fc.integer({ min: 0, max: 0xffffffff })

describe('deriveSeed', () => {
  test('pinned values: changing the hash changes every stored seed, so this must fail first', () => {
    expect(deriveSeed(0, 0)).toBe(1422740206)
    expect(deriveSeed(0, 0, 0)).toBe(1422740206)
    expect(deriveSeed(0, 1)).toBe(3097737238)
    expect(deriveSeed(1, 0)).toBe(536059379)
    expect(deriveSeed(0, 0, 1)).toBe(1815609431)
    expect(deriveSeed(42, 7, 3)).toBe(194637989)
    expect(deriveSeed(20250101, 99)).toBe(1267646116)
    expect(deriveSeed(0xffffffff, 0xffffffff, 0xffffffff)).toBe(1505308663)
  })

  test('returns a uint32', () => {
    fc.assert(fc.property(uint32, uint32, uint32, (batch, point, replicate) => {
      const seed = deriveSeed(batch, point, replicate)
      expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff).toBe(true)
    }), { numRuns: 500 })
  })

  test('no two of 100k neighbouring design points, replicates or batch seeds share a seed', () => {
    const distinct = (seeds: (i: number) => number) => new Set(Array.from({ length: 100_000 }, (_, i) => seeds(i))).size
    expect(distinct((i) => deriveSeed(7, i))).toBe(100_000)
    expect(distinct((i) => deriveSeed(7, 3, i))).toBe(100_000)
    expect(distinct((i) => deriveSeed(i, 3))).toBe(100_000)
  })

  test('rejects what is not a uint32 instead of wrapping it', () => {
    expect(() => deriveSeed(-1, 0)).toThrow(RangeError)
    expect(() => deriveSeed(0, 1.5)).toThrow(RangeError)
    expect(() => deriveSeed(0, 0, 2 ** 32)).toThrow(RangeError)
    expect(() => deriveSeed(Number.NaN, 0)).toThrow(RangeError)
  })
})

describe('createRng', () => {
  test('pinned streams: a change in pure-rand or in our seeding fails here', () => {
    const rng = createRng(1)
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([2355776375, 4156352123, 4105991813])
    expect(rng.nextFloat()).toBe(0.5867662859102463)
    expect(rng.normal(0, 1)).toBe(0.3381850537658607)
    expect(rng.normal(0, 1)).toBe(-0.657764267785355)
    const zero = createRng(0)
    expect([zero.nextUint32(), zero.nextUint32(), zero.nextUint32()]).toEqual([2296316338, 3100282033, 689568417])
  })

  test('the same seed gives the same stream; another seed another stream', () => {
    fc.assert(fc.property(uint32, (seed) => {
      const draw = (rng: ReturnType<typeof createRng>) => [rng.nextUint32(), rng.nextFloat(), rng.normal(0, 1)]
      expect(draw(createRng(seed))).toEqual(draw(createRng(seed)))
      expect(draw(createRng(seed))).not.toEqual(draw(createRng((seed ^ 1) >>> 0)))
    }), { numRuns: 200 })
  })

  test('consecutive seeds do not start alike (the raw xoroshiro128plus(seed) starts at ~seed)', () => {
    const first = Array.from({ length: 10_000 }, (_, seed) => createRng(seed).nextFloat())
    const mean = first.reduce((a, b) => a + b, 0) / first.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
  })

  test('nextFloat is a multiple of 2^-53 in [0, 1); uniform(a, b) stays in [a, b)', () => {
    const rng = createRng(123)
    for (let k = 0; k < 10_000; k++) {
      const u = rng.nextFloat()
      expect(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 53)).toBe(true)
      const v = rng.uniform(-0.125, 0.125)
      expect(v >= -0.125 && v < 0.125).toBe(true)
      const n = rng.nextUint32()
      expect(Number.isInteger(n) && n >= 0 && n <= 0xffffffff).toBe(true)
    }
  })

  test('normal(mean, sd) is mean + sd · the standard deviate drawn from the same stream', () => {
    const a = createRng(9)
    const b = createRng(9)
    for (let k = 0; k < 100; k++) expect(a.normal(5, 2)).toBe(5 + 2 * b.normal(0, 1))
  })

  test('normal deviates have mean 0, sd 1 and 68.3% within one sd', () => {
    const rng = createRng(2024)
    const n = 40_000
    const xs = Array.from({ length: n }, () => rng.normal(0, 1))
    const mean = xs.reduce((a, b) => a + b, 0) / n
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n)
    const withinOne = xs.filter((x) => Math.abs(x) < 1).length / n
    // Each bound is about 4 standard errors wide.
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(Math.abs(sd - 1)).toBeLessThan(0.015)
    expect(Math.abs(withinOne - 0.6827)).toBeLessThan(0.01)
  })

  test('rejects a seed that is not a uint32', () => {
    expect(() => createRng(-1)).toThrow(RangeError)
    expect(() => createRng(0.5)).toThrow(RangeError)
    expect(() => createRng(2 ** 32)).toThrow(RangeError)
  })
})
