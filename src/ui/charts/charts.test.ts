import { describe, expect, test } from 'vitest'
import { histogram, percentileBands } from './stats'
import { percentileBandChart } from './band-chart'
import { binDecimals, histogramChart } from './histogram-chart'
import { OVERLAY_COLORS, seriesColor, withAlpha } from './palette'
import { seriesByName, turnSeriesChart } from './turn-series-chart'

describe('chart configs are plain data', () => {
  test('a histogram has a bar per bin, labelled with its range', () => {
    const config = histogramChart(histogram([0.1, 0.2, 0.2, 0.9], { bins: 2, domain: [0, 1] }), { label: 'confidence' })
    expect(config.type).toBe('bar')
    expect(config.data.labels).toEqual(['0.0–0.5', '0.5–1.0'])
    expect(config.data.datasets[0].data).toEqual([3, 1])
    expect(config.options?.animation).toBe(false)
  })

  test('bin labels carry as many decimals as the bin width needs', () => {
    expect(binDecimals(histogram([0, 1], { bins: 20 }))).toBe(2)
    expect(binDecimals(histogram([99.9691, 99.9702], { bins: 10 }))).toBe(4)
    expect(binDecimals(histogram([0, 500], { bins: 10 }))).toBe(0)
    const labels = histogramChart(histogram([99.9691, 99.9702], { bins: 2 }), { label: 'forecast' }).data.labels
    expect(labels).toEqual(['99.9691–99.9697', '99.9697–99.9702'])
  })

  test('a band chart nests the 25–75 band in the 5–95 band with the median on top', () => {
    const bands = percentileBands(Array.from({ length: 21 }, (_, i) => ({ hope: i / 20, rage: 0.5 })), ['hope', 'rage'])
    const config = percentileBandChart(bands)
    expect(config.data.labels).toEqual(['hope', 'rage'])
    const [median, inner, outer] = config.data.datasets
    expect(median.data).toEqual([0.5, 0.5])
    expect(inner.data).toEqual([[0.25, 0.75], [0.5, 0.5]])
    expect(outer.data).toEqual([[expect.closeTo(0.05), expect.closeTo(0.95)], [0.5, 0.5]])
    expect(config.options?.scales?.y).toMatchObject({ min: 0, max: 1 })
  })

  test('turn series keep their names, points and overlay colours', () => {
    const series = seriesByName([
      { turn: 1, values: { hope: 0.59, despair: 0.19, market_price: 100 } },
      { turn: 2, values: { hope: 0.58, despair: NaN } },
    ])
    expect(series).toEqual([
      { name: 'hope', points: [{ x: 1, y: 0.59 }, { x: 2, y: 0.58 }] },
      { name: 'despair', points: [{ x: 1, y: 0.19 }] },
      { name: 'market_price', points: [{ x: 1, y: 100 }] },
    ])
    const config = turnSeriesChart(series, { maxSeries: 2, domain: [0, 1] })
    expect(config.data.datasets.map((d) => [d.label, d.borderColor])).toEqual([['hope', OVERLAY_COLORS.hope], ['despair', OVERLAY_COLORS.despair]])
    expect(config.options).toMatchObject({ parsing: false, plugins: { decimation: { enabled: false } }, scales: { y: { min: 0, max: 1 } } })
  })

  test('long runs switch on decimation and drop point markers', () => {
    const points = Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: Math.sin(i) }))
    const config = turnSeriesChart([{ name: 'volatility', points }])
    expect(config.options?.plugins?.decimation).toMatchObject({ enabled: true, algorithm: 'lttb' })
    expect(config.data.datasets[0]).toMatchObject({ pointRadius: 0 })
  })

  test('colours: fixed per overlay, cycling for the rest, alpha as a hex suffix', () => {
    expect(seriesColor('trust', 7)).toBe(OVERLAY_COLORS.trust)
    expect(seriesColor('x', 0)).toBe(seriesColor('y', 10))
    expect(withAlpha('#112233', 0.5)).toBe('#11223380')
  })
})
