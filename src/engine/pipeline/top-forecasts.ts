import type { ConfidenceStatus, TrustLabel } from '../trust/gate'
import { pipelineArcOf } from './arc-label'

/**
 * A ranked forecast in the pipeline summary, small and JSON-safe (reference 8.10); a type alias rather than an
 * interface, so record types with an index signature accept it.
 */
export type TopForecast = {
  trace_id: string
  value: number
  confidence: number
  fragility: number
  arc_label: string
  trust_label: string
  alignment_score: number
}

/** What certification reads from a forecast. */
export interface CertifiableForecast {
  trust_label: TrustLabel
  confidence_status: ConfidenceStatus
  symbolic_fragmented: boolean
}

/** What ranking reads from a forecast. */
export type RankableForecast = TopForecast & { certified: boolean }

// reference 8.10: ARC_PRIORITIES, written with the trust engine's arc names and applied to the pipeline's arc labels
// through the shared trust tag; "Stabilization" and "Despair Drop" name no pipeline arc and so weigh nothing here
const TRUST_ARC_PRIORITIES: ReadonlyArray<readonly [string, number]> = [
  ['Hope Surge', 3],
  ['Stabilization', 2],
  ['Fatigue Loop', -1],
  ['Collapse Risk', -2],
  ['Despair Drop', -3],
]
const ARC_PRIORITIES: ReadonlyMap<string, number> = new Map(
  TRUST_ARC_PRIORITIES.flatMap(([arc, weight]) => {
    const pipelineArc = pipelineArcOf(arc)
    return pipelineArc ? [[pipelineArc, weight] as const] : []
  }),
)

/**
 * Whether a forecast is certified for ranking: nothing in the original sets `certified` (reference 8.10, 12 row 8),
 * so the port certifies a forecast that is trusted, actionable and not part of a fragmented batch.
 */
export function isCertified(f: CertifiableForecast): boolean {
  return f.trust_label === '🟢 Trusted' && f.confidence_status === '✅ Actionable' && !f.symbolic_fragmented
}

/** The certified forecasts ranked by (alignment, confidence, arc weight), highest first, at most `topN` (8.10). */
export function selectTopForecasts(forecasts: readonly RankableForecast[], topN: number): TopForecast[] {
  const weight = (f: RankableForecast) => ARC_PRIORITIES.get(f.arc_label) ?? 0
  // Array.prototype.sort is stable, as Python's sorted(reverse=True) is, so ties keep their input order.
  return forecasts
    .filter((f) => f.certified)
    .sort((a, b) => b.alignment_score - a.alignment_score || b.confidence - a.confidence || weight(b) - weight(a))
    .slice(0, topN)
    .map((f) => ({
      trace_id: f.trace_id,
      value: f.value,
      confidence: f.confidence,
      fragility: f.fragility,
      arc_label: f.arc_label,
      trust_label: f.trust_label,
      alignment_score: f.alignment_score,
    }))
}
