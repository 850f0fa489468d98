import { runSpec } from '../engine/batch'
import type { RunContext } from '../engine/run'
import { planBatch, type ParsedBatch } from '../schema/batch-file'
import type { DesignPlan } from '../schema/design/expand-design'
import type { RunRecord } from '../schema/run-record'
import { applyGravityPatch, type GravityPatch } from './gravity-flags'

/** What a batch runs, in a form that crosses to a worker thread once: every run is addressed by its index. */
export interface RunSource {
  batch: ParsedBatch
  seed: number
  /** The gravity flags, applied over each run's own gravity block. */
  gravity: GravityPatch
}

// a plan is compiled once per source per thread (sources cross threads by structured clone, so each has its own)
const plans = new WeakMap<RunSource, DesignPlan>()
function planOf(source: RunSource): DesignPlan {
  let plan = plans.get(source)
  if (!plan) plans.set(source, (plan = planBatch(source.batch, source.seed)))
  return plan
}

/** The number of runs in a source. */
export function runCount(source: RunSource): number {
  return source.batch.runCount
}

/** The config run `index` runs, as the engine will echo it. */
export function configAt(source: RunSource, index: number): unknown {
  return applyGravityPatch(planOf(source).runSpecAt(index).config, source.gravity)
}

/** Runs the source's run `index`; the same (source, index) gives the same record in any thread. */
export function runAt(source: RunSource, index: number, context: RunContext): RunRecord {
  const spec = planOf(source).runSpecAt(index)
  return runSpec(spec, source.seed, context, { config: applyGravityPatch(spec.config, source.gravity) })
}
