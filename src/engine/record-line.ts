import type { RunRecord } from '../schema/run-record'

/** Output formats: the lab's full record, or the original's batch line (port-decisions 10). */
export type LineFormat = 'lab' | 'legacy'

/** One JSONL line (no newline) for a record. */
export function toJsonLine(record: RunRecord, format: LineFormat = 'lab'): string {
  return format === 'lab' ? JSON.stringify(record) : pythonJsonDumps(toLegacyRecord(record))
}

/** The original's record shape (reference 11): the pipeline bundle plus config and batch_index, or its error record. */
export function toLegacyRecord(record: RunRecord): Record<string, unknown> {
  if (record.status === 'error') {
    return {
      config: record.config,
      batch_index: record.batch_index,
      error: { type: record.error.type, message: record.error.message, traceback: null },
    }
  }
  const { status, total, compressed, digest, top_forecasts } = record.pipeline
  return { status, total, compressed, digest, top_forecasts, config: record.config, batch_index: record.batch_index }
}

/** Python's `json.dumps` defaults: `", "` and `": "` separators, non-ASCII escaped as \uXXXX (reference 11). */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return pythonNumber(value)
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  return `{${entries.map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`
}

// Python's float repr writes exponents with at least two digits (1e-05); JS writes 1e-5.
function pythonNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity'
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2')
}
