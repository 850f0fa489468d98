import { describe, expect, test } from 'vitest'
import { GravityConfig, ORIGINAL_ACTIVE_VARIABLES } from '../../schema/run-config'
import { GravityFabric } from './gravity-fabric'

const config = (overrides: Record<string, unknown> = {}): GravityConfig => GravityConfig.parse(overrides)
const decay = (x: number): number => Math.max(0, x - 0.01)

describe('GravityFabric (reference 5.3)', () => {
  test('hope, despair, rage and fatigue start at 0; trust appears with the first step', () => {
    const fabric = new GravityFabric(config(), ORIGINAL_ACTIVE_VARIABLES)
    expect(fabric.symbolVector()).toEqual({ hope: 0, despair: 0, rage: 0, fatigue: 0 })
    expect(fabric.engine.pillarNames).toEqual(['hope', 'despair', 'rage', 'fatigue', 'trust'])
    fabric.step({ hope: 0.5, despair: 0.5, rage: 0.5, fatigue: 0.5, trust: 0.5 })
    expect(Object.keys(fabric.symbolVector())).toEqual(['hope', 'despair', 'rage', 'fatigue', 'trust'])
  })

  test('after 2 turns from hope .6 / despair .2 the pillars are hope .57, despair .17, rage .47, fatigue .47, trust .47', () => {
    const fabric = new GravityFabric(config(), ORIGINAL_ACTIVE_VARIABLES)
    // The simulator decays the overlays by .01 each turn, then the fabric steps: a pillar takes its overlay, then decays .01.
    let overlays: Record<string, number> = { hope: 0.6, despair: 0.2, rage: 0.5, fatigue: 0.5, trust: 0.5 }
    for (let turn = 1; turn <= 2; turn++) {
      overlays = Object.fromEntries(Object.entries(overlays).map(([name, x]) => [name, decay(x)]))
      fabric.step(overlays)
    }
    const pillars = fabric.symbolVector()
    expect(pillars.hope).toBeCloseTo(0.57, 2)
    expect(pillars.despair).toBeCloseTo(0.17, 2)
    expect(pillars.rage).toBeCloseTo(0.47, 2)
    expect(pillars.fatigue).toBeCloseTo(0.47, 2)
    expect(pillars.trust).toBeCloseTo(0.47, 2)
  })

  test('a step registers a pillar for an overlay it has not seen, at the overlay’s value', () => {
    const fabric = new GravityFabric(config(), ORIGINAL_ACTIVE_VARIABLES)
    fabric.step({ greed: 0.3 })
    expect(fabric.pillars.pillar('greed')?.intensityHistory()).toEqual([0.3, 0.3 - 0.01])
  })

  test('the pillars decay by pillar_decay_rate', () => {
    const fabric = new GravityFabric(config({ pillar_decay_rate: 0.1 }), ORIGINAL_ACTIVE_VARIABLES)
    fabric.step({ hope: 0.5 })
    expect(fabric.symbolVector().hope).toBe(0.5 - 0.1)
  })

  test('corrections use the pillar intensities of the previous step, so the first turn sees zeros', () => {
    const fabric = new GravityFabric(config({ enable_adaptive_lambda: false, initial_weights: { hope: 1 } }), ['market_price'])
    expect(fabric.bulkApplyCorrection({ market_price: 10 })).toEqual({ market_price: 10 })
    fabric.step({ hope: 0.5 })
    // hope pillar is .5 − .01 = .49, so c = λ · w · s = .25 · 1 · .49
    expect(fabric.bulkApplyCorrection({ market_price: 10 }).market_price).toBeCloseTo(10 + 0.25 * 0.49, 12)
  })

  test('only active variables are corrected, and each of their corrections is counted', () => {
    const fabric = new GravityFabric(config({ enable_adaptive_lambda: false, initial_weights: { hope: 1 } }), ['market_price', 'volume'])
    fabric.step({ hope: 0.5 })
    const result = fabric.bulkApplyCorrection({ market_price: 10, gdp: 5, volume: 0 })
    expect(result.gdp).toBe(5)
    expect(result.volume).toBeCloseTo(0.1225, 12)
    const stats = fabric.stats()
    expect(stats.total_corrections).toBe(2)
    expect(stats.variable_efficiency).toEqual({
      market_price: { total: 1, corrected: 1, efficiency: 1 },
      volume: { total: 1, corrected: 1, efficiency: 1 },
    })
  })

  test('with zero weights a correction is counted but does not count as corrected', () => {
    const fabric = new GravityFabric(config(), ['market_price'])
    fabric.step({ hope: 0.5 })
    expect(fabric.bulkApplyCorrection({ market_price: 10 })).toEqual({ market_price: 10 })
    expect(fabric.stats().variable_efficiency.market_price).toEqual({ total: 1, corrected: 0, efficiency: 0 })
  })

  test('updateWeights learns from residuals above 1e-6 and activates their variables', () => {
    const fabric = new GravityFabric(config({ enable_adaptive_lambda: false }), [])
    fabric.updateWeights({ tiny: 1e-7, gdp: 0.5 }, { hope: 0.5 })
    expect(fabric.engine.stats().updates).toBe(1)
    expect(fabric.engine.weights().hope).toBeGreaterThan(0)
    fabric.step({ hope: 0.5 })
    const result = fabric.bulkApplyCorrection({ tiny: 1, gdp: 1 })
    expect(result.tiny).toBe(1)
    expect(result.gdp).toBeGreaterThan(1)
  })

  test('stats merge the fabric counters with the engine statistics and are JSON-safe', () => {
    const fabric = new GravityFabric(config(), ORIGINAL_ACTIVE_VARIABLES)
    fabric.bulkApplyCorrection({ market_price: 1 })
    fabric.step({ hope: 0.6 })
    const stats = fabric.stats()
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats)
    expect(stats).toMatchObject({ total_corrections: 1, active_variable_count: 8, updates: 0, health_status: 'healthy' })
    expect(stats.pillars.hope).toBeCloseTo(0.59, 12)
  })
})
