import { TRUST_TAG_RULES } from '../trust/tag-forecast'

/** The pipeline's arc label (reference 8.3, `compute_arc_label`). */
export type PipelineArcLabel =
  | 'arc_hope_recovery'
  | 'arc_despair_decline'
  | 'arc_instability'
  | 'arc_exhaustion'
  | 'arc_stability'
  | 'arc_unknown'

// reference 8.3: substrings of the lower-cased tag, tried in this order (first match wins)
const ARC_BY_SUBSTRING: ReadonlyArray<readonly [string, PipelineArcLabel]> = [
  ['hope', 'arc_hope_recovery'],
  ['despair', 'arc_despair_decline'],
  ['rage', 'arc_instability'],
  ['fatigue', 'arc_exhaustion'],
  ['trust', 'arc_stability'],
]

/** The arc label of a symbolic tag, from the substrings of its lower-cased form (reference 8.3). */
export function arcLabelFromTag(symbolicTag: string): PipelineArcLabel {
  const tag = symbolicTag.toLowerCase()
  return ARC_BY_SUBSTRING.find(([needle]) => tag.includes(needle))?.[1] ?? 'arc_unknown'
}

/**
 * The pipeline arc that a trust-engine arc label names, or undefined when none does: the trust engine (4.7 step 1)
 * and the pipeline (8.3) name arcs differently, and the trust tag links the two ("Hope Surge" ⇔ "Hope" ⇔
 * "arc_hope_recovery"), so the digest's opposing arcs and the ranking's arc weights, written with the trust engine's
 * names (8.8, 8.10), can apply to pipeline forecasts.
 */
export function pipelineArcOf(trustArcLabel: string): PipelineArcLabel | undefined {
  const rule = TRUST_TAG_RULES.find((r) => r.arc_label === trustArcLabel)
  return rule ? arcLabelFromTag(rule.trust_tag) : undefined
}
