import { expect, test } from 'vitest'
import { getBatch, saveBatch } from './batches'
import { exportJsonl } from './jsonl'
import { appendRecords, failedIndices, missingIndices } from './runs'
import { openTestDB } from './test-db'
import { batchMeta, delivered, errorRecord, successRecord } from './test-records'

const TOTAL = 3_000
const CHUNK = 250
// one pending run per thousand, and every tenth run failed
const pending = [7, 1_007, 2_007]
const isFailed = (index: number) => index % 10 === 3

test("Chromium's IndexedDB: append 3,000 records in chunks, find the pending ones, export, reopen", async ({ annotate }) => {
  const t = await openTestDB()
  await saveBatch(t.db, batchMeta({ id: 'big', status: 'running', total_runs: TOTAL }))
  const records = Array.from({ length: TOTAL }, (_, i) => (isFailed(i) ? errorRecord(i) : successRecord(i))).filter((r) => !pending.includes(r.batch_index))
  const chunks = Array.from({ length: Math.ceil(records.length / CHUNK) }, (_, i) => delivered(records.slice(i * CHUNK, (i + 1) * CHUNK)))

  const start = performance.now()
  for (const chunk of chunks) await appendRecords(t.db, 'big', chunk, 1)
  const appendMs = performance.now() - start
  const failed = records.filter((r) => r.status === 'error').length
  expect(await getBatch(t.db, 'big')).toMatchObject({ done: records.length - failed, failed })

  // a resumed batch re-delivers a chunk: the counters must not move
  await appendRecords(t.db, 'big', chunks[3], 2)
  expect(await getBatch(t.db, 'big')).toMatchObject({ done: records.length - failed, failed })

  let mark = performance.now()
  expect(Array.from(await missingIndices(t.db, 'big', TOTAL))).toEqual(pending)
  const missingMs = performance.now() - mark
  expect(await failedIndices(t.db, 'big')).toHaveLength(failed)

  mark = performance.now()
  const exported = await (await exportJsonl(t.db, 'big')).text()
  const exportMs = performance.now() - mark
  const expected = records.map((r) => `${JSON.stringify(r)}\n`).join('')
  expect(exported).toBe(expected)

  const db = await t.reopen()
  expect(await getBatch(db, 'big')).toMatchObject({ done: records.length - failed, failed, updated_at: 2 })
  expect(Array.from(await missingIndices(db, 'big', TOTAL))).toEqual(pending)
  expect(await (await exportJsonl(db, 'big')).text()).toBe(expected)
  await t.remove()

  await annotate(`append ${records.length} in ${chunks.length} chunks: ${appendMs.toFixed(0)} ms; missingIndices: ${missingMs.toFixed(0)} ms; export ${(exported.length / 1e6).toFixed(1)} MB: ${exportMs.toFixed(0)} ms`)
})
