import * as Comlink from 'comlink'
import type { RunRecord } from '../schema/run-record'
import { settleWithin } from '../settle-within'
import type { EncodedRuns } from '../storage/run-pages'
import { ChunkQueue } from './chunk-queue'
import { ChunkSizer } from './chunk-sizer'
import type { EngineWorker, LoadedBatch, WorkerFailure } from './engine-api'

/** The engine worker as the main thread calls it: every method answers asynchronously. */
export type EngineWorkerCalls = {
  [K in keyof EngineWorker]: (...args: Parameters<EngineWorker[K]>) => Promise<ReturnType<EngineWorker[K]>>
}

/** One engine worker as the pool holds it. */
export interface EngineWorkerHandle {
  calls: EngineWorkerCalls
  /** Rejects when the worker fails outside any call (its script did not load, an uncaught error): it may be dead. */
  failure: Promise<never>
  terminate(): void
}

/** Makes one engine worker; tests pass their own. */
export type EngineWorkerFactory = () => EngineWorkerHandle

/** A worker that failed outside any call, or whose message could not be read. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError'
}

/** The pool was terminated (Cancel) while a call was waiting on one of its workers. */
export class WorkerTerminatedError extends Error {
  override name = 'WorkerTerminatedError'
  constructor() {
    super('the workers were stopped')
  }
}

/** Workers keep failing however the runs are split: something is wrong with the workers themselves, not with a run. */
export class WorkerPoolError extends Error {
  override name = 'WorkerPoolError'
}

/** A worker gave neither an answer nor an error in time: it hangs (an endless loop) or died without a word (Chromium ends a worker out of memory silently). */
export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError'
}

/** How long a worker may take to answer before it is taken for hung, stopped and replaced. */
export interface ChunkDeadlines {
  /** What one run may take, whatever it is: the deadline of a chunk of one run. */
  runBudgetMs: number
  /** What starting a worker and loading a small batch into it may take. */
  loadBudgetMs: number
  /** Each further run of a chunk may take this many times the slowest time per run measured so far (at most runBudgetMs). */
  slack: number
}

// The slowest run the schema allows (10,000 turns, every turn recorded, shadow and gravity on) takes about 1.1 s
// in one worker on this project's 2-core test machine: 30 s leaves room for a device several times slower, a machine
// under heavy load (a run alone failed by a false alarm is a run lost to Retry failed) and a busy main thread. Slack: a chunk is sized to take about 100 ms, so 50 times the slowest measured pace is still generous,
// while a chunk of 250 quick runs is given seconds and not 250 × 30 s: a hang is found and closed in on by halving
// (about 8 halvings from the largest chunk) in minutes, not hours. Loading includes starting the worker: fetching and
// compiling the engine bundle, which took over 10 s on this machine at a load average of 10 (an e2e test that failed
// the whole batch as "workers cannot start" with a 10 s budget).
const DEFAULT_DEADLINES: ChunkDeadlines = { runBudgetMs: 30_000, loadBudgetMs: 60_000, slack: 50 }

// loading parses and validates the whole batch file: about 2 MB/s here (8.4 MB in 4.2 s), so 5 s per million
// characters is ten times that, on top of the load budget
const LOAD_MS_PER_MILLION_CHARS = 5_000

/**
 * The deadline of a chunk of `runs` runs: a whole run budget for the first run, so a run alone always gets it (a slow
 * run is never failed by a pace measured on quick ones), and `slack` times the slowest measured time per run for each
 * other, within the budget; before anything is measured, the whole budget for each.
 */
export function chunkDeadlineMs(runs: number, slowestMsPerRun: number | null, { runBudgetMs, slack }: ChunkDeadlines): number {
  const perOtherRun = slowestMsPerRun === null ? runBudgetMs : Math.min(runBudgetMs, slack * slowestMsPerRun)
  return runBudgetMs + Math.max(0, runs - 1) * perOtherRun
}

/** The deadline of loading a batch file of `chars` characters into a worker. */
export function loadDeadlineMs(chars: number, { loadBudgetMs }: ChunkDeadlines): number {
  return loadBudgetMs + (chars / 1_000_000) * LOAD_MS_PER_MILLION_CHARS
}

/** A deadline in whole seconds, or tenths below ten (tests use short ones). */
function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1_000)) : String(Math.round(ms / 100) / 10)
}

/** The default factory: a module worker running `engine.worker.ts`, spoken to through Comlink. */
export function spawnEngineWorker(): EngineWorkerHandle {
  // keep this literal form: Vite finds the worker by it, and bundles it
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })
  const failure = new Promise<never>((_, reject) => {
    // a module script that fails to load fires a plain Event, with no message
    worker.addEventListener('error', (event) => reject(new WorkerCrashError(event.message || 'the engine worker failed to start')))
    worker.addEventListener('messageerror', () => reject(new WorkerCrashError('a message from the engine worker could not be read')))
  })
  return { calls: Comlink.wrap<EngineWorker>(worker), failure, terminate: () => worker.terminate() }
}

