import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ZodError } from 'zod'
import { deleteBatch, duplicateBatch, getBatch, listBatches, renameBatch, saveBatch, updateBatchStatus } from './batches'
import { batchRange, type PulseDatabase } from './db'
import { BatchNotFoundError, BatchStateError } from './errors'
import { appendRecords, missingIndices } from './runs'
import { openTestDB, storedLines } from './test-db'
import { batchMeta, deliveredAt, successRecord } from './test-records'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => ({ db, remove } = await openTestDB()))
afterEach(() => remove())

describe('the batch library', () => {
  test('a saved batch reads back as saved', async () => {
    const meta = batchMeta({ id: 'a', notes: 'first try' })
    await saveBatch(db, meta)
    expect(await getBatch(db, 'a')).toEqual(meta)
    expect(await getBatch(db, 'nope')).toBeUndefined()
  })

  test('an invalid meta is refused before it is stored', async () => {
    await expect(saveBatch(db, batchMeta({ id: 'a', done: -1 }))).rejects.toBeInstanceOf(ZodError)
    expect(await getBatch(db, 'a')).toBeUndefined()
  })

  test('a stored meta that no longer matches the schema reads as missing', async () => {
    await db.put('batches', { ...batchMeta({ id: 'old' }), status: 'queued' } as never)
    expect(await getBatch(db, 'old')).toBeUndefined()
    expect(await listBatches(db)).toEqual([])
  })

  test('the list is newest first and filters names ignoring case', async () => {
    await saveBatch(db, batchMeta({ id: 'a', name: 'Hope sweep', created_at: 1 }))
    await saveBatch(db, batchMeta({ id: 'b', name: 'despair grid', created_at: 3 }))
    await saveBatch(db, batchMeta({ id: 'c', name: 'HOPE again', created_at: 2 }))
    expect((await listBatches(db)).map((b) => b.id)).toEqual(['b', 'c', 'a'])
    expect((await listBatches(db, { filter: ' hope ' })).map((b) => b.id)).toEqual(['c', 'a'])
    expect(await listBatches(db, { filter: 'rage' })).toEqual([])
  })

  test('rename changes the name and updated_at only', async () => {
    await saveBatch(db, batchMeta({ id: 'a' }))
    const renamed = await renameBatch(db, 'a', 'Renamed', 5_000)
    expect(renamed).toEqual(batchMeta({ id: 'a', name: 'Renamed', updated_at: 5_000 }))
    expect(await getBatch(db, 'a')).toEqual(renamed)
    await expect(renameBatch(db, 'missing', 'x', 1)).rejects.toBeInstanceOf(BatchNotFoundError)
  })

  test('duplicate copies the meta as a fresh draft with no runs', async () => {
    await saveBatch(db, batchMeta({ id: 'a', status: 'running', notes: 'n' }))
    await appendRecords(db, 'a', deliveredAt([0, 1]), 2_000)
    const copy = await duplicateBatch(db, 'a', 'b', 9_000)
    expect(copy).toEqual(batchMeta({ id: 'b', name: 'batch a', notes: 'n', created_at: 9_000, updated_at: 9_000 }))
    expect(await missingIndices(db, 'b', 10)).toHaveLength(10)
    expect((await getBatch(db, 'a'))?.done).toBe(2)
  })

  test('duplicate refuses an id that is taken', async () => {
    await saveBatch(db, batchMeta({ id: 'a' }))
    await saveBatch(db, batchMeta({ id: 'b', name: 'keep me' }))
    await expect(duplicateBatch(db, 'a', 'b', 1)).rejects.toThrow()
    expect((await getBatch(db, 'b'))?.name).toBe('keep me')
  })

  test('delete removes the meta and every run of that batch, and no other', async () => {
    await saveBatch(db, batchMeta({ id: 'a' }))
    await saveBatch(db, batchMeta({ id: 'ab' }))
    await appendRecords(db, 'a', deliveredAt([0, 1, 2]), 2)
    await appendRecords(db, 'ab', deliveredAt([0]), 2)
    await deleteBatch(db, 'a')
    expect(await getBatch(db, 'a')).toBeUndefined()
    expect(await missingIndices(db, 'a', 10)).toHaveLength(10)
    for (const store of ['slots', 'pages', 'summaries'] as const) expect(await db.count(store, batchRange('a'))).toBe(0)
    expect((await getBatch(db, 'ab'))?.done).toBe(1)
    expect(await storedLines(db, 'ab')).toEqual([JSON.stringify(successRecord(0))])
  })
})

describe('batch status is a state machine', () => {
  test('draft → running → paused → running → done stamps finished_at once', async () => {
    await saveBatch(db, batchMeta({ id: 'a' }))
    expect(await updateBatchStatus(db, 'a', 'running', 10)).toMatchObject({ status: 'running', updated_at: 10, finished_at: null })
    await updateBatchStatus(db, 'a', 'paused', 20)
    await updateBatchStatus(db, 'a', 'running', 30)
    expect(await updateBatchStatus(db, 'a', 'done', 40)).toMatchObject({ status: 'done', finished_at: 40 })
    expect(await updateBatchStatus(db, 'a', 'done', 50)).toMatchObject({ updated_at: 50, finished_at: 40 })
    expect(await getBatch(db, 'a')).toMatchObject({ status: 'done', finished_at: 40 })
  })

  test('a change the state machine forbids is refused and nothing changes', async () => {
    await saveBatch(db, batchMeta({ id: 'a' }))
    await expect(updateBatchStatus(db, 'a', 'done', 10)).rejects.toThrow(new BatchStateError('a draft batch cannot become done'))
    await updateBatchStatus(db, 'a', 'running', 20)
    await expect(updateBatchStatus(db, 'a', 'draft', 30)).rejects.toBeInstanceOf(BatchStateError)
    expect(await getBatch(db, 'a')).toMatchObject({ status: 'running', updated_at: 20 })
  })

  test('an imported batch keeps its status', async () => {
    await saveBatch(db, batchMeta({ id: 'a', status: 'done', read_only: true }))
    await expect(updateBatchStatus(db, 'a', 'running', 10)).rejects.toBeInstanceOf(BatchStateError)
  })
})
