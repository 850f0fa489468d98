import { describe, expect, test } from 'vitest'
import { RunConfig } from '../schema/run-config'
import { runRules } from './rules'
import { applyOverrides, decayOverlays } from './world-state'

const defaults = RunConfig.parse({})

describe('static rules (reference 4.4)', () => {
  test('a default state fires no rule', () => {
    expect(runRules(applyOverrides(defaults), defaults.rules, 1)).toEqual([])
  })
  test('three turns move inflation .11 → .12 → .13 and ai_policy_risk .03 → .01 → 0', () => {
    const state = applyOverrides(RunConfig.parse({
      variables: { energy_price_index: 0.5, public_trust_level: 0.7, ai_policy_risk: 0.05, inflation_index: 0.1 },
    }))
    const inflation: number[] = []
    const risk: number[] = []
    for (let t = 0; t < 3; t++) {
      const fired = runRules(state, defaults.rules, 1)
      expect(fired.map((a) => a.rule_id)).toEqual(['R001_EnergySpike', 'R002_TrustRebound'])
      inflation.push(state.variables.inflation_index)
      risk.push(state.variables.ai_policy_risk)
    }
    expect(inflation.map((v) => +v.toFixed(10))).toEqual([0.11, 0.12, 0.13])
    expect(risk.map((v) => +v.toFixed(10))).toEqual([0.03, 0.01, 0])
  })
  test('thresholds and effect sizes are live parameters, and created variables are audited', () => {
    const config = RunConfig.parse({
      variables: { energy_price_index: 0.3 },
      rules: { R001_EnergySpike: { threshold: 0.2, effect_size: 0.5 } },
    })
    const state = applyOverrides(config)
    const [audit] = runRules(state, config.rules, 1)
    expect(audit.variables_changed).toEqual({ inflation_index: { from: null, to: 0.5 } })
    expect(audit.symbolic_tags).toEqual(['fear', 'despair'])
  })
  test('a disabled rule never fires', () => {
    const config = RunConfig.parse({ variables: { energy_price_index: 0.9 }, rules: { R001_EnergySpike: { enabled: false } } })
    expect(runRules(applyOverrides(config), config.rules, 1)).toEqual([])
  })
})

describe('decay (reference 4.3)', () => {
  test('linear toward 0 in IEEE doubles: despair 0.1 → 0.09000000000000001, never below 0', () => {
    const state = applyOverrides(RunConfig.parse({ state_overrides: { despair: 0.1, hope: 0.005, _dynamic_overlays: { awe: 0.3 } } }))
    decayOverlays(state, 0.01)
    expect(state.overlays.despair).toBe(0.09000000000000001)
    expect(state.overlays.hope).toBe(0)
    expect(state.overlays.awe).toBe(0.29)
  })
})
