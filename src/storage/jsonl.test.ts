import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { getBatch, saveBatch } from './batches'
import type { PulseDatabase } from './db'
import { exportJsonl, importJsonl, JSONL_TYPE, parseJsonl } from './jsonl'
import { appendRecords, failedIndices, getRun } from './runs'
import { openTestDB } from './test-db'
import { batchMeta, delivered, errorRecord, successRecord } from './test-records'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => ({ db, remove } = await openTestDB()))
afterEach(() => remove())

const line = (record: unknown) => JSON.stringify(record)

describe('export', () => {
  test('is exactly the stored lines in index order, newline-terminated', async () => {
    await saveBatch(db, batchMeta({ id: 'b' }))
    await saveBatch(db, batchMeta({ id: 'b2' }))
    const records = [successRecord(5), errorRecord(0), successRecord(2)]
    await appendRecords(db, 'b', delivered(records), 1)
    await appendRecords(db, 'b2', delivered([successRecord(1)]), 1)
    const blob = await exportJsonl(db, 'b')
    expect(blob.type).toBe(JSONL_TYPE)
    expect(await blob.text()).toBe(`${line(errorRecord(0))}\n${line(successRecord(2))}\n${line(successRecord(5))}\n`)
  })

  test('keeps the line as delivered, byte for byte', async () => {
    await saveBatch(db, batchMeta({ id: 'b' }))
    const legacy = '{"status": "ok", "total": 1, "config": {"x": "é"}, "batch_index": 0}'
    await appendRecords(db, 'b', [{ record: successRecord(0), line: legacy }], 1)
    expect(await (await exportJsonl(db, 'b')).text()).toBe(`${legacy}\n`)
  })

  test('pages through batches larger than one read', async () => {
    await saveBatch(db, batchMeta({ id: 'b', total_runs: 4_500 }))
    const records = Array.from({ length: 4_500 }, (_, i) => errorRecord(i))
    await appendRecords(db, 'b', delivered(records), 1)
    expect(await (await exportJsonl(db, 'b')).text()).toBe(records.map((r) => `${line(r)}\n`).join(''))
  })

  test('of a batch with no runs is empty', async () => {
    expect((await exportJsonl(db, 'none')).size).toBe(0)
  })
})

describe('parsing JSONL', () => {
  test('keeps good lines and names bad ones by line number', () => {
    const text = [
      line(successRecord(0)),
      '',
      '{"status": "complete", "batch_index": 1',
      line(errorRecord(1)),
      '  ',
      line({ ...errorRecord(2), seed: -1 }),
      '[1, 2]',
      line({ ...errorRecord(3), extra: true }),
      line(errorRecord(1)),
      `${line(successRecord(4))}\r`,
      '',
    ].join('\n')
    const { records, problems } = parseJsonl(text)
    expect(records).toEqual([successRecord(0), errorRecord(1), successRecord(4)])
    expect(problems).toEqual([
      { line: 3, message: "invalid JSON at column 40: the text ends too early" },
      { line: 6, message: 'not a run record: seed: must be at least 0' },
      { line: 7, message: 'not a run record: expected object, got a list' },
      { line: 8, message: 'not a run record: extra: unknown key' },
      { line: 9, message: 'batch_index 1 already appears on line 4' },
    ])
  })

  test('an empty file has neither records nor problems', () => {
    expect(parseJsonl('\n\n')).toEqual({ records: [], problems: [] })
  })
})

describe('import', () => {
  test('stores the good records as a finished, read-only batch that exports the same lines', async () => {
    const good = [line(successRecord(0)), line(errorRecord(2)), line(successRecord(1))]
    const text = [good[0], 'not json', good[1], good[2]].join('\n')
    const { batch, problems } = await importJsonl(db, 'imp', 'from the CLI', text, 7_000)
    expect(problems).toEqual([{ line: 2, message: expect.stringMatching(/^invalid JSON/) }])
    expect(batch).toEqual({
      id: 'imp', name: 'from the CLI', source: '', seed: 0, total_runs: 3, status: 'done',
      created_at: 7_000, updated_at: 7_000, finished_at: 7_000, engine_version: '0.1.0', done: 2, failed: 1, read_only: true,
    })
    expect(await getBatch(db, 'imp')).toEqual(batch)
    expect(await failedIndices(db, 'imp')).toEqual([2])
    expect(await (await exportJsonl(db, 'imp')).text()).toBe(`${good[0]}\n${good[2]}\n${good[1]}\n`)
  })

  test('a file with no record stores nothing', async () => {
    const { batch, problems } = await importJsonl(db, 'imp', 'x', 'nope\n', 1)
    expect(batch).toBeNull()
    expect(problems).toHaveLength(1)
    expect(await getBatch(db, 'imp')).toBeUndefined()
  })

  test('an id that is taken is refused and nothing is stored', async () => {
    await saveBatch(db, batchMeta({ id: 'imp' }))
    await expect(importJsonl(db, 'imp', 'x', line(successRecord(0)), 1)).rejects.toThrow()
    expect(await getRun(db, 'imp', 0)).toBeUndefined()
  })
})
