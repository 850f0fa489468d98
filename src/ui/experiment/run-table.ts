import { CORE_OVERLAYS } from '../../schema/run-config'
import type { RunSummary } from '../../storage/run-summary'

/** The numeric outputs of a run summary that plots and analyses read; final overlays are `final_overlays.<name>`. */
export const SUMMARY_OUTPUTS = ['forecast_value', 'confidence', 'fragility'] as const
export type OutputKey = string

const OVERLAY_PREFIX = 'final_overlays.'

/** An output as people read it: `forecast value`, `final hope`. */
export function outputLabel(key: OutputKey): string {
  return key.startsWith(OVERLAY_PREFIX) ? `final ${key.slice(OVERLAY_PREFIX.length)}` : key.replace(/_/g, ' ')
}

/** A RunTable as plain columns, each holding exactly the table's runs: what crosses from the storage worker (transferred). */
export interface RunColumns {
  batchIndex: Uint32Array
  outputs: [OutputKey, Float64Array][]
  overlays: [string, Float64Array][]
}

/** The buffers of a RunColumns' arrays, to transfer them. */
export function columnBuffers({ batchIndex, outputs, overlays }: RunColumns): ArrayBuffer[] {
  return [batchIndex, ...outputs.map(([, c]) => c), ...overlays.map(([, c]) => c)].map((c) => c.buffer as ArrayBuffer)
}

/**
 * The outputs of many runs as columns: batch indices and one Float64Array per output, NaN where a run has no value
 * (a failed run, an overlay it lacks). About 80 bytes a run, so 100,000 runs are 8 MB, where as many summary
 * objects would be tens of megabytes.
 */
export class RunTable {
  length = 0
  batchIndex: Uint32Array
  readonly #columns: Map<OutputKey, Float64Array>
  // final overlays by their own names: the names a run's object holds are the keys to look up, never a string made
  // per run (a prefix joined to each name made a fresh string to hash, five a run, thousands a chart sample)
  readonly #overlays = new Map<string, Float64Array>()

  /** `capacity`: the runs it will hold, when known (it grows past it as needed). */
  constructor(capacity = 256) {
    const size = Math.max(1, capacity)
    this.batchIndex = new Uint32Array(size)
    this.#columns = new Map(SUMMARY_OUTPUTS.map((key) => [key, new Float64Array(size)]))
  }

  /** A table of the runs `columns` hold. */
  static fromColumns({ batchIndex, outputs, overlays }: RunColumns): RunTable {
    const table = new RunTable(0)
    table.length = batchIndex.length
    table.batchIndex = batchIndex
    for (const [key, column] of outputs) table.#columns.set(key, column)
    for (const [name, column] of overlays) table.#overlays.set(name, column)
    return table
  }

  /** The table's columns, copied to its length (their buffers can then be transferred). */
  toColumns(): RunColumns {
    const exact = <T extends Uint32Array | Float64Array>(column: T) => column.slice(0, this.length) as T
    return {
      batchIndex: exact(this.batchIndex),
      outputs: [...this.#columns].map(([key, column]) => [key, exact(column)]),
      overlays: [...this.#overlays].map(([name, column]) => [name, exact(column)]),
    }
  }

  /** Adds one run's outputs. */
  add(run: RunSummary): void {
    if (this.length === this.batchIndex.length) this.#grow()
    const row = this.length++
    this.batchIndex[row] = run.batch_index
    for (const key of SUMMARY_OUTPUTS) this.#columns.get(key)![row] = run[key] ?? NaN
    const overlays = run.final_overlays
    if (overlays) for (const name in overlays) this.#overlay(name)[row] = overlays[name]
  }

  /** The values of one output over the table's runs (a view, not a copy); NaN for runs without it. */
  column(key: OutputKey): Float64Array {
    const column = key.startsWith(OVERLAY_PREFIX) ? this.#overlays.get(key.slice(OVERLAY_PREFIX.length)) : this.#columns.get(key)
    return column ? column.subarray(0, this.length) : new Float64Array(this.length).fill(NaN)
  }

  /** The outputs the table holds: forecast value, confidence, fragility, then final overlays (core ones in their usual order). */
  get outputs(): OutputKey[] {
    const rank = (name: string) => {
      const i = (CORE_OVERLAYS as readonly string[]).indexOf(name)
      return i < 0 ? CORE_OVERLAYS.length : i
    }
    const overlays = [...this.#overlays.keys()].sort((a, b) => rank(a) - rank(b))
    return [...SUMMARY_OUTPUTS, ...overlays.map((name) => OVERLAY_PREFIX + name)]
  }

  // overlay columns start as NaN (and grow as NaN): a run that lacks an overlay, or came before its first sight, has none
  #overlay(name: string): Float64Array {
    let column = this.#overlays.get(name)
    if (!column) {
      column = new Float64Array(this.batchIndex.length).fill(NaN)
      this.#overlays.set(name, column)
    }
    return column
  }

  #grow(): void {
    const capacity = Math.max(1, this.batchIndex.length * 2)
    const indices = new Uint32Array(capacity)
    indices.set(this.batchIndex)
    this.batchIndex = indices
    for (const columns of [this.#columns, this.#overlays]) {
      for (const [key, column] of columns) {
        const grown = new Float64Array(capacity).fill(NaN)
        grown.set(column)
        columns.set(key, grown)
      }
    }
  }
}

/** How the table is read from storage: pages in run order (listRuns), or an even sample (runSummaries). */
export interface RunReader {
  page(offset: number, limit: number): Promise<RunSummary[]>
  sample(limit: number): Promise<RunSummary[]>
}

/** Most runs one table holds: every run of a batch up to this size, an even sample beyond. */
export const MAX_TABLE_RUNS = 100_000
/**
 * Most runs read while the batch itself is running: its plots are reread every few seconds, and reading up to
 * MAX_TABLE_RUNS each time (tens of MB of summaries, a RunSummary per run) kept the page's main thread busy for
 * hundreds of ms at a time, taking it from the batch; 5,000 still made tasks of up to 90 ms (reading, then the
 * sweep plot, heatmap and group levels recomputed and redrawn). The whole table is read once the batch stops.
 */
export const LIVE_TABLE_RUNS = 2_000
/** Runs read per page: one slot block, so pages line up with storage's own blocks. */
export const TABLE_PAGE_RUNS = 4_096

/** A table and whether it holds every stored run (analyses that need every point, such as sensitivity indices, need that). */
export interface ReadRunTable {
  table: RunTable
  complete: boolean
}

/**
 * Reads the outputs of a batch's stored runs, a page at a time so memory holds columns, never thousands of
 * summaries at once. Runs committed while the pages are read may shift them: a run seen twice counts once.
 */
export async function readRunTable(reader: RunReader, stored: number, { cap = MAX_TABLE_RUNS, pageRuns = TABLE_PAGE_RUNS } = {}): Promise<ReadRunTable> {
  const table = new RunTable(Math.min(stored, cap))
  if (stored > cap) {
    for (const run of await reader.sample(cap)) table.add(run)
    return { table, complete: false }
  }
  const seen = new Set<number>()
  for (let offset = 0; offset < cap + pageRuns; offset += pageRuns) {
    const page = await reader.page(offset, pageRuns)
    for (const run of page) {
      if (seen.has(run.batch_index)) continue
      seen.add(run.batch_index)
      table.add(run)
    }
    if (page.length < pageRuns) break
  }
  return { table, complete: true }
}
