import 'fake-indexeddb/auto'
import { unwrap } from 'idb'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { RunRecord } from '../schema/run-record'
import { getBatch, saveBatch } from './batches'
import type { PulseDatabase } from './db'
import { BatchNotFoundError, BatchStateError, StorageFullError } from './errors'
import { appendRecords, deleteRuns, failedIndices, getRun, listRuns, missingIndices, runSummaries } from './runs'
import { openTestDB } from './test-db'
import { batchMeta, delivered, deliveredAt, errorRecord, successRecord } from './test-records'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => {
  ;({ db, remove } = await openTestDB())
  await saveBatch(db, batchMeta({ id: 'b', status: 'running' }))
})
afterEach(() => {
  vi.restoreAllMocks()
  return remove()
})

const counters = async () => {
  const meta = await getBatch(db, 'b')
  return { done: meta?.done, failed: meta?.failed }
}

// a full disk as Firefox reports it: the nth record stored from now on fails its request, and the transaction aborts
function refuseNthRecord(n: number): void {
  // fake-indexeddb has no quota: its internal store is the one place a write can fail after the request was issued
  const store = (unwrap(db.transaction('runs').store) as unknown as { _rawObjectStore: { storeRecord(...args: unknown[]): unknown } })._rawObjectStore
  const storeRecord = store.storeRecord
  let calls = 0
  vi.spyOn(store, 'storeRecord').mockImplementation(function (this: unknown, ...args: unknown[]) {
    if (++calls === n) throw new DOMException('the quota is used up', 'QuotaExceededError')
    return storeRecord.apply(this, args)
  })
}

test('the fixtures are valid run records', () => {
  expect(RunRecord.safeParse(successRecord(0)).success).toBe(true)
  expect(RunRecord.safeParse(errorRecord(0)).success).toBe(true)
})

