import { pyRound } from '../py-round'
import { capitalMovement, hasEntries, mean, recentSimilarities, type TrustInput } from './trust-input'

// reference 4.9: a capital movement of 2000 counts as full volatility
const RISK_VOLATILITY_SCALE = 2000
// reference 4.9: the historical component with memory but no symbolic change of its own
const EMPTY_CHANGE_HISTORY_RISK = 0.4
// reference 4.9: the constant "ML adjustment" placeholder and the three weights
const ML_ADJUSTMENT = 0.1
const VOLATILITY_WEIGHT = 0.5
const HISTORY_WEIGHT = 0.4
const ML_WEIGHT = 0.1
// reference 4.9: with fewer than 3 memory items the risk is capped at 0.7
const SHORT_MEMORY = 3
const SHORT_MEMORY_RISK_CAP = 0.7

/** The risk sub-score in [0, 1] from capital volatility and disagreement with memory, rounded to 3 (reference 4.9). */
export function computeRiskScore(f: TrustInput, memory: readonly TrustInput[] = []): number {
  const movement = capitalMovement(f.forecast)
  const volatility = movement === null ? 0 : Math.min(movement / RISK_VOLATILITY_SCALE, 1)
  const change = f.forecast?.symbolic_change
  let history = 0
  if (memory.length > 0) {
    // With memory, the last 3 items are never empty, so the original's 0.5 fallback cannot occur.
    history = hasEntries(change) ? 1 - mean(recentSimilarities(change, memory)) : EMPTY_CHANGE_HISTORY_RISK
  }
  let risk = volatility * VOLATILITY_WEIGHT + history * HISTORY_WEIGHT + ML_ADJUSTMENT * ML_WEIGHT
  if (memory.length < SHORT_MEMORY) risk = Math.min(risk, SHORT_MEMORY_RISK_CAP)
  return pyRound(Math.min(Math.max(risk, 0), 1), 3)
}
