import type * as Comlink from 'comlink'
import type { BatchMeta } from '../storage/batch-meta'
import { BatchNotFoundError, BatchStateError, StorageFullError } from '../storage/errors'
import type { EncodedRuns } from '../storage/run-pages'
import type { BatchChartData } from '../ui/batch/batch-charts'
import type { StorageWorker, StoredRunTable } from './storage-api'
import { WorkerClient } from './worker-client'

/** The storage worker of one database, started on first use (see StorageWorker). */
export class StorageClient {
  readonly #dbName: string
  readonly #worker = new WorkerClient<StorageWorker>(() => new Worker(new URL('./storage.worker.ts', import.meta.url), { type: 'module' }), 'storage')

  constructor(dbName: string) {
    this.#dbName = dbName
  }

  appendEncodedRuns(batchId: string, delivered: EncodedRuns[], now: number): Promise<BatchMeta> {
    return this.#call(batchId, (remote) => remote.appendEncodedRuns(this.#dbName, batchId, delivered, now))
  }

  sampleCharts(batchId: string, limit: number): Promise<BatchChartData> {
    return this.#call(batchId, (remote) => remote.sampleCharts(this.#dbName, batchId, limit))
  }

  exportJsonl(batchId: string): Promise<Blob> {
    return this.#call(batchId, (remote) => remote.exportJsonl(this.#dbName, batchId))
  }

  runTable(batchId: string, stored: number, cap: number): Promise<StoredRunTable> {
    return this.#call(batchId, (remote) => remote.runTable(this.#dbName, batchId, stored, cap))
  }

  async #call<T>(batchId: string, call: (remote: Comlink.Remote<StorageWorker>) => Promise<T>): Promise<T> {
    try {
      return await this.#worker.call(call)
    } catch (error) {
      throw reviveStorageError(error, batchId)
    }
  }
}

/**
 * The storage error a worker threw, as the class callers check for: an error crosses a worker as a plain Error with
 * its name and message, and the runner tells a full disk (pause, keep every run) from other failures by its class.
 */
export function reviveStorageError(error: unknown, batchId: string): unknown {
  if (!(error instanceof Error)) return error
  switch (error.name) {
    case 'StorageFullError':
      return new StorageFullError({ cause: error })
    case 'BatchNotFoundError':
      return new BatchNotFoundError(batchId)
    case 'BatchStateError':
      return new BatchStateError(error.message, { cause: error })
    default:
      return error
  }
}
