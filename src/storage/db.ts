import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb'
import type { BatchMeta } from './batch-meta'
import { DatabaseUpgradeError, StorageFullError } from './errors'
import type { StoredLines } from './line-files'
import { migrateRunsFromV1 } from './migrate-v1'
import type { RunSummary, StoredRunStatus } from './run-summary'
import type { SummaryColumns } from './summary-columns'

/** A stored run as the verbs hand it out: the exact JSONL line it was written as, and its summary. */
export interface StoredRun {
  batch_id: string
  batch_index: number
  status: StoredRunStatus
  seed: number
  line: string
  summary: RunSummary
}

/**
 * Where each run of a batch is, for BLOCK_RUNS consecutive indices: 0 while the run is pending, else the page
 * holding it and whether it failed (see `slotValue`). Every per-run question (is it stored, did it fail, where
 * is its line) is answered here without reading a line or a summary.
 */
export interface SlotBlock {
  batch_id: string
  block: number
  slots: Uint32Array
}

/** Up to PAGE_RUNS stored runs of a batch: their lines as one Blob, in index order, each ending in a newline. */
export interface RunPage {
  batch_id: string
  /** Numbered from 0 in the order pages were written; a page whose runs were all replaced or deleted is deleted. */
  page: number
  /** The page's batch indices, ascending. A run replaced later stays here, unreferenced: the slot says which copy counts. */
  indices: Uint32Array
  /** Where each run's line ends in `lines` (in bytes, after its newline). */
  ends: Uint32Array
  /**
   * UTF-8, outside the JS heap and exported as slices without being read: a Blob in IndexedDB, or (where the storage
   * worker can write them) a part of a line file in OPFS (see `line-files.ts`).
   */
  lines: StoredLines
}

/** The summaries of one page's runs, apart from its lines so that tables and charts never load a line. */
export interface PageSummaries {
  batch_id: string
  page: number
  /** The same as the page's. */
  indices: Uint32Array
  columns: SummaryColumns
}

/** The lab's database: batch metas; per batch, slot blocks (which runs are stored where) and pages of runs with their summaries. */
export interface PulseDB extends DBSchema {
  batches: { key: string; value: BatchMeta }
  slots: { key: [batchId: string, block: number]; value: SlotBlock }
  pages: { key: [batchId: string, page: number]; value: RunPage }
  summaries: { key: [batchId: string, page: number]; value: PageSummaries }
}

/** An open connection to the lab's database. */
export type PulseDatabase = IDBPDatabase<PulseDB>

/**
 * The schema version `openPulseDB` upgrades to.
 * 1: `batches`, and `runs`: one record per run (line and summary) keyed [batch_id, batch_index], indexed by status.
 * 2: `batches` as in 1; `slots`, `pages` and `summaries` in place of `runs` (storing a record per run capped a batch
 *    near 1,000 runs/s with long main-thread tasks, and charts read whole lines).
 */
export const PULSE_DB_VERSION = 2

/** The database name the app uses; tests pass their own. */
export const PULSE_DB_NAME = 'pulse-lab'

/**
 * Opens (creating or upgrading as needed) the lab's database; the connection closes itself if another tab needs a
 * newer version. An upgrade is one transaction: if it fails, the database stays as it was and this rejects with a
 * DatabaseUpgradeError.
 */
export async function openPulseDB(name = PULSE_DB_NAME): Promise<PulseDatabase> {
  let failure: { error: unknown } | null = null
  try {
    const db: PulseDatabase = await openDB<PulseDB>(name, PULSE_DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        // each step takes the previous version's layout as given: a new version is one more `if (oldVersion < n)` block
        if (oldVersion < 1) db.createObjectStore('batches', { keyPath: 'id' })
        // (version 1's `runs` store is not made for a new database only to be replaced at once)
        if (oldVersion < 2) {
          db.createObjectStore('slots', { keyPath: ['batch_id', 'block'] })
          db.createObjectStore('pages', { keyPath: ['batch_id', 'page'] })
          db.createObjectStore('summaries', { keyPath: ['batch_id', 'page'] })
          if (oldVersion === 1) {
            migrateRunsFromV1(db, tx).catch((error: unknown) => {
              failure = { error }
              // the open request rejects with the abort; this is the same failure, already reported
              tx.done.catch(() => {})
              abortQuietly(tx)
            })
          }
        }
      },
      // another tab wants a newer version: holding on would block its upgrade forever
      blocking: () => db.close(),
    })
    return db
  } catch (error) {
    if (failure) throw new DatabaseUpgradeError(PULSE_DB_VERSION, { cause: (failure as { error: unknown }).error })
    throw error
  }
}

/** The keys of one batch's records (slot blocks, pages, summaries) numbered in [from, to]. */
export function batchRange(batchId: string, from = 0, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([batchId, from], [batchId, to])
}

/** The stores a change to a batch's runs writes, together. */
export const RUN_STORES = ['batches', 'slots', 'pages', 'summaries'] as const

/** A readwrite transaction over the given stores. */
export type WriteTransaction<Stores extends ArrayLike<StoreNames<PulseDB>>> = IDBPTransaction<PulseDB, Stores, 'readwrite'>

/** Runs `work` in one readwrite transaction; any failure aborts it whole, and a full disk becomes a StorageFullError. */
export async function writeTransaction<const Stores extends ArrayLike<StoreNames<PulseDB>>, Result>(
  db: PulseDatabase,
  stores: Stores,
  work: (tx: WriteTransaction<Stores>) => Promise<Result>,
): Promise<Result> {
  const tx = db.transaction(stores, 'readwrite')
  // work may throw before it awaits tx.done; the abort below must not become an unhandled rejection
  tx.done.catch(() => {})
  try {
    return await work(tx)
  } catch (err) {
    abortQuietly(tx)
    throw isQuotaExceeded(err) || isQuotaExceeded(tx.error) ? new StorageFullError({ cause: err }) : err
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort()
  } catch {
    // already committed or aborted (e.g. by the failing request itself): nothing left to undo
  }
}

// browsers differ in where the quota error lands: on the failed request, or only on the aborted transaction
export function isQuotaExceeded(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'QuotaExceededError'
}
