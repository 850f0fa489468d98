import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, test } from 'vitest'
import { getBatch, saveBatch } from './batches'
import { openPulseDB, PULSE_DB_VERSION } from './db'
import { exportJsonl } from './jsonl'
import { appendRecords, listRuns, missingIndices } from './runs'
import { openTestDB } from './test-db'
import { batchMeta, delivered, errorRecord, successRecord } from './test-records'

describe('opening the database', () => {
  test('from nothing, upgrading creates the stores and key paths of the current version', async () => {
    const { db, remove } = await openTestDB()
    expect(db.version).toBe(PULSE_DB_VERSION)
    expect([...db.objectStoreNames]).toEqual(['batches', 'pages', 'slots', 'summaries'])
    const tx = db.transaction(['batches', 'pages', 'slots', 'summaries'])
    expect(tx.objectStore('batches').keyPath).toBe('id')
    expect(tx.objectStore('slots').keyPath).toEqual(['batch_id', 'block'])
    expect(tx.objectStore('pages').keyPath).toEqual(['batch_id', 'page'])
    expect(tx.objectStore('summaries').keyPath).toEqual(['batch_id', 'page'])
    for (const store of ['batches', 'pages', 'slots', 'summaries'] as const) expect([...tx.objectStore(store).indexNames]).toEqual([])
    await remove()
  })

  test('a database left at an older version is upgraded in place, keeping its data', async () => {
    const name = `pulse-test-${crypto.randomUUID()}`
    // version 1's layout, written without openPulseDB, as an older build of the app left it
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('batches', { keyPath: 'id' })
        db.createObjectStore('runs', { keyPath: ['batch_id', 'batch_index'] }).createIndex('by-batch-status', ['batch_id', 'status'])
      },
    })
    await old.put('batches', batchMeta({ id: 'kept' }))
    old.close()
    const db = await openPulseDB(name)
    expect(db.version).toBe(PULSE_DB_VERSION)
    expect(await getBatch(db, 'kept')).toEqual(batchMeta({ id: 'kept' }))
    db.close()
  })

  test('a reload (close, open again) keeps batches, runs, counters and export', async () => {
    const t = await openTestDB()
    await saveBatch(t.db, batchMeta({ id: 'b', status: 'running' }))
    await appendRecords(t.db, 'b', delivered([successRecord(0), errorRecord(3), successRecord(1)]), 9)
    const before = await (await exportJsonl(t.db, 'b')).text()
    const db = await t.reopen()
    expect(await getBatch(db, 'b')).toEqual(batchMeta({ id: 'b', status: 'running', done: 2, failed: 1, updated_at: 9 }))
    expect(Array.from(await missingIndices(db, 'b', 10))).toEqual([2, 4, 5, 6, 7, 8, 9])
    expect((await listRuns(db, 'b', { limit: 10 })).map((s) => s.batch_index)).toEqual([0, 1, 3])
    expect(await (await exportJsonl(db, 'b')).text()).toBe(before)
    await t.remove()
  })
})
