import { afterEach, beforeEach, expect, test } from 'vitest'
import { getBatch, saveBatch } from '../storage/batches'
import type { PulseDatabase } from '../storage/db'
import { BatchNotFoundError, BatchStateError } from '../storage/errors'
import { failedIndices, missingIndices } from '../storage/runs'
import { countStoredRuns, openTestDB, storedLines as exportedLines } from '../storage/test-db'
import { BatchLockedError } from './batch-lock'
import { type BatchProgress, BatchRunner, createWorkerPool, displayStatus } from './batch-runner'
import { WorkerPool } from './pool'
import { StorageSpaceError, type StorageSpace } from './storage-space'
import { inProcessWorkers } from './test-engine-workers'
import { batchSource, cliLines, draftMeta } from './test-batches'

// real workers share two cores with the test page (and with whatever else runs): generous timeouts
const SLOW = 60_000

let t: Awaited<ReturnType<typeof openTestDB>>
let pools: WorkerPool[]
beforeEach(async () => {
  t = await openTestDB()
  pools = []
})
afterEach(async () => {
  for (const pool of pools) pool.terminate()
  await t.remove()
})

function realPool(): WorkerPool {
  const pool = createWorkerPool(2)
  pools.push(pool)
  return pool
}

async function newBatch(db: PulseDatabase, id: string, total: number) {
  const source = batchSource(total)
  await saveBatch(db, draftMeta(id, source, total))
  return { id, source, total, lines: cliLines(source) }
}

/** Every stored line of the batch in index order (its export), with checks that the slots and the counters agree with it. */
async function storedLines(db: PulseDatabase, id: string): Promise<string[]> {
  const lines = await exportedLines(db, id)
  const meta = await getBatch(db, id)
  expect(await countStoredRuns(db, id)).toBe(lines.length)
  expect((meta?.done ?? 0) + (meta?.failed ?? 0)).toBe(lines.length)
  return lines
}

test('runs a batch to done: exactly one stored line per run, byte for byte the CLI’s', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'small', 300)
  const runner = new BatchRunner({ db: t.db, pool: realPool() })
  const events: BatchProgress[] = []
  runner.subscribe((progress) => events.push(progress))
  const running = runner.start(batch.id)
  expect(runner.activeBatchId).toBe(batch.id)
  await running
  expect(runner.activeBatchId).toBeNull()

  const meta = await getBatch(t.db, batch.id)
  expect(meta).toMatchObject({ status: 'done', done: 300, failed: 0 })
  expect(meta?.finished_at).not.toBeNull()
  expect(await storedLines(t.db, batch.id)).toEqual(batch.lines)
  expect(events.at(-1)).toEqual({
    batchId: batch.id, status: 'done', total: 300, done: 300, failed: 0, inFlight: 0, runsPerSecond: null, etaSeconds: null, message: null,
  })
  expect(events[0]).toMatchObject({ status: 'running', done: 0 })
  // done never goes back
  expect(events.every((e, i) => i === 0 || e.done >= events[i - 1].done)).toBe(true)
})

test('pause finishes the runs in flight; start resumes, ending with every run stored once', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'paused', 800)
  const runner = new BatchRunner({ db: t.db, pool: realPool() })
  runner.subscribe((progress) => {
    if (progress.done > 0) runner.pause()
  })
  await runner.start(batch.id)
  const paused = await getBatch(t.db, batch.id)
  expect(paused?.status).toBe('paused')
  expect(paused?.done).toBeGreaterThan(0)
  expect(paused?.done).toBeLessThan(800)
  expect(await storedLines(t.db, batch.id)).toHaveLength(paused?.done ?? -1)

  const resumer = new BatchRunner({ db: t.db, pool: realPool() })
  await resumer.start(batch.id)
  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 800, failed: 0 })
  expect(await storedLines(t.db, batch.id)).toEqual(batch.lines)
})

