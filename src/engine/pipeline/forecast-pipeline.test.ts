import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { runForecastPipeline, type PipelineForecast } from './forecast-pipeline'

// One run's forecast from the default state after one turn (reference 4.10: fragility .298, confidence .797).
const defaultLike = (extra: Partial<PipelineForecast> = {}): PipelineForecast => ({
  trace_id: 'run-0',
  value: 100.0098,
  breakdown: { simulation_based: 100, ai_adjustment: 0.0327 },
  confidence: 0.797,
  fragility: 0.298,
  overlays: { hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 },
  symbolic_tag: '',
  ...extra,
})

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

describe('forecast pipeline (reference 8, with the port fixes)', () => {
  test('no forecasts gives no_forecasts', () => {
    expect(runForecastPipeline([])).toEqual({
      summary: { status: 'no_forecasts', total: 0, compressed: 0, digest: null, top_forecasts: [] },
      forecasts: [],
    })
  })

  test('a forecast from the default state comes out Actionable and Trusted, in 1 cluster of 1', () => {
    const { summary, forecasts } = runForecastPipeline([defaultLike()])
    expect(summary).toMatchObject({ status: 'complete', total: 1, compressed: 1 })
    expect(forecasts).toHaveLength(1)
    expect(forecasts[0]).toMatchObject({
      confidence: 0.797,
      risk_score: 0.01,
      historical_consistency: 0.8,
      fragility: 0.298,
      fragility_label: '🟢 Stable',
      confidence_status: '✅ Actionable',
      arc_label: 'arc_unknown',
      trust_label: '🟢 Trusted',
      alignment_score: 38.91,
      alignment_components: { confidence: 0.797, retrodiction: 0, arc_stability: 0, tag_match: 0, novelty: 1 },
      symbolic_fragmented: false,
      certified: true,
    })
    expect(summary.top_forecasts).toEqual([{
      trace_id: 'run-0', value: 100.0098, confidence: 0.797, fragility: 0.298, arc_label: 'arc_unknown', trust_label: '🟢 Trusted',
      alignment_score: 38.91,
    }])
    expect(summary.digest).toContain('Total Forecasts: 1')
    expect(summary.digest).toContain('- unknown → run-0 (Align: 38.9, count: 1, avg confidence: 0.797)')
  })

  test("the confidence is re-scored from the forecast's own fragility, as the original's pipeline does", () => {
    // The generator's original 0.5 / 0.5 without overlays is the reference's .757 (8.1.1).
    const original = runForecastPipeline([defaultLike({ confidence: 0.5, fragility: 0.5, overlays: {} })]).forecasts[0]
    expect(original).toMatchObject({ confidence: 0.757, fragility_label: '⚠️ Moderate', confidence_status: '✅ Actionable' })
    const volatile = runForecastPipeline([defaultLike({ confidence: 0.9, fragility: 0.7 })]).forecasts[0]
    expect(volatile).toMatchObject({ confidence: 0.717, fragility_label: '🔴 Volatile', confidence_status: '⚠️ Risky', trust_label: '🟢 Trusted', certified: false })
  })

  test('the trust tag sets the arc and the tag match', () => {
    const hope = runForecastPipeline([defaultLike({ symbolic_tag: 'Hope' })]).forecasts[0]
    expect(hope).toMatchObject({ arc_label: 'arc_hope_recovery', alignment_score: 53.91 })
  })

  test('forecasts of one origin turn contradict (a fork from the same absent parent), but the re-run filter restores the status', () => {
    const { forecasts } = runForecastPipeline([defaultLike({ trace_id: 'a' }), defaultLike({ trace_id: 'b' })])
    expect(forecasts.map((f) => f.confidence_status)).toEqual(['✅ Actionable', '✅ Actionable'])
  })

  test('a fragmented batch is flagged on every forecast and none is certified, so no top forecasts', () => {
    const tags = ['Hope', 'Despair', 'Rage', 'Fatigue', 'Trust']
    const { summary, forecasts } = runForecastPipeline(tags.map((symbolic_tag, i) => defaultLike({ trace_id: `f${i}`, symbolic_tag, origin_turn: i })))
    expect(forecasts.every((f) => f.symbolic_fragmented && !f.certified)).toBe(true)
    expect(summary).toMatchObject({ total: 5, compressed: 5, top_forecasts: [] })
    expect(summary.digest).toContain('- Fragmented forecasts: 5\n')
  })

  test('top forecasts rank certified forecasts by alignment first', () => {
    const { summary } = runForecastPipeline([
      defaultLike({ trace_id: 'plain', origin_turn: 1 }),
      defaultLike({ trace_id: 'hopeful', symbolic_tag: 'Hope', origin_turn: 2 }),
    ])
    expect(summary.top_forecasts.map((f) => f.trace_id)).toEqual(['hopeful', 'plain'])
  })

  test('the digest can be switched off', () => {
    expect(runForecastPipeline([defaultLike()], { enableDigest: false }).summary.digest).toBeNull()
  })

  test('the input is not modified, the output is new objects, and extra fields pass through', () => {
    const input = deepFreeze([{ ...defaultLike(), confidence_interval: null, contributing_factors: {} }])
    const { forecasts } = runForecastPipeline(input)
    expect(forecasts[0]).not.toBe(input[0])
    expect(forecasts[0]).toMatchObject({ confidence_interval: null, contributing_factors: {} })
    expect(input[0].confidence).toBe(0.797)
    expect('confidence_status' in input[0]).toBe(false)
  })

  test('the same input gives identical output, with no diverggence_type', () => {
    const input = [defaultLike({ trace_id: 'a', symbolic_tag: 'Hope' }), defaultLike({ trace_id: 'b', origin_turn: 3 })]
    const first = JSON.stringify(runForecastPipeline(input))
    expect(JSON.stringify(runForecastPipeline(input))).toBe(first)
    expect(first).not.toContain('diverggence_type')
  })

  test('for any overlays and fragility, the result is deterministic, in range and JSON-safe', () => {
    const unit = fc.double({ min: 0, max: 1, noNaN: true })
    const tag = fc.constantFrom('', 'Hope', 'Despair', 'Rage', 'Fatigue')
    fc.assert(fc.property(fc.record({ hope: unit, despair: unit, rage: unit, fatigue: unit, trust: unit }), fc.double({ min: 0, max: 0.7, noNaN: true }), tag,
      (overlays, fragility, symbolic_tag) => {
        const input = [defaultLike({ overlays, fragility, symbolic_tag })]
        const result = runForecastPipeline(input)
        expect(JSON.parse(JSON.stringify(result))).toEqual(runForecastPipeline(input))
        const [f] = result.forecasts
        expect(f.confidence).toBeGreaterThanOrEqual(0.4)
        expect(f.confidence).toBeLessThanOrEqual(1)
        expect(result.summary.digest).not.toMatch(/undefined|NaN/)
      }), { numRuns: 100 })
  })
})
