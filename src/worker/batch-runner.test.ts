import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { BatchStatus } from '../storage/batch-meta'
import { getBatch, saveBatch } from '../storage/batches'
import type { PulseDatabase } from '../storage/db'
import { openTestDB, refuseStoringRuns, storedLines } from '../storage/test-db'
import { type BatchProgress, BatchRunner, displayStatus } from './batch-runner'
import { WorkerPool } from './pool'
import { type StoreRuns, storeRunsIn } from './run-committer'
import { inProcessWorkers } from './test-engine-workers'
import { batchSource, cliLines, draftMeta } from './test-batches'
import { WorkerCrash } from './worker-client'

let db: PulseDatabase
let remove: () => Promise<void>
beforeEach(async () => {
  ;({ db, remove } = await openTestDB())
})
afterEach(() => {
  vi.restoreAllMocks()
  return remove()
})

describe('displayStatus', () => {
  const meta = (status: BatchStatus) => ({ ...draftMeta('b', '[]', 1, 0), status })

  test('a running batch this tab is not running was interrupted', () => {
    expect(displayStatus(meta('running'), null)).toBe('interrupted')
    expect(displayStatus(meta('running'), 'other')).toBe('interrupted')
    expect(displayStatus(meta('running'), 'b')).toBe('running')
  })

  test('a running batch whose lock another tab holds is running there, not interrupted', () => {
    expect(displayStatus(meta('running'), null, new Set(['b']))).toBe('elsewhere')
    expect(displayStatus(meta('running'), null, new Set(['other']))).toBe('interrupted')
    expect(displayStatus(meta('paused'), null, new Set(['b']))).toBe('paused')
  })

  test('every other status shows as stored', () => {
    for (const status of ['draft', 'paused', 'done', 'cancelled'] as const) expect(displayStatus(meta(status), null)).toBe(status)
  })
})

test('a full disk pauses the batch, says so, and loses nothing stored; Resume then finishes it', async () => {
  const source = batchSource(400)
  await saveBatch(db, draftMeta('full', source, 400))
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: inProcessWorkers().factory }) })
  const events: BatchProgress[] = []
  let pausing = true
  runner.subscribe((progress) => {
    events.push(progress)
    if (pausing && progress.done > 0) runner.pause()
  })
  await runner.start('full')
  const before = await storedLines(db, 'full')
  expect(before.length).toBeGreaterThan(0)

  pausing = false
  // a full disk: every page of runs stored from now on is refused, and its transaction aborts
  refuseStoringRuns(db, { every: true })
  await runner.start('full')
  expect(await getBatch(db, 'full')).toMatchObject({ status: 'paused', done: before.length })
  expect(await storedLines(db, 'full')).toEqual(before)
  expect(events.at(-1)).toMatchObject({ status: 'paused', done: before.length, inFlight: 0 })
  expect(events.at(-1)?.message).toMatch(/no storage space left.*the batch was paused and every stored run kept/)

  vi.restoreAllMocks()
  await runner.start('full')
  expect(await getBatch(db, 'full')).toMatchObject({ status: 'done', done: 400, failed: 0 })
  expect(await storedLines(db, 'full')).toEqual(cliLines(source))
  expect(events.at(-1)?.message).toBeNull()
})

describe('a storage worker that stops answering', () => {
  // commits through storeRunsIn, except the ones `hangs` picks: those fail as the storage client's deadline fails them
  const storing = (hangs: (commit: number) => boolean): { storeRuns: StoreRuns; commits: () => number } => {
    const store = storeRunsIn(db)
    let commits = 0
    return {
      storeRuns: (batchId, delivered, now) => (hangs(++commits) ? Promise.reject(new WorkerCrash('the storage worker did not answer within 60 s')) : store(batchId, delivered, now)),
      commits: () => commits,
    }
  }

  test('is replaced once and the batch goes on: every run stored, each once, and the progress says what happened', async () => {
    const source = batchSource(300)
    await saveBatch(db, draftMeta('hung', source, 300))
    const { storeRuns, commits } = storing((commit) => commit === 1)
    const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: inProcessWorkers().factory }), storeRuns })
    const events: BatchProgress[] = []
    runner.subscribe((progress) => events.push(progress))
    await runner.start('hung')
    expect(commits()).toBeGreaterThan(1)
    expect(await getBatch(db, 'hung')).toMatchObject({ status: 'done', done: 300, failed: 0 })
    expect(await storedLines(db, 'hung')).toEqual(cliLines(source))
    expect(events.at(-1)).toMatchObject({ status: 'done', done: 300 })
    expect(events.at(-1)?.message).toBe('the storage worker did not answer within 60 s; a new storage worker took over and the batch went on')
  })

  test('a second time in one start pauses the batch with every stored run kept, and Resume runs the rest', async () => {
    const source = batchSource(300)
    await saveBatch(db, draftMeta('hung twice', source, 300))
    let failing = true
    const { storeRuns } = storing((commit) => failing && commit <= 2)
    const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: inProcessWorkers().factory }), storeRuns })
    const events: BatchProgress[] = []
    runner.subscribe((progress) => events.push(progress))
    await runner.start('hung twice')
    const paused = await getBatch(db, 'hung twice')
    expect(paused).toMatchObject({ status: 'paused' })
    expect(paused!.done).toBeLessThan(300)
    expect(events.at(-1)?.message).toBe('runs could not be stored: the storage worker did not answer within 60 s')
    failing = false
    await runner.start('hung twice')
    expect(await getBatch(db, 'hung twice')).toMatchObject({ status: 'done', done: 300, failed: 0 })
    expect(await storedLines(db, 'hung twice')).toEqual(cliLines(source))
  })
})

