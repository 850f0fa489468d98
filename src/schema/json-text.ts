import type { Problem } from './problems'

/** Largest batch file accepted, checked before parsing so a huge paste or link cannot freeze the tab. */
export const MAX_BATCH_FILE_BYTES = 20 * 1024 * 1024

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: Problem }

const fail = (message: string): JsonTextResult => ({ ok: false, problem: { index: null, path: '', message } })

/** Parses JSON text, reporting size, emptiness and syntax errors with line and column. */
export function parseJsonText(text: string, byteLength = text.length): JsonTextResult {
  if (byteLength > MAX_BATCH_FILE_BYTES) {
    return fail(`the file is ${(byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_BATCH_FILE_BYTES / 1048576} MB`)
  }
  if (text.trim() === '') return fail('the file is empty')
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const at = jsonErrorPosition(message, text)
    if (at === null) return fail(`invalid JSON: ${message}`)
    const { line, column } = lineAndColumn(text, at)
    return fail(`invalid JSON at line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '')}`)
  }
}

// Engines word syntax errors differently: V8 gives "position N" (sometimes with line/column), others vary.
function jsonErrorPosition(message: string, text: string): number | null {
  const pos = /position (\d+)/.exec(message)
  if (pos) return Number(pos[1])
  if (/end of (JSON )?input|Unexpected end/i.test(message)) return text.length
  return null
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1 }
  }
  return { line, column: offset - lineStart + 1 }
}
