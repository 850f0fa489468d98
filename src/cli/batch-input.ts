import { readFileSync, statSync } from 'node:fs'
import { parseBatchText, type ParsedBatch } from '../schema/batch-file'
import { MAX_BATCH_FILE_BYTES } from '../schema/json-text'
import { formatProblem } from '../schema/problems'

/** Reads and validates a batch file: size checked before reading, UTF-8 strictly, every problem listed. */
export function loadBatchFile(path: string): { batch: ParsedBatch } | { problems: string[] } {
  const text = readTextFile(path)
  if (typeof text !== 'string') return text
  const parsed = parseBatchText(text, Buffer.byteLength(text))
  if (!parsed.ok) return { problems: parsed.problems.map((p) => `${path}: ${formatProblem(p)}`) }
  return { batch: parsed.batch }
}

/** A text file's content, or the problem that stops it being read (missing, too big, not UTF-8). */
export function readTextFile(path: string, maxBytes = MAX_BATCH_FILE_BYTES): string | { problems: string[] } {
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) return { problems: [`${path}: not a file`] }
    size = stat.size
  } catch {
    return { problems: [`${path}: cannot read it: no such file`] }
  }
  if (size > maxBytes) return { problems: [`${path}: the file is ${(size / 1048576).toFixed(1)} MB; the limit is ${maxBytes / 1048576} MB`] }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path))
  } catch {
    return { problems: [`${path}: the file is not valid UTF-8 text`] }
  }
}
