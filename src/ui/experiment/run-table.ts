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

/**
 * The outputs of many runs as columns: batch indices and one Float64Array per output, NaN where a run has no value
 * (a failed run, an overlay it lacks). About 80 bytes a run, so 100,000 runs are 8 MB, where as many summary
 * objects would be tens of megabytes.
 */
export class RunTable {
  length = 0
  batchIndex = new Uint32Array(256)
  #columns = new Map<OutputKey, Float64Array>(SUMMARY_OUTPUTS.map((key) => [key, new Float64Array(256)]))

  /** Adds one run's outputs. */
  add(run: RunSummary): void {
    if (this.length === this.batchIndex.length) this.#grow()
    const row = this.length++
    this.batchIndex[row] = run.batch_index
    for (const key of SUMMARY_OUTPUTS) this.#columns.get(key)![row] = run[key] ?? NaN
    for (const [name, value] of Object.entries(run.final_overlays ?? {})) this.#column(OVERLAY_PREFIX + name)[row] = value
  }

  /** The values of one output over the table's runs (a view, not a copy); NaN for runs without it. */
  column(key: OutputKey): Float64Array {
    const column = this.#columns.get(key)
    return column ? column.subarray(0, this.length) : new Float64Array(this.length).fill(NaN)
  }

  /** The outputs the table holds: forecast value, confidence, fragility, then final overlays (core ones in their usual order). */
  get outputs(): OutputKey[] {
    const overlays = [...this.#columns.keys()].filter((key) => key.startsWith(OVERLAY_PREFIX))
    const rank = (key: OutputKey) => {
      const i = (CORE_OVERLAYS as readonly string[]).indexOf(key.slice(OVERLAY_PREFIX.length))
      return i < 0 ? CORE_OVERLAYS.length : i
    }
    return [...SUMMARY_OUTPUTS, ...overlays.sort((a, b) => rank(a) - rank(b))]
  }

  // overlay columns start as NaN (and grow as NaN): a run that lacks an overlay, or came before its first sight, has none
  #column(key: OutputKey): Float64Array {
    let column = this.#columns.get(key)
    if (!column) {
      column = new Float64Array(this.batchIndex.length).fill(NaN)
      this.#columns.set(key, column)
    }
    return column
  }

  #grow(): void {
    const capacity = this.batchIndex.length * 2
    const indices = new Uint32Array(capacity)
    indices.set(this.batchIndex)
    this.batchIndex = indices
    for (const [key, column] of this.#columns) {
      const grown = new Float64Array(capacity).fill(NaN)
      grown.set(column)
      this.#columns.set(key, grown)
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
  const table = new RunTable()
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