/** The most workers a pool runs: more than the cores only adds memory (each worker holds the whole batch). */
export const MAX_POOL_SIZE = 16

/** One worker per core, as the browser reports them, within 1 to MAX_POOL_SIZE. */
export function defaultPoolSize(): number {
  return clampPoolSize(globalThis.navigator?.hardwareConcurrency ?? 1)
}

function clampPoolSize(size: number): number {
  return Math.min(MAX_POOL_SIZE, Math.max(1, Math.floor(size) || 1))
}

// one failing run costs about log2(chunk size) failures while the halves close in on it, each of them
// followed by successes of its other half; this many in a row with no success means every run fails
const MAX_FAILURES_IN_A_ROW = 16

/** Work for the pool: which runs of which batch, where finished runs go, and whether to go on. */
export interface PoolJob {
  source: string
  seed: number
  /** The batch indices to run, in the order to run them. */
  indices: Uint32Array
  /** Takes a chunk's finished runs, as the worker encoded them; the worker's next chunk waits for the returned promise (back-pressure). */
  deliver(runs: EncodedRuns): void | Promise<void>
  /** Asked before each chunk: false starts no more chunks, and those in flight finish and are delivered. */
  proceed(): boolean
  /** A run was stored as failed because its worker failed under it, even alone. */
  onWorkerFailure?(batchIndex: number, failure: WorkerFailure): void
}

interface Slot {
  handle: EngineWorkerHandle
  /** Rejects when the slot's worker is terminated or fails; every call races it, as a dead worker never answers. */
  ended: Promise<never>
  end(reason: unknown): void
  dead: boolean
  loaded: { source: string; seed: number; batch: LoadedBatch } | null
}

/** Engine workers, made lazily, each holding the loaded batch and running chunks of its runs. */
export class WorkerPool {
  readonly #factory: EngineWorkerFactory
  readonly #deadlines: ChunkDeadlines
  #size: number
  #slots: (Slot | undefined)[] = []
  #inFlight = 0
  #busy = false
  // terminate() starts a new generation: calls of the old one must neither count nor replace workers
  #generation = 0

  constructor({ size = defaultPoolSize(), factory = spawnEngineWorker, deadlines }: { size?: number; factory?: EngineWorkerFactory; deadlines?: Partial<ChunkDeadlines> } = {}) {
    this.#size = clampPoolSize(size)
    this.#factory = factory
    this.#deadlines = { ...DEFAULT_DEADLINES, ...deadlines }
  }

  /** How many workers a dispatch uses. */
  get size(): number {
    return this.#size
  }

