import type { RunRecord } from '../schema/run-record'
import { createRunContext, runOne, type RunContext } from './run'
import type { LearningHook } from './simulate'

/** How to run a batch: its seed (each run's seed derives from it) and an optional learning hook. */
export interface BatchOptions {
  seed: number
  context?: RunContext
  hook?: LearningHook
  /** Index of the first config, when running a slice of a larger batch. */
  firstIndex?: number
}

/** Runs configs independently, in order, yielding exactly one record per config whatever fails (reference 2.3). */
export function* runBatch(configs: Iterable<unknown>, options: BatchOptions): Generator<RunRecord> {
  const context = options.context ?? createRunContext()
  let batchIndex = options.firstIndex ?? 0
  for (const config of configs) {
    yield runOne(config, { batchIndex, batchSeed: options.seed }, context, { hook: options.hook })
    batchIndex++
  }
}
