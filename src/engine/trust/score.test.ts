import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { pyRound } from '../py-round'
import { scoreForecast } from './score'
import { computeFragility } from './tension'
import type { TrustInput } from './trust-input'

const vectorForecast = (): TrustInput => ({
  forecast: { start_capital: { nvda: 1000 }, end_capital: { nvda: 1500 }, symbolic_change: { hope: 0.1 } },
  fragility: 0.2,
  overlays: { hope: 0.8 },
})
const unit = fc.double({ min: 0, max: 1, noNaN: true })
const overlays = fc.record({ hope: unit, despair: unit, rage: unit, fatigue: unit, trust: unit })

describe('trust score (reference 4.9, 4.10 and 10)', () => {
  test('a forecast with capital, fragility .2 and overlays scores .78 with risk .135', () => {
    expect(scoreForecast(vectorForecast())).toEqual({ confidence: 0.78, risk_score: 0.135, historical_consistency: 0.8, novelty: 1 })
  })

  test('with memory it scores .688 (0.6875 rounds half to even): risk .175, consistency .9, novelty 0', () => {
    const memory = [{ forecast: { symbolic_change: { hope: 0.3 } } }, { forecast: { symbolic_change: { hope: 0.1 } } }]
    const score = scoreForecast(vectorForecast(), memory)
    expect(score.confidence).toBe(0.688)
    expect(score.risk_score).toBe(0.175)
    expect(score.historical_consistency).toBeCloseTo(0.9, 12)
    expect(score.novelty).toBe(0)
  })

  test('an empty forecast scores .757: no symbolic data turns the absent fragility into .5', () => {
    expect(scoreForecast({}).confidence).toBe(0.757)
  })

  test('the per-turn first pass (overlays, no fragility yet) always scores .677', () => {
    expect(scoreForecast({ overlays: { hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 } }).confidence).toBe(0.677)
    fc.assert(fc.property(overlays, (o) => {
      expect(scoreForecast({ overlays: o }).confidence).toBe(0.677)
    }), { numRuns: 100 })
  })

  test('the final per-turn confidence follows the closed form round(clamp(.4·((1 − frag) + .5)/2 + .557, .4, 1), 3)', () => {
    for (let k = 0; k <= 700; k++) {
      const frag = k / 1000
      const closedForm = pyRound(Math.min(Math.max(0.4 * ((1 - frag) + 0.5) / 2 + 0.557, 0.4), 1), 3)
      expect(scoreForecast({ fragility: frag, overlays: { hope: 0.5 } }).confidence).toBe(closedForm)
    }
    expect(scoreForecast({ fragility: 0.298, overlays: { hope: 0.59 } }).confidence).toBe(0.797)
  })

  test('with memory but no symbolic change, consistency is .7; an equal (even empty) change is not novel', () => {
    expect(scoreForecast({ overlays: { hope: 0.5 } }, [{}])).toMatchObject({ historical_consistency: 0.7, novelty: 0 })
    expect(scoreForecast({ forecast: { symbolic_change: { hope: 0.1 } } }, [{}])).toMatchObject({ novelty: 1 })
  })

  test('novelty looks at the last 3 memory items only', () => {
    const f: TrustInput = { forecast: { symbolic_change: { hope: 0.1 } } }
    const same = { forecast: { symbolic_change: { hope: 0.1 } } }
    const other = { forecast: { symbolic_change: { hope: 0.9 } } }
    expect(scoreForecast(f, [same, other, other, other]).novelty).toBe(1)
    expect(scoreForecast(f, [other, other, other, same]).novelty).toBe(0)
  })

  test('the drift penalty takes .2 for fragmented symbolism, else .1 for arc volatility above .7', () => {
    const base = scoreForecast(vectorForecast()).confidence
    expect(scoreForecast({ ...vectorForecast(), symbolic_fragmented: true }).confidence).toBe(pyRound(base - 0.2, 3))
    expect(scoreForecast({ ...vectorForecast(), arc_volatility_score: 0.71 }).confidence).toBe(pyRound(base - 0.1, 3))
    expect(scoreForecast({ ...vectorForecast(), arc_volatility_score: 0.7 }).confidence).toBe(base)
    expect(scoreForecast({ ...vectorForecast(), symbolic_fragmented: true, arc_volatility_score: 0.9 }).confidence)
      .toBe(pyRound(base - 0.2, 3))
  })

  test('the score never drops below .4', () => {
    const memory = [1, 2, 3].map(() => ({ forecast: { symbolic_change: { hope: -1 } } }))
    const f = { fragility: 1, forecast: { start_capital: { nvda: 0 }, end_capital: { nvda: 1e6 }, symbolic_change: { hope: 1 } }, symbolic_fragmented: true }
    expect(scoreForecast(f, memory).confidence).toBe(0.4)
  })

  test('the forecast and its memory are not modified', () => {
    const f = vectorForecast()
    const memory = [{ forecast: { symbolic_change: { hope: 0.3 } } }]
    const before = JSON.stringify([f, memory])
    scoreForecast(f, memory)
    expect(JSON.stringify([f, memory])).toBe(before)
  })

  test('for overlays in [0, 1], fragility is in [0, .7] and confidence in [.4, 1]', () => {
    fc.assert(fc.property(overlays, fc.boolean(), unit, (o, fragmented, arcVolatility) => {
      const fragility = computeFragility(o)
      expect(fragility).toBeGreaterThanOrEqual(0)
      expect(fragility).toBeLessThanOrEqual(0.7)
      const { confidence } = scoreForecast({ fragility, overlays: o, symbolic_fragmented: fragmented, arc_volatility_score: arcVolatility })
      expect(confidence).toBeGreaterThanOrEqual(0.4)
      expect(confidence).toBeLessThanOrEqual(1)
    }), { numRuns: 300 })
  })
})
