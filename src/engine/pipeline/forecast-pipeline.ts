import { alignmentIndex, type AlignmentComponents } from '../trust/alignment'
import { confidenceGate, filterByConfidence, type ConfidenceStatus, type TrustLabel } from '../trust/gate'
import { scoreForecast } from '../trust/score'
import { fragilityLabel, type FragilityLabel } from '../trust/tension'
import type { ForecastChange } from '../trust/trust-input'
import { arcLabelFromTag, type PipelineArcLabel } from './arc-label'
import { compressForecasts } from './compress'
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

/**
 * Scores, gates, labels, clusters and digests forecasts in the original's order (reference 8; its contradiction
 * check cannot change a record, see 8.2 below), purely and in memory: no files, ids or clock, and the input is not
 * modified.
 */
export function runForecastPipeline<F extends PipelineForecast>(
  forecasts: readonly F[],
  options: PipelineOptions = {},
): PipelineResult<F> {
  if (forecasts.length === 0) {
    const empty: PipelineSummary = { status: 'no_forecasts', total: 0, compressed: 0, digest: null, top_forecasts: [] }
    return { summary: empty, forecasts: [] }
  }

  // Each stage of the original makes a new dict from the last one; here each forecast gets one new object with every
  // annotation, in the same key order, and only the batch-wide fields are filled in afterwards.
  const scored: ScoredForecast<F>[] = []
  for (const f of forecasts) {
    // reference 8.1: trust score (fragility present, so not the per-turn first pass), fragility label, confidence filter
    const { confidence, risk_score, historical_consistency } = scoreForecast(f)
    const confidence_status = filterByConfidence(confidence, f.fragility)
    if (confidence_status === '❌ Rejected') continue
    // reference 8.2: the original marks the forecasts of a contradiction (detectForecastContradictions) and then runs
    // the confidence filter again, which gives every forecast back the status above, since its confidence and
    // fragility have not changed; the marks never survive, so the port leaves the check out of the record.
    // reference 8.3 for the arc; the trust label and alignment sit on the forecast too (port-decisions 4), from the
    // pipeline's own confidence rather than a stale one (port-decisions 8)
    const alignment = alignmentIndex({ confidence, symbolic_tag: f.symbolic_tag })
    // Object.assign rather than a spread followed by more keys, which V8 (Node 20) builds ~100× slower (BENCHMARKS.md).
    scored.push(Object.assign({}, f, {
      confidence,
      risk_score,
      historical_consistency,
      fragility_label: fragilityLabel(f.fragility),
      confidence_status,
      arc_label: arcLabelFromTag(f.symbolic_tag),
      trust_label: confidenceGate(confidence, f.fragility, risk_score),
      alignment_score: alignment.alignment_score,
      alignment_components: alignment.components,
      symbolic_fragmented: false,
      certified: false,
    }))
  }

  // reference 8.6–8.7: clusters by tag; fragmentation is judged on the forecasts' arcs, since clusters carry none
  const clusters = compressForecasts(scored)
  const symbolic_fragmented = isFragmented(scored.map((f) => f.arc_label))
  for (const f of scored) {
    f.symbolic_fragmented = symbolic_fragmented
    f.certified = isCertified(f)
  }

  return {
    summary: {
      status: 'complete',
      total: forecasts.length,
      compressed: clusters.length,
      digest: options.enableDigest === false ? null : buildDigest(scored, clusters),
      top_forecasts: selectTopForecasts(scored, TOP_FORECASTS),
    },
    forecasts: scored,
  }
}
