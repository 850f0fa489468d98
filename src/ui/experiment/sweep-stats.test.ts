import { describe, expect, test } from 'vitest'
import { parseBatchText, planBatch } from '../../schema/batch-file'
import type { RunSummary } from '../../storage/run-summary'
import { outputLabel, readRunTable, RunTable } from './run-table'
import { factorAxis, factorLevels, factorName, heatmap, LIVE_SWEEP_DOTS, Moments, PointFactors, pointOfRun, pointOutputs, sweepSeries } from './sweep-stats'

const summary = (batch_index: number, forecast: number | null, overlays: Record<string, number> | null = { hope: 0.5 }): RunSummary => ({
  batch_index, status: forecast === null ? 'failed' : 'done', seed: 0, forecast_value: forecast, confidence: forecast === null ? null : 0.5,
  fragility: null, trust_label: null, confidence_status: null, arc_label: null, symbolic_tag: null,
  final_overlays: forecast === null ? null : overlays, overrides: '', error: null,
})

function planOf(design: object) {
  const parsed = parseBatchText(JSON.stringify({ seed: 1, defaults: { turns: 1 }, design }))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return planBatch(parsed.batch)
}

// a 2 × 3 grid, 2 replications: 12 runs; output = 10·hope + despair + replicate/10
const GRID = { kind: 'grid', factors: { 'state_overrides.hope': { values: [0.2, 0.8] }, 'state_overrides.despair': { values: [0, 0.5, 1] } }, replications: 2 }

function gridTable() {
  const plan = planOf(GRID)
  const table = new RunTable()
  for (const spec of plan.runs()) {
    const f = spec.factors as Record<string, number>
    table.add(summary(spec.run_index, 10 * f['state_overrides.hope'] + f['state_overrides.despair'] + spec.replicate / 10))
  }
  return { plan, table, pointOf: (i: number) => pointOfRun(i, plan.replications) }
}

test('a factor is named by the last part of its path in headers', () => {
  expect(factorName('state_overrides.despair')).toBe('despair')
  expect(factorName('state_overrides.variables.inflation_rate')).toBe('inflation_rate')
  expect(factorName('turns')).toBe('turns')
})

describe('run table', () => {
  test.each([undefined, 1, 300])('columns per output; failed runs and missing overlays are NaN; it grows past its first capacity (%s)', (capacity) => {
    const table = new RunTable(capacity)
    for (let i = 0; i < 300; i++) table.add(summary(i, i === 3 ? null : i, i === 299 ? { hope: 0.1, dread: 0.9 } : { hope: 0.5 }))
    expect(table.length).toBe(300)
    expect(table.column('forecast_value')[3]).toBeNaN()
    expect(table.column('forecast_value')[299]).toBe(299)
    expect(table.column('final_overlays.dread')[298]).toBeNaN()
    expect(table.column('final_overlays.dread')[299]).toBe(0.9)
    expect(table.column('final_overlays.hope')[0]).toBe(0.5)
    expect(Array.from(table.column('final_overlays.rage'))).toEqual(new Array(300).fill(NaN))
    expect(table.outputs).toEqual(['forecast_value', 'confidence', 'fragility', 'final_overlays.hope', 'final_overlays.dread'])
    expect(outputLabel('final_overlays.hope')).toBe('final hope')
    expect(outputLabel('forecast_value')).toBe('forecast value')
  })

  test('as plain columns and back: the same runs and outputs, each column exactly the table’s length', () => {
    const table = new RunTable(8)
    for (let i = 0; i < 5; i++) table.add(summary(i * 2, i === 1 ? null : i / 10, i === 4 ? { hope: 0.1, dread: 0.9 } : { hope: 0.5 }))
    const columns = table.toColumns()
    expect(columns.batchIndex).toHaveLength(5)
    for (const [, column] of [...columns.outputs, ...columns.overlays]) expect(column).toHaveLength(5)
    // copies: the table's own arrays stay its own when the columns' buffers are transferred
    expect(columns.batchIndex.buffer).not.toBe(table.batchIndex.buffer)
    const back = RunTable.fromColumns(structuredClone(columns))
    expect(back.length).toBe(5)
    expect(back.outputs).toEqual(table.outputs)
    for (const key of table.outputs) expect(Array.from(back.column(key))).toEqual(Array.from(table.column(key)))
    expect(Array.from(back.batchIndex)).toEqual([0, 2, 4, 6, 8])
    // an empty table crosses too, and can still grow
    const empty = RunTable.fromColumns(new RunTable().toColumns())
    expect(empty.length).toBe(0)
    empty.add(summary(7, 1))
    expect(Array.from(empty.column('forecast_value'))).toEqual([1])
  })

  test('reads every run page by page, counting a run seen twice once; a larger batch is sampled', async () => {
    const runs = Array.from({ length: 10 }, (_, i) => summary(i, i))
    const asked: string[] = []
    const reader = {
      // a run committed during the read shifts the pages: page 2 repeats run 3
      page: async (offset: number, limit: number) => (asked.push(`page ${offset}`), offset === 4 ? runs.slice(3, 7) : runs.slice(offset, offset + limit)),
      sample: async (limit: number) => (asked.push(`sample ${limit}`), runs.filter((_, i) => i % 2 === 0).slice(0, limit)),
    }
    const all = await readRunTable(reader, 10, { cap: 20, pageRuns: 4 })
    expect(all.complete).toBe(true)
    expect(Array.from(all.table.batchIndex.subarray(0, all.table.length))).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9])
    expect(asked).toEqual(['page 0', 'page 4', 'page 8'])
    const sampled = await readRunTable(reader, 10, { cap: 5 })
    expect(sampled.complete).toBe(false)
    expect(sampled.table.length).toBe(5)
  })
})

