import type { DesignPlan, FactorValue } from '../../schema/design'
import type { OutputKey, RunTable } from './run-table'

/** Running count, mean, spread and range of one group of values (Welford's update). */
export class Moments {
  n = 0
  mean = 0
  min = Infinity
  max = -Infinity
  #m2 = 0

  add(x: number): void {
    this.n++
    const delta = x - this.mean
    this.mean += delta / this.n
    this.#m2 += delta * (x - this.mean)
    if (x < this.min) this.min = x
    if (x > this.max) this.max = x
  }

  /** Sample standard deviation (0 for a single value: no spread seen). */
  get sd(): number {
    return this.n > 1 ? Math.sqrt(this.#m2 / (this.n - 1)) : 0
  }
}

/**
 * The design point of a stored run. Runs are numbered point-major, replicate-minor (`run_index = point ×
 * replications + replicate`, see `planDesign`), so the point is the run index divided by the replications.
 */
export function pointOfRun(batchIndex: number, replications: number): number {
  return Math.floor(batchIndex / replications)
}

/**
 * The factor values of design points, each point computed once (a grid builds its values, a sampling design draws
 * them from its seed) and kept for every factor, so a sweep, a heatmap and a level list of the same runs, and the
 * samples that follow, share them. Up to `maxPoints` points are kept; then it starts over.
 */
export class PointFactors {
  readonly #plan: DesignPlan
  readonly #maxPoints: number
  #kept = new Map<number, Readonly<Record<string, FactorValue>>>()

  constructor(plan: DesignPlan, { maxPoints = 200_000 } = {}) {
    this.#plan = plan
    this.#maxPoints = maxPoints
  }

  /** How many points are kept now. */
  get size(): number {
    return this.#kept.size
  }

  /** One factor's value at a point. */
  of(path: string): (point: number) => FactorValue {
    return (point) => this.#factors(point)[path]
  }

  #factors(point: number): Readonly<Record<string, FactorValue>> {
    let factors = this.#kept.get(point)
    if (factors === undefined) {
      if (this.#kept.size >= this.#maxPoints) this.#kept.clear()
      factors = this.#plan.pointAt(point).factors
      this.#kept.set(point, factors)
    }
    return factors
  }
}

/** How a factor's values are laid out along an axis: its distinct levels, or equal-width bins of a continuous range. */
export interface Axis {
  kind: 'levels' | 'bins'
  /** The levels themselves (empty for bins). */
  values: FactorValue[]
  labels: string[]
  /** Where each level or bin sits on a numeric axis: the level itself, a bin's centre, or its rank for names. */
  positions: number[]
  numeric: boolean
  /** The level or bin a value falls in (-1 for a value the axis does not hold). */
  slot(value: FactorValue): number
  /** Where a single value sits on the numeric axis (its own value, or its level's rank for names). */
  position(value: FactorValue): number
}

/** An axis as plain data (no methods): what crosses from the analysis worker, and what plots and tables read. */
export interface AxisData {
  labels: string[]
  positions: number[]
  numeric: boolean
}

/** A sweep as plain data (see AxisData). */
export interface SweepData {
  axis: AxisData
  series: SweepSeries[]
  runs: number
}

/** A heatmap as plain data (see AxisData). */
export interface HeatmapData {
  x: AxisData
  y: AxisData
  cells: (SweepCell | null)[][]
  min: number
  max: number
}

const axisData = ({ labels, positions, numeric }: Axis): AxisData => ({ labels, positions, numeric })

/** The sweep as plain data. */
export function sweepData({ axis, series, runs }: Sweep): SweepData {
  return { axis: axisData(axis), series, runs }
}

/** The heatmap as plain data. */
export function heatmapData({ x, y, cells, min, max }: Heatmap): HeatmapData {
  return { x: axisData(x), y: axisData(y), cells, min, max }
}

/** The last name of a factor's path, all a column header or a heatmap's corner has room for (captions and selects say the whole path). */
export function factorName(path: string): string {
  return path.split('.').at(-1) ?? path
}

/** Short, exact-enough labels: 0.2, 0.35, 1.25e-3. */
export function formatLevel(value: FactorValue): string {
  if (typeof value !== 'number') return String(value)
  return String(Number(value.toPrecision(4)))
}

/**
 * The axis of the values a factor takes: up to `maxLevels` distinct values are levels (numbers ascending, others
 * in order of first sight); more numeric values (a sampling design's continuous factor) are cut into `bins`.
 */
export function factorAxis(values: Iterable<FactorValue>, { maxLevels = 24, bins = 10 } = {}): Axis {
  // factor values are primitives: a Map tells 1 from "1" and true from "true" by itself
  const distinct = new Map<FactorValue, FactorValue>()
  for (const v of values) distinct.set(v, v)
  const levels = [...distinct.values()]
  const numeric = levels.every((v) => typeof v === 'number')
  if (numeric && levels.length > maxLevels) {
    const numbers = levels as number[]
    const lo = Math.min(...numbers)
    const hi = Math.max(...numbers)
    const width = (hi - lo) / bins
    const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width))
    return {
      kind: 'bins',
      values: [],
      numeric,
      labels: edges.slice(0, -1).map((e, i) => `${formatLevel(e)}–${formatLevel(edges[i + 1])}`),
      positions: edges.slice(0, -1).map((e, i) => (e + edges[i + 1]) / 2),
      slot: (v) => (typeof v === 'number' && v >= lo && v <= hi ? Math.min(bins - 1, Math.floor((v - lo) / width)) : -1),
      position: (v) => v as number,
    }
  }
  if (numeric) (levels as number[]).sort((a, b) => a - b)
  const index = new Map(levels.map((v, i) => [v, i]))
  const positions = levels.map((v, i) => (numeric ? (v as number) : i))
  return {
    kind: 'levels',
    values: levels,
    numeric,
    labels: levels.map(formatLevel),
    positions,
    slot: (v) => index.get(v) ?? -1,
    position: (v) => positions[index.get(v) ?? -1] ?? NaN,
  }
}

