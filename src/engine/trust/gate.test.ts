import { describe, expect, test } from 'vitest'
import { confidenceGate, filterByConfidence } from './gate'

describe('confidence gate (reference 4.9 and 10)', () => {
  test('(.6, .2, .1) is Trusted, (.6, .8) Unstable, .49 Rejected', () => {
    expect(confidenceGate(0.6, 0.2, 0.1)).toBe('🟢 Trusted')
    expect(confidenceGate(0.6, 0.8, null)).toBe('🟡 Unstable')
    expect(confidenceGate(0.49, null, null)).toBe('🔴 Rejected')
  })

  test('the bounds are inclusive: conf .5, fragility .7, risk .5 is still Trusted', () => {
    expect(confidenceGate(0.5, 0.7, 0.5)).toBe('🟢 Trusted')
    expect(confidenceGate(0.5, 0.7, 0.51)).toBe('🟡 Unstable')
  })

  test('null reads as 0: an absent fragility or risk never blocks trust, an absent confidence rejects', () => {
    expect(confidenceGate(0.677, null, null)).toBe('🟢 Trusted')
    expect(confidenceGate(null, 0, 0)).toBe('🔴 Rejected')
  })
})

describe('filter_by_confidence (reference 8.1.3 and 10)', () => {
  test('(.78, .3), (.53, .7), (.39, .2) and (.4, none) are Actionable, Risky, Rejected, Actionable', () => {
    expect(filterByConfidence(0.78, 0.3)).toBe('✅ Actionable')
    expect(filterByConfidence(0.53, 0.7)).toBe('⚠️ Risky')
    expect(filterByConfidence(0.39, 0.2)).toBe('❌ Rejected')
    expect(filterByConfidence(0.4, null)).toBe('✅ Actionable')
  })

  test('an absent confidence reads as 0', () => {
    expect(filterByConfidence(null, 0.1)).toBe('❌ Rejected')
  })

  test('a stricter minimum makes forecasts Risky, but the Risky floor stays at .4 as in the original', () => {
    expect(filterByConfidence(0.45, 0.1, 0.6)).toBe('⚠️ Risky')
    expect(filterByConfidence(0.39, 0.1, 0.3)).toBe('✅ Actionable')
    expect(filterByConfidence(0.35, 0.9, 0.3)).toBe('❌ Rejected')
  })
})
