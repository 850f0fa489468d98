import type { TurnTrust } from '../schema/run-record'
import { alignmentIndex } from './trust/alignment'
import { confidenceGate } from './trust/gate'
import { scoreForecast } from './trust/score'
import { tagForecast } from './trust/tag-forecast'
import { computeFragility } from './trust/tension'

/**
 * Trust metadata of one turn (reference 4.7–4.8), each field computed once (port-decisions 8).
 * The alignment index keeps the original's input, the score before fragility is known (`prior_confidence`),
 * so per-turn alignment matches the original; the trust label uses the final confidence, not a stale one.
 */
export function turnTrust(overlays: Readonly<Record<string, number>>): TurnTrust {
  const { arc_label, trust_tag } = tagForecast(overlays)
  const prior = scoreForecast({ overlays }).confidence
  const fragility = computeFragility(overlays)
  const { alignment_score } = alignmentIndex({ confidence: prior, symbolic_tag: trust_tag })
  const scored = scoreForecast({ fragility, overlays })
  return {
    trust_tag,
    arc_label,
    prior_confidence: prior,
    confidence: scored.confidence,
    fragility,
    risk_score: scored.risk_score,
    historical_consistency: scored.historical_consistency,
    alignment_score,
    trust_label: confidenceGate(scored.confidence, fragility, scored.risk_score),
  }
}
