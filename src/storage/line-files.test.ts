import { afterEach, expect, test, vi } from 'vitest'
import { LineFileStalled, OpenDeadline } from './line-files'

afterEach(() => vi.useRealTimers())

/** An opening the test finishes by hand. */
function opening<T>() {
  let finish!: (value: T) => void
  const promise = new Promise<T>((resolve) => (finish = resolve))
  return { open: () => promise, finish }
}

test('an opening in time gives what it opened; one that is late fails, and what it opens later is cleaned up', async () => {
  vi.useFakeTimers()
  const deadline = new OpenDeadline(10_000)
  const quick = opening<string>()
  const first = deadline.open(quick.open, async () => {})
  quick.finish('file 1')
  expect(await first).toBe('file 1')

  const slow = opening<string>()
  const cleaned: string[] = []
  const second = expect(deadline.open(slow.open, async (late) => void cleaned.push(late))).rejects.toThrow(new LineFileStalled('a line file did not open within 10 s'))
  await vi.advanceTimersByTimeAsync(10_000)
  await second
  // while it has not finished, other openings fail at once, without waiting as long again
  const meanwhile = opening<string>()
  await expect(deadline.open(meanwhile.open, async () => {})).rejects.toThrow(new LineFileStalled('an earlier line file has still not opened'))
  slow.finish('file 2')
  await vi.advanceTimersByTimeAsync(0)
  expect(cleaned).toEqual(['file 2'])
  // then files open again
  const after = opening<string>()
  const third = deadline.open(after.open, async () => {})
  after.finish('file 3')
  expect(await third).toBe('file 3')
})

test('an opening that fails fails as it does, in time or not', async () => {
  vi.useFakeTimers()
  const deadline = new OpenDeadline(10_000)
  await expect(deadline.open(() => Promise.reject(new DOMException('no room', 'QuotaExceededError')), async () => {})).rejects.toThrow('no room')
  // a late opening that then fails leaves nothing to clean up, and lets the next one try
  let fail!: (error: Error) => void
  const late = deadline.open(() => new Promise<string>((_, reject) => (fail = reject)), async () => {})
  const failed = expect(late).rejects.toBeInstanceOf(LineFileStalled)
  await vi.advanceTimersByTimeAsync(10_000)
  await failed
  fail(new Error('gone'))
  await vi.advanceTimersByTimeAsync(0)
  expect(await deadline.open(async () => 'file', async () => {})).toBe('file')
})
