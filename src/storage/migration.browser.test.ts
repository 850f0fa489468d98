import { deleteDB } from 'idb'
import { expect, test } from 'vitest'
import { getBatch, listBatches } from './batches'
import { openPulseDB, PULSE_DB_VERSION } from './db'
import { expectedExport, writeV1Fixture } from './fixtures/v1-database'
import { exportJsonl } from './jsonl'
import { summarizeRecord } from './run-summary'
import { appendRecords, failedIndices, getRun, listRuns, missingIndices, runSummaries } from './runs'
import { delivered, successRecord } from './test-records'

// more than one slot block (4,096 runs)
const LARGE = 5_000

test("Chromium's IndexedDB: a database written by version 1 opens in version 2 with every batch and run", async ({ annotate }) => {
  const name = `pulse-v1-${crypto.randomUUID()}`
  const fixture = await writeV1Fixture(name, { largeRuns: LARGE })
  const start = performance.now()
  const db = await openPulseDB(name)
  const upgradeMs = performance.now() - start
  try {
    expect(db.version).toBe(PULSE_DB_VERSION)
    expect([...db.objectStoreNames]).toEqual(['batches', 'pages', 'slots', 'summaries'])
    expect(await listBatches(db)).toEqual(Object.values(fixture.metas).sort((a, b) => b.created_at - a.created_at))
    for (const id of Object.keys(fixture.metas)) expect(await (await exportJsonl(db, id)).text()).toBe(expectedExport(fixture, id))

    // the large batch: counters, failed runs, a table page past the first slot block, a chart sample, one run
    expect(await getBatch(db, 'large')).toMatchObject({ done: LARGE - LARGE / 10, failed: LARGE / 10 })
    expect(await failedIndices(db, 'large')).toEqual(Array.from({ length: LARGE / 10 }, (_, i) => i * 10 + 3))
    expect((await listRuns(db, 'large', { offset: LARGE - 10, limit: 20 })).map((s) => s.batch_index)).toEqual(Array.from({ length: 10 }, (_, i) => LARGE - 10 + i))
    const sample = await runSummaries(db, 'large', { limit: 100 })
    const sampled = sample.map((s) => s.batch_index)
    expect(sampled).toHaveLength(100)
    expect(sampled).toEqual([...sampled].sort((a, b) => a - b))
    // spread over the whole batch, each the summary of its own run
    expect(sampled[0]).toBe(0)
    expect(sampled[99]).toBeGreaterThan(LARGE * 0.8)
    for (const summary of sample) expect(summary).toEqual(summarizeRecord(fixture.records.large[summary.batch_index]))
    expect((await getRun(db, 'large', 4_321))?.line).toBe(fixture.lines.large[4_321])

    // the paused batch resumes with exactly its pending runs
    const pending = [7, 8, 11, 12, 13, 14, 16, 17, 18, 19]
    expect(Array.from(await missingIndices(db, 'paused', 20))).toEqual(pending)
    await appendRecords(db, 'paused', delivered(pending.map((i) => successRecord(i))), 1_000)
    expect(await getBatch(db, 'paused')).toMatchObject({ done: 19, failed: 1 })
    expect(await missingIndices(db, 'paused', 20)).toEqual(new Uint32Array())
  } finally {
    db.close()
    await deleteDB(name)
  }
  await annotate(`upgrade of ${LARGE + 35} version 1 runs: ${upgradeMs.toFixed(0)} ms`)
})
