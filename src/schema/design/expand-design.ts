import { deriveSeed } from '../../engine/prng'
import { morrisTrajectories } from '../../engine/sensitivity/morris'
import { latinHypercube } from '../../engine/sensitivity/latin-hypercube'
import { saltelliSample } from '../../engine/sensitivity/sobol-indices'
import { randomSample, sobolSample, type UnitSampler } from '../../engine/sensitivity/unit-sampler'
import { deepMerge, validateConfig } from '../config-merge'
import { formatProblem, type Problem } from '../problems'
import type { RunConfigInput } from '../run-config'
import { DEFAULT_MORRIS_LEVELS, countPoints, runCapProblem, type Design } from './design'
import { setAtPath } from './factor-path'
import { compileFactor, type Factor, type FactorValue } from './factor-spec'

/** What expansion needs from a batch: its seed, defaults, design and (for a configs design) configs. */
export interface DesignBatch {
  seed: number
  design: Design
  defaults?: unknown
  configs?: readonly unknown[]
}

/** One point of a design: the factor values (by path, in factor order) and, for sampling kinds, its unit-cube coordinates. */
export interface DesignPoint {
  point_index: number
  factors: Record<string, FactorValue>
  /** Coordinates in [0, 1]^d before each factor's quantile function: what `morrisIndices` wants. Null for configs, grid, zip. */
  unit: number[] | null
}

/** One run: where it sits in the batch, its seed, and the config it runs. */
export interface RunSpec {
  /** Position in the batch: point_index × replications + replicate. */
  run_index: number
  point_index: number
  replicate: number
  /** deriveSeed(batch seed, point_index, replicate); for a configs design, a config's own seed wins (as before designs). */
  seed: number
  factors: Record<string, FactorValue>
  /** Defaults deep-merged with the point (its factor values set by path, or its config). Shares untouched subtrees with defaults: treat as read-only. */
  config: RunConfigInput
}

/** A design compiled once, then asked for any point or run in any order, or iterated over a range. */
export interface DesignPlan {
  readonly kind: Design['kind']
  readonly factorPaths: readonly string[]
  readonly pointCount: number
  readonly replications: number
  readonly runCount: number
  pointAt(pointIndex: number): DesignPoint
  runSpecAt(runIndex: number): RunSpec
  /** Run specs [start, end) in run order, computed one at a time. */
  runs(start?: number, end?: number): Generator<RunSpec>
}

// Design draws use streams whose point or replicate word is 2^32 − 1, which no run has (MAX_DESIGN_RUNS is far
// below), so a point's sample never shares a seed triple with its own runs: the sampler seed is
// deriveSeed(design seed, DESIGN_STREAM, DESIGN_STREAM), and samplers derive per-point streams from it.
const DESIGN_STREAM = 0xffffffff

/** Compiles a parsed design for expansion; throws a RangeError if the batch and design do not fit (see `checkDesignBatch`). */
export function planDesign(batch: DesignBatch): DesignPlan {
  const { design } = batch
  const factors = Object.entries(design.factors ?? {}).map(([path, spec]) => compileFactor(path, spec))
  const configs = batch.configs
  if (design.kind === 'configs' && !configs) throw new RangeError('a configs design needs the batch\'s configs')
  const pointCount = countPoints(design, configs?.length)
  const cap = runCapProblem(design, configs?.length)
  if (cap) throw new RangeError(`design: ${cap}`)
  const replications = design.replications
  const runCount = pointCount * replications
  const defaults = batch.defaults ?? {}
  const points = pointSource(batch, factors)

  const pointAt = (pointIndex: number): DesignPoint => {
    if (!Number.isInteger(pointIndex) || pointIndex < 0 || pointIndex >= pointCount) {
      throw new RangeError(`point index must be an integer in [0, ${pointCount}), got ${pointIndex}`)
    }
    return points(pointIndex)
  }
  const specFor = (point: DesignPoint, replicate: number): RunSpec => {
    const { point_index } = point
    let config: unknown
    if (design.kind === 'configs') {
      config = deepMerge(defaults, configs![point_index])
    } else {
      const overrides: Record<string, unknown> = {}
      for (const [path, value] of Object.entries(point.factors)) setAtPath(overrides, path, value)
      config = deepMerge(defaults, overrides)
    }
    const own = design.kind === 'configs' ? ownSeed(config) : undefined
    return {
      run_index: point_index * replications + replicate,
      point_index,
      replicate,
      seed: own ?? deriveSeed(batch.seed, point_index, replicate),
      factors: point.factors,
      config: config as RunConfigInput,
    }
  }
  // A run index, or with `bound` a range bound (which may equal runCount).
  const checkRun = (runIndex: number, bound = false) => {
    if (!Number.isInteger(runIndex) || runIndex < 0 || runIndex > runCount || (runIndex === runCount && !bound)) {
      throw new RangeError(`run index must be an integer in [0, ${runCount}${bound ? ']' : ')'}, got ${runIndex}`)
    }
  }
  return {
    kind: design.kind,
    factorPaths: factors.map((f) => f.path),
    pointCount,
    replications,
    runCount,
    pointAt,
    runSpecAt(runIndex) {
      checkRun(runIndex)
      return specFor(pointAt(Math.floor(runIndex / replications)), runIndex % replications)
    },
    *runs(start = 0, end = runCount) {
      checkRun(start, true)
      checkRun(end, true)
      let point: DesignPoint | null = null
      for (let runIndex = start; runIndex < end; runIndex++) {
        const pointIndex = Math.floor(runIndex / replications)
        if (point?.point_index !== pointIndex) point = pointAt(pointIndex)
        yield specFor(point, runIndex - pointIndex * replications)
      }
    },
  }
}

