import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb'
import type { BatchMeta } from './batch-meta'
import { StorageFullError } from './errors'
import type { RunSummary, StoredRunStatus } from './run-summary'

/** A finished run as stored: the exact JSONL line it was written as, and a small summary for tables and charts. */
export interface StoredRun {
  batch_id: string
  batch_index: number
  status: StoredRunStatus
  seed: number
  line: string
  summary: RunSummary
}

/** The lab's database: batch metas, and finished runs keyed by (batch, index); a pending run is simply absent. */
export interface PulseDB extends DBSchema {
  batches: { key: string; value: BatchMeta }
  runs: {
    key: [batchId: string, batchIndex: number]
    value: StoredRun
    indexes: { 'by-batch-status': [batchId: string, status: StoredRunStatus] }
  }
}

/** An open connection to the lab's database. */
export type PulseDatabase = IDBPDatabase<PulseDB>

/** The schema version `openPulseDB` upgrades to. */
export const PULSE_DB_VERSION = 1

/** The database name the app uses; tests pass their own. */
export const PULSE_DB_NAME = 'pulse-lab'

/** Opens (creating or upgrading as needed) the lab's database; the connection closes itself if another tab needs a newer version. */
export async function openPulseDB(name = PULSE_DB_NAME): Promise<PulseDatabase> {
  const db: PulseDatabase = await openDB<PulseDB>(name, PULSE_DB_VERSION, {
    upgrade(db, oldVersion) {
      // each step takes the previous version's layout as given: a new version is one more `if (oldVersion < n)` block
      if (oldVersion < 1) {
        db.createObjectStore('batches', { keyPath: 'id' })
        const runs = db.createObjectStore('runs', { keyPath: ['batch_id', 'batch_index'] })
        runs.createIndex('by-batch-status', ['batch_id', 'status'])
      }
    },
    // another tab wants a newer version: holding on would block its upgrade forever
    blocking: () => db.close(),
  })
  return db
}

/** The keys of one batch's runs with an index in [from, to]. */
export function batchRange(batchId: string, from = 0, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([batchId, from], [batchId, to])
}

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
function isQuotaExceeded(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'QuotaExceededError'
}
