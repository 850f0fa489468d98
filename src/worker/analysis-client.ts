import * as Comlink from 'comlink'
import type { AnalysisWorker, ReplayVerdict, SensitivityRequest } from './analysis-api'
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

  replay(line: string): Promise<ReplayVerdict> {
    return this.#worker.call((remote) => remote.replay(line))
  }
}
