import type { FactorValue } from '../../schema/design'
import { type PercentileBand, quantileSorted } from '../charts/stats'
import { describeSample, type MeanDifference, welchDifference } from './compare-stats'
import type { OutputKey, RunTable } from './run-table'

/** One side of a comparison: a batch's table of runs, and which of its rows take part (all, or a group's). */
export interface CompareSide {
  table: RunTable
  rows: Uint32Array
}

/** Rows of the table whose run passes `keep` (by batch index); every row without it. */
export function selectRows(table: RunTable, keep?: (batchIndex: number) => boolean): Uint32Array {
  const rows: number[] = []
  for (let i = 0; i < table.length; i++) if (!keep || keep(table.batchIndex[i])) rows.push(i)
  return Uint32Array.from(rows)
}

/** A group of one design: runs whose point has `level` for the factor (compared by value and type: 1 is not "1"). */
export function levelFilter(pointOf: (batchIndex: number) => number, valueOf: (point: number) => FactorValue, level: FactorValue): (batchIndex: number) => boolean {
  return (batchIndex) => Object.is(valueOf(pointOf(batchIndex)), level)
}

/** An output's values on one side's rows (NaN for runs without it). */
export function sideValues(side: CompareSide, key: OutputKey): Float64Array {
  const column = side.table.column(key)
  return Float64Array.from(side.rows, (row) => column[row])
}

/** Outputs present on both sides, in the first side's order. */
export function sharedOutputs(a: CompareSide, b: CompareSide): OutputKey[] {
  const other = new Set(b.table.outputs)
  return a.table.outputs.filter((key) => other.has(key))
}

/** B − A in mean per output, with Welch's 95% interval. */
export function meanDifferences(a: CompareSide, b: CompareSide, outputs: readonly OutputKey[], confidence = 0.95): (MeanDifference & { key: OutputKey })[] {
  return outputs.map((key) => ({ key, ...welchDifference(describeSample(sideValues(a, key)), describeSample(sideValues(b, key)), confidence) }))
}

/** Percentile bands (p5, p25, p50, p75, p95) of each final overlay over one side's runs, for the band chart. */
export function overlayBands(side: CompareSide): PercentileBand[] {
  const prefix = 'final_overlays.'
  return side.table.outputs.filter((key) => key.startsWith(prefix)).flatMap((key) => {
    const values = Array.from(sideValues(side, key)).filter(Number.isFinite).sort((x, y) => x - y)
    if (values.length === 0) return []
    const q = (p: number) => quantileSorted(values, p)
    return [{ key: key.slice(prefix.length), n: values.length, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) }]
  })
}
