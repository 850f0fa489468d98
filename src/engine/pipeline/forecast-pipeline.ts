import { alignmentIndex, type AlignmentComponents } from '../trust/alignment'
import { confidenceGate, filterByConfidence, type ConfidenceStatus, type TrustLabel } from '../trust/gate'
import { scoreForecast } from '../trust/score'
import { fragilityLabel, type FragilityLabel } from '../trust/tension'
import type { ForecastChange } from '../trust/trust-input'
import { arcLabelFromTag, type PipelineArcLabel } from './arc-label'
import { compressForecasts } from './compress'
import { detectForecastContradictions } from './contradictions'
import { buildDigest } from './digest'
import { isFragmented } from './fragmentation'
import { isCertified, selectTopForecasts, type TopForecast } from './top-forecasts'

/** The forecast value's parts: the simulation's and the AI adjustment (reference 7 step 3, port-decisions 3). */
export interface ForecastBreakdown {
  simulation_based: number
  ai_adjustment: number
}

/** A forecast as the pipeline takes it: the generator's output plus the run's identity, overlays and trust tag. */
export interface PipelineForecast {
  trace_id: string
  value: number
  breakdown: Readonly<ForecastBreakdown>
  confidence: number
  fragility: number
  overlays: Readonly<Record<string, number>>
  /** The run's trust tag of its last turn ("Hope", "Despair", "Rage", "Fatigue" or ""). */
  symbolic_tag: string
  origin_turn?: number
  parent_id?: string
  forecast?: Readonly<ForecastChange>
}

/** What the pipeline adds to a forecast, each field computed once (reference 8, port-decisions 4 and 8). */
export interface PipelineAnnotations {
  confidence: number
  risk_score: number
  historical_consistency: number
  fragility_label: FragilityLabel
  confidence_status: ConfidenceStatus
  arc_label: PipelineArcLabel
  trust_label: TrustLabel
  alignment_score: number
  alignment_components: AlignmentComponents
  symbolic_fragmented: boolean
  certified: boolean
}

/** A forecast after the pipeline: a new object with the input's fields and the pipeline's annotations. */
export type ScoredForecast<F extends PipelineForecast = PipelineForecast> = F & PipelineAnnotations

/** The pipeline's result bundle (reference 8 step 15), with a digest built from the forecasts. */
export interface PipelineSummary {
  status: 'complete' | 'no_forecasts'
  total: number
  compressed: number
  digest: string | null
  top_forecasts: TopForecast[]
}

/** The summary for the run record and the annotated forecasts that remain after the confidence filter. */
export interface PipelineResult<F extends PipelineForecast = PipelineForecast> {
  summary: PipelineSummary
  forecasts: ScoredForecast<F>[]
}

/** Pipeline switches (reference 8: `enable_digest`, default true). */
export interface PipelineOptions {
  enableDigest?: boolean
}

// reference 8 step 10: the batch asks for the top 5
const TOP_FORECASTS = 5
// reference 8.2: the status given to forecasts involved in a contradiction
const CONTRADICTORY = '❌ Contradictory'

/**
 * Scores, gates, checks, labels, clusters and digests forecasts in the original's order (reference 8), purely and
 * in memory: no files, ids or clock, and the input is not modified.
 */
export function runForecastPipeline<F extends PipelineForecast>(
  forecasts: readonly F[],
  options: PipelineOptions = {},
): PipelineResult<F> {
  if (forecasts.length === 0) {
    const empty: PipelineSummary = { status: 'no_forecasts', total: 0, compressed: 0, digest: null, top_forecasts: [] }
    return { summary: empty, forecasts: [] }
  }

  // reference 8.1: trust score (fragility present, so not the per-turn first pass), fragility label, confidence filter
  const gated = forecasts
    .map((f) => {
      const { confidence, risk_score, historical_consistency } = scoreForecast(f)
      const confidence_status: ConfidenceStatus | typeof CONTRADICTORY = filterByConfidence(confidence, f.fragility)
      const fragility_label = fragilityLabel(f.fragility)
      return { ...f, confidence, risk_score, historical_consistency, fragility_label, confidence_status }
    })
    .filter((f) => f.confidence_status !== '❌ Rejected')

  // reference 8.2: forecasts in a contradiction are marked, then the original runs the confidence filter again,
  // which gives every forecast a fresh status; the marks therefore do not survive, as in the original
  const involved = new Set(detectForecastContradictions(gated).flatMap((c) => [c.trace_id_1, c.trace_id_2]))
  const checked = gated
    .map((f) => (involved.has(f.trace_id) ? { ...f, confidence_status: CONTRADICTORY } : f))
    .map((f) => ({ ...f, confidence_status: filterByConfidence(f.confidence, f.fragility) }))

  // reference 8.3 for the arc; the trust label and alignment sit on the forecast too (port-decisions 4), from the
  // pipeline's own confidence rather than a stale one (port-decisions 8)
  const labelled = checked.map((f) => {
    const alignment = alignmentIndex({ confidence: f.confidence, symbolic_tag: f.symbolic_tag })
    return {
      ...f,
      arc_label: arcLabelFromTag(f.symbolic_tag),
      trust_label: confidenceGate(f.confidence, f.fragility, f.risk_score),
      alignment_score: alignment.alignment_score,
      alignment_components: alignment.components,
    }
  })

  // reference 8.6–8.7: clusters by tag; fragmentation is judged on the forecasts' arcs, since clusters carry none
  const clusters = compressForecasts(labelled)
  const symbolic_fragmented = isFragmented(labelled.map((f) => f.arc_label))
  const scored: ScoredForecast<F>[] = labelled.map((f) => {
    const annotated = { ...f, symbolic_fragmented }
    return { ...annotated, certified: isCertified(annotated) }
  })

  return {
    summary: {
      status: 'complete',
      total: forecasts.length,
      compressed: clusters.length,
      digest: options.enableDigest === false ? null : buildDigest(scored),
      top_forecasts: selectTopForecasts(scored, TOP_FORECASTS),
    },
    forecasts: scored,
  }
}
