import { CONFIDENCE_THRESHOLD, DEFAULT_FRAGILITY_THRESHOLD } from './thresholds'

/** The trust engine's label (reference 4.9, `confidence_gate`). */
export type TrustLabel = '🟢 Trusted' | '🟡 Unstable' | '🔴 Rejected'

/** The forecast confidence filter's status (reference 8.1.3, `filter_by_confidence`). */
export type ConfidenceStatus = '✅ Actionable' | '⚠️ Risky' | '❌ Rejected'

// reference 4.9: confidence_gate's default thresholds
const GATE_MIN_CONFIDENCE = 0.5
const GATE_MAX_FRAGILITY = 0.7
const GATE_MAX_RISK = 0.5
// reference 8.1.3: below the minimum, a confidence of at least .4 is still "Risky"; the original hard-codes it
const RISKY_MIN_CONFIDENCE = 0.4
// reference 8.1.3: a missing fragility reads as .5 in the filter
const FILTER_ABSENT_FRAGILITY = 0.5

/** The trust label for a confidence, fragility and risk, each null reading as 0 (reference 4.9, `confidence_gate`). */
export function confidenceGate(confidence: number | null, fragility: number | null, risk: number | null): TrustLabel {
  const conf = confidence ?? 0
  if (conf >= GATE_MIN_CONFIDENCE && (fragility ?? 0) <= GATE_MAX_FRAGILITY && (risk ?? 0) <= GATE_MAX_RISK) {
    return '🟢 Trusted'
  }
  return conf >= GATE_MIN_CONFIDENCE ? '🟡 Unstable' : '🔴 Rejected'
}

/**
 * Actionable, Risky or Rejected from confidence and fragility, a null confidence reading as 0 and a null fragility
 * as .5 (reference 8.1.3, `filter_by_confidence`).
 */
export function filterByConfidence(
  confidence: number | null,
  fragility: number | null,
  minConfidence: number = CONFIDENCE_THRESHOLD,
  maxFragility: number = DEFAULT_FRAGILITY_THRESHOLD,
): ConfidenceStatus {
  const conf = confidence ?? 0
  if (conf >= minConfidence && (fragility ?? FILTER_ABSENT_FRAGILITY) < maxFragility) return '✅ Actionable'
  return conf >= RISKY_MIN_CONFIDENCE ? '⚠️ Risky' : '❌ Rejected'
}
