import { afterEach, beforeEach, expect, test } from 'vitest'
import { deleteBatch, getBatch, saveBatch } from '../storage/batches'
import type { RunPage } from '../storage/db'
import { BatchNotFoundError } from '../storage/errors'
import { exportJsonl } from '../storage/jsonl'
import { encodeRuns } from '../storage/run-pages'
import { summarizeRecord } from '../storage/run-summary'
import { appendRecords, deleteRuns, getRun } from '../storage/runs'
import { openTestDB } from '../storage/test-db'
import { batchMeta, deliveredAt, errorRecord, successRecord } from '../storage/test-records'
import { StorageClient } from './storage-client'

// Lines stored through the real storage worker (a dedicated worker, so it can write OPFS files synchronously) go to
// line files; everything that reads lines on the page (export, getRun) and deletion must work with them, and with
// pages stored as Blobs before (or on this thread) in the same batch.

let t: Awaited<ReturnType<typeof openTestDB>>
let client: StorageClient
beforeEach(async () => {
  t = await openTestDB()
  client = new StorageClient(t.name)
})
afterEach(async () => {
  client.terminate()
  await t.remove()
})

const line = (index: number) => JSON.stringify(index % 7 === 3 ? errorRecord(index) : successRecord(index))
const encoded = (indices: number[]) =>
  encodeRuns(indices.map((index) => {
    const record = index % 7 === 3 ? errorRecord(index) : successRecord(index)
    return { batch_index: index, line: JSON.stringify(record), summary: summarizeRecord(record) }
  }))

async function lineFiles(batchId: string): Promise<string[]> {
  const root = await navigator.storage.getDirectory()
  try {
    const directory = await (await (await root.getDirectoryHandle('pulse-lines')).getDirectoryHandle(encodeURIComponent(t.name))).getDirectoryHandle(encodeURIComponent(batchId))
    const names: string[] = []
    for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name)
    return names
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') return []
    throw error
  }
}

async function pages(batchId: string): Promise<RunPage[]> {
  return (await t.db.getAll('pages')).filter((page) => page.batch_id === batchId)
}

test('the storage worker writes a commit’s lines to one line file; export, getRun and deletion read and remove it', async () => {
  await saveBatch(t.db, batchMeta({ id: 'b b', status: 'running', total_runs: 40 }))
  // two commits, deliveries out of order and one run delivered twice (the later copy counts)
  await client.appendEncodedRuns('b b', [encoded([10, 11, 12]), encoded([0, 1, 2, 3])], 1)
  await client.appendEncodedRuns('b b', [encoded([4, 5]), encoded([2]), encoded([20, 21])], 2)
  expect(await getBatch(t.db, 'b b')).toMatchObject({ done: 9, failed: 2 })

  const stored = await pages('b b')
  expect(stored.length).toBeGreaterThan(0)
  for (const page of stored) expect(page.lines).not.toBeInstanceOf(Blob)
  const files = await lineFiles('b b')
  expect(files).toHaveLength(2)
  expect(new Set(stored.map((page) => (page.lines as { file: string }).file))).toEqual(new Set(files))

  const indices = [0, 1, 2, 3, 4, 5, 10, 11, 12, 20, 21]
  const expected = indices.map((index) => `${line(index)}\n`).join('')
  expect(await (await exportJsonl(t.db, 'b b')).text()).toBe(expected)
  expect(await (await client.exportJsonl('b b')).text()).toBe(expected)
  expect((await getRun(t.db, 'b b', 11))?.line).toBe(line(11))
  expect((await getRun(t.db, 'b b', 3))?.status).toBe('failed')

  // a failed run deleted to be retried: the rest still export
  await deleteRuns(t.db, 'b b', [3], 3)
  expect(await (await exportJsonl(t.db, 'b b')).text()).toBe(indices.filter((index) => index !== 3).map((index) => `${line(index)}\n`).join(''))

  await deleteBatch(t.db, 'b b')
  expect(await lineFiles('b b')).toEqual([])
})

test('a batch with pages stored as Blobs and pages in line files exports them together in index order', async () => {
  await saveBatch(t.db, batchMeta({ id: 'mixed', status: 'running', total_runs: 30 }))
  await appendRecords(t.db, 'mixed', deliveredAt([1, 3, 5]), 1)
  await client.appendEncodedRuns('mixed', [encoded([0, 2, 4]), encoded([6])], 2)
  // stored again through the worker: the file's copy counts
  await client.appendEncodedRuns('mixed', [encoded([3])], 3)
  const stored = await pages('mixed')
  expect(stored.filter((page) => page.lines instanceof Blob)).toHaveLength(1)
  const expected = [0, 1, 2, 3, 4, 5, 6].map((index) => `${index === 1 || index === 5 ? JSON.stringify(successRecord(index)) : line(index)}\n`).join('')
  expect(await (await client.exportJsonl('mixed')).text()).toBe(expected)
  expect((await getRun(t.db, 'mixed', 5))?.line).toBe(JSON.stringify(successRecord(5)))
  expect((await getRun(t.db, 'mixed', 6))?.line).toBe(line(6))
})

test('a commit that fails leaves no line file behind, and what was stored stays', async () => {
  await saveBatch(t.db, batchMeta({ id: 'kept', status: 'running', total_runs: 10 }))
  await client.appendEncodedRuns('kept', [encoded([0, 1])], 1)
  await expect(client.appendEncodedRuns('gone', [encoded([0])], 2)).rejects.toBeInstanceOf(BatchNotFoundError)
  expect(await lineFiles('gone')).toEqual([])
  // a run outside the batch fails its transaction after the file was written
  await expect(client.appendEncodedRuns('kept', [encoded([2]), encoded([10])], 3)).rejects.toThrow(/outside batch/)
  expect(await lineFiles('kept')).toHaveLength(1)
  expect(await (await exportJsonl(t.db, 'kept')).text()).toBe(`${line(0)}\n${line(1)}\n`)
})

test('the storage worker deletes, before its first commit, the line files of batches that are gone', async () => {
  const root = await navigator.storage.getDirectory()
  const database = await (await root.getDirectoryHandle('pulse-lines', { create: true })).getDirectoryHandle(encodeURIComponent(t.name), { create: true })
  for (const id of ['ghost', 'kept']) await (await database.getDirectoryHandle(id, { create: true })).getFileHandle('stray', { create: true })
  await saveBatch(t.db, batchMeta({ id: 'kept', status: 'running', total_runs: 10 }))
  await client.appendEncodedRuns('kept', [encoded([0])], 1)
  expect(await lineFiles('ghost')).toEqual([])
  expect(await lineFiles('kept')).toHaveLength(2)
})
