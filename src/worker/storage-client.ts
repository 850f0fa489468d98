import * as Comlink from 'comlink'
import type { BatchMeta } from '../storage/batch-meta'
import { BatchNotFoundError, BatchStateError, StorageFullError } from '../storage/errors'
import type { EncodedRuns } from '../storage/run-pages'
import type { BatchChartData } from '../ui/batch/batch-charts'
import type { StorageWorker, StoredRunTable } from './storage-api'
import { WorkerClient } from './worker-client'

/**
 * How long a commit may take before the storage worker is taken for stuck. A commit is a few MB and takes well under
 * a second even on two busy cores; a minute leaves room for a slow disk.
 */
export const COMMIT_DEADLINE_MS = 60_000

/** The storage worker of one database, started on first use (see StorageWorker). */
export class StorageClient {
  readonly #dbName: string
  readonly #worker: WorkerClient<StorageWorker>

  /** `spawn` makes the worker; tests pass a stand-in. */
  constructor(dbName: string, spawn = () => new Worker(new URL('./storage.worker.ts', import.meta.url), { type: 'module' })) {
    this.#dbName = dbName
    this.#worker = new WorkerClient<StorageWorker>(spawn, 'storage')
  }

  /**
   * Stores the runs in the worker; lines given as bytes are transferred to it, so their buffers are detached here. A
   * commit not answered within COMMIT_DEADLINE_MS fails with a WorkerCrash and the worker is replaced, instead of
   * holding the batch forever (the runner then goes on once from what is stored, see BatchRunner); the crash's message
   * says what the worker was doing, if it could still say.
   */
  appendEncodedRuns(batchId: string, delivered: EncodedRuns[], now: number): Promise<BatchMeta> {
    return this.#call(batchId, (remote) => remote.appendEncodedRuns(this.#dbName, batchId, Comlink.transfer(delivered, lineBuffers(delivered)), now), {
      deadlineMs: COMMIT_DEADLINE_MS,
      busyWith: (remote) => remote.activity(),
    })
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

  /** Stops the worker (a later call starts a new one). */
  terminate(): void {
    this.#worker.terminate()
  }

  async #call<T>(batchId: string, call: (remote: Comlink.Remote<StorageWorker>) => Promise<T>, options?: Parameters<WorkerClient<StorageWorker>['call']>[1]): Promise<T> {
    try {
      return await this.#worker.call(call, options)
    } catch (error) {
      throw reviveStorageError(error, batchId)
    }
  }
}

/** The buffers of the deliveries' lines that are bytes filling a buffer of their own: those can move, not be copied. */
export function lineBuffers(delivered: readonly EncodedRuns[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  for (const { lines } of delivered) if (!(lines instanceof Blob) && lines.byteOffset === 0 && lines.byteLength === lines.buffer.byteLength) buffers.add(lines.buffer)
  return [...buffers]
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
