import * as Comlink from 'comlink'
import type { BatchMeta } from '../storage/batch-meta'
import { openPulseDB, type PulseDatabase } from '../storage/db'
import { exportJsonl } from '../storage/jsonl'
import { LineFileStalled, type LineFileWriter, openLineFileWriter, removeStrayLines } from '../storage/line-files'
import type { EncodedRuns } from '../storage/run-pages'
import { appendEncodedRuns, listRuns, runSummaries } from '../storage/runs'
import { type BatchChartData, batchChartData } from '../ui/batch/batch-charts'
import { columnBuffers, readRunTable, type RunColumns } from '../ui/experiment/run-table'
import { Activity } from './activity'

/** A batch's run table as read in the storage worker: its columns, and whether it holds every stored run. */
export interface StoredRunTable {
  columns: RunColumns
  complete: boolean
}

/**
 * The storage worker's calls: the IndexedDB work of a running batch that would otherwise hold the page's thread.
 * IndexedDB clones what a write stores and rebuilds what a read returns on the thread that asks, and at a million
 * runs a commit's pages and a chart sample's summaries made the page's longest tasks.
 */
export interface StorageWorker {
  /**
   * `appendEncodedRuns` on the lab's database `dbName`: stores the runs and returns the batch's new meta. Their lines
   * go to a line file of the origin private file system where this worker can write one (see `line-files.ts`).
   */
  appendEncodedRuns(dbName: string, batchId: string, delivered: EncodedRuns[], now: number): Promise<BatchMeta>
  /**
   * The batch charts' bins and bands from an even sample of `limit` runs (`runSummaries`) on the lab's database
   * `dbName`: only they cross back to the page, not the sample.
   */
  sampleCharts(dbName: string, batchId: string, limit: number): Promise<BatchChartData>
  /**
   * `exportJsonl` on the lab's database `dbName`: the file as a Blob of slices of the line files. At a million runs
   * that is ~4,000 page reads and a walk over every run's slot, seconds of a thread; only the Blob's handle crosses.
   */
  exportJsonl(dbName: string, batchId: string): Promise<Blob>
  /**
   * `readRunTable` on the lab's database `dbName`: the outputs of up to `cap` of the batch's `stored` runs, as columns
   * whose buffers are transferred. Sent as summaries, the 2,000 runs a running batch's design panel reads every few
   * seconds took the page 80 ms to receive while the batch kept both cores busy.
   */
  runTable(dbName: string, batchId: string, stored: number, cap: number): Promise<StoredRunTable>
  /** What the worker is busy with (see Activity): asked when a commit is overdue, to say where it is stuck. */
  activity(): Promise<string>
}

/** The storage worker's API as a plain object: `storage.worker.ts` exposes it through Comlink, tests call it in-process. */
export function createStorageApi(): StorageWorker {
  // one connection, opened on first use; the database closes it when another tab upgrades it, and it is reopened
  let connection: { name: string; db: Promise<PulseDatabase> } | null = null
  const withDatabase = async <T>(name: string, work: (db: PulseDatabase) => Promise<T>): Promise<T> => {
    const open = () => {
      if (connection?.name !== name) {
        const opened = { name, db: openPulseDB(name) }
        opened.db.catch(() => connection === opened && (connection = null))
        connection = opened
      }
      return connection.db
    }
    try {
      return await work(await open())
    } catch (error) {
      // closed under us (an upgrade or a deletion elsewhere) before anything started: a fresh connection gets one retry
      if ((error as { name?: unknown }).name !== 'InvalidStateError') throw error
      connection = null
      return work(await open())
    }
  }
  // the line file writer of the database in use, opened with it (null where OPFS cannot be written); files of
  // batches that are gone are deleted first
  let lineFiles: { name: string; writer: Promise<LineFileWriter | null> } | null = null
  const lineFilesOf = (db: PulseDatabase) => {
    if (lineFiles?.name !== db.name) {
      const exists = async (ids: string[]) => (await Promise.all(ids.map((id) => db.getKey('batches', id)))).map((key) => key !== undefined)
      const writer = openLineFileWriter(db.name).then(async (opened) => {
        // only space is at stake: a sweep that fails is tried again by the next worker
        if (opened) await removeStrayLines(db.name, exists).catch(() => {})
        return opened
      })
      lineFiles = { name: db.name, writer }
    }
    return lineFiles.writer
  }
  // a commit's steps are marked, so that one that stops answering says where it waits: the one such commit seen since
  // waited on an OPFS step of its line file's opening (see OpenDeadline), with the worker's thread free
  const activity = new Activity()
  return {
    appendEncodedRuns: (dbName, batchId, delivered, now) => activity.track('a commit', (step) => {
      step('opening the database')
      return withDatabase(dbName, async (db) => {
        step('opening the line files')
        const writer = await lineFilesOf(db)
        step('storing the pages')
        return appendEncodedRuns(db, batchId, delivered, now, writer && steppedWriter(writer, step))
      })
    }),
    sampleCharts: (dbName, batchId, limit) => activity.track('a chart sample', () => withDatabase(dbName, async (db) => batchChartData(await runSummaries(db, batchId, { limit })))),
    exportJsonl: (dbName, batchId) => activity.track('an export', () => withDatabase(dbName, (db) => exportJsonl(db, batchId))),
    runTable: (dbName, batchId, stored, cap) => activity.track('a run table', () => withDatabase(dbName, async (db) => {
      const reader = { page: (offset: number, limit: number) => listRuns(db, batchId, { offset, limit }), sample: (limit: number) => runSummaries(db, batchId, { limit }) }
      const { table, complete } = await readRunTable(reader, stored, { cap })
      const columns = table.toColumns()
      return Comlink.transfer({ columns, complete }, columnBuffers(columns))
    })),
    activity: async () => activity.describe(),
  }
}

// a line file writer that marks its steps: the file's, then the IndexedDB transaction that follows it in a commit
function steppedWriter(writer: LineFileWriter, step: (name: string) => void): LineFileWriter {
  return {
    async write(batchId, parts) {
      try {
        return await writer.write(batchId, parts, step)
      } catch (error) {
        // the commit goes on without its file (see placeLines); the console is where anyone looking learns of it
        if (error instanceof LineFileStalled) console.warn(`${error.message}: a commit's lines are stored in IndexedDB instead`)
        throw error
      } finally {
        step('the IndexedDB transaction')
      }
    },
    async remove(batchId, file) {
      step('removing a line file')
      await writer.remove(batchId, file)
    },
  }
}
