import * as Comlink from 'comlink'
import type { FactorValue } from '../schema/design'
import { TABLE_NOT_HELD, type AnalysisWorker, type ReplayVerdict, type SensitivityRequest, type TableRef } from './analysis-api'
import { columnBuffers, type RunTable } from '../ui/experiment/run-table'
import type { HeatmapData, SweepData } from '../ui/experiment/sweep-stats'
import type { SensitivityResult } from './analysis-sensitivity'
import { WorkerClient } from './worker-client'

/**
 * Sends the analysis worker a run table once: a request names a table the worker was last sent by its id alone, and
 * carries its columns (a copy, handed over) for a new table, or again when the worker says it does not hold it (a
 * worker started anew). A table is not changed once sent: each read of the runs makes a new one.
 */
export class TableSender {
  readonly #ids = new WeakMap<RunTable, number>()
  #nextId = 1
  #sent: RunTable | null = null

  async send<T>(table: RunTable, call: (ref: TableRef, transfer: ArrayBuffer[]) => Promise<T>): Promise<T> {
    let id = this.#ids.get(table)
    if (id === undefined) this.#ids.set(table, (id = this.#nextId++))
    if (this.#sent === table) {
      try {
        return await call({ id }, [])
      } catch (error) {
        if (!(error instanceof Error && error.name === TABLE_NOT_HELD)) throw error
      }
    }
    this.#sent = table
    const columns = table.toColumns()
    return call({ id, columns }, columnBuffers(columns))
  }
}

type WithTable<Request> = Omit<Request, 'table'> & { table: RunTable }

/**
 * The analysis worker, started on first use; it is apart from the engine pool so an analysis never waits behind a
 * running batch's chunks (nor holds one up).
 */
export class AnalysisClient {
  readonly #worker = new WorkerClient<AnalysisWorker>(() => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' }), 'analysis')
  readonly #tables = new TableSender()

  sensitivity(request: SensitivityRequest): Promise<SensitivityResult> {
    // the outputs are a copy made for this call: hand the buffer over rather than copy it again
    // (Comlink's Remote spreads the result union over Promise: say it is one promise of the union)
    return this.#worker.call((remote) => remote.sensitivity(Comlink.transfer(request, [request.outputs.buffer])) as Promise<SensitivityResult>)
  }

  sweep({ table, ...request }: WithTable<Parameters<AnalysisWorker['sweep']>[0]>): Promise<SweepData | null> {
    return this.#tables.send(table, (ref, transfer) => this.#worker.call((remote) => remote.sweep(Comlink.transfer({ ...request, table: ref }, transfer)) as Promise<SweepData | null>))
  }

  heatmap({ table, ...request }: WithTable<Parameters<AnalysisWorker['heatmap']>[0]>): Promise<HeatmapData | null> {
    return this.#tables.send(table, (ref, transfer) => this.#worker.call((remote) => remote.heatmap(Comlink.transfer({ ...request, table: ref }, transfer)) as Promise<HeatmapData | null>))
  }

  levels({ table, ...request }: WithTable<Parameters<AnalysisWorker['levels']>[0]>): Promise<FactorValue[] | null> {
    return this.#tables.send(table, (ref, transfer) => this.#worker.call((remote) => remote.levels(Comlink.transfer({ ...request, table: ref }, transfer))))
  }

  replay(line: string): Promise<ReplayVerdict> {
    return this.#worker.call((remote) => remote.replay(line))
  }
}
