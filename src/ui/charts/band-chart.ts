import type { ChartConfiguration, ChartType } from 'chart.js'
import type { PercentileBand } from './stats'
import { AXIS, seriesColor, withAlpha } from './palette'

const defaults = { yTitle: 'final value', domain: [0, 1] as readonly [number, number] }

/** How a band chart reads: its y axis title and range (overlays live in [0, 1]). */
export interface BandChartOptions {
  yTitle?: string
  domain?: readonly [number, number]
}

/**
 * The spread of each quantity over runs as floating bars: a light 5–95th percentile band, a darker 25–75th band
 * inside it, and the median as a marker.
 */
export function percentileBandChart(bands: readonly PercentileBand[], options: BandChartOptions = {}): ChartConfiguration<ChartType> {
  const { yTitle, domain } = { ...defaults, ...options }
  const colors = bands.map((band, i) => seriesColor(band.key, i))
  return {
    type: 'bar',
    data: {
      labels: bands.map((band) => band.key),
      datasets: [
        {
          type: 'line',
          label: 'median',
          data: bands.map((band) => band.p50),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 14,
          pointHoverRadius: 16,
          pointBorderWidth: 3,
          borderColor: '#0f172a',
          backgroundColor: '#0f172a',
        },
        {
          type: 'bar',
          label: '25th–75th percentile',
          data: bands.map((band) => [band.p25, band.p75]),
          backgroundColor: colors.map((c) => withAlpha(c, 0.75)),
          grouped: false,
          barPercentage: 0.45,
        },
        {
          type: 'bar',
          label: '5th–95th percentile',
          data: bands.map((band) => [band.p5, band.p95]),
          backgroundColor: colors.map((c) => withAlpha(c, 0.25)),
          grouped: false,
          barPercentage: 0.7,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { color: AXIS.text, boxWidth: 14 } },
        tooltip: {
          callbacks: {
            footer: (items) => {
              const band = bands[items[0]?.dataIndex ?? -1]
              return band ? `${band.n} runs` : ''
            },
          },
        },
      },
      scales: {
        x: { ticks: { color: AXIS.text }, grid: { display: false } },
        y: { min: domain[0], max: domain[1], title: { display: true, text: yTitle, color: AXIS.text }, ticks: { color: AXIS.text }, grid: { color: AXIS.grid } },
      },
    },
  }
}