describe('sweep aggregation', () => {
  test('runs map to points through the plan: point = floor(run index / replications)', () => {
    const { plan, pointOf } = gridTable()
    for (const spec of plan.runs()) expect(pointOf(spec.run_index)).toBe(spec.point_index)
  })

  test('one factor: per level, the mean, sd and range over the other factor and the replicates', () => {
    const { plan, table, pointOf } = gridTable()
    const sweep = sweepSeries(table, 'forecast_value', pointOf, new PointFactors(plan).of('state_overrides.hope'))
    expect(sweep.axis.labels).toEqual(['0.2', '0.8'])
    expect(sweep.runs).toBe(12)
    const [low, high] = sweep.series[0].cells
    // hope 0.2: 2 + {0, 0.5, 1} + {0, 0.1}
    expect(low).toMatchObject({ n: 6, min: 2, max: 3.1 })
    expect(low!.mean).toBeCloseTo(2.55, 12)
    expect(high!.mean).toBeCloseTo(8.55, 12)
    // dots are points with their replicates averaged: 3 per level
    expect(sweep.series[0].dots).toHaveLength(6)
    expect(sweep.series[0].dots[0]).toEqual({ x: 0.2, y: expect.closeTo(2.05, 12) })
  })

  test('dots are thinned evenly to at most maxDots (fewer while a batch runs), the cells still count every run', () => {
    const plan = planOf({ kind: 'grid', factors: { 'state_overrides.hope': { linspace: { from: 0, to: 1, n: 40 } }, 'state_overrides.despair': { linspace: { from: 0, to: 1, n: 50 } } } })
    const table = new RunTable()
    for (const spec of plan.runs()) table.add(summary(spec.run_index, spec.point_index))
    const hope = new PointFactors(plan).of('state_overrides.hope')
    const every = sweepSeries(table, 'forecast_value', (i) => i, hope)
    const live = sweepSeries(table, 'forecast_value', (i) => i, hope, undefined, { maxDots: LIVE_SWEEP_DOTS })
    expect(every.series[0].dots).toHaveLength(2_000)
    expect(live.series[0].dots).toHaveLength(LIVE_SWEEP_DOTS)
    // every fourth point: the first of each stride
    expect(live.series[0].dots.slice(0, 2).map((d) => d.y)).toEqual([0, 4])
    expect([live.runs, live.series[0].cells]).toEqual([every.runs, every.series[0].cells])
  })

  test('split by a second factor: one series per level, each level holding only its replicates', () => {
    const { plan, table, pointOf } = gridTable()
    const factors = new PointFactors(plan)
    const sweep = sweepSeries(table, 'forecast_value', pointOf, factors.of('state_overrides.hope'), factors.of('state_overrides.despair'))
    expect(sweep.series.map((s) => s.label)).toEqual(['0', '0.5', '1'])
    expect(sweep.series[1].cells[1]).toMatchObject({ n: 2, mean: expect.closeTo(8.55, 12), min: 8.5, max: expect.closeTo(8.6, 12) })
    expect(sweep.series[1].cells[1]!.sd).toBeCloseTo(Math.SQRT1_2 / 10, 12)
  })

  test('heatmap: mean per cell over replicates, rows by y, columns by x', () => {
    const { plan, table, pointOf } = gridTable()
    const factors = new PointFactors(plan)
    const map = heatmap(table, 'forecast_value', pointOf, factors.of('state_overrides.despair'), factors.of('state_overrides.hope'))
    expect(map.x.labels).toEqual(['0', '0.5', '1'])
    expect(map.y.labels).toEqual(['0.2', '0.8'])
    expect(map.cells[1][2]).toMatchObject({ n: 2, mean: expect.closeTo(9.05, 12) })
    expect(map.min).toBeCloseTo(2.05, 12)
    expect(map.max).toBeCloseTo(9.05, 12)
  })

  test('point outputs average replicates, in point order; a point whose runs all failed is NaN', () => {
    const { plan, table, pointOf } = gridTable()
    table.add(summary(12, null))
    const means = pointOutputs(table, 'forecast_value', pointOf, plan.pointCount + 1)
    expect(Array.from(means.subarray(0, 3))).toEqual([expect.closeTo(2.05), expect.closeTo(2.55), expect.closeTo(3.05)])
    expect(means[6]).toBeNaN()
  })

  test('continuous factors are binned; names keep their order of first sight', () => {
    const values = Array.from({ length: 100 }, (_, i) => i / 99)
    const axis = factorAxis(values, { bins: 4 })
    expect(axis.kind).toBe('bins')
    expect(axis.labels).toEqual(['0–0.25', '0.25–0.5', '0.5–0.75', '0.75–1'])
    expect([axis.slot(0), axis.slot(0.3), axis.slot(1), axis.slot(2)]).toEqual([0, 1, 3, -1])
    const named = factorAxis(['full', 'summary', 'full'])
    expect([named.labels, named.positions, named.numeric]).toEqual([['full', 'summary'], [0, 1], false])
  })

  test('levels are told apart by type: 1 and "1", true and "true" are two levels each', () => {
    const axis = factorAxis([1, '1', true, 'true', 1, -0, 0])
    expect(axis.labels).toEqual(['1', '1', 'true', 'true', '0'])
    expect([axis.slot(1), axis.slot('1'), axis.slot(true), axis.slot('true'), axis.slot(0), axis.slot(-0), axis.slot(false)]).toEqual([0, 1, 2, 3, 4, 4, -1])
  })

  test('a point\'s factors are computed once for every factor and every table, and kept up to a bound', () => {
    const plan = planOf({ kind: 'sobol', n: 64, factors: { 'state_overrides.hope': { uniform: [0, 1] }, decay_rate: { uniform: [0, 0.1] } } })
    let computed = 0
    const counted = { ...plan, pointAt: (point: number) => (computed++, plan.pointAt(point)) }
    const factors = new PointFactors(counted, { maxPoints: 50 })
    const [hope, decay] = [factors.of('state_overrides.hope'), factors.of('decay_rate')]
    for (let round = 0; round < 2; round++) {
      for (let point = 0; point < 40; point++) {
        expect([hope(point), decay(point)]).toEqual([plan.pointAt(point).factors['state_overrides.hope'], plan.pointAt(point).factors.decay_rate])
      }
    }
    expect([computed, factors.size]).toEqual([40, 40])
    for (let point = 40; point < 64; point++) hope(point)
    // the 51st point started it over
    expect([computed, factors.size]).toEqual([64, 14])
  })

  test('the levels of a factor over the stored runs, for picking groups', () => {
    const { plan, table, pointOf } = gridTable()
    expect(factorLevels(table, pointOf, new PointFactors(plan).of('state_overrides.despair'))).toEqual([0, 0.5, 1])
    const continuous = new RunTable()
    for (let i = 0; i < 30; i++) continuous.add(summary(i, i))
    expect(factorLevels(continuous, (i) => i, (p) => p / 29)).toBeNull()
  })

  test('continuous factors get bins sized to the points: about 8 a bin on a sweep, 4 a cell on a heatmap', () => {
    const plan = planOf({ kind: 'sobol', n: 80, factors: { 'state_overrides.hope': { uniform: [0, 1] }, decay_rate: { uniform: [0, 0.1] } } })
    const table = new RunTable()
    for (const spec of plan.runs()) table.add(summary(spec.run_index, spec.point_index))
    const pointOf = (i: number) => i
    const factors = new PointFactors(plan)
    const hope = factors.of('state_overrides.hope')
    expect(sweepSeries(table, 'forecast_value', pointOf, hope).axis.labels).toHaveLength(10)
    const map = heatmap(table, 'forecast_value', pointOf, hope, factors.of('decay_rate'))
    expect([map.x.labels.length, map.y.labels.length]).toEqual([4, 4])
    expect(map.cells.flat().reduce((n, c) => n + (c?.n ?? 0), 0)).toBe(80)
  })

  test('moments: a single value has no spread', () => {
    const m = new Moments()
    m.add(3)
    expect([m.n, m.mean, m.sd, m.min, m.max]).toEqual([1, 3, 0, 3, 3])
  })
})
