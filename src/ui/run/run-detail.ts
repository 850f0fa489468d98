import { ENGINE_VERSION } from '../../engine/version'
import { CORE_OVERLAYS } from '../../schema/run-config'
import { RunRecord, type SuccessRecord, type TurnRecord } from '../../schema/run-record'
import { seriesByName, type TurnSeries } from '../charts/turn-series-chart'

/** A stored line read back as a record, or why it could not be (written by another engine version, or damaged). */
export function readRecordLine(line: string): { ok: true; record: RunRecord } | { ok: false; message: string } {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch (err) {
    return { ok: false, message: `the stored line is not JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
  const parsed = RunRecord.safeParse(json)
  return parsed.success ? { ok: true, record: parsed.data } : { ok: false, message: 'the stored line is not a run record this version of the lab can read' }
}

/** Where a run's per-turn records come from: its own record, a replay by this engine, or nowhere (and why). */
export type TurnSource = { kind: 'stored' } | { kind: 'replay' } | { kind: 'none'; reason: string }

/** Whether the per-turn charts can be drawn, and from what: a summary record is replayed when this engine made it. */
export function turnSource(record: RunRecord, batch: { source: string }, engineVersion = ENGINE_VERSION): TurnSource {
  if (record.status === 'error') return { kind: 'none', reason: 'the run failed, so it has no turns to show' }
  if (record.turns) return { kind: 'stored' }
  if (batch.source === '') return { kind: 'none', reason: 'the batch was imported from JSONL without per-turn records, and has no batch file to replay them from' }
  if (record.engine_version !== engineVersion) {
    return { kind: 'none', reason: `the run was made by engine ${record.engine_version}; replaying it with engine ${engineVersion} could give other numbers` }
  }
  return { kind: 'replay' }
}

/** The per-turn series of a full record: overlays, variables, and the turn's trust numbers. */
export interface TurnSeriesSet {
  overlays: TurnSeries[]
  variables: TurnSeries[]
  trust: TurnSeries[]
}

const TRUST_FIELDS = ['confidence', 'fragility', 'risk_score'] as const

/** Splits a full record's turns into chart series; the five core overlays come first in their usual order. */
export function turnSeries(turns: readonly TurnRecord[]): TurnSeriesSet {
  const overlays = seriesByName(turns.map((t) => ({ turn: t.turn, values: t.overlays })))
  const rank = (name: string) => {
    const i = (CORE_OVERLAYS as readonly string[]).indexOf(name)
    return i < 0 ? CORE_OVERLAYS.length : i
  }
  overlays.sort((a, b) => rank(a.name) - rank(b.name))
  return {
    overlays,
    variables: seriesByName(turns.map((t) => ({ turn: t.turn, values: t.variables }))),
    trust: seriesByName(turns.map((t) => ({ turn: t.turn, values: Object.fromEntries(TRUST_FIELDS.map((f) => [f, t[f]])) }))),
  }
}

/** One gravity correction: the turn, the variable it corrected, the sizes and the pillars that drove it. */
export interface CorrectionRow {
  turn: number
  variable: string
  gravityDelta: number
  causalDelta: number
  pillars: string
}

/** Every gravity correction of a full record, turn by turn; zero corrections are left out unless `includeZero`. */
export function correctionRows(turns: readonly TurnRecord[], { includeZero = false } = {}): CorrectionRow[] {
  return turns.flatMap((t) => Object.entries(t.gravity_correction_details)
    .filter(([, c]) => includeZero || c.gravity_delta !== 0)
    .map(([variable, c]) => ({
      turn: t.turn,
      variable,
      gravityDelta: c.gravity_delta,
      causalDelta: c.causal_delta,
      pillars: c.dominant_pillars.map((p) => `${p.pillar_name} ${p.weight.toFixed(3)}`).join(', '),
    })))
}

/** The scalar gravity statistics worth a table row (numbers and short text; nested maps are left out). */
export function gravityStats(record: SuccessRecord): [string, string][] {
  const stats = record.gravity.stats ?? {}
  return Object.entries(stats).flatMap(([key, value]): [string, string][] => {
    if (typeof value === 'number') return [[key, Number.isInteger(value) ? String(value) : value.toPrecision(4)]]
    if (typeof value === 'string' || typeof value === 'boolean') return [[key, String(value)]]
    return []
  })
}
