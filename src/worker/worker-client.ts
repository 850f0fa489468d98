import * as Comlink from 'comlink'

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
   * terminated: a worker that stopped answering never will, and the next call starts a fresh one.
   */
  async call<T>(call: (remote: Comlink.Remote<Api>) => Promise<T>, { deadlineMs }: { deadlineMs?: number } = {}): Promise<T> {
    const worker = (this.#worker ??= this.#start())
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = deadlineMs === undefined ? [] : [new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkerCrash(`the ${this.#what} worker did not answer within ${Math.round(deadlineMs / 1000)} s`)), deadlineMs)
    })]
    try {
      return await Promise.race([call(worker.remote), worker.crashed, ...late])
    } catch (error) {
      if (error instanceof WorkerCrash && this.#worker === worker) this.terminate()
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  terminate(): void {
    this.#worker?.terminate()
    this.#worker = null
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
