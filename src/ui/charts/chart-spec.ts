import type { CHART_KINDS } from './chart-kinds'

// Types only from chart-kinds: the page sends specs, and the builders (with Chart.js's callbacks) stay in the worker.

export type ChartKind = keyof typeof CHART_KINDS

/** What a chart shows, as data that crosses to a worker: a kind of chart and its builder's arguments. */
export type ChartSpec = { [K in ChartKind]: { kind: K; args: Parameters<(typeof CHART_KINDS)[K]> } }[ChartKind]

/** A chart of `kind` from its builder's arguments (type-checked against the builder's). */
export function chartSpec<K extends ChartKind>(kind: K, ...args: Parameters<(typeof CHART_KINDS)[K]>): ChartSpec {
  return { kind, args } as ChartSpec
}
