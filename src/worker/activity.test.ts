import { expect, test } from 'vitest'
import { Activity } from './activity'

test('an idle worker is busy with nothing; a call in flight says how long it has run and the step it is at', async () => {
  let now = 1_000
  const activity = new Activity(() => now)
  expect(activity.describe()).toBe('nothing')
  let release!: () => void
  const commit = activity.track('a commit', async (step) => {
    step('writing a line file')
    now += 1_500
    step('the IndexedDB transaction')
    await new Promise<void>((resolve) => (release = resolve))
    return 7
  })
  const read = activity.track('a run table', () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no such batch')), 0)))
  now += 60_000
  expect(activity.describe()).toBe('a commit for 61.5 s (the IndexedDB transaction for 60.0 s), a run table for 60.0 s')
  await expect(read).rejects.toThrow('no such batch')
  expect(activity.describe()).toBe('a commit for 61.5 s (the IndexedDB transaction for 60.0 s)')
  release()
  expect(await commit).toBe(7)
  expect(activity.describe()).toBe('nothing')
})
