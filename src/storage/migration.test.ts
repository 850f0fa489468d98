import 'fake-indexeddb/auto'
import { deleteDB, openDB } from 'idb'
import { afterEach, describe, expect, test } from 'vitest'
import { getBatch, listBatches, updateBatchStatus } from './batches'
import { openPulseDB, PULSE_DB_VERSION, type PulseDatabase } from './db'
import { DatabaseUpgradeError } from './errors'
import { appendRecordsV1, expectedExport, openV1Database, saveBatchV1, type V1Fixture, writeV1Fixture } from './fixtures/v1-database'
import { exportJsonl } from './jsonl'
import { summarizeRecord } from './run-summary'
import { appendRecords, deleteRuns, failedIndices, getRun, listRuns, missingIndices, runSummaries } from './runs'
import { batchMeta, delivered, successRecord } from './test-records'

const names: string[] = []
afterEach(async () => {
  for (const name of names.splice(0)) await deleteDB(name)
})

async function migrated(): Promise<{ db: PulseDatabase; fixture: V1Fixture; name: string }> {
  const name = `pulse-v1-${crypto.randomUUID()}`
  names.push(name)
  const fixture = await writeV1Fixture(name)
  return { db: await openPulseDB(name), fixture, name }
}

describe('a database written by version 1 opens in version 2', () => {
  test('the runs store becomes pages, summaries and slots', async () => {
    const { db } = await migrated()
    expect(db.version).toBe(PULSE_DB_VERSION)
    expect([...db.objectStoreNames]).toEqual(['batches', 'pages', 'slots', 'summaries'])
    db.close()
  })

  test('every batch is listed with its meta and counters unchanged', async () => {
    const { db, fixture } = await migrated()
    expect(await listBatches(db)).toEqual(Object.values(fixture.metas).sort((a, b) => b.created_at - a.created_at))
    expect(await getBatch(db, 'finished')).toMatchObject({ status: 'done', done: 10, failed: 2 })
    expect(await getBatch(db, 'paused')).toMatchObject({ status: 'paused', done: 9, failed: 1 })
    db.close()
  })

  test('each batch exports exactly the lines version 1 stored, in index order', async () => {
    const { db, fixture } = await migrated()
    for (const id of Object.keys(fixture.metas)) expect(await (await exportJsonl(db, id)).text()).toBe(expectedExport(fixture, id))
    db.close()
  })

  test('each run reads back with its line and summary', async () => {
    const { db, fixture } = await migrated()
    for (const [id, lines] of Object.entries(fixture.lines)) {
      for (const [index, line] of Object.entries(lines)) {
        const record = fixture.records[id][Number(index)]
        expect(await getRun(db, id, Number(index))).toEqual({
          batch_id: id, batch_index: Number(index), status: record.status === 'complete' ? 'done' : 'failed', seed: record.seed, line, summary: summarizeRecord(record),
        })
      }
    }
    expect(await getRun(db, 'paused', 7)).toBeUndefined()
    expect((await listRuns(db, 'finished', { limit: 20, status: 'failed' })).map((s) => s.batch_index)).toEqual([3, 8])
    expect(await runSummaries(db, 'finished', { limit: 100 })).toEqual(Object.values(fixture.records.finished).map(summarizeRecord))
    db.close()
  })

  test('a paused batch resumes where it stopped: its pending runs, and nothing twice', async () => {
    const { db } = await migrated()
    const pending = [7, 8, 11, 12, 13, 14, 16, 17, 18, 19]
    expect(Array.from(await missingIndices(db, 'paused', 20))).toEqual(pending)
    expect(await failedIndices(db, 'paused')).toEqual([4])
    await updateBatchStatus(db, 'paused', 'running', 1_000)
    await appendRecords(db, 'paused', delivered(pending.map((i) => successRecord(i))), 1_001)
    await deleteRuns(db, 'paused', [4], 1_002)
    await appendRecords(db, 'paused', delivered([successRecord(4)]), 1_003)
    expect(await updateBatchStatus(db, 'paused', 'done', 1_004)).toMatchObject({ done: 20, failed: 0 })
    expect(await missingIndices(db, 'paused', 20)).toEqual(new Uint32Array())
    expect(await (await exportJsonl(db, 'paused')).text()).toBe(Array.from({ length: 20 }, (_, i) => `${JSON.stringify(successRecord(i))}\n`).join(''))
    db.close()
  })

  test('a batch continued after the upgrade keeps its old runs next to the new ones', async () => {
    const { db, fixture } = await migrated()
    await appendRecords(db, 'finished', delivered([successRecord(3)]), 2_000)
    expect(await getBatch(db, 'finished')).toMatchObject({ done: 11, failed: 1 })
    const lines = { ...fixture.lines.finished, 3: JSON.stringify(successRecord(3)) }
    expect(await (await exportJsonl(db, 'finished')).text()).toBe(Object.values(lines).map((line) => `${line}\n`).join(''))
    db.close()
  })

  test('an empty version 1 database upgrades too', async () => {
    const name = `pulse-v1-${crypto.randomUUID()}`
    names.push(name)
    ;(await openV1Database(name)).close()
    const db = await openPulseDB(name)
    expect(await listBatches(db)).toEqual([])
    db.close()
  })

  test('a run version 1 could not have written stops the upgrade, and leaves the database as it was', async () => {
    const name = `pulse-v1-${crypto.randomUUID()}`
    names.push(name)
    const v1 = await openV1Database(name)
    await saveBatchV1(v1, batchMeta({ id: 'b', status: 'running' }))
    await appendRecordsV1(v1, 'b', delivered([successRecord(0)]), 1)
    await v1.put('runs', { batch_id: 'b', batch_index: 1, line: 42 } as never)
    v1.close()
    await expect(openPulseDB(name)).rejects.toBeInstanceOf(DatabaseUpgradeError)
    const still = await openDB(name)
    expect(still.version).toBe(1)
    expect([...still.objectStoreNames]).toEqual(['batches', 'runs'])
    expect(await still.count('runs')).toBe(2)
    still.close()
  })
})
