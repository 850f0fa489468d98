import { runSpec } from '../engine/batch'
import { createRunContext } from '../engine/run'
import { toJsonLine } from '../engine/record-line'
import { ENGINE_VERSION } from '../engine/version'
import { parseBatchFile, planBatch } from '../schema/batch-file'
import type { BatchMeta } from '../storage/batch-meta'
import type { EncodedRuns } from '../storage/run-pages'
import { unpackSummaries } from '../storage/summary-columns'
import type { FinishedRun } from './engine-api'

/** A batch file text of `count` one-turn runs with varied overrides, some with their own seed, under batch seed 42. */
export function batchSource(count: number, { seed = 42 }: { seed?: number } = {}): string {
  const configs = Array.from({ length: count }, (_, i) => ({
    state_overrides: { hope: (i % 10) / 10, despair: ((i * 7) % 10) / 10 },
    ...(i % 5 === 4 ? { seed: 1000 + i } : {}),
    ...(i % 7 === 6 ? { turns: 3, variables: { energy_price_index: 0.5 } } : {}),
  }))
  return JSON.stringify({ seed, defaults: { decay_rate: 0.02 }, configs })
}

/** The lines the CLI writes for a batch file text and seed, in index order: what the lab must store byte for byte. */
export function cliLines(source: string, seed?: number): string[] {
  const parsed = parseBatchFile(JSON.parse(source))
  if (!parsed.ok) throw new Error('test batch is invalid')
  const batchSeed = seed ?? parsed.batch.seed
  const context = createRunContext()
  return Array.from(planBatch(parsed.batch, batchSeed).runs(), (spec) => toJsonLine(runSpec(spec, batchSeed, context), 'lab'))
}

/** A draft batch meta for a batch file text, ready to start. */
export function draftMeta(id: string, source: string, total: number, seed = 42): BatchMeta {
  return {
    id, name: `batch ${id}`, source, seed, total_runs: total, status: 'draft', created_at: 1, updated_at: 1,
    finished_at: null, engine_version: ENGINE_VERSION, done: 0, failed: 0, read_only: false,
  }
}

/** Workers' deliveries read back: each run with its line as text (no newline) and its summary, in delivery order. */
export async function decodeRuns(deliveries: readonly EncodedRuns[]): Promise<FinishedRun[]> {
  const decoder = new TextDecoder()
  const runs: FinishedRun[] = []
  for (const { indices, ends, lines, summaries } of deliveries) {
    const bytes = lines instanceof Blob ? new Uint8Array(await lines.arrayBuffer()) : lines
    const positions = Array.from(indices, (_, i) => i)
    const unpacked = unpackSummaries(summaries, indices, positions)
    for (const i of positions) {
      const summary = unpacked[i]
      const line = decoder.decode(bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i] - 1))
      runs.push({ batch_index: indices[i], status: summary.status, seed: summary.seed, line, summary })
    }
  }
  return runs
}
