import { pyRound } from '../py-round'
import { hasEntries, type ForecastChange } from '../trust/trust-input'

/** What the contradiction detector reads from a forecast (reference 8.2). */
export interface ContradictionInput {
  trace_id: string
  origin_turn?: number
  parent_id?: string
  forecast?: Readonly<ForecastChange>
}

/** One pair of contradicting forecasts and the reason (reference 8.2, `detect_forecast_contradictions`). */
export interface Contradiction {
  trace_id_1: string
  trace_id_2: string
  reason: string
}

// reference 8.2: forecasts without an origin turn share the group -1
const DEFAULT_ORIGIN_TURN = -1
// reference 8.2: end capital further apart than this on a shared asset is a conflict
const CAPITAL_CONFLICT_ABOVE = 1000
// reference 8.2: both the hope gap and the despair gap above this make a paradox; a missing value reads as .5
const SYMBOLIC_GAP_ABOVE = 0.6
const ABSENT_SYMBOLIC_VALUE = 0.5

/**
 * Every contradiction between two forecasts of the same origin turn, in pair order (reference 8.2): diverging
 * end capital, opposite hope and despair changes, and forks from the same parent (an absent parent counts).
 */
export function detectForecastContradictions(forecasts: readonly ContradictionInput[]): Contradiction[] {
  const groups = new Map<number, ContradictionInput[]>()
  for (const f of forecasts) {
    const turn = f.origin_turn ?? DEFAULT_ORIGIN_TURN
    const group = groups.get(turn)
    if (group) group.push(f)
    else groups.set(turn, [f])
  }
  const found: Contradiction[] = []
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        for (const reason of pairReasons(group[i], group[j])) {
          found.push({ trace_id_1: group[i].trace_id, trace_id_2: group[j].trace_id, reason })
        }
      }
    }
  }
  return found
}

function pairReasons(a: ContradictionInput, b: ContradictionInput): string[] {
  const reasons: string[] = []
  const endA = a.forecast?.end_capital ?? {}
  const endB = b.forecast?.end_capital ?? {}
  for (const asset of Object.keys(endA)) {
    if (!Object.hasOwn(endB, asset)) continue
    const delta = endA[asset] - endB[asset]
    // Python's f"{delta:.2f}" rounds half to even on the exact value; toFixed would round half up.
    if (Math.abs(delta) > CAPITAL_CONFLICT_ABOVE) {
      reasons.push(`Conflict on ${asset} ($${pyRound(delta, 2).toFixed(2)})`)
    }
  }
  const changeA = a.forecast?.symbolic_change
  const changeB = b.forecast?.symbolic_change
  if (hasEntries(changeA) && hasEntries(changeB)) {
    const value = (change: Readonly<Record<string, number>>, key: string) => change[key] ?? ABSENT_SYMBOLIC_VALUE
    const gap = (key: string) => Math.abs(value(changeA, key) - value(changeB, key))
    if (gap('hope') > SYMBOLIC_GAP_ABOVE && gap('despair') > SYMBOLIC_GAP_ABOVE) {
      reasons.push('Symbolic paradox: Hope vs Despair divergence')
    }
  }
  if (a.parent_id === b.parent_id && a.trace_id !== b.trace_id) reasons.push('Divergence fork from same parent')
  return reasons
}
