import { morrisIndices, sobolIndices, type BootstrapOptions, type MorrisIndex, type SobolIndex } from '../engine/sensitivity'
import type { DesignPlan } from '../schema/design'
import { sensitivityMethod } from './analysis-method'

/** Morris screening measures or Sobol' indices per factor, and how many trajectories or rows they rest on. */
export type SensitivityResult =
  | { method: 'morris'; factors: string[]; indices: MorrisIndex[]; used: number; dropped: number }
  | { method: 'sobol'; factors: string[]; indices: SobolIndex[]; used: number; dropped: number }

/**
 * Sensitivity indices of a morris or saltelli design from one output per design point, in point order (the UI
 * averages each point's replicates first). The estimators read whole groups of points (a Morris trajectory of d + 1,
 * a Saltelli row of d + 2); a group with a missing output (every run of a point failed, or not run yet) is left
 * out whole, which keeps the rest unbiased since groups are independent draws.
 * Morris effects are taken on the unit-cube coordinates, so mu* is per unit of each factor's range and comparable
 * across factors.
 */
export function sensitivityIndices(plan: DesignPlan, outputs: ArrayLike<number>, options: BootstrapOptions = {}): SensitivityResult {
  const method = sensitivityMethod(plan.kind)
  if (!method) throw new RangeError(`a ${plan.kind} design gives no sensitivity indices: use a morris or saltelli design`)
  if (outputs.length !== plan.pointCount) throw new RangeError(`${outputs.length} outputs for ${plan.pointCount} design points`)
  const d = plan.factorPaths.length
  const size = method === 'morris' ? d + 1 : d + 2
  const groups = plan.pointCount / size
  const kept: number[] = []
  for (let g = 0; g < groups; g++) {
    let complete = true
    for (let s = 0; s < size && complete; s++) complete = Number.isFinite(outputs[g * size + s])
    if (complete) kept.push(g)
  }
  const dropped = groups - kept.length
  const unit = method === 'morris' ? 'trajectories' : 'Saltelli rows'
  if (kept.length < 2) throw new RangeError(`only ${kept.length} of ${groups} ${unit} have an output at every point; the indices need at least 2`)
  const keptOutputs = kept.flatMap((g) => Array.from({ length: size }, (_, s) => outputs[g * size + s]))
  const factors = [...plan.factorPaths]
  if (method === 'morris') {
    const points = kept.flatMap((g) => Array.from({ length: size }, (_, s) => plan.pointAt(g * size + s).unit!))
    return { method, factors, indices: morrisIndices(points, keptOutputs, options), used: kept.length, dropped }
  }
  return { method, factors, indices: sobolIndices(keptOutputs, d, options), used: kept.length, dropped }
}
