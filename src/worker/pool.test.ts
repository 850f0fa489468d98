import { describe, expect, test } from 'vitest'
import type { EncodedRuns } from '../storage/run-pages'
import {
  chunkDeadlineMs, defaultPoolSize, type EngineWorkerFactory, loadDeadlineMs, MAX_POOL_SIZE, type PoolJob, WorkerPool, WorkerPoolError,
  WorkerTerminatedError, WorkerTimeoutError,
} from './pool'
import { inProcessWorkers } from './test-engine-workers'
import { batchSource, cliLines, decodeRuns } from './test-batches'

const SOURCE = batchSource(60)
const LINES = cliLines(SOURCE)
const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i)

function collect(indices: Uint32Array, overrides: Partial<PoolJob> = {}): { job: PoolJob; delivered: EncodedRuns[] } {
  const delivered: EncodedRuns[] = []
  return { delivered, job: { source: SOURCE, seed: 42, indices, deliver: (chunk) => void delivered.push(chunk), proceed: () => true, ...overrides } }
}

/** The delivered runs read back, in index order. */
const byIndex = async (delivered: EncodedRuns[]) => (await decodeRuns(delivered)).sort((a, b) => a.batch_index - b.batch_index)
const indicesOf = (delivered: EncodedRuns[]) => delivered.flatMap((runs) => Array.from(runs.indices))

describe('dispatch', () => {
  test('delivers every index once, as the CLI’s line, spread over the workers', async () => {
    const workers = inProcessWorkers()
    const pool = new WorkerPool({ size: 3, factory: workers.factory })
    expect(await pool.load(SOURCE, 42)).toEqual({ total: 60, seed: 42 })
    const { job, delivered } = collect(range(60))
    await pool.dispatch(job)
    expect((await byIndex(delivered)).map((run) => run.line)).toEqual(LINES)
    expect(workers.spawned()).toBe(3)
    expect(pool.inFlight).toBe(0)
  })

  test('runs only the indices asked for, making no worker it has no chunk for', async () => {
    const workers = inProcessWorkers()
    const pool = new WorkerPool({ size: 4, factory: workers.factory })
    const { job, delivered } = collect(Uint32Array.of(59, 7))
    await pool.dispatch(job)
    expect((await byIndex(delivered)).map((run) => run.line)).toEqual([LINES[7], LINES[59]])
    expect(workers.ran.sort((a, b) => a - b)).toEqual([7, 59])
    // both fit the first chunk
    expect(workers.spawned()).toBe(1)
  })

  test('stops starting chunks when told, delivering those in flight', async () => {
    const pool = new WorkerPool({ size: 2, factory: inProcessWorkers().factory })
    let deliveries = 0
    const { job, delivered } = collect(range(60), { proceed: () => deliveries < 2, deliver: (chunk) => void (deliveries++, delivered.push(chunk)) })
    await pool.dispatch(job)
    const ran = indicesOf(delivered)
    expect(ran.length).toBeGreaterThan(0)
    expect(ran.length).toBeLessThan(60)
    expect(new Set(ran).size).toBe(ran.length)
  })

  test.each(['throw', 'die'] as const)('a run whose worker fails (%s) is isolated by halving and stored as failed alone', async (failure) => {
    const workers = inProcessWorkers({ failOn: (i) => i === 13, failure })
    const pool = new WorkerPool({ size: 2, factory: workers.factory })
    const reported: number[] = []
    const { job, delivered } = collect(range(60), { onWorkerFailure: (index) => void reported.push(index) })
    await pool.dispatch(job)
    const sorted = await byIndex(delivered)
    expect(sorted.map((run) => run.batch_index)).toEqual(Array.from(range(60)))
    expect(sorted.filter((run) => run.status === 'failed').map((run) => run.batch_index)).toEqual([13])
    expect(JSON.parse(sorted[13].line)).toMatchObject({ status: 'error', batch_index: 13, error: { stage: 'worker' } })
    expect(sorted.filter((run) => run.batch_index !== 13).map((run) => run.line)).toEqual(LINES.filter((_, i) => i !== 13))
    expect(reported).toEqual([13])
    // every failure replaced its worker
    expect(workers.terminated()).toBeGreaterThan(0)
    expect(workers.spawned()).toBe(2 + workers.terminated())
    expect(pool.inFlight).toBe(0)
  })

  test('a run whose worker hangs (no answer, no error) is failed alone at its deadline, and its workers replaced', async () => {
    const workers = inProcessWorkers({ failOn: (i) => i === 21, failure: 'hang' })
    const pool = new WorkerPool({ size: 2, factory: workers.factory, deadlines: { runBudgetMs: 500, slack: 2 } })
    const reported: string[] = []
    const { job, delivered } = collect(range(60), { onWorkerFailure: (index, failure) => void reported.push(`${index}: ${failure.message}`) })
    await pool.dispatch(job)
    const sorted = await byIndex(delivered)
    expect(sorted.map((run) => run.batch_index)).toEqual(Array.from(range(60)))
    expect(sorted.filter((run) => run.status === 'failed').map((run) => run.batch_index)).toEqual([21])
    expect(JSON.parse(sorted[21].line)).toMatchObject({
      status: 'error', batch_index: 21, error: { stage: 'worker', type: 'WorkerTimeoutError', message: 'the worker did not answer within 0.5 s' },
    })
    expect(sorted.filter((run) => run.batch_index !== 21).map((run) => run.line)).toEqual(LINES.filter((_, i) => i !== 21))
    expect(reported).toEqual(['21: the worker did not answer within 0.5 s'])
    // each chunk that held run 21 timed out and its worker was stopped and replaced
    expect(workers.terminated()).toBeGreaterThan(1)
    expect(workers.spawned()).toBe(2 + workers.terminated())
    expect(pool.inFlight).toBe(0)
  })

  test('gives up when the workers fail whatever they run', async () => {
    const pool = new WorkerPool({ size: 2, factory: inProcessWorkers({ failOn: () => true }).factory })
    const { job } = collect(range(60))
    await expect(pool.dispatch(job)).rejects.toBeInstanceOf(WorkerPoolError)
  })

  test('terminate() drops the runs in flight; the next dispatch makes fresh workers', async () => {
    const workers = inProcessWorkers()
    const pool = new WorkerPool({ size: 2, factory: workers.factory })
    const { job, delivered } = collect(range(60), { deliver: (chunk) => { delivered.push(chunk); pool.terminate() } })
    await expect(pool.dispatch(job)).rejects.toBeInstanceOf(WorkerTerminatedError)
    expect(pool.inFlight).toBe(0)
    expect(workers.terminated()).toBe(2)
    const done = new Set(indicesOf(delivered))
    const rest = collect(Uint32Array.from(range(60).filter((i) => !done.has(i))))
    await pool.dispatch(rest.job)
    expect((await byIndex([...delivered, ...rest.delivered])).map((run) => run.line)).toEqual(LINES)
    expect(workers.spawned()).toBe(4)
  })
})