/** Lazily yields the batch's run specs in run order (point-major, replicate-minor), or those in [start, end) — a shard. */
export function* expandDesign(batch: DesignBatch, range: { start: number; end: number } | null = null): Generator<RunSpec> {
  const plan = planDesign(batch)
  yield* plan.runs(range?.start ?? 0, range?.end ?? plan.runCount)
}

/** Run `runIndex` alone, as `expandDesign` would yield it; compile once with `planDesign` to ask for many. */
export function runSpecAt(batch: DesignBatch, runIndex: number): RunSpec {
  return planDesign(batch).runSpecAt(runIndex)
}

/**
 * What the schema alone cannot see, for a batch with a design: configs present or missing for its kind, the run
 * cap counted with the configs, a seed in defaults or (with replications) in a config, and whether point 0's
 * config validates. Run it after the batch file parses; an empty list means the batch can be planned.
 */
export function checkDesignBatch(batch: { seed?: number; design?: Design; defaults?: unknown; configs?: readonly unknown[] }): Problem[] {
  const { design, configs } = batch
  if (!design) return []
  const problems: Problem[] = []
  const fileProblem = (path: string, message: string) => problems.push({ index: null, path, message })
  if (design.kind === 'configs' && !configs?.length) {
    fileProblem('configs', 'a configs design takes its points from configs, and there are none')
  }
  if (design.kind !== 'configs' && configs !== undefined) {
    fileProblem('configs', `a ${design.kind} design makes its points from design.factors: drop configs, or use "kind": "configs"`)
  }
  if (ownSeed(batch.defaults) !== undefined) {
    fileProblem('defaults.seed', 'with a design, each run\'s seed is derived from (batch seed, point, replicate): set the batch seed instead')
  }
  if (design.kind === 'configs' && design.replications > 1) {
    configs?.forEach((config, index) => {
      if (ownSeed(config) !== undefined) {
        problems.push({ index, path: 'seed', message: 'replications need a seed per run: drop seed (each is derived from the batch seed, point and replicate)' })
      }
    })
  }
  if (design.kind === 'configs' && configs?.length) {
    const cap = runCapProblem(design, configs.length)
    if (cap) fileProblem('design', cap)
  }
  if (problems.length) return problems
  const first = planDesign({ ...batch, seed: batch.seed ?? 0, design }).runSpecAt(0)
  for (const p of validateConfig(first.config, null)) fileProblem('design', `point 0 gives an invalid config: ${formatProblem(p)}`)
  return problems
}

function pointSource(batch: DesignBatch, factors: Factor[]): (pointIndex: number) => DesignPoint {
  const { design } = batch
  const valuesOf = (values: FactorValue[]) => Object.fromEntries(factors.map((f, j) => [f.path, values[j]]))
  switch (design.kind) {
    case 'configs':
      return (point_index) => ({ point_index, factors: {}, unit: null })
    case 'grid':
      // Row-major, like itertools.product: the last factor varies fastest.
      return (point_index) => {
        const values = new Array<FactorValue>(factors.length)
        let rest = point_index
        for (let j = factors.length - 1; j >= 0; j--) {
          const m = factors[j].levelCount!
          values[j] = factors[j].levelAt(rest % m)
          rest = Math.floor(rest / m)
        }
        return { point_index, factors: valuesOf(values), unit: null }
      }
    case 'zip':
      return (point_index) => ({ point_index, factors: valuesOf(factors.map((f) => f.levelAt(point_index))), unit: null })
    default: {
      const sampler = unitSampler(design, factors.length, deriveSeed(design.seed ?? batch.seed, DESIGN_STREAM, DESIGN_STREAM))
      return (point_index) => {
        const unit = sampler.pointAt(point_index)
        return { point_index, factors: valuesOf(factors.map((f, j) => f.fromUnit(unit[j]))), unit }
      }
    }
  }
}

function unitSampler(design: Design, dimensions: number, seed: number): UnitSampler {
  const scramble = design.scramble ?? true
  switch (design.kind) {
    case 'random':
      return randomSample(design.n!, dimensions, seed)
    case 'lhs':
      return latinHypercube(design.n!, dimensions, seed)
    case 'sobol':
      return sobolSample(design.n!, dimensions, { scramble, seed })
    case 'saltelli':
      return saltelliSample(design.n!, dimensions, { scramble, seed })
    case 'morris':
      return morrisTrajectories(design.r!, dimensions, design.levels ?? DEFAULT_MORRIS_LEVELS, seed)
    default:
      throw new RangeError(`a ${design.kind} design does not sample the unit cube`)
  }
}

function ownSeed(config: unknown): number | undefined {
  const seed = typeof config === 'object' && config !== null ? (config as { seed?: unknown }).seed : undefined
  return Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= 0xffffffff ? (seed as number) : undefined
}