/** Bins for a continuous factor: one per `perBin` points, within [3, max]. */
function binsFor(points: number, perBin: number, max: number): number {
  return Math.max(3, Math.min(max, Math.floor(points / perBin)))
}

/** The design points the table's runs belong to. */
export function pointsOf(table: RunTable, pointOf: (batchIndex: number) => number): number[] {
  const points = new Set<number>()
  for (let i = 0; i < table.length; i++) points.add(pointOf(table.batchIndex[i]))
  return [...points]
}

/** The levels a factor takes over the table's runs, or null for a continuous factor (binned, no levels to pick). */
export function factorLevels(table: RunTable, pointOf: (batchIndex: number) => number, valueOf: (point: number) => FactorValue): FactorValue[] | null {
  const axis = factorAxis(pointsOf(table, pointOf).map(valueOf))
  return axis.kind === 'levels' ? axis.values : null
}

/** An output's runs at one level (or bin) of the x factor: how many, their mean, spread and range. */
export interface SweepCell {
  n: number
  mean: number
  sd: number
  min: number
  max: number
}

/** One line of a sweep plot: all runs, or those at one level of the split factor. */
export interface SweepSeries {
  label: string | null
  /** Per x level or bin, null where no run landed. */
  cells: (SweepCell | null)[]
  /** One dot per design point: the mean of its replicates, at the point's own x. */
  dots: { x: number; y: number }[]
}

export interface Sweep {
  axis: Axis
  series: SweepSeries[]
  /** Runs with a value of the output (failed runs have none). */
  runs: number
}

// a scatter of more dots than this is a grey cloud and slows the chart
const MAX_DOTS = 2_000
/**
 * Dots drawn while the batch runs: its plot is redrawn every few seconds from a sample, on a main thread that the
 * workers leave little of, and Chart.js resolves and draws each dot on every redraw (a 2,000-dot update stretched
 * to 50–70 ms there). The whole cloud is drawn once the batch stops.
 */
export const LIVE_SWEEP_DOTS = 500

const toCell = (m: Moments): SweepCell => ({ n: m.n, mean: m.mean, sd: m.sd, min: m.min, max: m.max })

/** For each point with a value: the mean of its replicates' values. Keyed by point index. */
function replicateMeans(table: RunTable, key: OutputKey, pointOf: (batchIndex: number) => number): Map<number, Moments> {
  const column = table.column(key)
  const byPoint = new Map<number, Moments>()
  for (let i = 0; i < table.length; i++) {
    const y = column[i]
    if (!Number.isFinite(y)) continue
    const point = pointOf(table.batchIndex[i])
    let m = byPoint.get(point)
    if (!m) byPoint.set(point, (m = new Moments()))
    m.add(y)
  }
  return byPoint
}

