import type { RuleParameters } from '../schema/run-config'
import type { FiredRule } from '../schema/run-record'
import { pyRound } from './py-round'
import type { WorldState } from './world-state'

interface StaticRule {
  id: keyof RuleParameters
  tags: string[]
  condition: (vars: Readonly<Record<string, number>>, threshold: number) => boolean
  effect: (vars: Record<string, number>, effectSize: number) => void
}

// reference 4.4: the two static rules; a missing variable reads as 0.0, so a default state fires none
const STATIC_RULES: readonly StaticRule[] = [
  {
    id: 'R001_EnergySpike',
    tags: ['fear', 'despair'],
    condition: (vars, threshold) => (vars.energy_price_index ?? 0) > threshold,
    effect: (vars, size) => { vars.inflation_index = (vars.inflation_index ?? 0) + size },
  },
  {
    id: 'R002_TrustRebound',
    tags: ['hope', 'stability'],
    condition: (vars, threshold) => (vars.public_trust_level ?? 0) > threshold,
    effect: (vars, size) => { vars.ai_policy_risk = Math.max(0, (vars.ai_policy_risk ?? 0) - size) },
  },
]

/** Runs the enabled rules in order and audits each one that fired, variables it created included (reference 4.4, 12 row 9). */
export function runRules(state: WorldState, params: RuleParameters, turn: number): FiredRule[] {
  const fired: FiredRule[] = []
  const vars = state.variables
  for (const rule of STATIC_RULES) {
    const p = params[rule.id]
    if (!p.enabled || !rule.condition(vars, p.threshold)) continue
    const before = { ...vars }
    rule.effect(vars, p.effect_size)
    const changed: FiredRule['variables_changed'] = {}
    for (const name in vars) {
      const from = name in before ? before[name] : null
      if (from !== vars[name]) changed[name] = { from: from === null ? null : pyRound(from, 4), to: pyRound(vars[name], 4) }
    }
    fired.push({ rule_id: rule.id, turn, symbolic_tags: rule.tags, variables_changed: changed })
  }
  return fired
}
