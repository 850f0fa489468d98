import { createContext } from 'svelte'
import type { FactorValue } from '../schema/design'
import type { RunRecord } from '../schema/run-record'
import type { BatchMeta } from '../storage/batch-meta'
import { deleteBatch, duplicateBatch, getBatch, listBatches, renameBatch, saveBatch } from '../storage/batches'
import { openPulseDB, type PulseDatabase, type StoredRun } from '../storage/db'
import { importJsonl, type JsonlImport } from '../storage/jsonl'
import type { RunSummary, StoredRunStatus } from '../storage/run-summary'
import { getRun, listRuns } from '../storage/runs'
import type { ReplayVerdict, SensitivityRequest } from '../worker/analysis-api'
import { AnalysisClient } from '../worker/analysis-client'
import type { SensitivityResult } from '../worker/analysis-sensitivity'
import { type BatchProgress, BatchRunner, createWorkerPool, displayStatus } from '../worker/batch-runner'
import type { WorkerPool } from '../worker/pool'
import { StorageClient } from '../worker/storage-client'
import type { ShownStatus } from './batch/batch-controls'
import type { BatchChartData } from './batch/batch-charts'
import { MAX_TABLE_RUNS, type ReadRunTable, RunTable } from './experiment/run-table'
import type { HeatmapData, SweepData } from './experiment/sweep-stats'
import { pageIdle } from './next-frame'
import { SampleRevisions } from './sample-revisions.svelte'

/** A message for the user about something that happened away from any one input (a failed start, a finished import). */
export interface Notice {
  kind: 'info' | 'error'
  text: string
}

// views reload what they show at most this often while a batch runs: progress itself updates 4 times a second
const RELOAD_INTERVAL_MS = 1_000
// charts and the runs table read thousands of runs and redraw: every few seconds is enough to watch them fill
const SAMPLE_RELOAD_INTERVAL_MS = 5_000
// while a batch runs here, the sections reread their sample this far apart (see SampleRevisions)
const SAMPLE_STAGGER_MS = 700
// long enough to read a sentence twice
const INFO_NOTICE_MS = 8_000
// how often a tab asks which batches other tabs are running (a cheap question to the browser's lock manager), and
// then reloads what it shows of them, so their progress moves here too
const OTHER_TABS_INTERVAL_MS = 2_000

/**
 * The lab's state and intents: the database, the worker pool and the batch runner, the runner's progress as
 * reactive state, and the verbs components call. Components read through it and never touch storage or workers.
 */
export class Lab {
  readonly db: PulseDatabase
  readonly pool: WorkerPool
  readonly runner: BatchRunner
  // sensitivity indices and replay checks, in a worker of their own (started on first use)
  readonly #analysis = new AnalysisClient()
  // a running batch's commits and the charts' samples, in a worker of their own (started on first use)
  readonly #storage: StorageClient

  /** The runner's latest progress (of the running batch, or of the last one to stop). */
  progress = $state.raw<BatchProgress | null>(null)
  /** The batch the runner is busy with, or null. */
  activeBatchId = $state<string | null>(null)
  /** Pause was asked for and in-flight runs are finishing. */
  pausing = $state(false)
  /** Goes up whenever stored batches may have changed, so views reload what they show (at most once a second while a batch runs). */
  revision = $state(0)
  readonly #samples = new SampleRevisions(SAMPLE_STAGGER_MS)
  notice = $state.raw<Notice | null>(null)
  poolSize = $state(1)
  /** The batches another tab of the lab is running now. */
  runningElsewhere = $state.raw<ReadonlySet<string>>(new Set())

  #reloadTimer: ReturnType<typeof setTimeout> | null = null
  #lastSampleReload = 0

  /**
   * Like `revision`, but at most every few seconds while a batch runs: for costly reads (the runs table's page, the
   * compare view's samples). The batch charts and the design panel have revisions of their own, which follow it.
   */
  get sampleRevision(): number {
    return this.#samples.table
  }

  /** `sampleRevision` for the batch charts (while a batch runs here, a moment after it). */
  get chartsSampleRevision(): number {
    return this.#samples.charts
  }

  /** `sampleRevision` for the design panel (while a batch runs here, after the charts'). */
  get designSampleRevision(): number {
    return this.#samples.design
  }

