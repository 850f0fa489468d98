import { pyRound } from './py-round'

/** The tagger's verdicts (reference 4.6); RAGE exists in the original's enum but no rule produces it. */
export const SYMBOLIC_LABELS = {
  HOPE: 'Hope Rising',
  DESPAIR: 'Despair Dominant',
  FATIGUE: 'Fatigue Plateau',
  COLLAPSE_RISK: 'Collapse Risk',
  SYMBOLIC_DRAIN: 'Symbolic Drain',
  HOPE_RAGE_CONFLICT: 'Hope-Rage Conflict',
  SYMBOLIC_EXHAUSTION: 'Symbolic Exhaustion',
  NEUTRAL: 'Neutral',
} as const
export type SymbolicTagEnum = keyof typeof SYMBOLIC_LABELS

const normalised = (value: number | undefined): number =>
  typeof value === 'number' && Number.isFinite(value) ? pyRound(value, 4) : 0.5

/** Classifies the overlays; values are rounded to 4 places first, so 0.24999999999999994 counts as 0.25. */
export function tagSymbolicState(overlays: Readonly<Record<string, number>>): { symbolic_tag_enum: SymbolicTagEnum; symbolic_label: string } {
  const h = normalised(overlays.hope)
  const d = normalised(overlays.despair)
  const r = normalised(overlays.rage)
  const f = normalised(overlays.fatigue)
  let tag: SymbolicTagEnum = 'NEUTRAL'
  // reference 4.6: the first matching rule wins
  if (h > 0.7 && d < 0.3 && r < 0.4) tag = 'HOPE'
  else if (d > 0.7 && h < 0.3) tag = 'DESPAIR'
  else if (f > 0.7 && r < 0.4) tag = 'FATIGUE'
  else if (r > 0.65 && f > 0.55) tag = 'COLLAPSE_RISK'
  else if (h < 0.25 && d < 0.25 && r < 0.25) tag = 'SYMBOLIC_DRAIN'
  else if (h > 0.6 && r > 0.6) tag = 'HOPE_RAGE_CONFLICT'
  else if (f > 0.6 && d > 0.6) tag = 'SYMBOLIC_EXHAUSTION'
  return { symbolic_tag_enum: tag, symbolic_label: SYMBOLIC_LABELS[tag] }
}
