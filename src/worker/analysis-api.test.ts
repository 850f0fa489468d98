import { describe, expect, test } from 'vitest'
import { parseBatchText, planBatch } from '../schema/batch-file'
import { experimentOf } from '../ui/experiment/experiment'
import { RunTable } from '../ui/experiment/run-table'
import { factorLevels, heatmap, heatmapData, sweepData, sweepSeries } from '../ui/experiment/sweep-stats'
import { createAnalysisApi, TABLE_NOT_HELD, type TableRef } from './analysis-api'
import { createEngineApi } from './engine-api'
import { decodeRuns } from './test-batches'

const file = (design: object) => JSON.stringify({ seed: 3, defaults: { turns: 2 }, design })
const uniform = { uniform: [0, 1] }
const MORRIS = file({ kind: 'morris', r: 12, factors: { 'state_overrides.hope': uniform, 'state_overrides.rage': uniform, decay_rate: { uniform: [0, 0.5] } } })
const SALTELLI = file({ kind: 'saltelli', n: 256, factors: { 'state_overrides.hope': uniform, 'state_overrides.despair': uniform, 'state_overrides.rage': uniform } })

// a model known in closed form, evaluated at each design point's factor values
function outputsOf(source: string, seed: number, model: (f: Record<string, number>) => number): Float64Array {
  const parsed = parseBatchText(source)
  if (!parsed.ok) throw new Error('invalid')
  const plan = planBatch(parsed.batch, seed)
  return Float64Array.from({ length: plan.pointCount }, (_, i) => model(plan.pointAt(i).factors as Record<string, number>))
}

describe('sensitivity in the analysis worker', () => {
  test('Morris on y = 3·hope + decay_rate²: mu* per unit of each range, 0 for the factor with no effect', () => {
    const outputs = outputsOf(MORRIS, 3, (f) => 3 * f['state_overrides.hope'] + f.decay_rate ** 2)
    const result = createAnalysisApi().sensitivity({ source: MORRIS, seed: 3, outputs, resamples: 200 })
    expect(result.method).toBe('morris')
    expect(result.factors).toEqual(['state_overrides.hope', 'state_overrides.rage', 'decay_rate'])
    if (result.method !== 'morris') return
    const [hope, rage, decay] = result.indices
    expect(hope.mu_star).toBeCloseTo(3, 9)
    expect(hope.sigma).toBeCloseTo(0, 9)
    expect(rage.mu_star).toBe(0)
    // decay_rate = 0.5u: y = u²/4, nonlinear, so its effects vary (sigma > 0)
    expect(decay.mu_star).toBeGreaterThan(0)
    expect(decay.sigma).toBeGreaterThan(0)
    expect(hope.mu_star_ci).not.toBeNull()
    expect([result.used, result.dropped]).toEqual([12, 0])
  })

  test("Sobol' on the additive y = hope + 2·despair: S1 ≈ ST ≈ 0.2, 0.8, 0", () => {
    const outputs = outputsOf(SALTELLI, 3, (f) => f['state_overrides.hope'] + 2 * f['state_overrides.despair'])
    const result = createAnalysisApi().sensitivity({ source: SALTELLI, seed: 3, outputs, resamples: 100 })
    if (result.method !== 'sobol') throw new Error(result.method)
    const expected = [0.2, 0.8, 0]
    result.indices.forEach((index, j) => {
      expect(index.S1).toBeCloseTo(expected[j], 1)
      expect(index.ST).toBeCloseTo(expected[j], 1)
    })
  })

  test('a point with no output drops its whole trajectory or row; too few left is an error', () => {
    const outputs = outputsOf(MORRIS, 3, (f) => f['state_overrides.hope'])
    outputs[5] = NaN
    const result = createAnalysisApi().sensitivity({ source: MORRIS, seed: 3, outputs, resamples: 0 })
    expect([result.used, result.dropped]).toEqual([11, 1])
    expect(() => createAnalysisApi().sensitivity({ source: MORRIS, seed: 3, outputs: new Float64Array(48).fill(NaN) })).toThrow(/only 0 of 12 trajectories/)
    expect(() => createAnalysisApi().sensitivity({ source: MORRIS, seed: 3, outputs: new Float64Array(3) })).toThrow(/3 outputs for 48 design points/)
    const grid = file({ kind: 'grid', factors: { turns: { values: [1, 2] } } })
    expect(() => createAnalysisApi().sensitivity({ source: grid, seed: 3, outputs: new Float64Array(2) })).toThrow(/morris or saltelli/)
  })
})

describe('replay in the analysis worker', () => {
  const source = file({ kind: 'grid', factors: { 'state_overrides.hope': { values: [0.2, 0.8] } }, replications: 2 })
  const lineOf = async (index: number) => {
    const engine = createEngineApi()
    engine.load(source)
    return (await decodeRuns([engine.run(Uint32Array.of(index))]))[0].line
  }

  test('a stored line recomputes byte-identical', async () => {
    expect(createAnalysisApi().replay(await lineOf(3))).toEqual({ identical: true, difference: null, versionNote: null })
  })

  test('a tampered line says where it first differs', async () => {
    const record = JSON.parse(await lineOf(1)) as { forecast: { value: number } }
    record.forecast.value += 1
    const verdict = createAnalysisApi().replay(JSON.stringify(record))
    expect(verdict).toMatchObject({ identical: false, difference: 'forecast.value' })
  })
})

