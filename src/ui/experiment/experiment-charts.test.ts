import { describe, expect, test } from 'vitest'
import type { SensitivityResult } from '../../worker/analysis-sensitivity'
import { measureSeries, sensitivityChart } from './sensitivity-chart'
import { sweepChart } from './sweep-chart'
import { factorAxis } from './sweep-stats'
import { heatCellTitle, heatColor, heatDecimals, heatmapView, scaleUnit, textOn } from './heat-scale'
import { pairedHistogramChart } from './compare-charts'
import { pairedHistogram } from './compare-stats'

const SOBOL: SensitivityResult = {
  method: 'sobol', factors: ['a', 'b'], used: 16, dropped: 0,
  indices: [{ S1: 0.2, S1_ci: [-0.1, 0.5], ST: 0.3, ST_ci: [0.1, 1.2] }, { S1: 0.6, S1_ci: null, ST: 0.7, ST_ci: null }],
}
const MORRIS: SensitivityResult = {
  method: 'morris', factors: ['a'], used: 6, dropped: 1,
  indices: [{ mu: -2, mu_star: 2, sigma: 0.5, mu_star_ci: [1.5, 2.6] }],
}

describe('sensitivity charts', () => {
  test('Sobol: S1 and ST bars per factor with their intervals as whiskers; the axis spans the whiskers', () => {
    expect(measureSeries(SOBOL).map((s) => [s.values, s.intervals])).toEqual([[[0.2, 0.6], [[-0.1, 0.5], null]], [[0.3, 0.7], [[0.1, 1.2], null]]])
    const config = sensitivityChart(SOBOL, 'forecast value')
    expect(config.data.labels).toEqual(['a', 'b'])
    expect(config.options?.indexAxis).toBe('y')
    expect(config.options?.scales?.x).toMatchObject({ suggestedMin: -0.1, suggestedMax: 1.2 })
    expect(config.plugins?.[0].id).toBe('errorBars')
  })

  test('Morris: mu* with its interval, sigma without', () => {
    const [muStar, sigma] = measureSeries(MORRIS)
    expect([muStar.values, muStar.intervals, sigma.values, sigma.intervals]).toEqual([[2], [[1.5, 2.6]], [0.5], [null]])
    expect(sensitivityChart(MORRIS, 'x').options?.scales?.x).toMatchObject({ suggestedMin: 0, suggestedMax: 2.6 })
  })
})

describe('sweep chart', () => {
  const cell = (mean: number) => ({ n: 3, mean, sd: 0.1, min: mean - 0.2, max: mean + 0.2 })
  const sweep = { axis: factorAxis([0.2, 0.8]), runs: 6, series: [{ label: null, cells: [cell(1), cell(2)], dots: [{ x: 0.2, y: 1 }] }] }

  test('a band (low, high filled to it), the mean line and the dots, per series', () => {
    const config = sweepChart(sweep, { xTitle: 'hope', yTitle: 'forecast', band: 'range' })
    const [low, high, mean, dots] = config.data.datasets
    expect(low.data).toEqual([{ x: 0.2, y: 0.8 }, { x: 0.8, y: 1.8 }])
    expect(high).toMatchObject({ fill: '-1', data: [{ x: 0.2, y: 1.2 }, { x: 0.8, y: 2.2 }] })
    expect(mean.data).toEqual([{ x: 0.2, y: 1 }, { x: 0.8, y: 2 }])
    expect(dots).toMatchObject({ showLine: false, data: [{ x: 0.2, y: 1 }] })
    expect(sweepChart(sweep, { xTitle: 'hope', yTitle: 'forecast', band: 'sd' }).data.datasets[1].data[0]).toEqual({ x: 0.2, y: 1.1 })
  })

  test('names are placed by rank and labelled on the axis', () => {
    const named = { ...sweep, axis: factorAxis(['full', 'summary']) }
    const x = sweepChart(named, { xTitle: 'record', yTitle: 'y', band: 'range' }).options?.scales?.x as { min: number; max: number; ticks: { callback: (v: number) => string } }
    expect([x.min, x.max, x.ticks.callback(1)]).toEqual([-0.5, 1.5, 'summary'])
  })
})

describe('heatmap colours', () => {
  test('viridis ends, grey for no value, and readable text on each', () => {
    expect(heatColor(0)).toBe('#440154')
    expect(heatColor(1)).toBe('#fde725')
    expect(heatColor(NaN)).toBe('#e2e8f0')
    // on a stop, and half way between the first two (#440154, #472d7b), channel by channel
    expect([heatColor(0.5), heatColor(1 / 16)]).toEqual(['#21918c', '#461768'])
    expect(textOn(heatColor(0))).toBe('#ffffff')
    expect(textOn(heatColor(1))).toBe('#000000')
    expect([scaleUnit(5, 0, 10), scaleUnit(3, 3, 3)]).toEqual([0.5, 0.5])
  })

  test('cell labels carry enough decimals to tell neighbouring cells apart', () => {
    expect(heatDecimals(99.9694, 99.9702)).toBe(5)
    expect(heatDecimals(0.07, 0.83)).toBe(2)
    expect(heatDecimals(10, 500)).toBe(0)
    expect(heatDecimals(1, 1)).toBe(3)
  })
})

describe('heatmap view', () => {
  const cell = (mean: number, n = 3) => ({ n, mean, sd: 0.5, min: mean - 1, max: mean + 1 })
  const axis = (labels: string[]) => ({ labels, positions: labels.map(Number), numeric: true })
  // rows are y levels 0.1 and 0.9, columns x levels 1, 2, 3; one cell without runs
  const heat = { x: axis(['1', '2', '3']), y: axis(['0.1', '0.9']), cells: [[cell(10), null, cell(20)], [cell(30), cell(40), cell(50, 7)]], min: 10, max: 50 }

  test('rows run from the highest y level down, each cell with its text and colours on the scale', () => {
    const view = heatmapView(heat)
    // about 30 steps across 10–50: whole numbers
    expect(view.decimals).toBe(0)
    expect(view.rows.map((row) => [row.label, row.yi])).toEqual([['0.9', 1], ['0.1', 0]])
    expect(view.rows[1].cells.map((c) => c.text)).toEqual(['10', 'no runs', '20'])
    expect(view.rows[1].cells[1]).toEqual({ filled: false, text: 'no runs', background: null, color: null })
    expect(view.rows[0].cells[0]).toEqual({ filled: true, text: '30', background: heatColor(0.5), color: textOn(heatColor(0.5)) })
    expect(view.rows[0].cells[2].background).toBe(heatColor(1))
    expect(view.rows[1].cells[0].background).toBe(heatColor(0))
  })

  test('a cell\'s tooltip names its levels and its runs; a cell without runs has none', () => {
    expect(heatCellTitle(heat, 2, 1, 'hope', 'despair')).toBe('hope 3, despair 0.9: mean 50.0000, sd 0.500, 7 runs')
    expect(heatCellTitle(heat, 1, 0, 'hope', 'despair')).toBeNull()
    expect(heatCellTitle(heat, 5, 5, 'hope', 'despair')).toBeNull()
  })
})

describe('compare histogram', () => {
  test('A and B side by side on the same bins, as percentages of each side', () => {
    const config = pairedHistogramChart(pairedHistogram([0, 0.1, 0.9], [0.6, 1], { bins: 2 }), { label: 'confidence', nameA: 'A', nameB: 'B' })
    expect(config.data.labels).toEqual(['0.0–0.5', '0.5–1.0'])
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([['A', [66.67, 33.33]], ['B', [0, 100]]])
  })
})
