import { pyRound } from '../py-round'
import { DEFAULT_FRAGILITY_THRESHOLD } from './thresholds'

/** A fragility label (reference 4.9, `get_fragility_label`). */
export type FragilityLabel = '🟢 Stable' | '⚠️ Moderate' | '🔴 Volatile'

// reference 4.9: compute_fragility's weights of tension and of overlay volatility
const TENSION_WEIGHT = 0.6
const VOLATILITY_WEIGHT = 0.4
// reference 4.9: a total absolute change of 5 counts as full volatility
const VOLATILITY_SCALE = 5
// reference 4.9: get_fragility_label's bounds
const STABLE_BELOW = 0.3
const MODERATE_BELOW = 0.6

/** Symbolic tension `h·d + r·t + 0.5·f·h` rounded to 3 places, missing overlays counting as 0 (reference 4.9). */
export function symbolicTension(overlays: Readonly<Record<string, number>>): number {
  const h = overlays.hope ?? 0
  const d = overlays.despair ?? 0
  const r = overlays.rage ?? 0
  const f = overlays.fatigue ?? 0
  const t = overlays.trust ?? 0
  // The original's operand order (symbolic_utils.symbolic_tension_score), so the floats agree bit for bit.
  return pyRound(h * d + r * t + f * h * 0.5, 3)
}

/** Fragility from tension and the size of the symbolic change, capped at .7 and rounded to 3 (reference 4.9). */
export function computeFragility(
  overlays: Readonly<Record<string, number>>,
  symbolicChange: Readonly<Record<string, number>> = {},
): number {
  const tension = symbolicTension(overlays)
  let totalChange = 0
  for (const v of Object.values(symbolicChange)) totalChange += Math.abs(v)
  const volatility = Math.min(totalChange / VOLATILITY_SCALE, 1)
  const fragility = tension * TENSION_WEIGHT + volatility * VOLATILITY_WEIGHT
  return pyRound(Math.min(fragility, DEFAULT_FRAGILITY_THRESHOLD), 3)
}

/** The label of a fragility score (reference 4.9): below .3 stable, below .6 moderate, else volatile. */
export function fragilityLabel(fragility: number): FragilityLabel {
  if (fragility < STABLE_BELOW) return '🟢 Stable'
  if (fragility < MODERATE_BELOW) return '⚠️ Moderate'
  return '🔴 Volatile'
}
