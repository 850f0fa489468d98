import { pyRound } from '../py-round'
import { computeRiskScore } from './risk'
import { CONFIDENCE_THRESHOLD } from './thresholds'
import { capitalMovement, hasEntries, mean, recentMemory, recentSimilarities, type TrustInput } from './trust-input'

/** The trust score of a forecast and the sub-scores the original writes back onto it (reference 4.9). */
export interface TrustScore {
  confidence: number
  risk_score: number
  historical_consistency: number
  novelty: number
}

// reference 4.9: score_forecast's default weights
const BASELINE_WEIGHT = 0.4
const RISK_WEIGHT = 0.3
const HISTORY_WEIGHT = 0.2
const NOVELTY_WEIGHT = 0.1
// reference 4.9: an absent or non-numeric fragility counts as fully fragile
const ABSENT_FRAGILITY = 1.0
// reference 4.9: a penalty above .8 with no symbolic data at all is read as .5 instead
const EMPTY_SYMBOLIC_PENALTY_ABOVE = 0.8
const EMPTY_SYMBOLIC_PENALTY = 0.5
// reference 4.9: capital movement of 1000 counts as full; without capital on both sides it is .5
const MOVEMENT_SCALE = 1000
const ABSENT_MOVEMENT = 0.5
// reference 4.9: the baseline never drops below .3
const BASELINE_FLOOR = 0.3
// reference 4.9: historical consistency without memory, and with memory but no symbolic change
const NO_MEMORY_CONSISTENCY = 0.8
const EMPTY_CHANGE_CONSISTENCY = 0.7
// reference 4.9: the drift penalty, applied because USE_SYMBOLIC_OVERLAYS is true (reference 9)
const FRAGMENTED_DRIFT_PENALTY = 0.2
const VOLATILE_ARC_DRIFT_PENALTY = 0.1
const VOLATILE_ARC_ABOVE = 0.7

/**
 * The trust confidence of a forecast, in [0.4, 1] and rounded to 3, with its risk, historical consistency and
 * novelty (reference 4.9, `score_forecast`); an absent fragility counts as 1.0, and `f` is not modified.
 */
export function scoreForecast(f: TrustInput, memory: readonly TrustInput[] = []): TrustScore {
  const change = f.forecast?.symbolic_change
  const fragility = typeof f.fragility === 'number' ? f.fragility : ABSENT_FRAGILITY
  let penalty = Math.min(fragility, 1)
  if (penalty > EMPTY_SYMBOLIC_PENALTY_ABOVE && !hasEntries(f.overlays) && !hasEntries(change)) {
    penalty = EMPTY_SYMBOLIC_PENALTY
  }
  const movement = capitalMovement(f.forecast)
  const movementScore = movement === null ? ABSENT_MOVEMENT : Math.min(movement / MOVEMENT_SCALE, 1)
  const baseline = Math.max(BASELINE_FLOOR, (1 - penalty + movementScore) / 2)

  const risk = computeRiskScore(f, memory)

  let consistency = NO_MEMORY_CONSISTENCY
  if (memory.length > 0) {
    // The last 3 memory items are never empty here, so the original's "no comparison" fallback cannot occur.
    consistency = hasEntries(change) ? mean(recentSimilarities(change, memory)) : EMPTY_CHANGE_CONSISTENCY
  }

  const current = change ?? {}
  const duplicate = memory.length > 0 && recentMemory(memory).some((past) => sameChange(current, past.forecast?.symbolic_change ?? {}))
  const novelty = duplicate ? 0 : 1

  let confidence = BASELINE_WEIGHT * baseline + RISK_WEIGHT * (1 - risk) + HISTORY_WEIGHT * consistency
    + NOVELTY_WEIGHT * novelty
  confidence -= driftPenalty(f)
  return {
    confidence: pyRound(Math.min(Math.max(confidence, CONFIDENCE_THRESHOLD), 1), 3),
    risk_score: risk,
    historical_consistency: consistency,
    novelty,
  }
}

// reference 4.9: fragmented symbolism costs .2, otherwise a volatile arc costs .1
function driftPenalty(f: TrustInput): number {
  if (f.symbolic_fragmented === true) return FRAGMENTED_DRIFT_PENALTY
  if ((f.arc_volatility_score ?? 0) > VOLATILE_ARC_ABOVE) return VOLATILE_ARC_DRIFT_PENALTY
  return 0
}

// Python's dict equality: the same keys with equal values, whatever the order.
function sameChange(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
}
