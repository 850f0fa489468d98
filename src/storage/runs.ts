import type { RunRecord } from '../schema/run-record'
import { BatchMeta } from './batch-meta'
import { requireBatch, requireWritable } from './batches'
import { batchRange, type PulseDatabase, type StoredRun, writeTransaction } from './db'
import { type RunSummary, type StoredRunStatus, storedRunStatus, summarizeRecord } from './run-summary'

/** A finished run as the worker delivers it: the record and the exact JSONL line it was written as. */
export interface DeliveredRecord {
  record: RunRecord
  line: string
}

/** The stored form of a record. */
export function toStoredRun(batchId: string, record: RunRecord, line: string): StoredRun {
  return { batch_id: batchId, batch_index: record.batch_index, status: storedRunStatus(record), seed: record.seed, line, summary: summarizeRecord(record) }
}

/** Stores finished runs and updates the batch's counters in one transaction; re-delivered runs replace, never double-count. */
export function appendRecords(db: PulseDatabase, batchId: string, records: readonly DeliveredRecord[], now: number): Promise<BatchMeta> {
  return changeRuns(db, batchId, records.map(({ record, line }) => ({ batchIndex: record.batch_index, run: toStoredRun(batchId, record, line) })), now)
}

/** Stores runs already in their stored form (the lab's workers summarize records off the main thread); same guarantees as appendRecords. */
export async function appendStoredRuns(db: PulseDatabase, batchId: string, runs: readonly StoredRun[], now: number): Promise<BatchMeta> {
  const stranger = runs.find((run) => run.batch_id !== batchId)
  if (stranger) throw new RangeError(`run ${stranger.batch_index} belongs to batch ${JSON.stringify(stranger.batch_id)}, not ${JSON.stringify(batchId)}`)
  return changeRuns(db, batchId, runs.map((run) => ({ batchIndex: run.batch_index, run })), now)
}

/** Deletes the given runs (e.g. failed ones, to retry them: they become pending) and updates the counters. */
export function deleteRuns(db: PulseDatabase, batchId: string, indices: Iterable<number>, now: number): Promise<BatchMeta> {
  return changeRuns(db, batchId, Array.from(indices, (batchIndex) => ({ batchIndex, run: null })), now)
}

interface RunChange {
  batchIndex: number
  run: StoredRun | null
}

// counters are kept equal to the stored runs by reading what each key held before writing it, in the same transaction
async function changeRuns(db: PulseDatabase, batchId: string, changes: readonly RunChange[], now: number): Promise<BatchMeta> {
  // one change per index (the last wins), or a run delivered twice in one call would be counted twice
  const byIndex = [...new Map(changes.map((change) => [change.batchIndex, change])).values()]
  const invalid = byIndex.find(({ batchIndex }) => !Number.isInteger(batchIndex) || batchIndex < 0)
  if (invalid) throw new RangeError(`run index ${invalid.batchIndex} is not a whole number ≥ 0`)
  return writeTransaction(db, ['batches', 'runs'], async (tx) => {
    const batches = tx.objectStore('batches')
    const runs = tx.objectStore('runs')
    const [meta, ...before] = await Promise.all([
      requireBatch(batches, batchId),
      ...byIndex.map((change) => runs.get([batchId, change.batchIndex])),
    ])
    requireWritable(meta)
    const counts: Record<StoredRunStatus, number> = { done: meta.done, failed: meta.failed }
    byIndex.forEach((change, i) => {
      if (change.batchIndex >= meta.total_runs) {
        throw new RangeError(`run index ${change.batchIndex} is outside batch ${JSON.stringify(batchId)} (${meta.total_runs} runs)`)
      }
      const previous = before[i]
      if (previous) counts[previous.status]--
      if (change.run) counts[change.run.status]++
    })
    const next = BatchMeta.parse({ ...meta, ...counts, updated_at: now })
    function* writes(): Generator<Promise<unknown>> {
      for (const change of byIndex) yield change.run ? runs.put(change.run) : runs.delete([batchId, change.batchIndex])
      yield batches.put(next)
      yield tx.done
    }
    // Promise.all takes each request as it is issued: if one throws (an uncloneable record), the abort's rejections of the rest are handled
    await Promise.all(writes())
    return next
  })
}

/** The indices in [0, total) with no stored run (pending), marked from keys alone, never loading a record. */
export async function missingIndices(db: PulseDatabase, batchId: string, total: number): Promise<Uint32Array> {
  const stored = new Uint8Array(total)
  let storedCount = 0
  if (total > 0) {
    let cursor = await db.transaction('runs').store.openKeyCursor(batchRange(batchId, 0, total - 1))
    while (cursor) {
      stored[cursor.key[1]] = 1
      storedCount++
      cursor = await cursor.continue()
    }
  }
  const missing = new Uint32Array(total - storedCount)
  let next = 0
  for (let index = 0; index < total; index++) if (!stored[index]) missing[next++] = index
  return missing
}

/** The indices of the batch's failed runs, ascending. */
export async function failedIndices(db: PulseDatabase, batchId: string): Promise<number[]> {
  const keys = await db.getAllKeysFromIndex('runs', 'by-batch-status', [batchId, 'failed'])
  return keys.map(([, index]) => index)
}

/** One page of run summaries in index order, optionally only done or only failed runs, for a table. */
export async function listRuns(
  db: PulseDatabase,
  batchId: string,
  { offset = 0, limit, status }: { offset?: number; limit: number; status?: StoredRunStatus },
): Promise<RunSummary[]> {
  const store = db.transaction('runs').store
  let cursor = status ? await store.index('by-batch-status').openCursor([batchId, status]) : await store.openCursor(batchRange(batchId))
  if (cursor && offset > 0) cursor = await cursor.advance(offset)
  const page: RunSummary[] = []
  while (cursor && page.length < limit) {
    page.push(cursor.value.summary)
    cursor = await cursor.continue()
  }
  return page
}

/** One stored run (its line and summary), or undefined while it is pending. */
export function getRun(db: PulseDatabase, batchId: string, index: number): Promise<StoredRun | undefined> {
  return db.get('runs', [batchId, index])
}

/** At most `limit` summaries evenly spread over the batch's stored runs, in index order, for charts. */
export async function runSummaries(db: PulseDatabase, batchId: string, { limit }: { limit: number }): Promise<RunSummary[]> {
  const store = db.transaction('runs').store
  const range = batchRange(batchId)
  // striding keeps a chart of a million runs representative while reading at most `limit` values
  const step = Math.max(1, Math.ceil((await store.count(range)) / limit))
  const summaries: RunSummary[] = []
  let cursor = await store.openCursor(range)
  while (cursor && summaries.length < limit) {
    summaries.push(cursor.value.summary)
    cursor = await cursor.advance(step)
  }
  return summaries
}
