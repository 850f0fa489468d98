import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { SampleRevisions } from './sample-revisions.svelte'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const seen = (samples: SampleRevisions) => [samples.table, samples.charts, samples.design]

test('with no batch running here, every section rereads at once', () => {
  const samples = new SampleRevisions(700)
  samples.next(false)
  expect(seen(samples)).toEqual([1, 1, 1])
})

test('while a batch runs, the sections take turns: the table, then the charts, then the design panel', async () => {
  const samples = new SampleRevisions(700)
  samples.next(true)
  expect(seen(samples)).toEqual([1, 0, 0])
  await vi.advanceTimersByTimeAsync(699)
  expect(seen(samples)).toEqual([1, 0, 0])
  await vi.advanceTimersByTimeAsync(1)
  expect(seen(samples)).toEqual([1, 1, 0])
  await vi.advanceTimersByTimeAsync(700)
  expect(seen(samples)).toEqual([1, 1, 1])
})

test('a new sample before the turns are over moves every section once, not twice', async () => {
  const samples = new SampleRevisions(700)
  samples.next(true)
  await vi.advanceTimersByTimeAsync(800)
  expect(seen(samples)).toEqual([1, 1, 0])
  // the batch stops: everything at once, and the design panel's pending turn is dropped
  samples.next(false)
  expect(seen(samples)).toEqual([2, 2, 1])
  await vi.advanceTimersByTimeAsync(2000)
  expect(seen(samples)).toEqual([2, 2, 1])
})
