import { ENGINE_VERSION } from '../../engine/version'
import { type ParsedBatch, parseBatchText } from '../../schema/batch-file'
import { MAX_NAME_LENGTH } from '../../schema/run-config'
import type { Problem } from '../../schema/problems'
import type { BatchMeta } from '../../storage/batch-meta'

/** What the editor's text amounts to: nothing yet, a list of problems, or a batch ready to save and run. */
export type DraftCheck =
  | { state: 'empty' }
  | { state: 'invalid'; problems: Problem[] }
  | { state: 'valid'; batch: ParsedBatch; runCount: number }

/** Validates batch file text the way a run would: JSON syntax first (line and column), then every config. */
export function checkBatchText(text: string): DraftCheck {
  if (text.trim() === '') return { state: 'empty' }
  const parsed = parseBatchText(text, new TextEncoder().encode(text).byteLength)
  if (!parsed.ok) return { state: 'invalid', problems: parsed.problems }
  // a design's count (points × replications), known without expanding it
  return { state: 'valid', batch: parsed.batch, runCount: parsed.batch.runCount }
}

/** A problem's place and message for a list beside the editor: `config 3 · state_overrides.hope`, `must be ≤ 1`. */
export function problemParts(problem: Problem): { where: string; message: string } {
  const where = [problem.index === null ? null : `config ${problem.index}`, problem.path || null].filter(Boolean).join(' · ')
  return { where: where || 'file', message: problem.message }
}

/** A problem on one line: `config 3 · state_overrides.hope · must be ≤ 1`. */
export function problemLabel(problem: Problem): string {
  const { where, message } = problemParts(problem)
  return `${where} · ${message}`
}

/** The name a batch is saved under: what the user typed, else the file's own name, else a dated default. */
export function batchName(typed: string, fromFile: string | undefined, now: number): string {
  const name = typed.trim() || fromFile?.trim() || `Batch ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')}`
  return name.slice(0, MAX_NAME_LENGTH)
}

/** What the editor hands over to be saved. */
export interface DraftInput {
  id: string
  source: string
  batch: ParsedBatch
  runCount: number
  name: string
  seed: number
  now: number
}

/** The library entry of a freshly saved batch: a draft with no runs yet. */
export function draftMeta({ id, source, batch, runCount, name, seed, now }: DraftInput): BatchMeta {
  return {
    id,
    name,
    ...(batch.notes ? { notes: batch.notes } : {}),
    source,
    seed,
    total_runs: runCount,
    status: 'draft',
    created_at: now,
    updated_at: now,
    finished_at: null,
    engine_version: ENGINE_VERSION,
    done: 0,
    failed: 0,
    read_only: false,
  }
}

/** The batch seed typed in the seed box, if it is a uint32; an empty box means "the file's seed". */
export function parseSeedInput(typed: string): { ok: true; seed: number | null } | { ok: false; message: string } {
  const text = typed.trim()
  if (text === '') return { ok: true, seed: null }
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) return { ok: false, message: 'the seed is a whole number from 0 to 4294967295' }
  return { ok: true, seed: Number(text) }
}

/** Where a JSON syntax problem points in the text (its message names line and column), or null for any other problem. */
export function problemOffset(problem: Problem, text: string): number | null {
  const at = problem.index === null ? /at line (\d+), column (\d+)/.exec(problem.message) : null
  if (!at) return null
  const line = Number(at[1])
  let offset = 0
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', offset)
    if (next < 0) return text.length
    offset = next + 1
  }
  return Math.min(text.length, offset + Number(at[2]) - 1)
}
