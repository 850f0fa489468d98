import 'fake-indexeddb/auto'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { getBatch, saveBatch } from '../storage/batches'
import type { PulseDatabase } from '../storage/db'
import { encodeRuns } from '../storage/run-pages'
import * as runs from '../storage/runs'
import { countStoredRuns, openTestDB, storedLines } from '../storage/test-db'
import { type CommitLimits, RunCommitter, storeRunsIn } from './run-committer'
import { draftMeta } from './test-batches'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => {
  ;({ db, remove } = await openTestDB())
  await saveBatch(db, { ...draftMeta('b', '[]', 100), status: 'running' })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  return remove()
})

// runs as a worker delivers them: lines as UTF-8 bytes, summaries packed
const finished = (from: number, count: number, status: 'done' | 'failed' = 'done') => encodeRuns(Array.from({ length: count }, (_, i) => {
  const index = from + i
  return {
    batch_index: index, line: `{"batch_index":${index}}`,
    summary: {
      batch_index: index, status, seed: index, forecast_value: null, confidence: null, fragility: null, trust_label: null,
      confidence_status: null, arc_label: null, symbolic_tag: null, final_overlays: null, overrides: '', error: null,
    },
  }
}))

async function committer(limits: Partial<CommitLimits> = {}) {
  const meta = await getBatch(db, 'b')
  if (!meta) throw new Error('no batch')
  const errors: unknown[] = []
  return { errors, committer: new RunCommitter({ store: storeRunsIn(db), meta, now: () => 7, onError: (error) => errors.push(error), limits }) }
}

const stored = () => countStoredRuns(db, 'b')
const runsIn = (runs: { indices: Uint32Array }) => runs.indices.length

test('counts runs as they arrive, commits whole deliveries in transactions of at most maxRuns, all of them on flush', async () => {
  const append = vi.spyOn(runs, 'appendEncodedRuns')
  const { committer: c } = await committer({ maxRuns: 4, intervalMs: 10_000 })
  await c.add(finished(0, 3))
  await c.add(finished(3, 1, 'failed'))
  await c.add(finished(4, 2, 'failed'))
  await c.add(finished(6, 4, 'failed'))
  expect({ done: c.done, failed: c.failed }).toEqual({ done: 3, failed: 7 })
  await c.flush()
  expect(append.mock.calls.map(([, , batch]) => batch.map(runsIn))).toEqual([[3, 1], [2], [4]])
  expect(await getBatch(db, 'b')).toMatchObject({ done: 3, failed: 7, updated_at: 7 })
  expect(c.meta).toMatchObject({ done: 3, failed: 7 })
  expect(await storedLines(db, 'b')).toEqual(Array.from({ length: 10 }, (_, i) => `{"batch_index":${i}}`))
})

test('a transaction holds at most maxBytes of lines, or one delivery if it alone is larger', async () => {
  const append = vi.spyOn(runs, 'appendEncodedRuns')
  // each line here is 18 or 19 bytes with its newline
  const { committer: c } = await committer({ maxBytes: 40, intervalMs: 10_000 })
  for (let i = 0; i < 5; i++) await c.add(finished(i, 1))
  await c.add(finished(5, 3))
  await c.flush()
  expect(append.mock.calls.map(([, , batch]) => batch.map(runsIn))).toEqual([[1, 1], [1, 1], [1], [3]])
  expect(await stored()).toBe(8)
})

test('takes lines as a Blob or as bytes, in one batch', async () => {
  const { committer: c } = await committer({ intervalMs: 10_000 })
  await c.add(finished(4, 3))
  const bytes = finished(0, 4)
  await c.add({ ...bytes, lines: new Blob([bytes.lines]) })
  await c.add(finished(7, 3, 'failed'))
  await c.flush()
  expect(await getBatch(db, 'b')).toMatchObject({ done: 7, failed: 3 })
  expect(await storedLines(db, 'b')).toEqual(Array.from({ length: 10 }, (_, i) => `{"batch_index":${i}}`))
})

test('commits on its own once the interval has passed', async () => {
  const { committer: c } = await committer({ intervalMs: 20 })
  await c.add(finished(0, 2))
  expect(await stored()).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 80))
  expect(await stored()).toBe(2)
})

test('add waits while too many runs are uncommitted (back-pressure)', async () => {
  const { committer: c } = await committer({ maxUncommitted: 5, intervalMs: 10_000, maxRuns: 100 })
  await c.add(finished(0, 4))
  let settled = false
  const waiting = c.add(finished(4, 2)).then(() => (settled = true))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(settled).toBe(false)
  await c.flush()
  await waiting
  expect(settled).toBe(true)
})

test('after a failed commit it stores nothing more, keeps what was stored, and says why once', async () => {
  const { committer: c, errors } = await committer({ intervalMs: 10_000 })
  await c.add(finished(0, 3))
  await c.flush()
  const refusal = new Error('refused')
  vi.spyOn(runs, 'appendEncodedRuns').mockRejectedValueOnce(refusal)
  await c.add(finished(3, 3))
  await c.flush()
  await c.add(finished(6, 3))
  await c.flush()
  expect(errors).toEqual([refusal])
  expect(c.error).toEqual({ error: refusal })
  expect({ done: c.done, failed: c.failed }).toEqual({ done: 3, failed: 0 })
  expect(await stored()).toBe(3)
})