test('after a reload mid-batch the batch shows as interrupted, and a new runner runs exactly the missing runs', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'reloaded', 2_000)
  const before = new BatchRunner({ db: t.db, pool: realPool() })
  const abandoned = before.start(batch.id)
  // once something is stored, the tab goes away: its workers die and its database connection closes under the runner
  while (((await getBatch(t.db, batch.id))?.done ?? 0) === 0) await new Promise((resolve) => setTimeout(resolve, 10))
  pools[0].terminate()
  t.db.close()
  await abandoned

  const db = await t.reopen()
  const interrupted = await getBatch(db, batch.id)
  if (!interrupted) throw new Error('batch lost')
  const workers = inProcessWorkers()
  const after = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: workers.factory }) })
  expect(displayStatus(interrupted, after.activeBatchId)).toBe('interrupted')
  const missing = Array.from(await missingIndices(db, batch.id, batch.total))
  expect(missing.length).toBeGreaterThan(0)
  expect(missing.length).toBeLessThan(batch.total)

  await after.start(batch.id)
  expect(workers.ran.sort((a, b) => a - b)).toEqual(missing)
  expect(await getBatch(db, batch.id)).toMatchObject({ status: 'done', done: 2_000, failed: 0 })
  expect(await storedLines(db, batch.id)).toEqual(batch.lines)
})

test('cancel drops the runs in flight and keeps those stored; the batch can be run on later', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'cancelled', 800)
  const runner = new BatchRunner({ db: t.db, pool: realPool() })
  const events: BatchProgress[] = []
  let cancelled: Promise<void> | null = null
  runner.subscribe((progress) => {
    events.push(progress)
    if (progress.done > 0) cancelled ??= runner.cancel()
  })
  await runner.start(batch.id)
  await cancelled
  const meta = await getBatch(t.db, batch.id)
  expect(meta?.status).toBe('cancelled')
  expect(meta?.done).toBeLessThan(800)
  expect(await storedLines(t.db, batch.id)).toHaveLength(meta?.done ?? -1)
  expect(events.at(-1)).toMatchObject({ status: 'cancelled', inFlight: 0, message: null })

  await runner.start(batch.id)
  expect(await storedLines(t.db, batch.id)).toEqual(batch.lines)
})

test('retryFailed reruns the failed runs and only them', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'retried', 200)
  const broken = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 2, factory: inProcessWorkers({ failOn: (i) => i === 3 || i === 117 }).factory }) })
  let message: string | null = null
  broken.subscribe((progress) => (message = progress.message))
  await broken.start(batch.id)
  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 198, failed: 2 })
  expect(await failedIndices(t.db, batch.id)).toEqual([3, 117])
  expect(message).toMatch(/^run (3|117) was stored as failed: its worker failed while running it: a run broke its worker \(injected\)/)

  const workers = inProcessWorkers()
  const runner = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 2, factory: workers.factory }) })
  await runner.retryFailed(batch.id)
  expect(workers.ran.sort((a, b) => a - b)).toEqual([3, 117])
  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 200, failed: 0 })
  expect(await storedLines(t.db, batch.id)).toEqual(batch.lines)
})

test('refuses a read-only import, an unknown batch, and a second batch while one runs', { timeout: SLOW }, async () => {
  await saveBatch(t.db, { ...draftMeta('imported', '', 3), read_only: true, status: 'done', done: 3 })
  const batch = await newBatch(t.db, 'busy', 300)
  const runner = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 1, factory: inProcessWorkers().factory }) })
  await expect(runner.start('imported')).rejects.toThrow(/imported and is read-only/)
  await expect(runner.retryFailed('imported')).rejects.toBeInstanceOf(BatchStateError)
  expect(await getBatch(t.db, 'imported')).toMatchObject({ status: 'done', done: 3 })
  await expect(runner.start('nope')).rejects.toBeInstanceOf(BatchNotFoundError)
  expect(runner.activeBatchId).toBeNull()

  const running = runner.start(batch.id)
  await expect(runner.start('imported')).rejects.toThrow(/"busy" is running/)
  await running
  expect((await getBatch(t.db, batch.id))?.status).toBe('done')
})

