import 'fake-indexeddb/auto'
import { deleteDB } from 'idb'
import { describe, expect, test, vi } from 'vitest'
import { getBatch, saveBatch } from '../storage/batches'
import { openPulseDB } from '../storage/db'
import { BatchNotFoundError, BatchStateError, StorageFullError } from '../storage/errors'
import { exportJsonl } from '../storage/jsonl'
import { encodeRuns } from '../storage/run-pages'
import { summarizeRecord } from '../storage/run-summary'
import { appendRecords, listRuns, runSummaries } from '../storage/runs'
import { batchChartData } from '../ui/batch/batch-charts'
import { readRunTable } from '../ui/experiment/run-table'
import { openTestDB, refuseStoringRuns, storedLines } from '../storage/test-db'
import { batchMeta, deliveredAt, successRecord } from '../storage/test-records'
import { createStorageApi } from './storage-api'
import { COMMIT_DEADLINE_MS, lineBuffers, reviveStorageError, StorageClient } from './storage-client'
import { fakeWorker } from './test-fake-worker'
import { PROBE_MS, WorkerCrash } from './worker-client'

const encoded = (indices: number[]) =>
  encodeRuns(indices.map((i) => ({ batch_index: i, line: JSON.stringify(successRecord(i)), summary: summarizeRecord(successRecord(i)) })))

describe('the storage worker', () => {
  test('stores runs in the database named and answers with the batch’s new meta', async () => {
    const { db, name, remove } = await openTestDB()
    await saveBatch(db, batchMeta({ id: 'b', status: 'running', total_runs: 4 }))
    const meta = await createStorageApi().appendEncodedRuns(name, 'b', [encoded([0, 1]), encoded([3])], 9)
    expect(meta).toMatchObject({ id: 'b', done: 3, failed: 0, updated_at: 9 })
    expect(await getBatch(db, 'b')).toEqual(meta)
    expect(await storedLines(db, 'b')).toEqual([0, 1, 3].map((i) => JSON.stringify(successRecord(i))))
    await remove()
  })

  test('says what it is busy with: a commit in flight and its step, nothing once it is done', async () => {
    const { db, name, remove } = await openTestDB()
    await saveBatch(db, batchMeta({ id: 'b', status: 'running', total_runs: 4 }))
    const api = createStorageApi()
    expect(await api.activity()).toBe('nothing')
    const commit = api.appendEncodedRuns(name, 'b', [encoded([0, 1])], 9)
    expect(await api.activity()).toMatch(/^a commit for \d+\.\d s \((opening the database|opening the line files|storing the pages) for \d+\.\d s\)$/)
    await commit
    expect(await api.activity()).toBe('nothing')
    await remove()
  })

  test('a full disk fails the call whole and stores nothing', async () => {
    const { db, name, remove } = await openTestDB()
    await saveBatch(db, batchMeta({ id: 'b', status: 'running', total_runs: 4 }))
    // fake-indexeddb's stores are shared by every connection to a database: the worker's refuses too
    refuseStoringRuns(db)
    await expect(createStorageApi().appendEncodedRuns(name, 'b', [encoded([0])], 1)).rejects.toBeInstanceOf(StorageFullError)
    vi.restoreAllMocks()
    expect(await getBatch(db, 'b')).toMatchObject({ done: 0 })
    expect(await storedLines(db, 'b')).toEqual([])
    await remove()
  })

  test('chart samples are made from the storage sample of the database named, read again after that database was deleted and made anew', async () => {
    const first = await openTestDB()
    await saveBatch(first.db, batchMeta({ id: 'b', status: 'running', total_runs: 600 }))
    for (let page = 0; page < 60; page++) await appendRecords(first.db, 'b', deliveredAt(Array.from({ length: 10 }, (_, k) => page * 10 + k)), 1)
    const api = createStorageApi()
    const charts = await api.sampleCharts(first.name, 'b', 50)
    expect(charts).toMatchObject({ sampled: 50, completed: 50 })
    expect(charts).toEqual(batchChartData(await runSummaries(first.db, 'b', { limit: 50 })))
    // deleting the database asks the worker's connection to close; the next call opens a new one
    await first.remove()
    const again = await openPulseDB(first.name)
    await saveBatch(again, batchMeta({ id: 'b', status: 'running', total_runs: 3 }))
    await appendRecords(again, 'b', deliveredAt([0, 1, 2]), 1)
    expect(await api.sampleCharts(first.name, 'b', 50)).toMatchObject({ sampled: 3, completed: 3 })
    again.close()
    await deleteDB(first.name)
  })

  test('exports the batch of the database named: every stored line once, in index order, as the page would', async () => {
    const { db, name, remove } = await openTestDB()
    await saveBatch(db, batchMeta({ id: 'b', status: 'running', total_runs: 700 }))
    // stored out of order across pages, and run 5 stored twice: it is written once
    await appendRecords(db, 'b', deliveredAt([...Array.from({ length: 300 }, (_, i) => 699 - i), 5]), 1)
    await appendRecords(db, 'b', deliveredAt(Array.from({ length: 400 }, (_, i) => i)), 2)
    const file = await createStorageApi().exportJsonl(name, 'b')
    expect(file.type).toBe('application/x-ndjson')
    expect(await file.text()).toBe(Array.from({ length: 700 }, (_, i) => `${JSON.stringify(successRecord(i))}\n`).join(''))
    expect(await file.text()).toBe(await (await exportJsonl(db, 'b')).text())
    await remove()
  })

  test('reads a run table of the database named: every run up to the cap, an even sample beyond, as the page would', async () => {
    const { db, name, remove } = await openTestDB()
    await saveBatch(db, batchMeta({ id: 'b', status: 'running', total_runs: 300 }))
    await appendRecords(db, 'b', deliveredAt(Array.from({ length: 300 }, (_, i) => i)), 1)
    const reader = { page: (offset: number, limit: number) => listRuns(db, 'b', { offset, limit }), sample: (limit: number) => runSummaries(db, 'b', { limit }) }
    for (const cap of [1000, 100]) {
      const { columns, complete } = await createStorageApi().runTable(name, 'b', 300, cap)
      const expected = await readRunTable(reader, 300, { cap })
      expect(complete).toBe(expected.complete)
      expect(columns).toEqual(expected.table.toColumns())
      expect(columns.batchIndex).toHaveLength(cap === 1000 ? 300 : 100)
    }
    await remove()
  })
})