/**
 * An output against one factor: per level (or bin) of `xOf`, the runs' mean, sd and range, pooled over every
 * other factor and every replicate; with `splitOf`, one series per level of a second factor. Dots are design points
 * (replicates averaged), so the spread of dots is the spread over the other factors and the band adds the replicates'.
 */
export function sweepSeries(
  table: RunTable,
  key: OutputKey,
  pointOf: (batchIndex: number) => number,
  xOf: (point: number) => FactorValue,
  splitOf?: (point: number) => FactorValue,
  { maxDots = MAX_DOTS }: { maxDots?: number } = {},
): Sweep {
  const byPoint = replicateMeans(table, key, pointOf)
  const points = [...byPoint.keys()]
  const axis = factorAxis(points.map(xOf), { bins: binsFor(points.length, 8, 10) })
  const split = splitOf ? factorAxis(points.map(splitOf), { maxLevels: 6, bins: 4 }) : null
  const groups = split ? split.labels.length : 1
  const cells = Array.from({ length: groups }, () => axis.labels.map(() => new Moments()))
  const dots: { x: number; y: number }[][] = Array.from({ length: groups }, () => [])
  const column = table.column(key)
  let runs = 0
  for (let i = 0; i < table.length; i++) {
    const y = column[i]
    if (!Number.isFinite(y)) continue
    const point = pointOf(table.batchIndex[i])
    const g = split ? split.slot(splitOf!(point)) : 0
    const x = axis.slot(xOf(point))
    if (g < 0 || x < 0) continue
    cells[g][x].add(y)
    runs++
  }
  const stride = Math.max(1, Math.ceil(byPoint.size / maxDots))
  let k = 0
  for (const [point, m] of byPoint) {
    if (k++ % stride !== 0) continue
    const g = split ? split.slot(splitOf!(point)) : 0
    if (g >= 0) dots[g].push({ x: axis.position(xOf(point)), y: m.mean })
  }
  return {
    axis,
    runs,
    series: cells.map((row, g) => ({
      label: split ? split.labels[g] : null,
      cells: row.map((m) => (m.n > 0 ? toCell(m) : null)),
      dots: dots[g],
    })),
  }
}

/** An output's mean over two factors: a cell per (x, y) level or bin pair. */
export interface Heatmap {
  x: Axis
  y: Axis
  /** cells[yi][xi], null where no run landed. */
  cells: (SweepCell | null)[][]
  /** Range of the cell means, for the colour scale. */
  min: number
  max: number
}

export function heatmap(
  table: RunTable,
  key: OutputKey,
  pointOf: (batchIndex: number) => number,
  xOf: (point: number) => FactorValue,
  yOf: (point: number) => FactorValue,
): Heatmap {
  const points = [...replicateMeans(table, key, pointOf).keys()]
  // a continuous pair gets about 4 points a cell: 80 Saltelli points make a 4 × 4 map, not 144 mostly empty cells
  const bins = binsFor(Math.sqrt(points.length / 4), 1, 12)
  const x = factorAxis(points.map(xOf), { maxLevels: 24, bins })
  const y = factorAxis(points.map(yOf), { maxLevels: 24, bins })
  const grid = y.labels.map(() => x.labels.map(() => new Moments()))
  const column = table.column(key)
  for (let i = 0; i < table.length; i++) {
    const v = column[i]
    if (!Number.isFinite(v)) continue
    const point = pointOf(table.batchIndex[i])
    const xi = x.slot(xOf(point))
    const yi = y.slot(yOf(point))
    if (xi >= 0 && yi >= 0) grid[yi][xi].add(v)
  }
  const cells = grid.map((row) => row.map((m) => (m.n > 0 ? toCell(m) : null)))
  const means = cells.flat().flatMap((c) => (c ? [c.mean] : []))
  return { x, y, cells, min: means.length ? Math.min(...means) : NaN, max: means.length ? Math.max(...means) : NaN }
}

/**
 * One output value per design point, in point order, as the sensitivity estimators want them: the mean of the
 * point's replicates (failed replicates left out), NaN for a point with no successful run.
 */
export function pointOutputs(table: RunTable, key: OutputKey, pointOf: (batchIndex: number) => number, pointCount: number): Float64Array {
  const out = new Float64Array(pointCount).fill(NaN)
  for (const [point, m] of replicateMeans(table, key, pointOf)) if (point < pointCount) out[point] = m.mean
  return out
}
