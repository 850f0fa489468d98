import type { ChartConfiguration } from 'chart.js'
import { AXIS, seriesColor, withAlpha } from '../charts/palette'
import type { SweepCell, SweepData } from './sweep-stats'

/** What the band around a sweep's mean line spans: the runs' range, or one standard deviation either side. */
export type SweepBand = 'range' | 'sd'

export interface SweepChartOptions {
  xTitle: string
  yTitle: string
  band: SweepBand
}

type XY = { x: number; y: number }

// the mean line's colour when there is one series: the lab's accent, as the batch view's histograms use
const SINGLE_COLOR = '#0369a1'

const bandOf = (cell: SweepCell, band: SweepBand): [number, number] => (band === 'range' ? [cell.min, cell.max] : [cell.mean - cell.sd, cell.mean + cell.sd])

/**
 * A sweep as a line chart: per series, a filled band (two invisible lines, the upper filled down to the lower), the
 * mean line with a marker per level, and the design points as dots. Only mean lines appear in the legend and tooltip.
 */
export function sweepChart(sweep: SweepData, { xTitle, yTitle, band }: SweepChartOptions): ChartConfiguration<'line', XY[]> {
  const { axis } = sweep
  const datasets: ChartConfiguration<'line', XY[]>['data']['datasets'] = []
  const means = new Set<number>()
  const cellsOf = new Map<number, (SweepCell | null)[]>()
  sweep.series.forEach((series, s) => {
    const color = sweep.series.length === 1 ? SINGLE_COLOR : seriesColor(`split-${s}`, s)
    const name = series.label ?? 'mean'
    const present = series.cells.flatMap((cell, i) => (cell ? [{ x: axis.positions[i], cell }] : []))
    datasets.push(
      { label: `${name} band low`, data: present.map(({ x, cell }) => ({ x, y: bandOf(cell, band)[0] })), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: false },
      { label: `${name} band high`, data: present.map(({ x, cell }) => ({ x, y: bandOf(cell, band)[1] })), borderWidth: 0, pointRadius: 0, pointHitRadius: 0, fill: '-1', backgroundColor: withAlpha(color, 0.16) },
    )
    means.add(datasets.length)
    cellsOf.set(datasets.length, series.cells.filter((c) => c !== null))
    datasets.push({ label: name, data: present.map(({ x, cell }) => ({ x, y: cell.mean })), borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 3.5, tension: 0 })
    datasets.push({ label: `${name} points`, data: series.dots, showLine: false, pointRadius: 2.5, pointHoverRadius: 2.5, pointHitRadius: 0, borderWidth: 0, backgroundColor: withAlpha(color, 0.45) })
  })
  const categorical = !axis.numeric
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { display: sweep.series.length > 1, labels: { color: AXIS.text, boxWidth: 14, filter: (item) => means.has(item.datasetIndex ?? -1) } },
        tooltip: {
          filter: (item) => means.has(item.datasetIndex),
          callbacks: {
            title: (items) => `${xTitle} ${axis.labels[axis.positions.indexOf((items[0]?.raw as XY | undefined)?.x ?? NaN)] ?? ''}`,
            label: (item) => {
              const cell = cellsOf.get(item.datasetIndex)?.[item.dataIndex]
              return cell ? `${item.dataset.label}: ${cell.mean.toPrecision(4)} (n ${cell.n}, sd ${cell.sd.toPrecision(3)}, ${cell.min.toPrecision(4)}–${cell.max.toPrecision(4)})` : ''
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: xTitle, color: AXIS.text },
          grid: { color: AXIS.grid },
          ...(categorical
            ? { min: -0.5, max: axis.labels.length - 0.5, ticks: { color: AXIS.text, stepSize: 1, callback: (v) => axis.labels[Number(v)] ?? '' } }
            : { ticks: { color: AXIS.text } }),
        },
        y: { title: { display: true, text: yTitle, color: AXIS.text }, ticks: { color: AXIS.text }, grid: { color: AXIS.grid } },
      },
    },
  }
}
