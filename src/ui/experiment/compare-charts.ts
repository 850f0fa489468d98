import type { ChartConfiguration } from 'chart.js'
import { binDecimals } from '../charts/histogram-chart'
import { AXIS } from '../charts/palette'
import type { PairedBins } from './compare-stats'

/** The two sides' colours on every compare chart: the lab's accent for A, a warm orange for B (apart for colour-blind readers too). */
export const SIDE_COLORS = { a: '#0369a1', b: '#c2410c' } as const

/** Two distributions on shared bins, bars side by side, as percentages of each side's runs. */
export function pairedHistogramChart(paired: PairedBins, { label, nameA, nameB }: { label: string; nameA: string; nameB: string }): ChartConfiguration<'bar', number[], string> {
  const decimals = binDecimals(paired.bins.map((b) => ({ x0: b.x0, x1: b.x1, count: 0 })))
  const percent = (shares: number[]) => shares.map((s) => Math.round(s * 10_000) / 100)
  return {
    type: 'bar',
    data: {
      labels: paired.bins.map((b) => `${b.x0.toFixed(decimals)}–${b.x1.toFixed(decimals)}`),
      datasets: [
        { label: nameA, data: percent(paired.shareA), backgroundColor: SIDE_COLORS.a, categoryPercentage: 0.9, barPercentage: 0.95 },
        { label: nameB, data: percent(paired.shareB), backgroundColor: SIDE_COLORS.b, categoryPercentage: 0.9, barPercentage: 0.95 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { color: AXIS.text, boxWidth: 14 } },
        tooltip: {
          callbacks: {
            title: (items) => `${label} ${items[0]?.label ?? ''}`,
            label: (item) => {
              const bin = paired.bins[item.dataIndex]
              const count = item.datasetIndex === 0 ? bin?.a : bin?.b
              return `${item.dataset.label}: ${item.formattedValue}% (${count ?? 0} runs)`
            },
          },
        },
      },
      scales: {
        x: { title: { display: true, text: label, color: AXIS.text }, ticks: { color: AXIS.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
        y: { beginAtZero: true, title: { display: true, text: '% of runs', color: AXIS.text }, ticks: { color: AXIS.text }, grid: { color: AXIS.grid } },
      },
    },
  }
}
