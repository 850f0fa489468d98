import * as Comlink from 'comlink'
import { runSpec } from '../engine/batch'
import { runSeed, createRunContext, type RunContext } from '../engine/run'
import { toJsonLine } from '../engine/record-line'
import { ENGINE_VERSION } from '../engine/version'
import { parseBatchFile, planBatch, type ParsedBatch } from '../schema/batch-file'
import type { DesignPlan, RunSpec } from '../schema/design/expand-design'
import { parseJsonText } from '../schema/json-text'
import { formatProblem } from '../schema/problems'
import type { ErrorRecord, RunRecord } from '../schema/run-record'
import type { StoredRun } from '../storage/db'
import { encodeRuns, type EncodedRuns } from '../storage/run-pages'
import { storedRunStatus, summarizeRecord } from '../storage/run-summary'

/** What a worker holds after `load`: how many runs the batch has, and the batch seed their seeds derive from. */
export interface LoadedBatch {
  total: number
  seed: number
}

/** A finished run as a worker sends it back: its stored form, less the batch id the main thread owns. */
export type FinishedRun = Omit<StoredRun, 'batch_id'>

/** Why a worker could not finish a run, for the error record of stage 'worker'. */
export interface WorkerFailure {
  type: string
  message: string
}

/** The engine as a worker serves it: a batch is loaded once, then runs are asked for by index only. */
export interface EngineWorker {
  /** Parses and validates the batch file text and plans its runs (configs or a design); `seed` overrides the file's, as the CLI's --seed does. */
  load(source: string, seed?: number): LoadedBatch
  /**
   * Runs the loaded batch's runs at `indices`, in that order, their lines encoded as UTF-8 into a buffer of their own
   * and their summaries packed: encoding is done here, not on the page's main thread, and the buffer is transferred
   * (to the page, and on to the storage worker), never copied.
   */
  run(indices: Uint32Array): EncodedRuns
  /** Error records of stage 'worker' for runs whose worker died or threw under them (built here, where their configs are). */
  recordWorkerFailure(indices: Uint32Array, failure: WorkerFailure): EncodedRuns
  /**
   * Reruns one run with every turn recorded, for per-turn charts of a run stored in summary mode.
   * Recording changes no number: the record equals the stored one except that `turns` (the per-turn
   * series) is present, so its line differs only there. Pass the seed the batch runs
   * with (its stored seed), as for `load`.
   */
  replay(source: string, batchIndex: number, seed?: number): RunRecord
}

/** A batch file that does not parse or validate; its message lists the problems. */
export class BatchSourceError extends Error {
  override name = 'BatchSourceError'
}

// the message of a source with thousands of bad configs must stay readable in a status line
const MAX_PROBLEMS_SHOWN = 5

interface Loaded {
  source: string
  batch: ParsedBatch
  seed: number
  plan: DesignPlan
  context: RunContext
}

/** The engine worker's API as a plain object: `engine.worker.ts` exposes it through Comlink, tests call it in-process. */
export function createEngineApi(): EngineWorker {
  let loaded: Loaded | null = null

  const requireLoaded = (): Loaded => {
    if (!loaded) throw new Error('no batch is loaded in this worker')
    return loaded
  }

  return {
    load(source, seed) {
      const batch = parseSource(source)
      const batchSeed = seed ?? batch.seed
      if (!Number.isInteger(batchSeed) || batchSeed < 0 || batchSeed > 0xffffffff) throw new RangeError(`seed ${batchSeed} is not a whole number from 0 to 4294967295`)
      // a fresh context per batch: its cache (a forecaster per model seed) holds only what this batch uses
      loaded = { source, batch, seed: batchSeed, plan: planBatch(batch, batchSeed), context: createRunContext() }
      return { total: batch.runCount, seed: batchSeed }
    },

    run(indices) {
      const { plan, seed, context } = requireLoaded()
      return transferLines(encodeRuns(Array.from(indices, (batchIndex) => {
        // the plan throws a RangeError for an index outside the batch
        const spec = plan.runSpecAt(batchIndex)
        return finish(runSpec(spec, seed, context), spec, seed)
      })))
    },

    recordWorkerFailure(indices, failure) {
      const { plan, seed } = requireLoaded()
      return transferLines(encodeRuns(Array.from(indices, (batchIndex) => {
        const spec = plan.runSpecAt(batchIndex)
        return finish(workerErrorRecord(spec, seed, failure), spec, seed)
      })))
    },

    replay(source, batchIndex, seed) {
      // the loaded batch saves re-validating a large file on every chart click
      const batchSeed = seed ?? (loaded?.source === source ? loaded.seed : undefined)
      const same = loaded?.source === source && loaded.seed === batchSeed ? loaded : null
      const batch = same?.batch ?? parseSource(source)
      const spec = (same?.plan ?? planBatch(batch, batchSeed ?? batch.seed)).runSpecAt(batchIndex)
      // every turn recorded; the echoed config stays as stored, so the replayed line differs only by `turns`
      return runSpec(spec, batchSeed ?? batch.seed, same?.context ?? createRunContext(), { recordFull: true })
    },
  }
}

// the lines' bytes (a delivery's own buffer) move to the page and on to the storage worker, never copied
function transferLines(encoded: EncodedRuns): EncodedRuns {
  return encoded.lines instanceof Blob ? encoded : Comlink.transfer(encoded, [encoded.lines.buffer])
}

function parseSource(source: string): ParsedBatch {
  const json = parseJsonText(source)
  if (!json.ok) throw new BatchSourceError(`the batch file is not valid JSON: ${formatProblem(json.problem)}`)
  const parsed = parseBatchFile(json.value)
  if (parsed.ok) return parsed.batch
  const shown = parsed.problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem)
  const more = parsed.problems.length - shown.length
  throw new BatchSourceError(`the batch file is invalid: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`)
}

// the same shape and key order as the engine's own error records, so exported lines look alike
function workerErrorRecord(spec: RunSpec, batchSeed: number, failure: WorkerFailure): ErrorRecord {
  return {
    status: 'error',
    batch_index: spec.run_index,
    point_index: spec.point_index,
    replicate: spec.replicate,
    seed: runSeed(spec.config, { batchIndex: spec.run_index, batchSeed, seed: spec.seed }),
    engine_version: ENGINE_VERSION,
    config: spec.config,
    error: { stage: 'worker', type: failure.type, message: failure.message },
  }
}

/** The stored form of a record; a record too large to write as one line (V8 caps strings near 512 MB) fails alone instead of failing its chunk. */
function finish(record: RunRecord, spec: RunSpec, batchSeed: number): FinishedRun {
  let line: string
  try {
    line = toJsonLine(record, 'lab')
  } catch (err) {
    record = workerErrorRecord(spec, batchSeed, {
      type: err instanceof Error ? err.name : 'Error',
      message: `its record could not be written as a line: ${err instanceof Error ? err.message : String(err)}`,
    })
    line = toJsonLine(record, 'lab')
  }
  return { batch_index: record.batch_index, status: storedRunStatus(record), seed: record.seed, line, summary: summarizeRecord(record) }
}
