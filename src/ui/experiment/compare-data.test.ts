import { describe, expect, test } from 'vitest'
import type { RunSummary } from '../../storage/run-summary'
import { levelFilter, meanDifferences, overlayBands, selectRows, sharedOutputs, sideValues } from './compare-data'
import { RunTable } from './run-table'

const run = (batch_index: number, value: number | null, hope = 0.5): RunSummary => ({
  batch_index, status: value === null ? 'failed' : 'done', seed: 0, forecast_value: value, confidence: value === null ? null : value / 10,
  fragility: 0.1, trust_label: null, confidence_status: null, arc_label: null, symbolic_tag: null,
  final_overlays: value === null ? null : { hope, despair: 0.2 }, overrides: '', error: null,
})

function tableOf(values: (number | null)[], hope?: (i: number) => number) {
  const table = new RunTable()
  values.forEach((v, i) => table.add(run(i, v, hope?.(i))))
  return table
}

describe('comparing two sides', () => {
  test('groups of one design: the runs whose point has the level', () => {
    // 4 points × 2 replicates; the factor is 0.2 at even points and 0.8 at odd ones
    const table = tableOf([1, 2, 3, 4, 5, 6, 7, 8])
    const pointOf = (i: number) => Math.floor(i / 2)
    const valueOf = (p: number) => (p % 2 === 0 ? 0.2 : 0.8)
    expect(Array.from(selectRows(table, levelFilter(pointOf, valueOf, 0.8)))).toEqual([2, 3, 6, 7])
    expect(selectRows(table)).toHaveLength(8)
    expect(Array.from(selectRows(table, levelFilter(pointOf, () => 1, '1')))).toEqual([])
  })

  test('mean differences B − A per output, failed runs left out', () => {
    const a = { table: tableOf([1, 2, 3, 4, 5, null]), rows: selectRows(tableOf([1, 2, 3, 4, 5, null])) }
    const bTable = tableOf([2, 4, 6, 8, 10, 12])
    const b = { table: bTable, rows: selectRows(bTable) }
    expect(sideValues(a, 'forecast_value')[5]).toBeNaN()
    const [forecast, confidence, fragility] = meanDifferences(a, b, sharedOutputs(a, b))
    expect(forecast).toMatchObject({ key: 'forecast_value', difference: 4, df: expect.closeTo(6.972255729794934, 9) })
    expect(forecast.a.n).toBe(5)
    expect(confidence.difference).toBeCloseTo(0.4, 12)
    // no spread on either side: the difference is exact
    expect(fragility).toMatchObject({ difference: 0, low: 0, high: 0 })
  })

  test('overlay bands per side', () => {
    const table = tableOf(Array.from({ length: 21 }, (_, i) => i), (i) => i / 20)
    const [hope, despair] = overlayBands({ table, rows: selectRows(table) })
    expect(hope).toMatchObject({ key: 'hope', n: 21, p50: 0.5, p5: expect.closeTo(0.05, 12), p95: expect.closeTo(0.95, 12) })
    expect(despair).toMatchObject({ key: 'despair', p5: 0.2, p95: 0.2 })
  })
})
