/** The trust engine's arc label (reference 4.7 step 1, `tag_forecast`). */
export type TrustArcLabel = 'Hope Surge' | 'Collapse Risk' | 'Rage Arc' | 'Fatigue Loop' | 'Unknown'

/** The trust engine's symbolic tag (reference 4.7 step 1); "" when no overlay stands out. */
export type TrustTag = 'Hope' | 'Despair' | 'Rage' | 'Fatigue' | ''

/** The arc label and trust tag that `tag_forecast` derives from overlays. */
export interface ForecastTags {
  arc_label: TrustArcLabel
  trust_tag: TrustTag
}

/** reference 4.7 step 1: the overlay thresholds of `tag_forecast`, in the order they are tried (first match wins). */
export const TRUST_TAG_RULES: ReadonlyArray<{ overlay: string; above: number } & ForecastTags> = [
  { overlay: 'hope', above: 0.7, arc_label: 'Hope Surge', trust_tag: 'Hope' },
  { overlay: 'despair', above: 0.6, arc_label: 'Collapse Risk', trust_tag: 'Despair' },
  { overlay: 'rage', above: 0.6, arc_label: 'Rage Arc', trust_tag: 'Rage' },
  { overlay: 'fatigue', above: 0.5, arc_label: 'Fatigue Loop', trust_tag: 'Fatigue' },
]

/** The arc label and trust tag of a set of overlays, missing overlays reading as 0 (reference 4.7 step 1). */
export function tagForecast(overlays: Readonly<Record<string, number>>): ForecastTags {
  for (const rule of TRUST_TAG_RULES) {
    if ((overlays[rule.overlay] ?? 0) > rule.above) return { arc_label: rule.arc_label, trust_tag: rule.trust_tag }
  }
  return { arc_label: 'Unknown', trust_tag: '' }
}
