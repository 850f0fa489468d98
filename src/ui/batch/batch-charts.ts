import { CORE_OVERLAYS } from '../../schema/run-config'
import type { RunSummary } from '../../storage/run-summary'
import { type Bin, histogram, type PercentileBand, percentileBands } from '../charts/stats'

/** What the batch view's charts show of a sample of runs: a few bins and bands, whatever the sample's size. */
export interface BatchChartData {
  /** Runs in the sample. */
  sampled: number
  /** Of them, completed runs (failed runs have no forecast and are left out). */
  completed: number
  forecast: Bin[]
  confidence: Bin[]
  /** The final overlays' percentile bands, core overlays first. */
  bands: PercentileBand[]
}

/**
 * The batch charts' data from a sample of runs. Computed where the sample is read (the storage worker): the page
 * receives a few dozen numbers instead of a thousand summaries every few seconds.
 */
export function batchChartData(runs: readonly RunSummary[]): BatchChartData {
  const completed = runs.filter((run) => run.status === 'done')
  return {
    sampled: runs.length,
    completed: completed.length,
    forecast: histogram(completed.map((run) => run.forecast_value)),
    confidence: histogram(completed.map((run) => run.confidence), { domain: [0, 1], bins: 20 }),
    bands: percentileBands(completed.map((run) => run.final_overlays), CORE_OVERLAYS),
  }
}
