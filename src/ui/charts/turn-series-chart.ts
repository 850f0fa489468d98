import type { ChartConfiguration } from 'chart.js'
import { AXIS, seriesColor } from './palette'

const defaults = { maxSeries: 12, yTitle: 'value', domain: null as readonly [number, number] | null }

/** A point of a per-turn series. */
export interface TurnPoint {
  x: number
  y: number
}

/** A named series over turns (e.g. one overlay, one variable). */
export interface TurnSeries {
  name: string
  points: TurnPoint[]
}

/** How a turn chart reads: the y axis title and range, and at most how many series it draws. */
export interface TurnChartOptions {
  yTitle?: string
  domain?: readonly [number, number] | null
  maxSeries?: number
}

/** Turns rows of `{turn, values}` into one series per name, in order of first appearance. */
export function seriesByName(rows: readonly { turn: number; values: Readonly<Record<string, number>> }[]): TurnSeries[] {
  const byName = new Map<string, TurnPoint[]>()
  for (const { turn, values } of rows) {
    for (const [name, y] of Object.entries(values)) {
      if (!Number.isFinite(y)) continue
      let points = byName.get(name)
      if (!points) byName.set(name, (points = []))
      points.push({ x: turn, y })
    }
  }
  return [...byName].map(([name, points]) => ({ name, points }))
}

/** A line chart of series over turns; long runs are thinned by Chart.js's LTTB decimation, which needs unparsed {x, y} points. */
export function turnSeriesChart(series: readonly TurnSeries[], options: TurnChartOptions = {}): ChartConfiguration<'line', TurnPoint[]> {
  const { maxSeries, yTitle, domain } = { ...defaults, ...options }
  const shown = series.slice(0, maxSeries)
  const longest = Math.max(0, ...shown.map((s) => s.points.length))
  return {
    type: 'line',
    data: {
      datasets: shown.map((s, i) => ({
        label: s.name,
        data: s.points,
        borderColor: seriesColor(s.name, i),
        backgroundColor: seriesColor(s.name, i),
        borderWidth: 2,
        pointRadius: longest > 40 ? 0 : 2,
        tension: 0,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { labels: { color: AXIS.text, boxWidth: 14 } },
        decimation: { enabled: longest > 500, algorithm: 'lttb', samples: 500 },
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'turn', color: AXIS.text }, ticks: { color: AXIS.text, precision: 0 }, grid: { color: AXIS.grid } },
        y: {
          ...(domain ? { min: domain[0], max: domain[1] } : {}),
          title: { display: true, text: yTitle, color: AXIS.text },
          ticks: { color: AXIS.text },
          grid: { color: AXIS.grid },
        },
      },
    },
  }
}