  /** Runs handed to workers and not yet back. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** Changes the number of workers; only between batches. */
  resize(size: number): void {
    if (this.#busy) throw new Error('the pool is running a batch: resize it between batches')
    this.#size = clampPoolSize(size)
    for (let i = this.#size; i < this.#slots.length; i++) this.#discard(i, new WorkerTerminatedError())
    this.#slots.length = Math.min(this.#slots.length, this.#size)
  }

  /** Loads the batch into the first worker and says how many runs it holds (a BatchSourceError if it is invalid); the others load it as a dispatch reaches them. */
  async load(source: string, seed: number): Promise<LoadedBatch> {
    return (await this.#loaded(0, source, seed)).batch
  }

  /**
   * Runs `job.indices` in chunks spread over the workers, delivering each chunk's runs, until all are delivered or
   * `job.proceed()` says stop. A chunk whose worker fails, or does not answer by the chunk's deadline (see
   * chunkDeadlineMs), is retried in halves on a fresh worker; a single run that still fails is delivered as an error
   * record of stage 'worker'. Rejects with WorkerTerminatedError after terminate(), or when workers cannot start or
   * keep failing; runs delivered before that stay delivered.
   */
  async dispatch(job: PoolJob): Promise<void> {
    if (this.#busy) throw new Error('the pool is already running a batch')
    this.#busy = true
    const generation = this.#generation
    const queue = new ChunkQueue(job.indices)
    const sizer = new ChunkSizer()
    // the first error that stops the dispatch (workers cannot start, or keep failing)
    const fatal: unknown[] = []
    let failuresInARow = 0
    // the slowest pace of any chunk so far, for the deadlines of the next ones
    let slowestMsPerRun: number | null = null
    const live = () => generation === this.#generation

    const runChunk = async (i: number, chunk: Uint32Array): Promise<EncodedRuns | null> => {
      const { slot } = await this.#loaded(i, job.source, job.seed)
      this.#inFlight += chunk.length
      const started = performance.now()
      try {
        const deadline = chunkDeadlineMs(chunk.length, slowestMsPerRun, this.#deadlines)
        const runs = await this.#call(slot, (calls) => calls.run(chunk), deadline)
        failuresInARow = 0
        const elapsed = performance.now() - started
        slowestMsPerRun = Math.max(slowestMsPerRun ?? 0, elapsed / chunk.length)
        sizer.observe(chunk.length, elapsed, runs.ends[runs.ends.length - 1] ?? 0)
        return runs
      } catch (error) {
        if (!live()) throw error
        this.#discard(i, error)
        if (++failuresInARow >= MAX_FAILURES_IN_A_ROW) {
          throw new WorkerPoolError(`the workers failed ${failuresInARow} times in a row; the last time: ${messageOf(error)}`, { cause: error })
        }
        if (chunk.length > 1) {
          queue.split(chunk)
          return null
        }
        const failure: WorkerFailure = {
          type: nameOf(error),
          message: error instanceof WorkerTimeoutError ? error.message : `its worker failed while running it: ${messageOf(error)}`,
        }
        const { slot: fresh } = await this.#loaded(i, job.source, job.seed)
        const runs = await this.#call(fresh, (calls) => calls.recordWorkerFailure(chunk, failure), this.#deadlines.runBudgetMs)
        job.onWorkerFailure?.(chunk[0], failure)
        return runs
      } finally {
        if (live()) this.#inFlight -= chunk.length
      }
    }

    const drain = async (i: number): Promise<void> => {
      try {
        while (fatal.length === 0 && live() && job.proceed()) {
          const chunk = queue.take(sizer.next())
          if (!chunk) return
          const runs = await runChunk(i, chunk)
          if (runs) await job.deliver(runs)
        }
      } catch (error) {
        fatal.push(error)
      }
    }

    try {
      await Promise.all(Array.from({ length: Math.min(this.#size, job.indices.length) }, (_, i) => drain(i)))
    } finally {
      this.#busy = false
    }
    if (!live()) throw new WorkerTerminatedError()
    if (fatal.length > 0) throw fatal[0]
  }

  /** Reruns one run with every turn recorded, for charts (see EngineWorker.replay). */
  replay(source: string, batchIndex: number, seed?: number): Promise<RunRecord> {
    return this.#call(this.#slot(0), (calls) => calls.replay(source, batchIndex, seed))
  }

  /** Kills every worker now: waiting calls reject with WorkerTerminatedError; new workers are made when next needed. */
  terminate(): void {
    this.#generation++
    for (let i = 0; i < this.#slots.length; i++) this.#discard(i, new WorkerTerminatedError())
    this.#slots = []
    this.#inFlight = 0
  }

  #slot(i: number): Slot {
    const existing = this.#slots[i]
    if (existing && !existing.dead) return existing
    // a worker that died between calls is replaced before it is given work
    if (existing) this.#discard(i, new WorkerTerminatedError())
    const handle = this.#factory()
    let reject: (reason: unknown) => void = () => {}
    const ended = new Promise<never>((_, r) => (reject = r))
    // nobody may be waiting when a worker ends between calls
    ended.catch(() => {})
    const slot: Slot = {
      handle,
      ended,
      end(reason) {
        slot.dead = true
        reject(reason)
      },
      dead: false,
      loaded: null,
    }
    handle.failure.catch((error: unknown) => slot.end(error))
    this.#slots[i] = slot
    return slot
  }

  // the slot's worker with this batch loaded: a pause and resume, or a retry, does not send the batch again
  async #loaded(i: number, source: string, seed: number): Promise<{ slot: Slot; batch: LoadedBatch }> {
    const slot = this.#slot(i)
    if (slot.loaded?.source === source && slot.loaded.seed === seed) return { slot, batch: slot.loaded.batch }
    try {
      const batch = await this.#call(slot, (calls) => calls.load(source, seed), loadDeadlineMs(source.length, this.#deadlines), 'while loading the batch')
      slot.loaded = { source, seed, batch }
      return { slot, batch }
    } catch (error) {
      // the worker may be the problem: the next attempt starts from a fresh one
      if (this.#slots[i] === slot) this.#discard(i, error)
      throw error
    }
  }

  // with a deadline, a worker that has not answered by then is taken for hung: the call rejects with WorkerTimeoutError
  // (the caller discards the worker, which terminates it)
  #call<T>(slot: Slot, call: (calls: EngineWorkerCalls) => Promise<T>, deadlineMs?: number, doing = ''): Promise<T> {
    const answer = Promise.race([call(slot.handle.calls), slot.ended])
    if (deadlineMs === undefined) return answer
    return settleWithin(answer, deadlineMs, (): never => {
      throw new WorkerTimeoutError(`the worker did not answer within ${seconds(deadlineMs)} s${doing ? ` ${doing}` : ''}`)
    })
  }

  #discard(i: number, reason: unknown): void {
    const slot = this.#slots[i]
    if (!slot) return
    slot.end(reason)
    slot.handle.terminate()
    this.#slots[i] = undefined
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

// an Error thrown in a worker arrives through Comlink as a plain Error carrying the original name
function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : 'Error'
}
