import { describe, expect, test, vi } from 'vitest'
import { createForecaster, ensembleForecast, forecastFeatures, type ForecastInputState } from './forecast-generator'
import { createLstmModel } from './lstm-model'


const state = (overrides: Partial<ForecastInputState> = {}): ForecastInputState => ({
  overlays: { hope: 0.6, despair: 0.2, rage: 0.3, fatigue: 0.25, trust: 0.5 },
  capital: { nvda: 10000, msft: 10000, ibit: 10000, spy: 10000, cash: 50000 },
  variables: {},
  ...overrides,
})
const runStats = { confidence: 0.797, fragility: 0.298 }

describe('reference 7: forecast generator', () => {
  test('ensemble({value 100}, {adjustment 2}) = 100.6', () => {
    expect(ensembleForecast({ value: 100 }, { adjustment: 2 })).toBe(100.6)
  })

  test('features: overlays as they are, capital / 100000, variables as given, each in key order', () => {
    const features = forecastFeatures({
      overlays: { hope: 0.6, despair: 0.2 },
      capital: { nvda: 50000, cash: 100000, spy: 1 },
      variables: { inflation: 3, growth: -0.5 },
    })
    expect([...features]).toEqual([0.6, 0.2, 0.5, 1, 1 / 100000, 3, -0.5])
    expect([...forecastFeatures({ overlays: { despair: 0.2, hope: 0.6 }, capital: {}, variables: {} })]).toEqual([0.2, 0.6])
  })

  test('the forecast has the original shape, value = ensemble(100, adjustment), and the run\'s own trust figures', () => {
    const final = state()
    const forecast = createForecaster(1).forecast(final, runStats)
    const adjustment = createLstmModel(1, 10).predict(forecastFeatures(final))
    expect(forecast).toEqual({
      value: ensembleForecast({ value: 100 }, { adjustment }),
      breakdown: { simulation_based: 100, ai_adjustment: adjustment },
      confidence_interval: null,
      probability_distribution: null,
      contributing_factors: {},
      confidence: 0.797,
      fragility: 0.298,
    })
    // Key order is the original dict's, since it reaches the JSONL record as is.
    expect(Object.keys(forecast)).toEqual([
      'value', 'breakdown', 'confidence_interval', 'probability_distribution', 'contributing_factors', 'confidence',
      'fragility',
    ])
  })

  test('the forecast is a deterministic function of the final state', () => {
    const a = createForecaster(1).forecast(state(), runStats)
    const b = createForecaster(1).forecast(state(), runStats)
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    const hopeful = createForecaster(1).forecast(state({ overlays: { ...state().overlays, hope: 0.9 } }), runStats)
    expect(hopeful.value).not.toBe(a.value)
    expect(createForecaster(2).forecast(state(), runStats).value).not.toBe(a.value)
  })

  test('the adjustment stays in [−10, 10] for huge inputs', () => {
    const huge = state({ capital: { nvda: 1e300, cash: -1e300 }, variables: { gdp: 1e12 } })
    const { value, breakdown } = createForecaster(1).forecast(huge, runStats)
    expect(Math.abs(breakdown.ai_adjustment)).toBeLessThanOrEqual(10)
    expect(value).toBe(ensembleForecast({ value: 100 }, { adjustment: breakdown.ai_adjustment }))
  })

  test('a remembered adjustment is the network\'s own, bit for bit, for repeated, new and −0 states, past the memory\'s size', () => {
    const forecaster = createForecaster(5)
    const model = createLstmModel(5, 10)
    const states = Array.from({ length: 5000 }, (_, i) => state({ overlays: { hope: (i % 4500) / 4500, despair: i % 3 ? 0 : -0, rage: 0.3, fatigue: 0.25, trust: 0.5 } }))
    for (const s of [...states, ...states.slice(0, 300).reverse()]) {
      expect(Object.is(forecaster.forecast(s, runStats).breakdown.ai_adjustment, model.predict(forecastFeatures(s)))).toBe(true)
    }
    const wide = state({ variables: { inflation: 0.02 } })
    expect(forecaster.forecast(wide, runStats).breakdown.ai_adjustment).toBe(createLstmModel(5, 11).predict(forecastFeatures(wide)))
  })

  test('one model per input size, built on first use and cached in the forecaster', () => {
    // count the models built; the real function still builds them
    const build = vi.fn(createLstmModel)
    const forecaster = createForecaster(3, build)
    const wide = state({ variables: { inflation: 0.02, growth: 0.01 } })
    for (let k = 0; k < 3; k++) forecaster.forecast(state(), runStats)
    for (let k = 0; k < 2; k++) forecaster.forecast(wide, runStats)
    expect(build.mock.calls).toEqual([[3, 10], [3, 12]])
    expect(forecaster.forecast(wide, runStats).breakdown.ai_adjustment)
      .toBe(createLstmModel(3, 12).predict(forecastFeatures(wide)))
    const fresh = vi.fn(createLstmModel)
    createForecaster(3, fresh).forecast(state(), runStats)
    expect(fresh).toHaveBeenCalledTimes(1)
  })
})
