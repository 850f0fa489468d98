import { toJsonLine, type LineFormat } from '../engine/record-line'
import type { RunContext } from '../engine/run'
import type { LineEncoder } from '../storage/line-encoder'
import { runAt, type RunSource } from './run-source'

/** A chunk's JSONL lines as UTF-8, each with its newline: line i is `bytes[ends[i - 1] ?? 0, ends[i])`. */
export interface EncodedLines {
  bytes: Uint8Array<ArrayBuffer>
  ends: Uint32Array<ArrayBuffer>
  /** How many of the chunk's runs failed (error records). */
  failed: number
}

/** Runs the given indices of a batch and encodes each record as a JSONL line; counts the failed runs. */
export function runLines(source: RunSource, format: LineFormat, context: RunContext, indices: Uint32Array, encoder: LineEncoder): EncodedLines {
  let failed = 0
  for (const index of indices) {
    const record = runAt(source, index, context)
    if (record.status === 'error') failed++
    encoder.add(toJsonLine(record, format))
  }
  const { bytes, ends } = encoder.take()
  // a copy of its own: a worker thread transfers it to the thread that writes the file
  return { bytes: bytes.slice(), ends, failed }
}