describe('design plots in the analysis worker', () => {
  const GRID = file({ kind: 'grid', factors: { 'state_overrides.hope': { values: [0.2, 0.5, 0.8] }, 'state_overrides.despair': { values: [0, 1] } }, replications: 2 })
  const summaryOf = (batchIndex: number, value: number | null = 1) => ({ batch_index: batchIndex, status: value === null ? 'failed' as const : 'done' as const, seed: 0,
    forecast_value: value, confidence: null, fragility: null, trust_label: null, confidence_status: null, arc_label: null, symbolic_tag: null,
    final_overlays: null, overrides: '', error: null })
  // 12 runs, the output a known function of the point and replicate; run 5 failed (no value)
  function gridTable() {
    const parsed = parseBatchText(GRID)
    if (!parsed.ok) throw new Error('invalid')
    const plan = planBatch(parsed.batch, 3)
    const table = new RunTable(12)
    for (const spec of plan.runs()) {
      const f = spec.factors as Record<string, number>
      const value = spec.run_index === 5 ? null : 10 * f['state_overrides.hope'] + f['state_overrides.despair'] + spec.replicate / 10
      table.add(summaryOf(spec.run_index, value))
    }
    return table
  }

  test('a sweep and a heatmap as the page would compute them, as plain data (structured-clonable)', () => {
    const table = gridTable()
    const local = experimentOf({ source: GRID, seed: 3 })!
    const api = createAnalysisApi()
    const request = { source: GRID, seed: 3, table: { id: 1, columns: table.toColumns() }, output: 'forecast_value' }
    const sweep = api.sweep({ ...request, x: 'state_overrides.hope', split: 'state_overrides.despair' })
    expect(sweep).toEqual(sweepData(sweepSeries(table, 'forecast_value', local.pointOf, local.factors.of('state_overrides.hope'), local.factors.of('state_overrides.despair'))))
    expect(sweep?.runs).toBe(11)
    expect(sweep?.axis.labels).toEqual(['0.2', '0.5', '0.8'])
    expect(structuredClone(sweep)).toEqual(sweep)
    // the same table by its id alone: the worker holds the last one sent
    const heat = api.heatmap({ ...request, table: { id: 1 }, x: 'state_overrides.hope', y: 'state_overrides.despair' })
    expect(heat).toEqual(heatmapData(heatmap(table, 'forecast_value', local.pointOf, local.factors.of('state_overrides.hope'), local.factors.of('state_overrides.despair'))))
    expect(structuredClone(heat)).toEqual(heat)
    const levels = api.levels({ source: GRID, seed: 3, table: { id: 1 }, factor: 'state_overrides.hope' })
    expect(levels).toEqual(factorLevels(table, local.pointOf, local.factors.of('state_overrides.hope')))
    expect(levels).toEqual([0.2, 0.5, 0.8])
  })

  test('a request names the table it was made for: a new one replaces the one held, one not held is refused', () => {
    const table = gridTable()
    const local = experimentOf({ source: GRID, seed: 3 })!
    const api = createAnalysisApi()
    const ask = (ref: TableRef) => api.levels({ source: GRID, seed: 3, table: ref, factor: 'state_overrides.hope' })
    expect(() => ask({ id: 1 })).toThrow(expect.objectContaining({ name: TABLE_NOT_HELD }))
    expect(ask({ id: 1, columns: table.toColumns() })).toEqual([0.2, 0.5, 0.8])
    // the first point's runs alone: one level
    const first = new RunTable()
    for (let i = 0; i < table.length; i++) if (local.pointOf(table.batchIndex[i]) === 0) first.add(summaryOf(table.batchIndex[i]))
    expect(ask({ id: 2, columns: first.toColumns() })).toEqual([0.2])
    expect(ask({ id: 2 })).toEqual([0.2])
    expect(() => ask({ id: 1 })).toThrow(expect.objectContaining({ name: TABLE_NOT_HELD }))
  })

  test('a batch file that does not parse gives no plot', () => {
    const request = { source: '[{"turns": ', seed: 0, table: { id: 1, columns: new RunTable().toColumns() }, output: 'forecast_value' }
    expect(createAnalysisApi().sweep({ ...request, x: 'state_overrides.hope', split: '' })).toBeNull()
    expect(createAnalysisApi().heatmap({ ...request, x: 'a', y: 'b' })).toBeNull()
    const api = createAnalysisApi()
    expect(api.levels({ source: request.source, seed: 0, table: request.table, factor: 'a' })).toBeNull()
    // the table sent with it is held all the same
    expect(() => api.levels({ source: GRID, seed: 3, table: { id: 1 }, factor: 'state_overrides.hope' })).not.toThrow()
  })
})
