import type { RunRecord } from '../schema/run-record'
import { toJsonLine } from './record-line'
import { createRunContext, runOne, type RunContext } from './run'
import { ENGINE_VERSION } from './version'

/** A record recomputed from its own config and seed, with the verdict and the full per-turn series. */
export interface Replay {
  identical: boolean
  /** The first place the recomputed line differs (a JSON path), or null. */
  difference: string | null
  /** Set when the record was made by another engine version, the likely cause of a difference. */
  versionNote: string | null
  /** The same run with every turn recorded. */
  full: RunRecord
}

/** Recomputes a lab-format JSONL line from (config, seed, batch index) and says whether it comes out byte-identical. */
export function replayLine(line: string, context: RunContext = createRunContext()): Replay {
  const original = JSON.parse(line) as Partial<RunRecord>
  if (typeof original !== 'object' || original === null || typeof original.seed !== 'number' || typeof original.batch_index !== 'number' || !('config' in original)) {
    throw new TypeError('not a lab-format record: it needs "config", "seed" and "batch_index" (legacy lines carry no seed and cannot be replayed)')
  }
  const position = { batchIndex: original.batch_index, batchSeed: 0, seed: original.seed, pointIndex: original.point_index, replicate: original.replicate }
  const again = toJsonLine(runOne(original.config, position, context))
  const identical = again === line.trim()
  return {
    identical,
    difference: identical ? null : firstDifference(original, JSON.parse(again)),
    versionNote: original.engine_version === ENGINE_VERSION ? null : `the record was made by engine ${String(original.engine_version)}; this is ${ENGINE_VERSION}`,
    full: runOne(original.config, position, context, { recordFull: true }),
  }
}

/** The path of the first value that differs between two JSON values (`forecast.value`, `turns[3].overlays.hope`). */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path || '(the whole record)'
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  for (const key of keys) {
    const sub = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], sub)
    if (found) return found
  }
  // same values, different order or spelling of numbers
  return JSON.stringify(a) === JSON.stringify(b) ? null : path || '(key order)'
}
