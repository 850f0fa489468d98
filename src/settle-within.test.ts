import { afterEach, expect, test, vi } from 'vitest'
import { settleWithin } from './settle-within'

afterEach(() => vi.useRealTimers())

test('work that settles in time gives its value or its failure, and leaves no timer behind', async () => {
  vi.useFakeTimers()
  expect(await settleWithin(Promise.resolve(1), 1_000, () => 'late')).toBe(1)
  await expect(settleWithin(Promise.reject(new Error('failed')), 1_000, () => 'late')).rejects.toThrow('failed')
  expect(vi.getTimerCount()).toBe(0)
})

test('late work gives what `late` gives, a value, a promise or a throw; work that settles while `late` is pending still wins', async () => {
  vi.useFakeTimers()
  const never = new Promise<number>(() => {})
  const value = settleWithin(never, 1_000, () => 'late')
  await vi.advanceTimersByTimeAsync(999)
  const thrown = expect(settleWithin(never, 1_000, () => {
    throw new Error('too late')
  })).rejects.toThrow('too late')
  await vi.advanceTimersByTimeAsync(1_000)
  expect(await value).toBe('late')
  await thrown

  let finish!: (n: number) => void
  const slow = new Promise<number>((resolve) => (finish = resolve))
  const racing = settleWithin(slow, 1_000, () => new Promise<string>(() => {}))
  await vi.advanceTimersByTimeAsync(1_000)
  finish(7)
  expect(await racing).toBe(7)
})
