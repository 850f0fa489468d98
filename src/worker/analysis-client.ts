import * as Comlink from 'comlink'
import type { FactorValue } from '../schema/design'
import type { AnalysisWorker, ReplayVerdict, SensitivityRequest } from './analysis-api'
import { columnBuffers } from '../ui/experiment/run-table'
import type { HeatmapData, SweepData } from '../ui/experiment/sweep-stats'
import type { SensitivityResult } from './analysis-sensitivity'
import { WorkerClient } from './worker-client'

/**
 * The analysis worker, started on first use; it is apart from the engine pool so an analysis never waits behind a
 * running batch's chunks (nor holds one up).
 */
export class AnalysisClient {
  readonly #worker = new WorkerClient<AnalysisWorker>(() => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' }), 'analysis')

  sensitivity(request: SensitivityRequest): Promise<SensitivityResult> {
    // the outputs are a copy made for this call: hand the buffer over rather than copy it again
    // (Comlink's Remote spreads the result union over Promise: say it is one promise of the union)
    return this.#worker.call((remote) => remote.sensitivity(Comlink.transfer(request, [request.outputs.buffer])) as Promise<SensitivityResult>)
  }

  /** The request's columns are handed over (a copy made for the call). */
  sweep(request: Parameters<AnalysisWorker['sweep']>[0]): Promise<SweepData | null> {
    return this.#worker.call((remote) => remote.sweep(Comlink.transfer(request, columnBuffers(request.columns))) as Promise<SweepData | null>)
  }

  /** The request's columns are handed over (a copy made for the call). */
  heatmap(request: Parameters<AnalysisWorker['heatmap']>[0]): Promise<HeatmapData | null> {
    return this.#worker.call((remote) => remote.heatmap(Comlink.transfer(request, columnBuffers(request.columns))) as Promise<HeatmapData | null>)
  }

  /** The request's batch indices are handed over (a copy made for the call). */
  levels(request: Parameters<AnalysisWorker['levels']>[0]): Promise<FactorValue[] | null> {
    return this.#worker.call((remote) => remote.levels(Comlink.transfer(request, [request.batchIndices.buffer])))
  }

  replay(line: string): Promise<ReplayVerdict> {
    return this.#worker.call((remote) => remote.replay(line))
  }
}
