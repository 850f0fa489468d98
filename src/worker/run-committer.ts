import type { BatchMeta } from '../storage/batch-meta'
import type { PulseDatabase, StoredRun } from '../storage/db'
import { appendStoredRuns } from '../storage/runs'
import type { FinishedRun } from './engine-api'

/** How finished runs are gathered into transactions. */
export interface CommitLimits {
  /** Longest a finished run waits in memory: few transactions, and a reload loses at most this much work. */
  intervalMs: number
  /** Most runs in one transaction: its puts structured-clone every run on the main thread in one task. */
  maxRuns: number
  /** Most line characters in one transaction. */
  maxChars: number
  /** Back-pressure: with this many runs not yet committed, `add` waits for storage (and so do the workers). */
  maxUncommitted: number
}

// Chromium here spends 0.1 to 0.2 ms of main thread on each put of a run (its 3.4 kB line is two-byte text: the
// labels hold emoji), so 200 runs a transaction keeps that task under 50 ms. Storage, not the engine, sets the
// pace (about 1,000 to 1,600 runs/s here, against 8,000 for two workers alone): a buffer beyond a second or so of
// engine output would only lengthen the wait when pausing.
const DEFAULT_COMMIT_LIMITS: CommitLimits = { intervalMs: 250, maxRuns: 200, maxChars: 2_000_000, maxUncommitted: 2_000 }

/**
 * Gathers a batch's finished runs and commits them with appendStoredRuns, one transaction at a time. After the
 * first failed commit (a full disk, the batch deleted) it stores nothing more: runs not committed stay pending,
 * and what was committed stays.
 */
export class RunCommitter {
  readonly #db: PulseDatabase
  readonly #batchId: string
  readonly #now: () => number
  readonly #limits: CommitLimits
  readonly #onError: (error: unknown) => void
  #meta: BatchMeta
  #error: { error: unknown } | null = null
  #buffer: StoredRun[] = []
  #bufferChars = 0
  // runs added and not yet committed (buffered or being written), by status
  #uncommitted = { done: 0, failed: 0 }
  #writing: Promise<void> | null = null
  #due = false
  #timer: ReturnType<typeof setTimeout> | null = null
  #waiters: (() => void)[] = []

  constructor(options: { db: PulseDatabase; meta: BatchMeta; now: () => number; onError: (error: unknown) => void; limits?: Partial<CommitLimits> }) {
    this.#db = options.db
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
  add(runs: readonly FinishedRun[]): Promise<void> {
    if (this.#error) return Promise.resolve()
    for (const run of runs) {
      this.#buffer.push({ batch_id: this.#batchId, ...run })
      this.#bufferChars += run.line.length
      this.#uncommitted[run.status]++
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

  #uncommittedRuns(): number {
    return this.#uncommitted.done + this.#uncommitted.failed
  }

  // starts a write when one is due (full enough, or the interval passed) and none is running; otherwise arms the timer
  #pump(): void {
    if (this.#writing || this.#error || this.#buffer.length === 0) return
    const full = this.#buffer.length >= this.#limits.maxRuns || this.#bufferChars >= this.#limits.maxChars
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
    let count = 0
    let chars = 0
    while (count < this.#buffer.length && count < this.#limits.maxRuns && (count === 0 || chars < this.#limits.maxChars)) {
      chars += this.#buffer[count].line.length
      count++
    }
    const runs = this.#buffer.splice(0, count)
    this.#bufferChars -= chars
    this.#writing = this.#commit(runs).finally(() => {
      this.#writing = null
      this.#pump()
    })
  }

  async #commit(runs: StoredRun[]): Promise<void> {
    try {
      this.#meta = await appendStoredRuns(this.#db, this.#batchId, runs, this.#now())
      for (const run of runs) this.#uncommitted[run.status]--
    } catch (error) {
      // the transaction was aborted whole: these runs and those still buffered stay pending
      this.#error = { error }
      this.#clearTimer()
      this.#buffer = []
      this.#bufferChars = 0
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
