import { describe, expect, test } from 'vitest'
import { isCertified, selectTopForecasts, type RankableForecast } from './top-forecasts'

const ranked = (trace_id: string, extra: Partial<RankableForecast> = {}): RankableForecast => ({
  trace_id, value: 100, confidence: 0.8, fragility: 0.3, arc_label: 'arc_unknown', trust_label: '🟢 Trusted',
  alignment_score: 40, certified: true, ...extra,
})

describe('certification (the port rule for reference 8.10)', () => {
  test('a trusted, actionable forecast of an unfragmented batch is certified', () => {
    expect(isCertified({ trust_label: '🟢 Trusted', confidence_status: '✅ Actionable', symbolic_fragmented: false })).toBe(true)
  })

  test('an unstable label, a risky status or a fragmented batch each withhold certification', () => {
    expect(isCertified({ trust_label: '🟡 Unstable', confidence_status: '✅ Actionable', symbolic_fragmented: false })).toBe(false)
    expect(isCertified({ trust_label: '🟢 Trusted', confidence_status: '⚠️ Risky', symbolic_fragmented: false })).toBe(false)
    expect(isCertified({ trust_label: '🟢 Trusted', confidence_status: '✅ Actionable', symbolic_fragmented: true })).toBe(false)
  })
})

describe('top forecasts (reference 8.10)', () => {
  test('only certified forecasts are ranked', () => {
    expect(selectTopForecasts([ranked('a', { certified: false }), ranked('b')], 5).map((f) => f.trace_id)).toEqual(['b'])
  })

  test('ranked by alignment, then confidence, then arc weight, highest first', () => {
    const forecasts = [
      ranked('low-align', { alignment_score: 30 }),
      ranked('despair', { arc_label: 'arc_despair_decline' }),
      ranked('fatigue', { arc_label: 'arc_exhaustion' }),
      ranked('hope', { arc_label: 'arc_hope_recovery' }),
      ranked('neutral'),
      ranked('confident', { confidence: 0.9 }),
      ranked('aligned', { alignment_score: 55, confidence: 0.5 }),
    ]
    expect(selectTopForecasts(forecasts, 10).map((f) => f.trace_id))
      .toEqual(['aligned', 'confident', 'hope', 'neutral', 'fatigue', 'despair', 'low-align'])
  })

  test('ties keep their input order, and at most top N are kept', () => {
    const forecasts = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ranked(id))
    expect(selectTopForecasts(forecasts, 5).map((f) => f.trace_id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  test('each entry is a small JSON-safe summary, and the input is left as it was', () => {
    const input = [ranked('b', { alignment_score: 10 }), ranked('a', { alignment_score: 20 })]
    expect(selectTopForecasts(input, 5)[0]).toEqual({
      trace_id: 'a', value: 100, confidence: 0.8, fragility: 0.3, arc_label: 'arc_unknown', trust_label: '🟢 Trusted', alignment_score: 20,
    })
    expect(input.map((f) => f.trace_id)).toEqual(['b', 'a'])
  })
})