describe('appending records', () => {
  test('stores the runs and counts done and failed in the meta', async () => {
    const meta = await appendRecords(db, 'b', delivered([successRecord(0), errorRecord(1), successRecord(2)]), 5_000)
    expect(meta).toMatchObject({ done: 2, failed: 1, updated_at: 5_000 })
    expect(await getBatch(db, 'b')).toEqual(meta)
    expect(await getRun(db, 'b', 1)).toMatchObject({ batch_id: 'b', batch_index: 1, status: 'failed', seed: 2001 })
    expect((await getRun(db, 'b', 0))?.line).toBe(JSON.stringify(successRecord(0)))
    expect(await getRun(db, 'b', 3)).toBeUndefined()
  })

  test('re-delivered runs replace the stored ones without counting twice', async () => {
    await appendRecords(db, 'b', deliveredAt([0, 1, 2]), 1)
    await appendRecords(db, 'b', deliveredAt([1, 2, 3]), 2)
    expect(await counters()).toEqual({ done: 4, failed: 0 })
    await appendRecords(db, 'b', delivered([errorRecord(4), errorRecord(4), successRecord(5), successRecord(5)]), 3)
    expect(await counters()).toEqual({ done: 5, failed: 1 })
  })

  test('a run re-delivered with another outcome moves between the counters', async () => {
    await appendRecords(db, 'b', delivered([errorRecord(0), successRecord(1)]), 1)
    await appendRecords(db, 'b', delivered([successRecord(0), errorRecord(1)]), 2)
    expect(await counters()).toEqual({ done: 1, failed: 1 })
    expect(await failedIndices(db, 'b')).toEqual([1])
  })

  test('a run outside the batch is refused and nothing of the call is stored', async () => {
    await expect(appendRecords(db, 'b', deliveredAt([0, 10]), 1)).rejects.toBeInstanceOf(RangeError)
    await expect(deleteRuns(db, 'b', [0, 1.5], 1)).rejects.toBeInstanceOf(RangeError)
    await expect(deleteRuns(db, 'b', [-1], 1)).rejects.toBeInstanceOf(RangeError)
    expect(await db.count('runs')).toBe(0)
    expect(await counters()).toEqual({ done: 0, failed: 0 })
  })

  test('an unknown batch or an imported one cannot take records', async () => {
    await expect(appendRecords(db, 'nope', deliveredAt([0]), 1)).rejects.toBeInstanceOf(BatchNotFoundError)
    await saveBatch(db, batchMeta({ id: 'imported', status: 'done', read_only: true }))
    await expect(appendRecords(db, 'imported', deliveredAt([0]), 1)).rejects.toBeInstanceOf(BatchStateError)
    expect(await db.count('runs')).toBe(0)
  })

  test('deleting failed runs makes them pending again and uncounts them', async () => {
    await appendRecords(db, 'b', delivered([successRecord(0), errorRecord(1), errorRecord(2)]), 1)
    expect(await deleteRuns(db, 'b', await failedIndices(db, 'b'), 2)).toMatchObject({ done: 1, failed: 0, updated_at: 2 })
    expect(Array.from(await missingIndices(db, 'b', 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
  test('a record that cannot be stored aborts the whole call', async () => {
    await appendRecords(db, 'b', deliveredAt([0]), 1)
    // a proxy, like a Svelte $state object, cannot be structured-cloned into IndexedDB
    const record = successRecord(2)
    const uncloneable = { record: { ...record, final_state: { ...record.final_state, overlays: new Proxy({ hope: 0.5 }, {}) } }, line: '{}' }
    await expect(appendRecords(db, 'b', [...deliveredAt([1]), uncloneable, ...deliveredAt([3])], 2)).rejects.toMatchObject({ name: 'DataCloneError' })
    expect(await db.count('runs')).toBe(1)
    expect(await getBatch(db, 'b')).toMatchObject({ done: 1, updated_at: 1 })
  })
})

describe('a full disk', () => {
  test('a refused record aborts the whole append and surfaces as StorageFullError', async () => {
    await appendRecords(db, 'b', deliveredAt([0]), 1)
    refuseNthRecord(3)
    await expect(appendRecords(db, 'b', deliveredAt([1, 2, 3, 4]), 2)).rejects.toBeInstanceOf(StorageFullError)
    vi.restoreAllMocks()
    expect(await db.count('runs')).toBe(1)
    expect(await getBatch(db, 'b')).toMatchObject({ done: 1, updated_at: 1 })
  })
})

describe('pending and failed runs', () => {
  test('missing indices are the ones with no stored run', async () => {
    await appendRecords(db, 'b', deliveredAt([0, 1, 2, 5]), 1)
    expect(Array.from(await missingIndices(db, 'b', 10))).toEqual([3, 4, 6, 7, 8, 9])
  })

  test('missing indices ignore other batches, even ones whose id extends this one', async () => {
    await saveBatch(db, batchMeta({ id: 'b2' }))
    await appendRecords(db, 'b2', deliveredAt([0, 1]), 1)
    await appendRecords(db, 'b', deliveredAt([1]), 1)
    expect(Array.from(await missingIndices(db, 'b', 3))).toEqual([0, 2])
    expect(await missingIndices(db, 'b', 0)).toEqual(new Uint32Array())
  })

  test('failed indices come from the status index, ascending', async () => {
    await appendRecords(db, 'b', delivered([errorRecord(7), successRecord(0), errorRecord(3)]), 1)
    expect(await failedIndices(db, 'b')).toEqual([3, 7])
  })
})

describe('reading runs', () => {
  beforeEach(() => appendRecords(db, 'b', delivered([9, 0, 4, 2, 7, 1].map((i) => (i % 3 === 1 ? errorRecord(i) : successRecord(i)))), 1))

  test('pages of summaries come in index order', async () => {
    const indices = async (options: Parameters<typeof listRuns>[2]) => (await listRuns(db, 'b', options)).map((s) => s.batch_index)
    expect(await indices({ limit: 4 })).toEqual([0, 1, 2, 4])
    expect(await indices({ offset: 4, limit: 4 })).toEqual([7, 9])
    expect(await indices({ offset: 6, limit: 4 })).toEqual([])
    expect(await indices({ limit: 10, status: 'failed' })).toEqual([1, 4, 7])
    expect(await indices({ offset: 1, limit: 1, status: 'done' })).toEqual([2])
  })

  test('summaries for charts are bounded and spread over the batch', async () => {
    expect((await runSummaries(db, 'b', { limit: 3 })).map((s) => s.batch_index)).toEqual([0, 2, 7])
    expect(await runSummaries(db, 'b', { limit: 100 })).toHaveLength(6)
  })
})
