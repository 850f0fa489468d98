import type { RunSpec } from '../schema/design/expand-design'
import type { RunRecord } from '../schema/run-record'
import { createRunContext, runOne, type RunContext, type RunOptions } from './run'
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

/** Runs one run of a planned batch (a design's run spec), as every front end does: CLI, workers, replay. */
export function runSpec(spec: RunSpec, batchSeed: number, context: RunContext, { config = spec.config, ...options }: RunOptions & { config?: unknown } = {}): RunRecord {
  const position = { batchIndex: spec.run_index, batchSeed, seed: spec.seed, pointIndex: spec.point_index, replicate: spec.replicate }
  return runOne(config, position, context, options)
}
