import { expect, test } from 'vitest'
import { ChunkSizer } from './chunk-sizer'

test('starts small, before anything is measured', () => {
  expect(new ChunkSizer().next()).toBe(4)
})

test('aims each chunk at the target time, growing at most fourfold per measurement', () => {
  const sizer = new ChunkSizer({ targetMs: 100, maxRuns: 500 })
  // 0.25 ms a run: 400 runs take 100 ms
  const sizes: number[] = []
  for (let i = 0; i < 5; i++) {
    const size = sizer.next()
    sizes.push(size)
    sizer.observe(size, size * 0.25, size * 3_000)
  }
  expect(sizes).toEqual([4, 16, 64, 256, 400])
})

test('never exceeds the run cap, nor the line-byte cap', () => {
  const fast = new ChunkSizer({ maxRuns: 500 })
  for (let i = 0; i < 6; i++) fast.observe(fast.next(), 0, 100)
  expect(fast.next()).toBe(500)
  // a run recording 10,000 turns writes a 5.5 MB line: one per chunk
  const heavy = new ChunkSizer({ maxBytes: 4_000_000 })
  heavy.observe(4, 4, 4 * 5_500_000)
  expect(heavy.next()).toBe(1)
})

test('follows a change of pace through a moving average', () => {
  const sizer = new ChunkSizer({ targetMs: 100, maxRuns: 500 })
  for (let i = 0; i < 5; i++) sizer.observe(sizer.next(), sizer.next() * 0.25, 0)
  expect(sizer.next()).toBe(400)
  // runs get ten times slower: the size falls at once, and keeps falling
  sizer.observe(400, 1_000, 0)
  const after = sizer.next()
  expect(after).toBeLessThan(200)
  sizer.observe(after, after * 2.5, 0)
  expect(sizer.next()).toBeLessThan(after)
  expect(sizer.next()).toBeGreaterThanOrEqual(1)
})
