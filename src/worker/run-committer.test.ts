import 'fake-indexeddb/auto'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { getBatch, saveBatch } from '../storage/batches'
import { batchRange, type PulseDatabase } from '../storage/db'
import * as runs from '../storage/runs'
import { openTestDB } from '../storage/test-db'
import type { FinishedRun } from './engine-api'
import { type CommitLimits, RunCommitter } from './run-committer'
import { draftMeta } from './test-batches'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => {
  ;({ db, remove } = await openTestDB())
  await saveBatch(db, { ...draftMeta('b', '[]', 100), status: 'running' })
})
afterEach(() => {
  vi.useRealTimers()
  return remove()
})

const finished = (from: number, count: number, status: 'done' | 'failed' = 'done'): FinishedRun[] =>
  Array.from({ length: count }, (_, i) => {
    const index = from + i
    return {
      batch_index: index, status, seed: index, line: `{"batch_index":${index}}`,
      summary: {
        batch_index: index, status, seed: index, forecast_value: null, confidence: null, fragility: null, trust_label: null,
        confidence_status: null, arc_label: null, symbolic_tag: null, final_overlays: null, overrides: '', error: null,
      },
    }
  })

async function committer(limits: Partial<CommitLimits> = {}) {
  const meta = await getBatch(db, 'b')
  if (!meta) throw new Error('no batch')
  const errors: unknown[] = []
  return { errors, committer: new RunCommitter({ db, meta, now: () => 7, onError: (error) => errors.push(error), limits }) }
}

test('counts runs as they arrive, commits them in transactions of at most maxRuns, all of them on flush', async () => {
  const append = vi.spyOn(runs, 'appendStoredRuns')
  const { committer: c } = await committer({ maxRuns: 4, intervalMs: 10_000 })
  await c.add(finished(0, 3))
  await c.add(finished(3, 7, 'failed'))
  expect({ done: c.done, failed: c.failed }).toEqual({ done: 3, failed: 7 })
  await c.flush()
  expect(append.mock.calls.map(([, , batch]) => batch.length)).toEqual([4, 4, 2])
  expect(await getBatch(db, 'b')).toMatchObject({ done: 3, failed: 7, updated_at: 7 })
  expect(c.meta).toMatchObject({ done: 3, failed: 7 })
  expect(await db.count('runs', batchRange('b'))).toBe(10)
})

test('commits on its own once the interval has passed', async () => {
  const { committer: c } = await committer({ intervalMs: 20 })
  await c.add(finished(0, 2))
  expect(await db.count('runs', batchRange('b'))).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 80))
  expect(await db.count('runs', batchRange('b'))).toBe(2)
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
  vi.spyOn(runs, 'appendStoredRuns').mockRejectedValueOnce(refusal)
  await c.add(finished(3, 3))
  await c.flush()
  await c.add(finished(6, 3))
  await c.flush()
  expect(errors).toEqual([refusal])
  expect(c.error).toEqual({ error: refusal })
  expect({ done: c.done, failed: c.failed }).toEqual({ done: 3, failed: 0 })
  expect(await db.count('runs', batchRange('b'))).toBe(3)
})