test('a worker that hangs while loading the batch is stopped at the deadline', async () => {
  const workers = inProcessWorkers()
  let hang = true
  const factory: EngineWorkerFactory = () => {
    const handle = workers.factory()
    return hang ? { ...handle, calls: { ...handle.calls, load: () => new Promise<never>(() => {}) } } : handle
  }
  const pool = new WorkerPool({ size: 1, factory, deadlines: { loadBudgetMs: 100 } })
  await expect(pool.load(SOURCE, 42)).rejects.toThrow(new WorkerTimeoutError('the worker did not answer within 0.1 s while loading the batch'))
  expect(workers.terminated()).toBe(1)
  hang = false
  expect(await pool.load(SOURCE, 42)).toEqual({ total: 60, seed: 42 })
})

describe('deadlines', () => {
  const deadlines = { runBudgetMs: 10_000, loadBudgetMs: 60_000, slack: 50 }

  test('before anything is measured, each run of a chunk gets the whole budget', () => {
    expect(chunkDeadlineMs(1, null, deadlines)).toBe(10_000)
    expect(chunkDeadlineMs(4, null, deadlines)).toBe(40_000)
  })

  test('then the first run gets the whole budget and each other run slack times the slowest pace, within the budget', () => {
    expect(chunkDeadlineMs(1, 2, deadlines)).toBe(10_000)
    expect(chunkDeadlineMs(250, 2, deadlines)).toBe(10_000 + 249 * 100)
    expect(chunkDeadlineMs(3, 1_000, deadlines)).toBe(30_000)
  })

  test('loading a batch file gets the load budget and 5 s per million characters', () => {
    expect(loadDeadlineMs(0, deadlines)).toBe(60_000)
    expect(loadDeadlineMs(20_000_000, deadlines)).toBe(160_000)
  })
})

test('an invalid batch file is refused at load, and the pool goes on', async () => {
  const pool = new WorkerPool({ size: 1, factory: inProcessWorkers().factory })
  await expect(pool.load('[{"turns": 0}]', 0)).rejects.toMatchObject({ name: 'BatchSourceError' })
  expect(await pool.load(SOURCE, 1)).toEqual({ total: 60, seed: 1 })
})

test('replay gives the run with every turn recorded', async () => {
  const pool = new WorkerPool({ size: 1, factory: inProcessWorkers().factory })
  const record = await pool.replay(SOURCE, 6, 42)
  expect(record).toMatchObject({ status: 'complete', batch_index: 6, seed: (JSON.parse(LINES[6]) as { seed: number }).seed })
  expect(record.status === 'complete' && record.turns).toHaveLength(3)
})

describe('size', () => {
  test('one worker per core, within 1 to 16', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1)
    expect(defaultPoolSize()).toBeLessThanOrEqual(MAX_POOL_SIZE)
    expect(new WorkerPool({ size: 99 }).size).toBe(16)
    expect(new WorkerPool({ size: 0 }).size).toBe(1)
  })

  test('resizes between batches, not during one', async () => {
    const workers = inProcessWorkers()
    const pool = new WorkerPool({ size: 3, factory: workers.factory })
    await pool.dispatch(collect(range(20)).job)
    pool.resize(1)
    expect(pool.size).toBe(1)
    expect(workers.terminated()).toBe(2)
    const running = pool.dispatch(collect(range(20)).job)
    expect(() => pool.resize(2)).toThrow(/between batches/)
    await running
    expect(workers.spawned()).toBe(3)
  })
})
