import * as Comlink from 'comlink'
import type { RunSummary } from '../storage/run-summary'
import type { AnalysisWorker, ReplayVerdict, SensitivityRequest } from './analysis-api'
import type { SensitivityResult } from './analysis-sensitivity'

/**
 * One analysis worker, started on first use and kept for the next request; it is apart from the engine pool so an
 * analysis never waits behind a running batch's chunks (nor holds one up). A crash fails the calls in flight and
 * the next call starts a fresh worker.
 */
export class AnalysisClient {
  #worker: { remote: Comlink.Remote<AnalysisWorker>; crashed: Promise<never>; terminate: () => void } | null = null

  sensitivity(request: SensitivityRequest): Promise<SensitivityResult> {
    // the outputs are a copy made for this call: hand the buffer over rather than copy it again
    // (Comlink's Remote spreads the result union over Promise: say it is one promise of the union)
    return this.#call((remote) => remote.sensitivity(Comlink.transfer(request, [request.outputs.buffer])) as Promise<SensitivityResult>)
  }

  replay(line: string): Promise<ReplayVerdict> {
    return this.#call((remote) => remote.replay(line))
  }

  sampleRuns(dbName: string, batchId: string, limit: number): Promise<RunSummary[]> {
    return this.#call((remote) => remote.sampleRuns(dbName, batchId, limit))
  }

  terminate(): void {
    this.#worker?.terminate()
    this.#worker = null
  }

  async #call<T>(call: (remote: Comlink.Remote<AnalysisWorker>) => Promise<T>): Promise<T> {
    const worker = (this.#worker ??= spawnAnalysisWorker())
    try {
      return await Promise.race([call(worker.remote), worker.crashed])
    } catch (error) {
      if (error instanceof AnalysisWorkerCrash && this.#worker === worker) this.terminate()
      throw error
    }
  }
}

/** The analysis worker stopped (it failed to load, or died). */
export class AnalysisWorkerCrash extends Error {
  override name = 'AnalysisWorkerCrash'
}

function spawnAnalysisWorker() {
  // keep this literal form: Vite finds the worker by it, and bundles it
  const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' })
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => reject(new AnalysisWorkerCrash(event.message || 'the analysis worker failed to start')))
    worker.addEventListener('messageerror', () => reject(new AnalysisWorkerCrash('a message from the analysis worker could not be read')))
  })
  crashed.catch(() => {})
  return { remote: Comlink.wrap<AnalysisWorker>(worker), crashed, terminate: () => worker.terminate() }
}
