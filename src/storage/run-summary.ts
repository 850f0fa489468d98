import type { RunRecord } from '../schema/run-record'

/** A stored run's outcome; a pending run has no stored run at all. */
export type StoredRunStatus = 'done' | 'failed'

/** The few fields of a record that tables and charts need, so they never parse whole lines. */
export interface RunSummary {
  batch_index: number
  status: StoredRunStatus
  seed: number
  forecast_value: number | null
  confidence: number | null
  fragility: number | null
  trust_label: string | null
  confidence_status: string | null
  arc_label: string | null
  symbolic_tag: string | null
  final_overlays: Record<string, number> | null
  overrides: string
  error: string | null
}

/** The stored status of a record. */
export function storedRunStatus(record: RunRecord): StoredRunStatus {
  return record.status === 'complete' ? 'done' : 'failed'
}

/** Derives a record's summary: forecast and labels for a completed run, the failure for an error record. */
export function summarizeRecord(record: RunRecord): RunSummary {
  // one literal per case, keys in the interface's order: each engine worker makes one per run, and a spread followed
  // by more keys is slow to build in V8
  const overrides = overridesText(record.config)
  if (record.status === 'error') {
    return {
      batch_index: record.batch_index, status: storedRunStatus(record), seed: record.seed,
      forecast_value: null, confidence: null, fragility: null, trust_label: null, confidence_status: null, arc_label: null,
      symbolic_tag: null, final_overlays: null, overrides, error: `${record.error.stage}: ${record.error.message}`,
    }
  }
  const { forecast } = record
  return {
    batch_index: record.batch_index, status: storedRunStatus(record), seed: record.seed,
    forecast_value: forecast.value, confidence: forecast.confidence, fragility: forecast.fragility,
    trust_label: forecast.trust_label, confidence_status: forecast.confidence_status, arc_label: forecast.arc_label,
    symbolic_tag: forecast.symbolic_tag, final_overlays: record.final_state.overlays, overrides, error: null,
  }
}

/** The config's state overrides as short text, in the order written: `hope .6, despair .2`. */
export function overridesText(config: unknown): string {
  const overrides = isObject(config) ? config.state_overrides : undefined
  if (!isObject(overrides)) return ''
  const parts: string[] = []
  // own numeric values in written order; the dynamic overlays' block is listed after the core overrides
  const add = (values: Record<string, unknown>, skip?: string) => {
    for (const name in values) {
      const value = values[name]
      if (name !== skip && typeof value === 'number' && Object.hasOwn(values, name)) parts.push(`${name} ${shortNumber(value)}`)
    }
  }
  add(overrides, '_dynamic_overlays')
  const dynamic = overrides._dynamic_overlays
  if (isObject(dynamic)) add(dynamic)
  return parts.join(', ')
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

// overlays live in [0, 1]: three decimals tell them apart, and the leading zero only takes room in a table cell
function shortNumber(value: number): string {
  return String(Number(value.toFixed(3))).replace(/^(-?)0\./, '$1.')
}
