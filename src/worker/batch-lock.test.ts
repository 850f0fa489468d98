import { expect, test } from 'vitest'
import { BatchLockedError, type BatchLocks, batchLockName, heldBatchIds, withBatchLock } from './batch-lock'

/** A lock manager of one profile, as Web Locks behaves with `ifAvailable` (tests in browser mode use the real one). */
function lockManager(): BatchLocks {
  const held = new Set<string>()
  return {
    async request<T>(name: string, _options: unknown, callback: (lock: Lock | null) => T): Promise<Awaited<T>> {
      if (held.has(name)) return await callback(null)
      held.add(name)
      try {
        return await callback({ name, mode: 'exclusive' } as Lock)
      } finally {
        held.delete(name)
      }
    },
    query: async () => ({ held: [...held].map((name) => ({ name })) }),
  }
}

test('a second holder is refused at once, without running, and the lock is free again when the work settles', async () => {
  const locks = lockManager()
  const name = batchLockName('pulse-lab', 'b1')
  let release: () => void = () => {}
  const first = withBatchLock(locks, name, () => new Promise<string>((resolve) => (release = () => resolve('first'))))
  let ran = false
  await expect(withBatchLock(locks, name, async () => (ran = true))).rejects.toThrow(new BatchLockedError())
  expect(ran).toBe(false)
  // another batch is not held up
  expect(await withBatchLock(locks, batchLockName('pulse-lab', 'b2'), async () => 'other')).toBe('other')
  release()
  expect(await first).toBe('first')
  expect(await withBatchLock(locks, name, async () => 'again')).toBe('again')
})

test('a failing run lets go of its lock', async () => {
  const locks = lockManager()
  const name = batchLockName('pulse-lab', 'b1')
  await expect(withBatchLock(locks, name, () => Promise.reject(new RangeError('boom')))).rejects.toThrow('boom')
  expect(await heldBatchIds(locks, 'pulse-lab')).toEqual(new Set())
})

test('the held batches are those of this database only', async () => {
  const locks = lockManager()
  let release: () => void = () => {}
  const waiting = new Promise<void>((resolve) => (release = resolve))
  const runs = ['b1', 'b:2'].map((id) => withBatchLock(locks, batchLockName('pulse-lab', id), () => waiting))
  const elsewhere = withBatchLock(locks, batchLockName('pulse-lab-test', 'b3'), () => waiting)
  expect(await heldBatchIds(locks, 'pulse-lab')).toEqual(new Set(['b1', 'b:2']))
  expect(await heldBatchIds(locks, 'pulse-lab-test')).toEqual(new Set(['b3']))
  release()
  await Promise.all([...runs, elsewhere])
  expect(await heldBatchIds(locks, 'pulse-lab')).toEqual(new Set())
})

test('with no lock manager, work simply runs and nothing is held', async () => {
  expect(await withBatchLock(null, 'x', async () => 7)).toBe(7)
  expect(await heldBatchIds(null, 'pulse-lab')).toEqual(new Set())
})