test('a worker that dies under a run is replaced, and only that run is stored as failed', async () => {
  const source = batchSource(120)
  await saveBatch(db, draftMeta('dies', source, 120))
  const workers = inProcessWorkers({ failOn: (i) => i === 50, failure: 'die' })
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: workers.factory }) })
  await runner.start('dies')
  expect(await getBatch(db, 'dies')).toMatchObject({ status: 'done', done: 119, failed: 1 })
  const lines = await storedLines(db, 'dies')
  expect(JSON.parse(lines[50])).toMatchObject({ status: 'error', error: { stage: 'worker', type: 'WorkerCrashError' } })
  expect(lines.filter((_, i) => i !== 50)).toEqual(cliLines(source).filter((_, i) => i !== 50))
})

test('a batch file that no longer loads pauses the batch with the reason', async () => {
  await saveBatch(db, draftMeta('bad', '[{"turns": 0}]', 1))
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 1, factory: inProcessWorkers().factory }) })
  let last: BatchProgress | null = null
  runner.subscribe((progress) => (last = progress))
  await runner.start('bad')
  expect((await getBatch(db, 'bad'))?.status).toBe('paused')
  expect(last).toMatchObject({ status: 'paused', message: expect.stringMatching(/^the batch stopped: the batch file is invalid: config 0: turns/) })
})

test('a finished batch started again stays as it was', async () => {
  const source = batchSource(10)
  await saveBatch(db, draftMeta('twice', source, 10))
  const workers = inProcessWorkers()
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 1, factory: workers.factory }), now: () => 5 })
  await runner.start('twice')
  const done = await getBatch(db, 'twice')
  const later = new BatchRunner({ db, pool: new WorkerPool({ size: 1, factory: workers.factory }), now: () => 9 })
  await later.start('twice')
  await later.retryFailed('twice')
  expect(await getBatch(db, 'twice')).toEqual(done)
  expect(workers.ran).toHaveLength(10)
})

test('progress events come at most ten times a second while runs finish', async () => {
  // enough runs to take well over 100 ms with the engine in this thread, so more than one event is due
  const source = batchSource(3_000)
  await saveBatch(db, draftMeta('events', source, 3_000))
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 2, factory: inProcessWorkers().factory }) })
  const at: number[] = []
  runner.subscribe((progress) => void (progress.status === 'running' && at.push(Date.now())))
  const started = Date.now()
  await runner.start('events')
  const seconds = (Date.now() - started) / 1_000
  expect(at.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 2)
  expect(at.length).toBeGreaterThan(1)
})

test('the workers start once the page has had its moment (beforeWorkers), with the batch already marked running', async () => {
  const source = batchSource(10)
  await saveBatch(db, draftMeta('later', source, 10))
  const workers = inProcessWorkers()
  let release!: () => void
  const waited = new Promise<void>((resolve) => (release = resolve))
  let asked = 0
  const runner = new BatchRunner({ db, pool: new WorkerPool({ size: 1, factory: workers.factory }), beforeWorkers: () => (asked++, waited) })
  const started = runner.start('later')
  await vi.waitFor(() => expect(asked).toBe(1))
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(workers.spawned()).toBe(0)
  expect((await getBatch(db, 'later'))?.status).toBe('running')
  release()
  await started
  expect(await getBatch(db, 'later')).toMatchObject({ status: 'done', done: 10 })
  expect(await storedLines(db, 'later')).toEqual(cliLines(source))
  // a finished batch has nothing to run: nothing to wait for
  await runner.start('later')
  expect(asked).toBe(1)
})
