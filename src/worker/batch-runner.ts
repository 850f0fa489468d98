import type { BatchMeta, BatchStatus } from '../storage/batch-meta'
import { getBatch, requireWritable, updateBatchStatus } from '../storage/batches'
import type { PulseDatabase } from '../storage/db'
import { BatchNotFoundError, BatchStateError, StorageFullError } from '../storage/errors'
import { deleteRuns, failedIndices, missingIndices } from '../storage/runs'
import { type BatchLocks, batchLockName, browserLocks, heldBatchIds, withBatchLock } from './batch-lock'
import { WorkerPool, WorkerTerminatedError } from './pool'
import { RunCommitter, type StoreRuns, storeRunsIn } from './run-committer'
import { browserStorage, shortfall, StorageSpaceError, type StorageSpace } from './storage-space'
import { ThroughputMeter } from './throughput'
import { WorkerCrash } from './worker-client'

/** Where the running batch stands, for the UI. */
export interface BatchProgress {
  batchId: string
  status: BatchStatus
  total: number
  done: number
  failed: number
  inFlight: number
  /** From observed completions (rolling window); null until there are enough. */
  runsPerSecond: number | null
  etaSeconds: number | null
  /** Why the batch stopped or what went wrong: a full disk, a worker failure, an unloadable batch file. */
  message: string | null
}

export interface BatchRunnerOptions {
  db: PulseDatabase
  pool: WorkerPool
  now?: () => number
  /** Keeps a batch to one runner across tabs; default `navigator.locks` (null: no guard). */
  locks?: BatchLocks | null
  /** Tells whether a batch fits, and asks for persistent storage; default `navigator.storage` (null: no check). */
  storage?: StorageSpace | null
  /** How finished runs are committed; default appendEncodedRuns on `db` (the lab passes its storage worker's). */
  storeRuns?: StoreRuns
  /**
   * Waited for before the workers start, once a batch is marked running: the lab lets the page render the view that
   * shows the batch first (default: nothing to wait for). Workers starting keep both cores of a small machine busy,
   * and the view's first render, done meanwhile, made the longest tasks at a click on Run.
   */
  beforeWorkers?: () => Promise<void>
}

/** A worker pool with `size` workers (default: one per core), made by the real engine worker. */
export function createWorkerPool(size?: number): WorkerPool {
  return new WorkerPool({ size })
}

/**
 * How to show a stored batch that storage says is running but this tab is not running: 'elsewhere' when another tab
 * holds its lock (`heldElsewhere`), else 'interrupted' (its tab was closed or reloaded, or the browser crashed).
 */
export function displayStatus(meta: BatchMeta, activeBatchId: string | null, heldElsewhere: ReadonlySet<string> = new Set()): BatchStatus | 'interrupted' | 'elsewhere' {
  if (meta.status !== 'running' || meta.id === activeBatchId) return meta.status
  return heldElsewhere.has(meta.id) ? 'elsewhere' : 'interrupted'
}

// progress events at most this often (4 per second): every event re-renders the progress panel and the header, on a
// main thread that two busy workers leave little of
const PROGRESS_INTERVAL_MS = 250
// how often a batch goes on by itself after its storage worker stopped answering (see WorkerClient's deadline): a
// second time in one start pauses it, as the cause is then more likely the browser's storage than the worker
const STORAGE_RESTARTS = 1

type StopReason = 'pause' | 'cancel'

/** One start() of one batch: its stop request, its storage, its rate. */
interface Execution {
  batchId: string
  stop: StopReason | null
  finished: Promise<void>
  meta: BatchMeta | null
  committer: RunCommitter | null
  meter: ThroughputMeter
  completed: number
  message: string | null
}

/**
 * Runs stored batches on a worker pool, durably: finished runs are committed as they arrive, only runs with no
 * stored record are run, and the batch's status follows in storage. So Resume after a pause or a reload runs
 * exactly the missing runs, never one twice. One batch at a time, and a batch in one runner at a time: a Web Lock
 * named after it is held for the whole run, so a second tab cannot run it too.
 */
export class BatchRunner {
  readonly #db: PulseDatabase
  readonly #pool: WorkerPool
  readonly #now: () => number
  readonly #locks: BatchLocks | null
  readonly #storage: StorageSpace | null
  readonly #storeRuns: StoreRuns
  readonly #beforeWorkers: (() => Promise<void>) | undefined
  #persistAsked = false
  readonly #listeners = new Set<(progress: BatchProgress) => void>()
  #execution: Execution | null = null
  #progress: BatchProgress | null = null
  #lastEmit = -Infinity
  #emitTimer: ReturnType<typeof setTimeout> | null = null

