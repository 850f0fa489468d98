import type { ChartConfiguration } from 'chart.js'
import type { Bin } from './stats'
import { AXIS } from './palette'

const defaults = { color: '#2563eb' }

/** What a histogram shows: its bins, the name of the quantity and how to write its values (decimals: enough to tell bins apart). */
export interface HistogramOptions {
  label: string
  color?: string
  decimals?: number
}

/** The fewest decimals that tell bin edges apart: forecasts spread over 0.001 need more than confidences over 1. */
export function binDecimals(bins: readonly Bin[]): number {
  const width = bins.length > 0 ? bins[0].x1 - bins[0].x0 : 1
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(width))))
}

/** A bar chart of counts per bin; bars touch, each labelled with its range. */
export function histogramChart(bins: readonly Bin[], options: HistogramOptions): ChartConfiguration<'bar', number[], string> {
  const { label, color, decimals } = { ...defaults, decimals: binDecimals(bins), ...options }
  const range = (bin: Bin) => `${bin.x0.toFixed(decimals)}–${bin.x1.toFixed(decimals)}`
  return {
    type: 'bar',
    data: {
      labels: bins.map(range),
      datasets: [{ label: 'runs', data: bins.map((bin) => bin.count), backgroundColor: color, categoryPercentage: 1, barPercentage: 0.96 }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => `${label} ${items[0]?.label ?? ''}` } },
      },
      scales: {
        x: { title: { display: true, text: label, color: AXIS.text }, ticks: { color: AXIS.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
        y: { beginAtZero: true, title: { display: true, text: 'runs', color: AXIS.text }, ticks: { color: AXIS.text, precision: 0 }, grid: { color: AXIS.grid } },
      },
    },
  }
}
