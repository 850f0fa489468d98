import type { ErrorRecord, RunRecord, SuccessRecord } from '../schema/run-record'
import type { BatchMeta } from './batch-meta'
import type { DeliveredRecord } from './runs'

const trust = {
  trust_tag: 'Hope Rising',
  arc_label: 'Arc Stable',
  prior_confidence: 0.6,
  confidence: 0.6,
  fragility: 0.2,
  risk_score: 0.3,
  historical_consistency: 0.5,
  alignment_score: 0.7,
  trust_label: '🟡 Moderate',
}

/** A small completed record that passes the RunRecord schema. */
export function successRecord(batchIndex: number, config: unknown = { state_overrides: { hope: 0.6, despair: 0.2 } }): SuccessRecord {
  return {
    status: 'complete',
    batch_index: batchIndex,
    point_index: batchIndex,
    replicate: 0,
    seed: 1000 + batchIndex,
    engine_version: '0.1.0',
    config,
    final_state: { turn: 1, overlays: { hope: 0.59, despair: 0.2, rage: 0.5, fatigue: 0.5, trust: 0.5 }, capital: { cash: 100000 }, variables: {} },
    last_turn: { symbolic_tag_enum: null, symbolic_label: null, ...trust },
    forecast: {
      value: 0.5 + batchIndex / 1000,
      breakdown: { simulation_based: 0.5, ai_adjustment: 0 },
      confidence: 0.6,
      fragility: 0.2,
      fragility_label: 'low',
      confidence_status: '✅ Accepted',
      risk_score: 0.3,
      trust_label: '🟡 Moderate',
      symbolic_tag: 'Hope Rising',
      arc_label: 'Arc Stable',
      alignment_score: 0.7,
    },
    pipeline: { status: 'ok', total: 1, compressed: 0, digest: null, top_forecasts: [{ trace_id: `run-${batchIndex}` }] },
    shadow: { critical_variables: [], triggers: [] },
    gravity: { enabled: true, active_variables: [], learning_updates: 0, corrections_applied: 0, note: null, stats: null },
  }
}

/** A small error record (a config that failed validation) that passes the RunRecord schema. */
export function errorRecord(batchIndex: number): ErrorRecord {
  return {
    status: 'error',
    batch_index: batchIndex,
    point_index: batchIndex,
    replicate: 0,
    seed: 2000 + batchIndex,
    engine_version: '0.1.0',
    config: { turns: 0 },
    error: { stage: 'config', type: 'ConfigError', message: 'turns: must be at least 1' },
  }
}

/** Records as the worker delivers them, with the line the CLI would write. */
export function delivered(records: readonly RunRecord[]): DeliveredRecord[] {
  return records.map((record) => ({ record, line: JSON.stringify(record) }))
}

/** Success records at the given indices, delivered. */
export function deliveredAt(indices: readonly number[]): DeliveredRecord[] {
  return delivered(indices.map((index) => successRecord(index)))
}

/** A batch meta with every field filled; `overrides` replaces any of them. */
export function batchMeta(overrides: Partial<BatchMeta> & { id: string }): BatchMeta {
  return {
    name: `batch ${overrides.id}`,
    source: '[{"state_overrides": {"hope": 0.6}}]',
    seed: 7,
    total_runs: 10,
    status: 'draft',
    created_at: 1_000,
    updated_at: 1_000,
    finished_at: null,
    engine_version: '0.1.0',
    done: 0,
    failed: 0,
    read_only: false,
    ...overrides,
  }
}