test('a worker that hangs under a run is stopped at its deadline and replaced; only that run fails, and the batch goes on', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'hangs', 200)
  const workers = inProcessWorkers({ failOn: (i) => i === 77, failure: 'hang' })
  const pool = new WorkerPool({ size: 2, factory: workers.factory, deadlines: { runBudgetMs: 500, slack: 2 } })
  const runner = new BatchRunner({ db: t.db, pool })
  const events: BatchProgress[] = []
  runner.subscribe((progress) => events.push(progress))
  await runner.start(batch.id)
  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 199, failed: 1 })
  expect(await failedIndices(t.db, batch.id)).toEqual([77])
  const lines = await storedLines(t.db, batch.id)
  expect(JSON.parse(lines[77])).toMatchObject({
    status: 'error', batch_index: 77, error: { stage: 'worker', type: 'WorkerTimeoutError', message: 'the worker did not answer within 0.5 s' },
  })
  expect(lines.filter((_, i) => i !== 77)).toEqual(batch.lines.filter((_, i) => i !== 77))
  expect(events.at(-1)?.message).toBe('run 77 was stored as failed: the worker did not answer within 0.5 s; its worker was replaced')
  expect(workers.terminated()).toBeGreaterThan(1)
})

test('two runners on the same batch (two tabs): the second refuses, changing nothing, and every run is stored once', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'two-tabs', 600)
  // tab A's runs wait at a gate until tab B has tried, so the batch is surely mid-run while it does
  let open: () => void = () => {}
  const first = inProcessWorkers({ gate: new Promise<void>((resolve) => (open = resolve)) })
  const second = inProcessWorkers()
  const tabA = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 2, factory: first.factory }) })
  const tabB = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 2, factory: second.factory }) })
  const eventsB: BatchProgress[] = []
  tabB.subscribe((progress) => eventsB.push(progress))
  const running = tabA.start(batch.id)
  // once tab A runs the batch, tab B (which shows the batch as interrupted) presses Resume, then Retry failed
  while ((await getBatch(t.db, batch.id))?.status !== 'running') await new Promise((resolve) => setTimeout(resolve, 5))
  const seen = await getBatch(t.db, batch.id)
  expect(seen?.status).toBe('running')
  // tab B can tell the batch is running elsewhere, not interrupted; tab A runs it itself
  const elsewhere = await tabB.runningElsewhere()
  expect(elsewhere).toEqual(new Set([batch.id]))
  expect(displayStatus(seen!, tabB.activeBatchId, elsewhere)).toBe('elsewhere')
  expect(await tabA.runningElsewhere()).toEqual(new Set())
  await expect(tabB.start(batch.id)).rejects.toThrow(new BatchLockedError())
  await expect(tabB.retryFailed(batch.id)).rejects.toThrow(/this batch is running in another tab/)
  expect(tabB.activeBatchId).toBeNull()
  expect(eventsB).toEqual([])
  expect(second.spawned()).toBe(0)
  open()
  await running
  expect(await tabB.runningElsewhere()).toEqual(new Set())

  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 600, failed: 0 })
  expect(first.ran.sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i))
  expect(await storedLines(t.db, batch.id)).toEqual(batch.lines)
  // the lock went with tab A's run: tab B may run the batch now (there is nothing left to run)
  await tabB.start(batch.id)
  expect(second.ran).toEqual([])
})

test('a batch the browser clearly has no room for is refused before anything changes, naming the numbers', { timeout: SLOW }, async () => {
  const batch = await newBatch(t.db, 'no-room', 1_000)
  let persistCalls = 0
  let quota = 3 * 1024 * 1024
  const storage: StorageSpace = {
    estimate: async () => ({ usage: 2 * 1024 * 1024, quota }),
    persist: async () => (persistCalls++, false),
  }
  const workers = inProcessWorkers()
  const runner = new BatchRunner({ db: t.db, pool: new WorkerPool({ size: 2, factory: workers.factory }), storage })
  const before = await getBatch(t.db, batch.id)
  const refusal = runner.start(batch.id)
  await expect(refusal).rejects.toBeInstanceOf(StorageSpaceError)
  await expect(refusal).rejects.toThrow(
    'this batch needs about 3.9 MB of storage for its 1,000 runs still to run (about 4 kB each), but the browser lets this site ' +
      'store only 1 MB more (2 MB used of 3 MB): export and delete some batches, or free space on the device, and try again',
  )
  expect(await getBatch(t.db, batch.id)).toEqual(before)
  expect(workers.spawned()).toBe(0)

  // with room enough it runs; persistent storage was asked for once, and its refusal changed nothing
  quota = 100 * 1024 * 1024
  await runner.start(batch.id)
  expect(await getBatch(t.db, batch.id)).toMatchObject({ status: 'done', done: 1_000 })
  expect(persistCalls).toBe(1)
})
