import { runOne, type RunContext } from '../engine/run'
import type { RunRecord } from '../schema/run-record'

/** What a batch runs, in a form that crosses to a worker thread once: every run is addressed by its index. */
export interface RunSource {
  seed: number
  configs: readonly unknown[]
}

/** The number of runs in a source. */
export function runCount(source: RunSource): number {
  return source.configs.length
}

/** Runs the source's run `index`; the same (source, index) gives the same record in any thread. */
export function runAt(source: RunSource, index: number, context: RunContext): RunRecord {
  return runOne(source.configs[index], { batchIndex: index, batchSeed: source.seed }, context)
}