  constructor(db: PulseDatabase, pool: WorkerPool) {
    this.db = db
    this.pool = pool
    this.poolSize = pool.size
    this.#storage = new StorageClient(db.name)
    this.runner = new BatchRunner({
      db,
      pool,
      storeRuns: (batchId, delivered, now) => this.#storage.appendEncodedRuns(batchId, delivered, now),
      // the view a click on Run opens has rendered by then
      beforeWorkers: () => pageIdle(200),
    })
    this.runner.subscribe((progress) => this.#onProgress(progress))
    setInterval(() => void this.#watchOtherTabs(), OTHER_TABS_INTERVAL_MS)
    void this.#watchOtherTabs()
  }

  /** Opens the database and makes the pool (its workers start when a batch first runs). */
  static async open(): Promise<Lab> {
    return new Lab(await openPulseDB(), createWorkerPool())
  }

  /** How to show a batch's status: 'elsewhere' when another tab runs it, 'interrupted' when it is stored as running but no tab is. */
  statusOf(meta: BatchMeta): ShownStatus {
    return displayStatus(meta, this.activeBatchId, this.runningElsewhere)
  }

  /** Tells views to reload now; `everything` includes costly reads, which otherwise wait their turn while a batch runs. */
  changed(everything = true): void {
    if (this.#reloadTimer !== null) clearTimeout(this.#reloadTimer)
    this.#reloadTimer = null
    this.revision++
    const now = Date.now()
    if (everything || now - this.#lastSampleReload >= SAMPLE_RELOAD_INTERVAL_MS) {
      this.#lastSampleReload = now
      this.#samples.next(this.activeBatchId !== null)
    }
  }

  listBatches(filter: string): Promise<BatchMeta[]> {
    return listBatches(this.db, { filter })
  }

  getBatch(id: string): Promise<BatchMeta | undefined> {
    return getBatch(this.db, id)
  }

  listRuns(batchId: string, page: { offset: number; limit: number; status?: StoredRunStatus }): Promise<RunSummary[]> {
    return listRuns(this.db, batchId, page)
  }

  getRun(batchId: string, index: number): Promise<StoredRun | undefined> {
    return getRun(this.db, batchId, index)
  }

  /** The batch charts' bins and bands from an even sample of `limit` runs, made in the storage worker, off this thread. */
  sampleCharts(batchId: string, limit: number): Promise<BatchChartData> {
    return this.#storage.sampleCharts(batchId, limit)
  }

  /** The outputs of up to `cap` of a batch's `stored` runs as columns (see `readRunTable`), read in the storage worker. */
  async readRunTable(batchId: string, stored: number, { cap = MAX_TABLE_RUNS } = {}): Promise<ReadRunTable> {
    const { columns, complete } = await this.#storage.runTable(batchId, stored, cap)
    return { table: RunTable.fromColumns(columns), complete }
  }

  /** The batch as a JSONL file (see `exportJsonl`), made in the storage worker: seconds of work at a million runs. */
  exportJsonl(batchId: string): Promise<Blob> {
    return this.#storage.exportJsonl(batchId)
  }

  /** Reruns one run of a batch with every turn recorded (for charts of a run stored in summary mode). */
  replay(meta: BatchMeta, index: number): Promise<RunRecord> {
    return this.pool.replay(meta.source, index, meta.seed)
  }

  /** Morris or Sobol' indices of a morris or saltelli batch from one output per design point (see `pointOutputs`). */
  sensitivity(meta: BatchMeta, outputs: Float64Array, options: Pick<SensitivityRequest, 'resamples' | 'confidence'> = {}): Promise<SensitivityResult> {
    return this.#analysis.sensitivity({ source: meta.source, seed: meta.seed, outputs, ...options })
  }

  /** The design panel's sweep of `table`'s runs (see `sweepSeries`), computed in the analysis worker. */
  designSweep(meta: Pick<BatchMeta, 'source' | 'seed'>, table: RunTable, plot: { output: string; x: string; split: string; maxDots?: number }): Promise<SweepData | null> {
    return this.#analysis.sweep({ source: meta.source, seed: meta.seed, table, ...plot })
  }

  /** The design panel's heatmap of `table`'s runs (see `heatmap`), computed in the analysis worker. */
  designHeatmap(meta: Pick<BatchMeta, 'source' | 'seed'>, table: RunTable, plot: { output: string; x: string; y: string }): Promise<HeatmapData | null> {
    return this.#analysis.heatmap({ source: meta.source, seed: meta.seed, table, ...plot })
  }

  /** The levels a factor of the batch's design takes over the table's runs (null: continuous), from the analysis worker. */
  designLevels(meta: Pick<BatchMeta, 'source' | 'seed'>, table: RunTable, factor: string): Promise<FactorValue[] | null> {
    return this.#analysis.levels({ source: meta.source, seed: meta.seed, table, factor })
  }

  /** Recomputes a stored run from its own line and says whether it comes out byte-identical. */
  checkReplay(line: string): Promise<ReplayVerdict> {
    return this.#analysis.replay(line)
  }

  async saveDraft(meta: BatchMeta): Promise<void> {
    await saveBatch(this.db, meta)
    this.changed()
  }

  /** Starts (or resumes) a batch; it runs on after this returns, and a failure to start becomes a notice. */
  start(batchId: string): void {
    this.#track(this.runner.start(batchId))
  }

  /** Deletes the batch's failed runs and runs them again. */
  retryFailed(batchId: string): void {
    this.#track(this.runner.retryFailed(batchId))
  }

  pause(): void {
    if (this.activeBatchId === null) return
    this.pausing = true
    this.runner.pause()
  }

  async cancel(): Promise<void> {
    await this.runner.cancel()
    this.changed()
  }

  /** Uses `size` workers from the next batch on (the pool cannot change size under a running batch). */
  setPoolSize(size: number): void {
    if (this.activeBatchId !== null) return
    this.pool.resize(size)
    this.poolSize = this.pool.size
  }

  async rename(id: string, name: string): Promise<void> {
    await renameBatch(this.db, id, name, Date.now())
    this.changed()
  }

  async duplicate(id: string): Promise<BatchMeta> {
    const copy = await duplicateBatch(this.db, id, crypto.randomUUID(), Date.now())
    this.changed()
    return copy
  }

  async delete(id: string): Promise<void> {
    if (this.activeBatchId === id) await this.runner.cancel()
    await deleteBatch(this.db, id)
    this.changed()
  }

  /** Stores a JSONL file's records as a new read-only batch named after the file. */
  async importJsonl(name: string, text: string): Promise<JsonlImport> {
    const result = await importJsonl(this.db, crypto.randomUUID(), name, text, Date.now())
    this.changed()
    return result
  }

  /** Shows a notice; an info notice goes by itself after a while, an error stays until dismissed. */
  say(kind: Notice['kind'], text: string): void {
    const notice = { kind, text }
    this.notice = notice
    if (kind === 'info') setTimeout(() => this.notice === notice && (this.notice = null), INFO_NOTICE_MS)
  }

  #track(run: Promise<void>): void {
    this.activeBatchId = this.runner.activeBatchId
    this.changed()
    run.catch((error: unknown) => this.say('error', error instanceof Error ? error.message : String(error)))
      .finally(() => {
        this.activeBatchId = this.runner.activeBatchId
        this.pausing = false
        this.changed()
      })
  }

  #onProgress(progress: BatchProgress): void {
    const statusChanged = this.progress?.status !== progress.status || this.progress?.batchId !== progress.batchId
    this.progress = progress
    this.activeBatchId = this.runner.activeBatchId
    if (statusChanged) this.changed()
    else this.#reloadSoon()
  }

  async #watchOtherTabs(): Promise<void> {
    let elsewhere: Set<string>
    try {
      elsewhere = await this.runner.runningElsewhere()
    } catch {
      return
    }
    const before = this.runningElsewhere
    if (elsewhere.size === 0 && before.size === 0) return
    if (elsewhere.size !== before.size || [...elsewhere].some((id) => !before.has(id))) this.runningElsewhere = elsewhere
    // another tab is storing runs (or just stopped): show what it stored
    this.changed(false)
  }

  #reloadSoon(): void {
    this.#reloadTimer ??= setTimeout(() => this.changed(false), RELOAD_INTERVAL_MS)
  }
}

const [getLab, setLab] = createContext<Lab>()

/** The lab of the app, for any component under the shell. */
export { getLab, setLab }

