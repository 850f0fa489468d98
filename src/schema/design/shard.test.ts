import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { shardRange } from './shard'

describe('shardRange', () => {
  test('shards 1..N are contiguous, in order, and partition [0, total); sizes differ by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 200 }), (total, shards) => {
      const ranges = Array.from({ length: shards }, (_, k) => shardRange(total, k + 1, shards))
      expect(ranges[0].start).toBe(0)
      expect(ranges[shards - 1].end).toBe(total)
      for (let k = 1; k < shards; k++) expect(ranges[k].start).toBe(ranges[k - 1].end)
      const sizes = ranges.map((r) => r.end - r.start)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    }), { numRuns: 200 })
  })

  test('pinned splits', () => {
    expect([1, 2, 3].map((k) => shardRange(10, k, 3))).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }, { start: 6, end: 10 }])
    expect(shardRange(2, 1, 4)).toEqual({ start: 0, end: 0 })
    expect(shardRange(2, 4, 4)).toEqual({ start: 1, end: 2 })
    expect(shardRange(0, 1, 1)).toEqual({ start: 0, end: 0 })
    expect(shardRange(2 ** 50, 3, 3)).toEqual({ start: 2 * 2 ** 50 / 3 - (2 * 2 ** 50 / 3) % 1, end: 2 ** 50 })
  })

  test('shard numbers count from 1, as in --shard 1/4', () => {
    expect(() => shardRange(10, 0, 4)).toThrow(/\[1, 4\]/)
    expect(() => shardRange(10, 5, 4)).toThrow(RangeError)
    expect(() => shardRange(10, 1, 0)).toThrow(RangeError)
    expect(() => shardRange(-1, 1, 1)).toThrow(RangeError)
    expect(() => shardRange(1.5, 1, 1)).toThrow(RangeError)
  })
})
