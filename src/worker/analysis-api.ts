import { replayLine } from '../engine/replay'
import { createRunContext } from '../engine/run'
import { parseBatchText, planBatch } from '../schema/batch-file'
import type { FactorValue } from '../schema/design'
import { formatProblem } from '../schema/problems'
import { type Experiment, experimentOfPlan } from '../ui/experiment/experiment'
import { RunTable, type RunColumns } from '../ui/experiment/run-table'
import { factorLevels, heatmap, heatmapData, type HeatmapData, sweepData, type SweepData, sweepSeries } from '../ui/experiment/sweep-stats'
import { sensitivityIndices, type SensitivityResult } from './analysis-sensitivity'

/** What a sensitivity analysis is given: the batch as run (file text and batch seed) and one output per design point. */
export interface SensitivityRequest {
  source: string
  seed: number
  /** One value per design point, in point order (replicates averaged); NaN where a point has none. */
  outputs: Float64Array
  resamples?: number
  confidence?: number
}

/** A stored record recomputed: byte-identical or not, and where it first differs. */
export interface ReplayVerdict {
  identical: boolean
  difference: string | null
  versionNote: string | null
}

/**
 * The run table a design plot is made from. The worker holds the last table it was sent: a request names it by id
 * and carries its columns only when the worker does not have them yet, so a sweep, a heatmap and a level list of one
 * table (and every later change of output or axes) cost one copy of it, not one each.
 */
export interface TableRef {
  id: number
  columns?: RunColumns
}

/** What a request names when the worker does not hold its table (never sent, or the worker was started anew). */
export const TABLE_NOT_HELD = 'TableNotHeld'

/** A design plot asked for: the batch as run (file text and batch seed), its runs' outputs as a table, which output. */
export interface DesignPlotRequest {
  source: string
  seed: number
  table: TableRef
  output: string
}

/**
 * The analysis worker's calls: work too slow for the page's thread (indices with bootstraps, a run recomputed, the
 * design panel's plots: a sweep or heatmap of a 100,000-run table took 60 ms each, cold, with 100 ms of GC around).
 */
export interface AnalysisWorker {
  sensitivity(request: SensitivityRequest): SensitivityResult
  replay(line: string): ReplayVerdict
  /** `sweepSeries` of the output against factor `x` (one series per level of `split`, if given). */
  sweep(request: DesignPlotRequest & { x: string; split: string; maxDots?: number }): SweepData | null
  /** `heatmap` of the output over factors `x` (columns) and `y` (rows). */
  heatmap(request: DesignPlotRequest & { x: string; y: string }): HeatmapData | null
  /**
   * `factorLevels` of a factor over the table's runs: what the design panel offers to compare. Null
   * for a continuous factor or a file that does not plan. (On the page it took 120 ms when a 30,000-run batch's view
   * opened: every design point's factor values are computed the first time.)
   */
  levels(request: { source: string; seed: number; table: TableRef; factor: string }): FactorValue[] | null
}

// bootstrap resamples and seed: enough for stable 95% percentile intervals, and the same intervals on every click
const DEFAULT_RESAMPLES = 1_000
const BOOTSTRAP_SEED = 0

/** The analysis worker's API as a plain object: `analysis.worker.ts` exposes it through Comlink, tests call it in-process. */
export function createAnalysisApi(): AnalysisWorker {
  // the last batch planned: another output, index or plot of it is not planned again, and its design points' factor
  // values are kept from one plot to the next (PointFactors); a file that does not parse is kept as its problem
  let last: { source: string; seed: number; planned: Experiment | Error } | null = null
  const experimentFor = (source: string, seed: number): Experiment | Error => {
    if (last?.source !== source || last.seed !== seed) {
      const parsed = parseBatchText(source)
      const planned = parsed.ok
        ? experimentOfPlan(planBatch(parsed.batch, seed))
        : new Error(`the batch file is invalid: ${parsed.problems.slice(0, 3).map(formatProblem).join('; ')}`)
      last = { source, seed, planned }
    }
    return last.planned
  }
  let held: { id: number; table: RunTable } | null = null
  const tableOf = ({ id, columns }: TableRef): RunTable => {
    if (columns) held = { id, table: RunTable.fromColumns(columns) }
    if (held?.id !== id) throw Object.assign(new Error(`the analysis worker does not hold run table ${id}`), { name: TABLE_NOT_HELD })
    return held.table
  }
  // what a design plot is made from: the table first, so one sent with a request that then makes no plot (a file
  // that does not plan) is still held; null when the file does not plan
  const designOf = (source: string, seed: number, table: TableRef): (Experiment & { runs: RunTable }) | null => {
    const runs = tableOf(table)
    const planned = experimentFor(source, seed)
    return planned instanceof Error ? null : { ...planned, runs }
  }
  const context = createRunContext()
  return {
    sensitivity({ source, seed, outputs, resamples = DEFAULT_RESAMPLES, confidence = 0.95 }) {
      const planned = experimentFor(source, seed)
      if (planned instanceof Error) throw planned
      return sensitivityIndices(planned.plan, outputs, { resamples, confidence, seed: BOOTSTRAP_SEED })
    },
    sweep({ source, seed, table, output, x, split, maxDots }) {
      const design = designOf(source, seed, table)
      if (!design) return null
      const { runs, factors, pointOf } = design
      return sweepData(sweepSeries(runs, output, pointOf, factors.of(x), split ? factors.of(split) : undefined, { maxDots }))
    },
    heatmap({ source, seed, table, output, x, y }) {
      const design = designOf(source, seed, table)
      if (!design) return null
      const { runs, factors, pointOf } = design
      return heatmapData(heatmap(runs, output, pointOf, factors.of(x), factors.of(y)))
    },
    levels({ source, seed, table, factor }) {
      const design = designOf(source, seed, table)
      if (!design) return null
      const { runs, factors, pointOf } = design
      return factorLevels(runs, pointOf, factors.of(factor))
    },
    replay(line) {
      // the per-turn record is left here: the verdict is all the page needs
      const { identical, difference, versionNote } = replayLine(line, context)
      return { identical, difference, versionNote }
    },
  }
}
