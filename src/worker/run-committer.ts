import type { BatchMeta } from '../storage/batch-meta'
import type { PulseDatabase } from '../storage/db'
import type { EncodedRuns } from '../storage/run-pages'
import { appendEncodedRuns } from '../storage/runs'

/** How a transaction of runs is stored: appendEncodedRuns, here or in the storage worker; resolves to the batch's new meta. */
export type StoreRuns = (batchId: string, delivered: EncodedRuns[], now: number) => Promise<BatchMeta>

/** appendEncodedRuns on this thread's connection. */
export function storeRunsIn(db: PulseDatabase): StoreRuns {
  return (batchId, delivered, now) => appendEncodedRuns(db, batchId, delivered, now)
}

/** How finished runs are gathered into transactions. */
export interface CommitLimits {
  /** Longest a finished run waits in memory: few transactions, and a reload loses at most this much work. */
  intervalMs: number
  /** Most runs in one transaction (a delivery is not split: a larger one goes alone). */
  maxRuns: number
  /** Most line bytes (UTF-8) in one transaction (likewise). */
  maxBytes: number
  /** Back-pressure: with this many runs not yet committed, `add` waits for storage (and so do the workers). */
  maxUncommitted: number
}

// Runs are stored a page per delivery (lines as one buffer, summaries in columns), so a transaction costs the main
// thread well under a ms per page, not 0.1 to 0.2 ms per run as one record per run did: 2,048 runs (8 or more pages,
// ~7 MB of lines) a transaction is a small task. Two workers make about 8,000 to 15,000 12-turn runs/s: the buffer
// holds about a second of their output (its lines are transferred buffers, outside the JS heap); more would only
// lengthen a pause.
const DEFAULT_COMMIT_LIMITS: CommitLimits = { intervalMs: 250, maxRuns: 2_048, maxBytes: 8_000_000, maxUncommitted: 8_192 }

/**
 * Gathers a batch's finished runs, as the workers encoded them, and commits them with `store`, one
 * transaction at a time: a commit only writes pages (each delivery is one). After the first failed commit (a full
 * disk, the batch deleted) it stores nothing more: runs not committed stay pending, and what was committed stays.
 */
export class RunCommitter {
  readonly #store: StoreRuns
  readonly #batchId: string
  readonly #now: () => number
  readonly #limits: CommitLimits
  readonly #onError: (error: unknown) => void
  #meta: BatchMeta
  #error: { error: unknown } | null = null
  #buffer: EncodedRuns[] = []
  #bufferRuns = 0
  #bufferBytes = 0
  // runs added and not yet committed (buffered or being written), by status
  #uncommitted = { done: 0, failed: 0 }
  #writing: Promise<void> | null = null
  #due = false
  #timer: ReturnType<typeof setTimeout> | null = null
  #waiters: (() => void)[] = []

  constructor(options: { store: StoreRuns; meta: BatchMeta; now: () => number; onError: (error: unknown) => void; limits?: Partial<CommitLimits> }) {
    this.#store = options.store
    this.#meta = options.meta
    this.#batchId = options.meta.id
    this.#now = options.now
    this.#onError = options.onError
    this.#limits = { ...DEFAULT_COMMIT_LIMITS, ...options.limits }
  }

  /** The batch's meta as of the last commit. */
  get meta(): BatchMeta {
    return this.#meta
  }

  /** Completed runs: stored, and finished but not yet stored. */
  get done(): number {
    return this.#meta.done + this.#uncommitted.done
  }

  /** Failed runs: stored, and finished but not yet stored. */
  get failed(): number {
    return this.#meta.failed + this.#uncommitted.failed
  }

  /** The commit failure that stopped storing, if any. */
  get error(): { error: unknown } | null {
    return this.#error
  }

  /** Takes finished runs; resolves at once, or when storage has caught up if too many are waiting. */
  add(runs: EncodedRuns): Promise<void> {
    if (this.#error) return Promise.resolve()
    if (runs.indices.length > 0) {
      this.#buffer.push(runs)
      this.#bufferRuns += runs.indices.length
      this.#bufferBytes += runs.ends[runs.ends.length - 1]
      this.#count(runs, 1)
    }
    this.#pump()
    if (this.#uncommittedRuns() < this.#limits.maxUncommitted) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  /** Commits everything added so far; resolves when it is stored (or storing has failed: see `error`). */
  async flush(): Promise<void> {
    while (!this.#error && (this.#buffer.length > 0 || this.#writing)) {
      this.#due = true
      this.#pump()
      await this.#writing
    }
  }

  // adds (or takes back) a delivery's runs to the uncommitted counts, by status
  #count(runs: EncodedRuns, sign: 1 | -1): void {
    const failed = failedCount(runs)
    this.#uncommitted.failed += sign * failed
    this.#uncommitted.done += sign * (runs.indices.length - failed)
  }

  #uncommittedRuns(): number {
    return this.#uncommitted.done + this.#uncommitted.failed
  }

  // starts a write when one is due (full enough, or the interval passed) and none is running; otherwise arms the timer
  #pump(): void {
    if (this.#writing || this.#error || this.#buffer.length === 0) return
    const full = this.#bufferRuns >= this.#limits.maxRuns || this.#bufferBytes >= this.#limits.maxBytes
    if (!full && !this.#due) {
      this.#timer ??= setTimeout(() => {
        this.#timer = null
        this.#due = true
        this.#pump()
      }, this.#limits.intervalMs)
      return
    }
    this.#clearTimer()
    this.#due = false
    const batch = this.#take()
    this.#writing = this.#commit(batch).finally(() => {
      this.#writing = null
      this.#pump()
    })
  }

  // the oldest deliveries, as many as fit in maxRuns and maxBytes (one at least: a delivery is not split)
  #take(): EncodedRuns[] {
    let count = 0
    let runs = 0
    let bytes = 0
    for (const delivery of this.#buffer) {
      const size = delivery.indices.length
      const length = delivery.ends[size - 1]
      if (count > 0 && (runs + size > this.#limits.maxRuns || bytes + length > this.#limits.maxBytes)) break
      count++
      runs += size
      bytes += length
    }
    this.#bufferRuns -= runs
    this.#bufferBytes -= bytes
    return this.#buffer.splice(0, count)
  }

  async #commit(batch: EncodedRuns[]): Promise<void> {
    try {
      this.#meta = await this.#store(this.#batchId, batch, this.#now())
      for (const runs of batch) this.#count(runs, -1)
    } catch (error) {
      // the transaction was aborted whole: these runs and those still buffered stay pending
      this.#error = { error }
      this.#clearTimer()
      this.#buffer = []
      this.#bufferRuns = 0
      this.#bufferBytes = 0
      this.#uncommitted = { done: 0, failed: 0 }
      this.#onError(error)
    }
    if (this.#error || this.#uncommittedRuns() < this.#limits.maxUncommitted) {
      for (const wake of this.#waiters.splice(0)) wake()
    }
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }
}

function failedCount({ summaries }: EncodedRuns): number {
  return summaries.failed.reduce((sum, failed) => sum + failed, 0)
}