  constructor({ db, pool, now = Date.now, locks = browserLocks(), storage = browserStorage(), storeRuns = storeRunsIn(db), beforeWorkers }: BatchRunnerOptions) {
    this.#db = db
    this.#beforeWorkers = beforeWorkers
    this.#storeRuns = storeRuns
    this.#pool = pool
    this.#now = now
    this.#locks = locks
    this.#storage = storage
  }

  /** The batch being run now, or null. */
  get activeBatchId(): string | null {
    return this.#execution?.batchId ?? null
  }

  /** The batches some other runner (another tab) is running now; empty where there are no Web Locks. */
  async runningElsewhere(): Promise<Set<string>> {
    const held = await heldBatchIds(this.#locks, this.#db.name)
    if (this.#execution) held.delete(this.#execution.batchId)
    return held
  }

  /**
   * Runs every missing run of the batch (start, and Resume after pause/reload). Resolves when the batch stops
   * (done, paused or cancelled; a failure to store or to load the batch pauses it, with `message` saying why).
   * Rejects, changing nothing, if another batch is running, the batch does not exist, it is a read-only import, another
   * tab is running it (BatchLockedError), or the browser clearly has no room for its runs (StorageSpaceError).
   */
  start(batchId: string): Promise<void> {
    return this.#execute(batchId, false)
  }

  /** Finish in-flight runs, start none; status becomes 'paused'. */
  pause(): void {
    if (this.#execution && !this.#execution.stop) this.#execution.stop = 'pause'
  }

  /** Terminate workers now; in-flight runs are dropped (stay pending); status 'cancelled'. Resolves once the batch has stopped. */
  async cancel(): Promise<void> {
    const execution = this.#execution
    if (!execution) return
    execution.stop = 'cancel'
    this.#pool.terminate()
    await execution.finished
  }

  /** Delete the batch's failed runs (they become pending) and start it. */
  retryFailed(batchId: string): Promise<void> {
    return this.#execute(batchId, true)
  }

  /** Calls `listener` with every progress (throttled to 4 per second; status changes and a start's first runs at once), first with the latest if there is one. */
  subscribe(listener: (progress: BatchProgress) => void): () => void {
    this.#listeners.add(listener)
    if (this.#progress) listener(this.#progress)
    return () => this.#listeners.delete(listener)
  }

  #execute(batchId: string, retry: boolean): Promise<void> {
    if (this.#execution) {
      return Promise.reject(new BatchStateError(`batch ${JSON.stringify(this.#execution.batchId)} is running: pause or cancel it first`))
    }
    // claimed before the first await, so two quick clicks cannot start two runs
    const execution: Execution = {
      batchId, stop: null, finished: Promise.resolve(), meta: null, committer: null, meter: new ThroughputMeter(), completed: 0, message: null,
    }
    this.#execution = execution
    const lock = batchLockName(this.#db.name, batchId)
    const finished = withBatchLock(this.#locks, lock, () => this.#run(execution, retry)).finally(() => {
      // released before the last event, so a listener may start the next batch from it
      this.#execution = null
      this.#emit(true, execution)
    })
    execution.finished = finished.catch(() => {})
    return finished
  }

  async #run(execution: Execution, retry: boolean): Promise<void> {
    const { batchId } = execution
    const stored = await getBatch(this.#db, batchId)
    if (!stored) throw new BatchNotFoundError(batchId)
    requireWritable(stored)
    const complete = stored.done + stored.failed >= stored.total_runs
    if (stored.status === 'done' && complete && !(retry && stored.failed > 0)) {
      // nothing to run: a finished batch keeps its finished_at
      execution.meta = stored
      return
    }
    await this.#requireSpace(stored.total_runs - stored.done - (retry ? 0 : stored.failed))
    execution.meta = await updateBatchStatus(this.#db, batchId, 'running', this.#now())
    if (retry) execution.meta = await deleteRuns(this.#db, batchId, await failedIndices(this.#db, batchId), this.#now())
    this.#emit(true, execution)

    for (let restarts = 0; ; restarts++) {
      const committer = this.#committer(execution)
      const missing = await missingIndices(this.#db, batchId, committer.meta.total_runs)
      if (missing.length > 0 && restarts === 0 && this.#beforeWorkers) await this.#beforeWorkers()
      if (missing.length > 0 && !execution.stop) await this.#dispatch(execution, committer.meta, missing, committer)
      await committer.flush()
      // a storage worker that stopped answering (or died) is replaced by the next call: the batch goes on with a
      // fresh one, once, from what is stored (runs whose commit was lost are missing again, and run again)
      const failure = committer.error?.error
      if (!(failure instanceof WorkerCrash) || execution.stop || restarts >= STORAGE_RESTARTS) break
      execution.meta = (await getBatch(this.#db, batchId)) ?? committer.meta
      execution.message = `${messageOf(failure)}; a new storage worker took over and the batch went on`
    }
    await this.#settle(execution)
  }

  // the committer of a start (or a restart): from the batch's stored counters, its failures said in the progress
  #committer(execution: Execution): RunCommitter {
    const meta = execution.meta
    if (!meta) throw new Error('the batch is not loaded')
    const committer = new RunCommitter({
      store: this.#storeRuns,
      meta,
      now: this.#now,
      onError: (error) => {
        execution.message = error instanceof StorageFullError ? `${error.message}; the batch was paused and every stored run kept` : `runs could not be stored: ${messageOf(error)}`
      },
    })
    execution.committer = committer
    return committer
  }

  // refuses a batch that clearly cannot fit before anything changes; asks once for storage the browser will not evict
  // under pressure (a prompt in Firefox, decided silently in Chromium; a refusal changes nothing here)
  async #requireSpace(runs: number): Promise<void> {
    if (!this.#storage) return
    if (!this.#persistAsked) {
      this.#persistAsked = true
      this.#storage.persist().catch(() => {})
    }
    const problem = await shortfall(this.#storage, runs)
    if (problem) throw new StorageSpaceError(problem)
  }

  async #dispatch(execution: Execution, meta: BatchMeta, missing: Uint32Array, committer: RunCommitter): Promise<void> {
    try {
      const loaded = await this.#pool.load(meta.source, meta.seed)
      if (loaded.total !== meta.total_runs) {
        execution.message = `the batch file holds ${loaded.total} runs but the batch has ${meta.total_runs}: it cannot be run`
        return
      }
      await this.#pool.dispatch({
        source: meta.source,
        seed: meta.seed,
        indices: missing,
        proceed: () => !execution.stop && !committer.error,
        deliver: (runs) => {
          // the first runs of a start show at once (and a Pause lands while most of the batch is still to run);
          // later ones at the progress pace
          const first = execution.completed === 0
          execution.completed += runs.indices.length
          execution.meter.record(this.#now(), execution.completed)
          const stored = committer.add(runs)
          this.#emit(first, execution)
          return stored
        },
        onWorkerFailure: (batchIndex, failure) => {
          execution.message = `run ${batchIndex} was stored as failed: ${failure.message}; its worker was replaced`
        },
      })
    } catch (error) {
      // a cancel terminates the workers under their calls: that is the expected way out
      if (!(execution.stop === 'cancel' && error instanceof WorkerTerminatedError)) {
        execution.message = `the batch stopped: ${messageOf(error)}`
      }
    }
  }

  // the final status: done once every run is stored (even if a stop came too late to matter), else what the
  // user asked for, else paused (a failure said why)
  async #settle(execution: Execution): Promise<void> {
    const meta = execution.committer?.meta ?? execution.meta
    if (!meta) return
    const complete = meta.done + meta.failed >= meta.total_runs
    const status: BatchStatus = complete ? 'done' : execution.stop === 'cancel' ? 'cancelled' : 'paused'
    try {
      execution.meta = await updateBatchStatus(this.#db, execution.batchId, status, this.#now())
    } catch (error) {
      // e.g. the database was closed by a newer tab: storage keeps 'running', which shows as interrupted
      execution.message ??= `the batch's status could not be stored: ${messageOf(error)}`
      execution.meta = { ...meta, status }
    }
  }

  // `now`: a status change or a start's first runs, sent at once; otherwise at most one event per PROGRESS_INTERVAL_MS,
  // the last one delayed, not dropped
  #emit(now: boolean, execution: Execution): void {
    const at = this.#now()
    if (!now && at - this.#lastEmit < PROGRESS_INTERVAL_MS) {
      this.#emitTimer ??= setTimeout(() => {
        this.#emitTimer = null
        if (this.#execution === execution) this.#emit(true, execution)
      }, PROGRESS_INTERVAL_MS - (at - this.#lastEmit))
      return
    }
    if (this.#emitTimer !== null) clearTimeout(this.#emitTimer)
    this.#emitTimer = null
    this.#lastEmit = at
    const progress = this.#snapshot(execution, at)
    if (!progress) return
    this.#progress = progress
    for (const listener of this.#listeners) listener(progress)
  }

  #snapshot(execution: Execution, at: number): BatchProgress | null {
    const meta = execution.meta
    if (!meta) return null
    const done = execution.committer?.done ?? meta.done
    const failed = execution.committer?.failed ?? meta.failed
    const running = this.#execution === execution && meta.status === 'running'
    return {
      batchId: execution.batchId,
      status: meta.status,
      total: meta.total_runs,
      done,
      failed,
      inFlight: running ? this.#pool.inFlight : 0,
      runsPerSecond: running ? execution.meter.rate(at) : null,
      etaSeconds: running ? execution.meter.eta(at, meta.total_runs - done - failed) : null,
      message: execution.message,
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
