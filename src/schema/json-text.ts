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
  const tooDeep = nestingBeyond(text, MAX_NESTING)
  if (tooDeep !== null) {
    const { line, column } = lineAndColumn(text, tooDeep)
    return fail(`the JSON is nested more than ${MAX_NESTING} levels deep (at line ${line}, column ${column}); a batch file needs fewer than 10`)
  }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    // Engines word syntax errors differently and V8 often omits the position, so find it ourselves.
    const at = jsonErrorOffset(text)
    const { line, column } = lineAndColumn(text, at)
    const found = at >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[at])}`
    return fail(`invalid JSON at line ${line}, column ${column}: ${found}`)
  }
}

/** Deepest nesting of lists and objects accepted: a batch file needs about 6; deep nesting only serves to crash recursive code. */
export const MAX_NESTING = 64

/** Offset of the first bracket that opens level `limit + 1`, or null; brackets inside strings do not count. */
export function nestingBeyond(text: string, limit: number): number | null {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return null
}

/** Offset of the first character where `text` stops being valid JSON (a small recursive-descent scan). */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++ }
  const expect = (word: string) => { for (const ch of word) { if (text[i] !== ch) throw i; i++ } }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) throw i
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw i; i += 5; continue }
        if (!'"\\/bfnrt'.includes(text[i] ?? '')) throw i
      }
      i++
    }
    if (i >= text.length) throw i
    i++
  }
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m) throw i
    i += m[0].length
  }
  const value = (depth: number): void => {
    if (depth > 10_000) throw i
    ws()
    const c = text[i]
    if (c === '{') {
      i++; ws()
      if (text[i] === '}') { i++; return }
      for (;;) {
        ws(); if (text[i] !== '"') throw i
        string(); ws(); expect(':'); value(depth + 1); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === '}') { i++; return }
        throw i
      }
    }
    if (c === '[') {
      i++; ws()
      if (text[i] === ']') { i++; return }
      for (;;) {
        value(depth + 1); ws()
        if (text[i] === ',') { i++; continue }
        if (text[i] === ']') { i++; return }
        throw i
      }
    }
    if (c === '"') return string()
    if (c === 't') return expect('true')
    if (c === 'f') return expect('false')
    if (c === 'n') return expect('null')
    if (c === '-' || (c >= '0' && c <= '9')) return number()
    throw i
  }
  try {
    value(0); ws()
    return i < text.length ? i : text.length
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, text.length) : text.length
  }
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
