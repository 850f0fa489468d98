import { expect, test } from 'vitest'
import { ThroughputMeter } from './throughput'

test('no rate before two completions half a second apart', () => {
  const meter = new ThroughputMeter()
  expect(meter.rate(0)).toBeNull()
  meter.record(1_000, 100)
  expect(meter.rate(2_000)).toBeNull()
  meter.record(1_200, 300)
  expect(meter.rate(1_300)).toBeNull()
  expect(meter.eta(1_300, 50)).toBeNull()
  expect(meter.rate(2_000)).toBe(200)
})

test('runs per second over the rolling window, and the time left at that rate', () => {
  const meter = new ThroughputMeter({ windowMs: 5_000 })
  // 1,000 runs/s for 10 s, then 4,000 runs/s for 6 s
  for (let t = 0; t <= 10_000; t += 100) meter.record(t, t)
  expect(meter.rate(10_000)).toBeCloseTo(1_000)
  for (let t = 10_100; t <= 16_000; t += 100) meter.record(t, 10_000 + (t - 10_000) * 4)
  expect(meter.rate(16_000)).toBeCloseTo(4_000, -2)
  expect(meter.eta(16_000, 8_000)).toBeCloseTo(2, 1)
  expect(meter.eta(16_000, 0)).toBe(0)
})

test('the rate falls while nothing finishes', () => {
  const meter = new ThroughputMeter()
  meter.record(0, 0)
  meter.record(1_000, 1_000)
  expect(meter.rate(1_000)).toBe(1_000)
  expect(meter.rate(4_000)).toBe(250)
})
