import { parseBatchText, planBatch } from '../../schema/batch-file'
import type { DesignPlan } from '../../schema/design'
import { sensitivityMethod } from '../../worker/analysis-method'
import { PointFactors, pointOfRun } from './sweep-stats'

/** A stored batch's design, planned with the seed it ran with: what sweep plots, groups and sensitivity read. */
export interface Experiment {
  plan: DesignPlan
  /** The design point of a run, by its batch index. */
  pointOf: (batchIndex: number) => number
  /** The design points' factor values, computed once each for every plot of this batch. */
  factors: PointFactors
  /** Which indices the design gives, if any. */
  sensitivity: 'morris' | 'sobol' | null
}

// a design is a few lines: a batch file this long is a list of configs, whose plan has no factors to plot
const MAX_PLANNED_SOURCE = 1_000_000

/** The batch's plan from its file and seed, or null for an imported batch, a long list of configs or a file this version cannot read. */
export function experimentOf(meta: { source: string; seed: number }): Experiment | null {
  if (meta.source === '' || meta.source.length > MAX_PLANNED_SOURCE) return null
  const parsed = parseBatchText(meta.source)
  if (!parsed.ok) return null
  return experimentOfPlan(planBatch(parsed.batch, meta.seed))
}

/** The experiment of a batch already planned. */
export function experimentOfPlan(plan: DesignPlan): Experiment {
  return { plan, pointOf: (batchIndex) => pointOfRun(batchIndex, plan.replications), factors: new PointFactors(plan), sensitivity: sensitivityMethod(plan.kind) }
}