describe('storage errors from the worker', () => {
  // what an error looks like after crossing a worker: a plain Error with the thrower's name and message
  const crossed = (error: Error) => Object.assign(new Error(error.message), { name: error.name })

  test('come back as the classes the runner checks for, with their messages', () => {
    const full = reviveStorageError(crossed(new StorageFullError()), 'b')
    expect(full).toBeInstanceOf(StorageFullError)
    expect((full as Error).message).toBe(new StorageFullError().message)
    expect(reviveStorageError(crossed(new BatchNotFoundError('b')), 'b')).toEqual(new BatchNotFoundError('b'))
    const state = reviveStorageError(crossed(new BatchStateError('batch "b" is read-only')), 'b')
    expect(state).toBeInstanceOf(BatchStateError)
    expect((state as Error).message).toBe('batch "b" is read-only')
    const other = new TypeError('x')
    expect(reviveStorageError(other, 'b')).toBe(other)
    expect(reviveStorageError('text', 'b')).toBe('text')
  })

  test('transfers the buffers of lines that fill their own, once each, and never a Blob or a view into a larger buffer', () => {
    const own = encoded([0])
    const shared = new Uint8Array(8)
    const view = { ...encoded([1]), lines: shared.subarray(0, 4) }
    const blob = { ...encoded([2]), lines: new Blob(['x\n']) }
    expect(lineBuffers([own, own, view, blob])).toEqual([(own.lines as Uint8Array).buffer])
  })

  test('a commit the storage worker does not answer fails after COMMIT_DEADLINE_MS and the worker is replaced', async () => {
    vi.useFakeTimers()
    try {
      const stuck = fakeWorker(false)
      const client = new StorageClient('db', () => stuck.worker)
      const commit = client.appendEncodedRuns('b', [encoded([0])], 1)
      const failed = expect(commit).rejects.toThrow(new WorkerCrash(`the storage worker did not answer within 60 s; asked what it was doing, it did not answer within ${PROBE_MS / 1000} s either: its thread was held`))
      await vi.advanceTimersByTimeAsync(COMMIT_DEADLINE_MS - 1)
      expect(stuck.terminated()).toBe(false)
      // at the deadline it is asked what it is doing, and given PROBE_MS to say
      await vi.advanceTimersByTimeAsync(1 + PROBE_MS)
      await failed
      expect(stuck.terminated()).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})
