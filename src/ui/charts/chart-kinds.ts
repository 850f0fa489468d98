import type { ChartConfiguration, ChartType } from 'chart.js'
import type { ChartSpec } from './chart-spec'
import { pairedHistogramChart } from '../experiment/compare-charts'
import { sensitivityChart } from '../experiment/sensitivity-chart'
import { sweepChart } from '../experiment/sweep-chart'
import { percentileBandChart } from './band-chart'
import { histogramChart } from './histogram-chart'
import { turnSeriesChart } from './turn-series-chart'

/** A Chart.js configuration of any of the lab's charts. */
export type ChartConfig = ChartConfiguration<ChartType, unknown[], unknown>

/**
 * The lab's charts by kind: each builds a Chart.js configuration from plain data. The charts are drawn in the chart
 * worker (`src/worker/chart.worker.ts`), and a configuration holds functions (tooltip and tick callbacks, plugins),
 * which cannot cross to a worker: the page sends the kind and the data, and the worker builds the configuration.
 */
export const CHART_KINDS = {
  histogram: histogramChart,
  percentileBands: percentileBandChart,
  turnSeries: turnSeriesChart,
  sweep: sweepChart,
  sensitivity: sensitivityChart,
  pairedHistogram: pairedHistogramChart,
} as const

/** The chart worker's builder for `spec`, applied: the configuration of the chart it describes. */
export function chartConfig(spec: ChartSpec): ChartConfig {
  const build = CHART_KINDS[spec.kind] as (...args: readonly unknown[]) => unknown
  return build(...spec.args) as ChartConfig
}
