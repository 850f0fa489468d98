import type { Chart, ChartConfiguration, Plugin } from 'chart.js'
import type { SensitivityResult } from '../../worker/analysis-sensitivity'
import { AXIS } from '../charts/palette'

/** One bar series of a sensitivity chart: a measure per factor and, where bootstrapped, its interval. */
export interface MeasureSeries {
  label: string
  color: string
  values: number[]
  intervals: ([number, number] | null)[]
}

/** The measures a result is drawn with: mu* and sigma for Morris, S1 and ST for Sobol'. Sigma has no interval. */
export function measureSeries(result: SensitivityResult): MeasureSeries[] {
  if (result.method === 'morris') {
    return [
      { label: 'μ* (mean |elementary effect|)', color: '#0369a1', values: result.indices.map((i) => i.mu_star), intervals: result.indices.map((i) => i.mu_star_ci) },
      { label: 'σ (sd of effects)', color: '#c2410c', values: result.indices.map((i) => i.sigma), intervals: result.indices.map(() => null) },
    ]
  }
  return [
    { label: 'S1 (first order)', color: '#0369a1', values: result.indices.map((i) => i.S1), intervals: result.indices.map((i) => i.S1_ci) },
    { label: 'ST (total)', color: '#c2410c', values: result.indices.map((i) => i.ST), intervals: result.indices.map((i) => i.ST_ci) },
  ]
}

/**
 * Whiskers over bars: Chart.js draws no error bars, so this draws each bar's interval on its own scale after the
 * bars, as a line with end caps across the bar. Works for vertical and horizontal (indexAxis 'y') bars.
 */
export function errorBars(intervals: readonly (readonly ([number, number] | null)[])[]): Plugin<'bar'> {
  return {
    id: 'errorBars',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const horizontal = chart.options.indexAxis === 'y'
      const valueScale = horizontal ? chart.scales.x : chart.scales.y
      const { ctx, chartArea } = chart
      ctx.save()
      ctx.beginPath()
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top)
      ctx.clip()
      ctx.strokeStyle = '#0f172a'
      ctx.lineWidth = 1.5
      intervals.forEach((perBar, d) => {
        const meta = chart.getDatasetMeta(d)
        if (meta.hidden) return
        meta.data.forEach((bar, k) => {
          const interval = perBar[k]
          if (!interval) return
          const [lo, hi] = interval.map((v) => valueScale.getPixelForValue(v))
          const at = horizontal ? bar.y : bar.x
          const cap = 4
          ctx.beginPath()
          if (horizontal) {
            ctx.moveTo(lo, at); ctx.lineTo(hi, at)
            ctx.moveTo(lo, at - cap); ctx.lineTo(lo, at + cap)
            ctx.moveTo(hi, at - cap); ctx.lineTo(hi, at + cap)
          } else {
            ctx.moveTo(at, lo); ctx.lineTo(at, hi)
            ctx.moveTo(at - cap, lo); ctx.lineTo(at + cap, lo)
            ctx.moveTo(at - cap, hi); ctx.lineTo(at + cap, hi)
          }
          ctx.stroke()
        })
      })
      ctx.restore()
    },
  }
}

/** A horizontal bar chart of the measures per factor (factor paths are long: they read better down the side), with intervals as whiskers. */
export function sensitivityChart(result: SensitivityResult, outputLabel: string): ChartConfiguration<'bar', number[], string> {
  const series = measureSeries(result)
  // the value axis spans the whiskers too (Chart.js sizes it to the bars only); Sobol' indices at least [0, 1]
  const ends = series.flatMap((s) => [...s.values, ...s.intervals.flatMap((i) => i ?? [])]).filter(Number.isFinite)
  const low = Math.min(0, ...ends)
  const high = Math.max(result.method === 'sobol' ? 1 : 0, ...ends)
  return {
    type: 'bar',
    data: {
      labels: result.factors,
      datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, barPercentage: 0.8, categoryPercentage: 0.8 })),
    },
    plugins: [errorBars(series.map((s) => s.intervals))],
    options: {
      indexAxis: 'y',
      animation: false,
      maintainAspectRatio: false,
      plugins: { legend: { labels: { color: AXIS.text, boxWidth: 14 } } },
      scales: {
        x: {
          title: { display: true, text: result.method === 'morris' ? `effect on ${outputLabel} per factor range` : `share of ${outputLabel} variance`, color: AXIS.text },
          suggestedMin: low,
          suggestedMax: high,
          ticks: { color: AXIS.text },
          grid: { color: AXIS.grid },
        },
        y: { ticks: { color: AXIS.text }, grid: { display: false } },
      },
    },
  }
}
