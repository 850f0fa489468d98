import { toJsonLine, type LineFormat } from '../engine/record-line'
import type { RunContext } from '../engine/run'
import { runAt, type RunSource } from './run-source'

/** Runs the given indices of a batch and writes each record as a JSONL line (no newline); counts the failed runs. */
export function runLines(source: RunSource, format: LineFormat, context: RunContext, indices: Uint32Array): { lines: string[]; failed: number } {
  const lines: string[] = []
  let failed = 0
  for (const index of indices) {
    const record = runAt(source, index, context)
    if (record.status === 'error') failed++
    lines.push(toJsonLine(record, format))
  }
  return { lines, failed }
}
