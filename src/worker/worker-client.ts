import * as Comlink from 'comlink'
import { settleWithin } from '../settle-within'

/** How long a worker that missed a deadline has to say what it is doing before it is terminated. */
export const PROBE_MS = 2_000

/** A helper worker stopped (it failed to load, or died). */
export class WorkerCrash extends Error {
  override name = 'WorkerCrash'
}

/**
 * One helper worker behind Comlink, started on first use and kept for the next call. A crash fails the calls in
 * flight and the next call starts a fresh worker.
 */
export class WorkerClient<Api> {
  readonly #spawn: () => Worker
  readonly #what: string
  #worker: { remote: Comlink.Remote<Api>; crashed: Promise<never>; terminate: () => void } | null = null

  /** `spawn` makes the worker (keep `new Worker(new URL('./x.worker.ts', import.meta.url), …)` literal there: Vite bundles it by that form); `what` names it in errors. */
  constructor(spawn: () => Worker, what: string) {
    this.#spawn = spawn
    this.#what = what
  }

  /**
   * Calls the worker. With `deadlineMs`, a call not answered by then fails with a WorkerCrash and the worker is
   * terminated: a worker that stopped answering never will, and the next call starts a fresh one. Before that,
   * `busyWith` asks the worker what it is doing, and its answer (or that it gave none within PROBE_MS) ends the
   * crash's message.
   */
  async call<T>(call: (remote: Comlink.Remote<Api>) => Promise<T>, { deadlineMs, busyWith }: { deadlineMs?: number; busyWith?: (remote: Comlink.Remote<Api>) => Promise<string> } = {}): Promise<T> {
    const worker = (this.#worker ??= this.#start())
    const answer = Promise.race([call(worker.remote), worker.crashed])
    try {
      return deadlineMs === undefined ? await answer : await settleWithin(answer, deadlineMs, async (): Promise<never> => {
        const detail = busyWith ? await this.#probe(() => busyWith(worker.remote)) : ''
        throw new WorkerCrash(`the ${this.#what} worker did not answer within ${Math.round(deadlineMs / 1000)} s${detail}`)
      })
    } catch (error) {
      if (error instanceof WorkerCrash && this.#worker === worker) this.terminate()
      throw error
    }
  }

  terminate(): void {
    this.#worker?.terminate()
    this.#worker = null
  }

  // what an overdue worker says it is doing, as the end of a sentence
  #probe(ask: () => Promise<string>): Promise<string> {
    const answer = ask().then((busy) => `; it was busy with ${busy}`, (error: unknown) => `; asked what it was doing, it failed: ${error instanceof Error ? error.message : String(error)}`)
    return settleWithin(answer, PROBE_MS, () => `; asked what it was doing, it did not answer within ${PROBE_MS / 1000} s either: its thread was held`)
  }

  #start() {
    const worker = this.#spawn()
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => reject(new WorkerCrash(event.message || `the ${this.#what} worker failed to start`)))
      worker.addEventListener('messageerror', () => reject(new WorkerCrash(`a message from the ${this.#what} worker could not be read`)))
    })
    crashed.catch(() => {})
    return { remote: Comlink.wrap<Api>(worker), crashed, terminate: () => worker.terminate() }
  }
}
