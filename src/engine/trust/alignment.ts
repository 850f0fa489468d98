import { pyRound } from '../py-round'

/** The five alignment components, each in [0, 1] (reference 4.9, `compute_alignment_index`). */
export interface AlignmentComponents {
  confidence: number
  retrodiction: number
  arc_stability: number
  tag_match: number
  novelty: number
}

/** What the alignment index reads from a forecast (reference 4.9). */
export interface AlignmentInput {
  confidence: number
  retrodiction_score?: number
  arc_volatility_score?: number
  symbolic_tag?: string
}

/** An alignment score in [0, 100], rounded to 2, with its components (reference 4.9). */
export interface Alignment {
  alignment_score: number
  components: AlignmentComponents
}

// reference 4.9: the default weights, normalised to sum 1 the way the original does (in this order)
const RAW_WEIGHTS: AlignmentComponents = {
  confidence: 0.3, retrodiction: 0.2, arc_stability: 0.2, tag_match: 0.15, novelty: 0.15,
}
const WEIGHT_TOTAL = Object.values(RAW_WEIGHTS).reduce((sum, w) => sum + w, 0)
const COMPONENT_ORDER = ['confidence', 'retrodiction', 'arc_stability', 'tag_match', 'novelty'] as const
const WEIGHTS: readonly number[] = COMPONENT_ORDER.map((k) => RAW_WEIGHTS[k] / WEIGHT_TOTAL)
// reference 4.9: lower-cased tags that count as a match
const TRUSTED_TAGS: ReadonlySet<string> = new Set(['hope', 'trust', 'recovery', 'neutral'])

/**
 * The forecast alignment index from confidence, retrodiction, arc stability, tag match and novelty against the
 * symbolic tags in memory (reference 4.9); without a current state the retrodiction is the given score or 0.
 */
export function alignmentIndex(input: AlignmentInput, memoryTags: readonly string[] = []): Alignment {
  const tag = (input.symbolic_tag ?? '').toLowerCase()
  let novelty = 1
  if (memoryTags.length > 0) {
    const same = memoryTags.filter((t) => t.toLowerCase() === tag).length
    novelty = clamp01(1 - same / memoryTags.length)
  }
  const components: AlignmentComponents = {
    confidence: clamp01(input.confidence),
    retrodiction: clamp01(input.retrodiction_score ?? 0),
    arc_stability: input.arc_volatility_score === undefined ? 0 : clamp01(1 - clamp01(input.arc_volatility_score)),
    tag_match: TRUSTED_TAGS.has(tag) ? 1 : 0,
    novelty,
  }
  let score = 0
  for (let k = 0; k < COMPONENT_ORDER.length; k++) score += components[COMPONENT_ORDER[k]] * WEIGHTS[k]
  return { alignment_score: pyRound(score * 100, 2), components }
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(x, 1))
}
