import { createEngineApi } from './engine-api'
import { type EngineWorkerFactory, type EngineWorkerHandle, WorkerCrashError } from './pool'

/** How an in-process worker fails on a run: its call throws, the worker dies and never answers, or it hangs (no answer, no error). */
export type InjectedFailure = 'throw' | 'die' | 'hang'

/** Engine "workers" that run in this thread behind the same asynchronous calls, for tests that inject failures or count runs. */
export interface InProcessWorkers {
  factory: EngineWorkerFactory
  /** Every batch index run, in call order, over all workers made. */
  ran: number[]
  /** How many workers the factory has made. */
  spawned: () => number
  /** How many of them were terminated. */
  terminated: () => number
}

/**
 * A factory of in-process engine workers; `failOn` picks runs whose chunk fails (the run is not recorded in `ran`);
 * `gate`, when given, is awaited before each chunk runs, so a test can hold a batch mid-way.
 */
export function inProcessWorkers({ failOn, failure = 'throw', gate }: { failOn?: (batchIndex: number) => boolean; failure?: InjectedFailure; gate?: Promise<void> } = {}): InProcessWorkers {
  const ran: number[] = []
  let spawned = 0
  let terminated = 0
  const factory = (): EngineWorkerHandle => {
    spawned++
    const api = createEngineApi()
    let die: (error: unknown) => void = () => {}
    const failed = new Promise<never>((_, reject) => (die = reject))
    failed.catch(() => {})
    // each answer comes in a later task, and structured-cloned, as a real worker's would
    const answer = async <T>(work: () => T): Promise<T> => {
      await new Promise((resolve) => setTimeout(resolve, 0))
      return structuredClone(work())
    }
    return {
      calls: {
        load: (source, seed) => answer(() => api.load(source, seed)),
        run: (indices) => {
          if (failOn && indices.some(failOn)) {
            if (failure === 'die') {
              die(new WorkerCrashError('the worker crashed (injected)'))
              return new Promise<never>(() => {})
            }
            // an endless loop, or a worker ended silently: only a deadline notices
            if (failure === 'hang') return new Promise<never>(() => {})
            return answer(() => {
              throw new RangeError('a run broke its worker (injected)')
            })
          }
          const run = () => answer(() => {
            ran.push(...indices)
            return api.run(indices)
          })
          return gate ? gate.then(run) : run()
        },
        recordWorkerFailure: (indices, failure) => answer(() => api.recordWorkerFailure(indices, failure)),
        replay: (source, batchIndex, seed) => answer(() => api.replay(source, batchIndex, seed)),
      },
      failure: failed,
      terminate: () => void terminated++,
    }
  }
  return { factory, ran, spawned: () => spawned, terminated: () => terminated }
}
