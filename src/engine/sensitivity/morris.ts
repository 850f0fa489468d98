import { createRng, deriveSeed } from '../prng'
import { bootstrapIntervals, type BootstrapOptions } from './bootstrap'
import { assertFiniteOutputs } from './model-outputs'
import { assertPointIndex, type UnitSampler } from './unit-sampler'

/** Morris's jump for p levels: Δ = p / (2(p − 1)), i.e. p/2 grid steps of 1/(p − 1) (Morris 1991, §4). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1))
}

/**
 * Morris's one-at-a-time design: r trajectories of d + 1 points on the grid {0, 1/(p−1), …, 1}^d; trajectory t is
 * points t(d+1) … t(d+1)+d, and each step moves one factor by ±Δ, every factor once per trajectory (Morris 1991;
 * the B* construction of Saltelli et al., Global Sensitivity Analysis: The Primer, 2008, §3.3).
 *
 * Trajectory t is drawn from `createRng(deriveSeed(seed, t, 0))`, in this order: per factor a base level in
 * {0, …, p/2 − 1} (`floor(p/2 · nextFloat())`), per factor a direction (`nextFloat() < 0.5` goes up), then the
 * order factors move in (Fisher–Yates from the last position, `floor((k + 1) · nextFloat())`). A factor that goes
 * down starts Δ above its base level, so every point stays in [0, 1].
 */
export function morrisTrajectories(r: number, dimensions: number, levels: number, seed: number): UnitSampler {
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(`Morris levels must be an even number ≥ 2 (so Δ lands on the grid), got ${levels}`)
  }
  const half = levels / 2
  const count = r * (dimensions + 1)
  return {
    count,
    dimensions,
    pointAt(index) {
      assertPointIndex(index, count)
      const trajectory = Math.floor(index / (dimensions + 1))
      const step = index - trajectory * (dimensions + 1)
      const rng = createRng(deriveSeed(seed, trajectory, 0))
      const base = Array.from({ length: dimensions }, () => Math.floor(half * rng.nextFloat()))
      const up = Array.from({ length: dimensions }, () => rng.nextFloat() < 0.5)
      const order = Array.from({ length: dimensions }, (_, j) => j)
      for (let k = dimensions - 1; k > 0; k--) {
        const swap = Math.floor((k + 1) * rng.nextFloat())
        ;[order[k], order[swap]] = [order[swap], order[k]]
      }
      const moved = new Set(order.slice(0, step))
      return base.map((b, j) => {
        const start = up[j] ? b : b + half
        const level = moved.has(j) ? (up[j] ? start + half : start - half) : start
        return level / (levels - 1)
      })
    },
  }
}

/** Morris's screening measures for one factor (Campolongo, Cariboni and Saltelli 2007 for mu_star). */
export interface MorrisIndex {
  /** Mean elementary effect: its sign says which way the factor pushes the output on average. */
  mu: number
  /** Mean absolute elementary effect: the factor's overall influence. */
  mu_star: number
  /** Standard deviation of the elementary effects (n − 1 in the denominator): nonlinearity or interactions. */
  sigma: number
  /** Percentile bootstrap interval of mu_star over resampled trajectories; null when `resamples` is 0. */
  mu_star_ci: [number, number] | null
}

/**
 * Morris indices from trajectories laid out as `morrisTrajectories` makes them: `points[t(d+1) + s]` is step s
 * of trajectory t, and `outputs[i]` the model output at `points[i]`. An elementary effect is the output change
 * over the coordinate change of the one factor a step moves, so pass unit-cube coordinates to get effects per
 * unit of each factor's range (comparable across factors) or factor values to get them per unit of the factor.
 */
export function morrisIndices(
  points: readonly (readonly number[])[],
  outputs: readonly number[],
  options: BootstrapOptions = {},
): MorrisIndex[] {
  if (points.length === 0) throw new RangeError('no points')
  const d = points[0].length
  if (points.length !== outputs.length) throw new RangeError(`${points.length} points but ${outputs.length} outputs`)
  if (points.length % (d + 1) !== 0) throw new RangeError(`${points.length} points do not make whole trajectories of ${d + 1}`)
  const r = points.length / (d + 1)
  if (r < 2) throw new RangeError('Morris indices need at least 2 trajectories (sigma needs 2 effects per factor)')
  assertFiniteOutputs(outputs)
  // effects[j][t]: factor j's elementary effect in trajectory t.
  const effects = Array.from({ length: d }, () => new Float64Array(r))
  for (let t = 0; t < r; t++) {
    const seen = new Set<number>()
    for (let s = 1; s <= d; s++) {
      const i = t * (d + 1) + s
      const a = points[i - 1]
      const b = points[i]
      if (b.length !== d) throw new RangeError(`point ${i} has ${b.length} coordinates, not ${d}`)
      const changed = a.flatMap((x, j) => (x !== b[j] ? [j] : []))
      if (changed.length !== 1) throw new RangeError(`step ${s} of trajectory ${t} moves ${changed.length} factors, not 1`)
      const j = changed[0]
      if (seen.has(j)) throw new RangeError(`trajectory ${t} moves factor ${j} twice`)
      seen.add(j)
      effects[j][t] = (outputs[i] - outputs[i - 1]) / (b[j] - a[j])
    }
  }
  const meanAbs = (e: Float64Array, units: ArrayLike<number>) => {
    let sum = 0
    for (let k = 0; k < units.length; k++) sum += Math.abs(e[units[k]])
    return sum / units.length
  }
  const intervals = bootstrapIntervals(r, (units) => effects.map((e) => meanAbs(e, units)), options)
  const all = Array.from({ length: r }, (_, t) => t)
  return effects.map((e, j) => {
    const mu = e.reduce((a, b) => a + b, 0) / r
    const sigma = Math.sqrt(e.reduce((a, b) => a + (b - mu) ** 2, 0) / (r - 1))
    return { mu, mu_star: meanAbs(e, all), sigma, mu_star_ci: intervals ? intervals[j] : null }
  })
}
