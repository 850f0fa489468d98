import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { RunRecord } from '../schema/run-record'
import { getBatch, saveBatch } from './batches'
import { batchRange, type PulseDatabase } from './db'
import { BatchNotFoundError, BatchStateError, StorageFullError } from './errors'
import { exportJsonl } from './jsonl'
import { LineFileStalled, type LineFileWriter } from './line-files'
import { encodeRuns, PAGE_RUNS } from './run-pages'
import { BLOCK_RUNS } from './run-slots'
import { summarizeRecord } from './run-summary'
import { appendEncodedRuns, appendRecords, appendStoredRuns, deleteRuns, failedIndices, getRun, listRuns, missingIndices, runSummaries } from './runs'
import { countStoredRuns, openTestDB, refuseStoringRuns, storedLines } from './test-db'
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

const stored = () => countStoredRuns(db, 'b')
const line = (record: unknown) => JSON.stringify(record)

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
    expect(await stored()).toBe(0)
    expect(await counters()).toEqual({ done: 0, failed: 0 })
  })

  test('an unknown batch or an imported one cannot take records', async () => {
    await expect(appendRecords(db, 'nope', deliveredAt([0]), 1)).rejects.toBeInstanceOf(BatchNotFoundError)
    await saveBatch(db, batchMeta({ id: 'imported', status: 'done', read_only: true }))
    await expect(appendRecords(db, 'imported', deliveredAt([0]), 1)).rejects.toBeInstanceOf(BatchStateError)
    expect(await stored()).toBe(0)
  })

  test('deleting failed runs makes them pending again and uncounts them', async () => {
    await appendRecords(db, 'b', delivered([successRecord(0), errorRecord(1), errorRecord(2)]), 1)
    expect(await deleteRuns(db, 'b', await failedIndices(db, 'b'), 2)).toMatchObject({ done: 1, failed: 0, updated_at: 2 })
    expect(Array.from(await missingIndices(db, 'b', 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
  test('a summary made of proxies (Svelte state) is stored as plain data', async () => {
    const record = successRecord(2)
    const overlays = new Proxy({ hope: 0.5, despair: 0.25 }, {})
    await appendRecords(db, 'b', [{ record: { ...record, final_state: { ...record.final_state, overlays } }, line: '{}' }], 1)
    expect((await getRun(db, 'b', 2))?.summary.final_overlays).toEqual({ hope: 0.5, despair: 0.25 })
  })
})

describe('a full disk', () => {
  test('a refused page aborts the whole append, earlier pages of it too, and surfaces as StorageFullError', async () => {
    await saveBatch(db, batchMeta({ id: 'big', status: 'running', total_runs: 1_000 }))
    await appendRecords(db, 'big', deliveredAt([0]), 1)
    // 600 runs make three pages: the third is refused
    refuseStoringRuns(db, { nth: 3 })
    await expect(appendRecords(db, 'big', deliveredAt(Array.from({ length: 600 }, (_, i) => i + 1)), 2)).rejects.toBeInstanceOf(StorageFullError)
    vi.restoreAllMocks()
    expect(await countStoredRuns(db, 'big')).toBe(1)
    expect(await db.count('pages', batchRange('big'))).toBe(1)
    expect(await getBatch(db, 'big')).toMatchObject({ done: 1, updated_at: 1 })
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

  test('failed indices come from the slots, ascending', async () => {
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

  test('a sample of a large batch reads few pages: runs spread within pages spread over the batch', async () => {
    await saveBatch(db, batchMeta({ id: 'wide', status: 'running', total_runs: 64 * 8 }))
    // 64 deliveries of 8 runs, as workers deliver chunks: a page each
    for (let page = 0; page < 64; page++) await appendRecords(db, 'wide', deliveredAt(Array.from({ length: 8 }, (_, k) => page * 8 + k)), 1)
    expect(await db.count('pages', batchRange('wide'))).toBe(64)
    const sample = (await runSummaries(db, 'wide', { limit: 32 })).map((s) => s.batch_index)
    expect(sample).toHaveLength(32)
    expect(sample).toEqual([...sample].sort((a, b) => a - b))
    const pagesRead = [...new Set(sample.map((index) => Math.floor(index / 8)))]
    expect(pagesRead).toEqual([0, 16, 32, 48])
    // 128 of the 512 runs: every fourth page, all the way to the end of the batch
    const larger = await runSummaries(db, 'wide', { limit: 128 })
    expect(new Set(larger.map((s) => Math.floor(s.batch_index / 8))).size).toBe(16)
    expect(larger.at(-1)?.batch_index).toBeGreaterThan(450)
  })

  test('a sample reads only the slot blocks of the pages it chooses, never every block of the batch', async () => {
    // 64 pages of 8 runs, each page in a slot block of its own
    await saveBatch(db, batchMeta({ id: 'sparse', status: 'running', total_runs: 64 * BLOCK_RUNS }))
    for (let page = 0; page < 64; page++) await appendRecords(db, 'sparse', deliveredAt(Array.from({ length: 8 }, (_, k) => page * BLOCK_RUNS + k)), 1)
    const get = vi.spyOn(IDBObjectStore.prototype, 'get')
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll')
    const slotReads = (spy: typeof get | typeof getAll) => spy.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'slots').length
    const sample = await runSummaries(db, 'sparse', { limit: 32 })
    expect(sample.map((s) => s.batch_index)).toEqual([0, 16, 32, 48].flatMap((block) => Array.from({ length: 8 }, (_, k) => block * BLOCK_RUNS + k)))
    expect(slotReads(get)).toBe(4)
    expect(slotReads(getAll)).toBe(0)
  })

  test('a sample holds only the copies that count, each run once, and never falls short while runs remain', async () => {
    await saveBatch(db, batchMeta({ id: 'wide', status: 'running', total_runs: 64 * 8 }))
    for (let page = 0; page < 64; page++) await appendRecords(db, 'wide', deliveredAt(Array.from({ length: 8 }, (_, k) => page * 8 + k)), 1)
    // every even page keeps one run of its own: its other seven are stored again, failed, on a page of their own
    const again = Array.from({ length: 512 }, (_, i) => i).filter((i) => Math.floor(i / 8) % 2 === 0 && i % 8 !== 0)
    await appendRecords(db, 'wide', delivered(again.map(errorRecord)), 2)
    const status = new Map((await listRuns(db, 'wide', { limit: 512 })).map((s) => [s.batch_index, s.status]))
    for (const limit of [1, 5, 32, 100, 300, 511]) {
      const sample = await runSummaries(db, 'wide', { limit })
      const indices = sample.map((s) => s.batch_index)
      expect(indices).toHaveLength(limit)
      expect(indices).toEqual([...new Set(indices)].sort((a, b) => a - b))
      for (const summary of sample) expect(summary.status).toBe(status.get(summary.batch_index))
    }
    expect(await runSummaries(db, 'wide', { limit: 512 })).toHaveLength(512)
  })

  test('no sample of a batch with no stored run, or of no batch', async () => {
    await saveBatch(db, batchMeta({ id: 'empty', status: 'running', total_runs: 10 }))
    expect(await runSummaries(db, 'empty', { limit: 10 })).toEqual([])
    expect(await runSummaries(db, 'nowhere', { limit: 10 })).toEqual([])
  })
})

describe('runs on pages', () => {
  const pages = () => db.count('pages', batchRange('b'))

  test('a run stored again is read, listed and exported as its new copy; the page it left keeps its other runs', async () => {
    await appendRecords(db, 'b', deliveredAt([0, 1, 2, 3]), 1)
    await appendRecords(db, 'b', [{ record: errorRecord(2), line: line(errorRecord(2)) }], 2)
    expect(await pages()).toBe(2)
    expect(await getRun(db, 'b', 2)).toMatchObject({ status: 'failed', line: line(errorRecord(2)) })
    expect(await getRun(db, 'b', 1)).toMatchObject({ status: 'done', line: line(successRecord(1)) })
    expect((await listRuns(db, 'b', { limit: 10 })).map((s) => s.status)).toEqual(['done', 'done', 'failed', 'done'])
    expect(await storedLines(db, 'b')).toEqual([successRecord(0), successRecord(1), errorRecord(2), successRecord(3)].map(line))
  })

  test('a page whose runs were all stored again or deleted is deleted with its summaries', async () => {
    await appendRecords(db, 'b', deliveredAt([0, 1]), 1)
    await appendRecords(db, 'b', deliveredAt([2, 3]), 1)
    await appendRecords(db, 'b', deliveredAt([0]), 2)
    expect(await pages()).toBe(3)
    await deleteRuns(db, 'b', [1], 3)
    expect(await pages()).toBe(2)
    expect(await db.count('summaries', batchRange('b'))).toBe(2)
    await appendRecords(db, 'b', deliveredAt([2, 3, 4]), 4)
    expect(await pages()).toBe(2)
    expect(await storedLines(db, 'b')).toEqual([0, 2, 3, 4].map((i) => line(successRecord(i))))
    expect(await getBatch(db, 'b')).toMatchObject({ done: 4, failed: 0 })
  })

  test('a large delivery spans pages and slot blocks, and reads back in order', { timeout: 30_000 }, async () => {
    const total = BLOCK_RUNS + 1_000
    await saveBatch(db, batchMeta({ id: 'big', status: 'running', total_runs: total }))
    const indices = Array.from({ length: total }, (_, i) => i).filter((i) => i % 1_000 !== 7)
    await appendRecords(db, 'big', delivered(indices.map((i) => (i % 100 === 3 ? errorRecord(i) : successRecord(i)))), 1)
    expect(await db.count('pages', batchRange('big'))).toBe(Math.ceil(indices.length / PAGE_RUNS))
    expect(await db.count('slots', batchRange('big'))).toBe(2)
    expect(Array.from(await missingIndices(db, 'big', total))).toEqual([7, 1007, 2007, 3007, 4007, 5007])
    expect(await failedIndices(db, 'big')).toEqual(indices.filter((i) => i % 100 === 3))
    // 4,090 stored runs come first: 0 to 4094 less 7, 1007, 2007, 3007 and 4007
    const page = await listRuns(db, 'big', { offset: 4_090, limit: 10 })
    expect(page.map((s) => s.batch_index)).toEqual([4095, 4096, 4097, 4098, 4099, 4100, 4101, 4102, 4103, 4104])
    expect(page[9]).toEqual(summarizeRecord(successRecord(4104)))
    expect((await listRuns(db, 'big', { offset: 40, limit: 2, status: 'failed' })).map((s) => s.batch_index)).toEqual([4003, 4103])
    const sample = await runSummaries(db, 'big', { limit: 100 })
    expect(sample).toHaveLength(100)
    expect(sample[0].batch_index).toBe(0)
    expect((await getRun(db, 'big', 5_000))?.line).toBe(line(successRecord(5_000)))
    expect(await (await exportJsonl(db, 'big')).text()).toBe(indices.map((i) => `${line(i % 100 === 3 ? errorRecord(i) : successRecord(i))}\n`).join(''))
  })

  test('runs delivered already encoded (by a worker, as bytes or a Blob) are stored like any others', async () => {
    const encode = (indices: number[]) => encodeRuns(indices.map((i) => ({ batch_index: i, line: line(successRecord(i)), summary: summarizeRecord(successRecord(i)) })))
    const bytes = encode([0, 1])
    await appendEncodedRuns(db, 'b', [{ ...bytes, lines: new Blob([bytes.lines]) }, encode([3, 2])], 1)
    expect(await getBatch(db, 'b')).toMatchObject({ done: 4 })
    expect(await storedLines(db, 'b')).toEqual([0, 1, 2, 3].map((i) => line(successRecord(i))))
  })

  test('stored runs must belong to the batch they are stored in', async () => {
    const run = { batch_id: 'other', batch_index: 0, status: 'done' as const, seed: 1, line: '{}', summary: summarizeRecord(successRecord(0)) }
    await expect(appendStoredRuns(db, 'b', [run], 1)).rejects.toBeInstanceOf(RangeError)
    expect(await stored()).toBe(0)
  })
})

describe('runs whose lines go to a line file', () => {
  // a writer that keeps files in memory: the browser tests use OPFS itself (storage-client.browser.test.ts)
  function memoryWriter(fail?: Error) {
    const files = new Map<string, Uint8Array[]>()
    let made = 0
    const writer: LineFileWriter = {
      write(batchId, parts) {
        if (fail) return Promise.reject(fail)
        const file = `${batchId}-${made++}`
        files.set(file, [...parts])
        let at = 0
        return Promise.resolve(parts.map((part) => ({ file, start: (at += part.byteLength) - part.byteLength, bytes: part.byteLength })))
      },
      remove(_batchId, file) {
        files.delete(file)
        return Promise.resolve()
      },
    }
    return { writer, files }
  }
  const encode = (indices: number[]) => encodeRuns(indices.map((i) => ({ batch_index: i, line: line(successRecord(i)), summary: summarizeRecord(successRecord(i)) })))

  test('a commit writes one file for all its pages, and the pages say where their lines are in it', async () => {
    const { writer, files } = memoryWriter()
    await appendEncodedRuns(db, 'b', [encode([4, 5]), encode([0, 1])], 1, writer)
    expect(files.size).toBe(1)
    const pages = await db.getAll('pages', batchRange('b'))
    expect(pages.map((page) => page.lines)).toEqual([
      { file: 'b-0', start: 0, bytes: pages[0].ends[1] },
      { file: 'b-0', start: pages[0].ends[1], bytes: pages[1].ends[1] },
    ])
    expect(new TextDecoder().decode(files.get('b-0')?.[1])).toBe(`${line(successRecord(0))}\n${line(successRecord(1))}\n`)
  })

  test('a transaction that fails deletes its file; a full disk while writing is a StorageFullError and stores nothing', async () => {
    const { writer, files } = memoryWriter()
    await expect(appendEncodedRuns(db, 'missing', [encode([0])], 1, writer)).rejects.toBeInstanceOf(BatchNotFoundError)
    expect(files.size).toBe(0)
    const full = memoryWriter(new DOMException('no room', 'QuotaExceededError'))
    await expect(appendEncodedRuns(db, 'b', [encode([0])], 1, full.writer)).rejects.toBeInstanceOf(StorageFullError)
    expect(await stored()).toBe(0)
  })

  test('a commit whose line file does not open in time stores its lines as Blobs, as where there is no OPFS', async () => {
    const { writer } = memoryWriter()
    await appendEncodedRuns(db, 'b', [encode([0, 1])], 1, writer)
    const stalled = memoryWriter(new LineFileStalled('a line file did not open within 10 s'))
    expect(await appendEncodedRuns(db, 'b', [encode([2, 3])], 2, stalled.writer)).toMatchObject({ done: 4 })
    const pages = await db.getAll('pages', batchRange('b'))
    expect(pages.map((page) => page.lines instanceof Blob)).toEqual([false, true])
    expect(await (pages[1].lines as Blob).text()).toBe(`${line(successRecord(2))}\n${line(successRecord(3))}\n`)
  })

  test('a delivery whose lines are a Blob is written to the file too', async () => {
    const { writer, files } = memoryWriter()
    const bytes = encode([2])
    await appendEncodedRuns(db, 'b', [{ ...bytes, lines: new Blob([bytes.lines]) }], 1, writer)
    expect(new TextDecoder().decode(files.get('b-0')?.[0])).toBe(`${line(successRecord(2))}\n`)
  })
})
