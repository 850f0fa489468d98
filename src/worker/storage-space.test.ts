import { describe, expect, test } from 'vitest'
import { BYTES_PER_RUN, shortfall, type StorageSpace } from './storage-space'

const MB = 1024 * 1024
const space = (estimate: StorageSpace['estimate']): StorageSpace => ({ estimate, persist: async () => true })

describe('shortfall', () => {
  test('runs that fit in the free quota are let through, to the byte', async () => {
    const storage = space(async () => ({ usage: MB, quota: MB + 100 * BYTES_PER_RUN }))
    expect(await shortfall(storage, 100)).toBeNull()
    expect(await shortfall(storage, 101)).toMatch(/^this batch needs about 404 kB of storage for its 101 runs still to run/)
  })

  test('names what is needed, what is free, and what is used of what', async () => {
    const storage = space(async () => ({ usage: 9 * MB, quota: 10 * MB }))
    expect(await shortfall(storage, 2_000)).toBe(
      'this batch needs about 7.8 MB of storage for its 2,000 runs still to run (about 4 kB each), but the browser lets this site ' +
        'store only 1 MB more (9 MB used of 10 MB): export and delete some batches, or free space on the device, and try again',
    )
  })

  test('usage over the quota counts as no room at all', async () => {
    expect(await shortfall(space(async () => ({ usage: 11 * MB, quota: 10 * MB })), 1)).toContain('store only 0 bytes more')
  })

  test('when the browser cannot tell, or nothing is left to run, nothing is refused', async () => {
    expect(await shortfall(null, 1_000_000)).toBeNull()
    expect(await shortfall(space(async () => ({})), 1_000_000)).toBeNull()
    expect(await shortfall(space(async () => ({ usage: 0 })), 1_000_000)).toBeNull()
    expect(await shortfall(space(() => Promise.reject(new DOMException('no', 'SecurityError'))), 1_000_000)).toBeNull()
    expect(await shortfall(space(async () => ({ usage: 10 * MB, quota: 10 * MB })), 0)).toBeNull()
  })
})
