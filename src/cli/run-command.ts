import { existsSync } from 'node:fs'
import type { LineFormat } from '../engine/record-line'
import type { ParsedBatch } from '../schema/batch-file'
import { AtomicFile } from './atomic-write'
import { loadBatchFile } from './batch-input'
import { readOutputLines, type OutputLine, type OutputProblem } from './existing-output'
import { gravityPatchFromFlags } from './gravity-flags'
import { EXIT, type Io, reportProblems } from './io'
import { defaultWorkers, runInWorkers } from './parallel-run'
import { configAt, runCount, type RunSource } from './run-source'
import { sampleBatch } from './sample-configs'
import { parseShard, shardBounds } from './shard'

export const DEFAULT_OUTPUT = 'logs/batch_output.jsonl'

type Flags = Record<string, string | boolean | undefined>

/** `pulse-lab run`: validates everything first, then runs the batch (or its shard) on worker threads into an atomically written file. */
export async function runCommand(values: Flags, io: Io): Promise<number> {
  const problems: string[] = []
  const format = (values.format ?? 'lab') as LineFormat
  if (format !== 'lab' && format !== 'legacy') problems.push(`--format: must be "lab" or "legacy", got ${JSON.stringify(values.format)}`)
  const seed = values.seed === undefined ? undefined : parseWhole('--seed', values.seed, 0, 0xffffffff, problems)
  const workers = values.workers === undefined ? defaultWorkers() : parseWhole('--workers', values.workers, 1, 256, problems)
  const shard = values.shard === undefined ? undefined : parseShard(String(values.shard), problems)
  if (values.force && values.resume) problems.push('--force and --resume: choose one (overwrite the output, or complete it)')
  const { patch, problems: flagProblems } = gravityPatchFromFlags(values)
  problems.push(...flagProblems)

  let batch: ParsedBatch = sampleBatch()
  if (typeof values.config === 'string') {
    const loaded = loadBatchFile(values.config)
    if ('problems' in loaded) problems.push(...loaded.problems)
    else batch = loaded.batch
  }
  const output = typeof values.output === 'string' ? values.output : DEFAULT_OUTPUT
  if (existsSync(output) && !values.force && !values.resume) {
    problems.push(`--output: ${output} already exists; pass --force to overwrite it, or --resume to complete it`)
  }
  if (problems.length) return reportProblems(problems, io)

  const source: RunSource = { batch, seed: seed ?? batch.seed, gravity: patch }
  const total = runCount(source)
  const [from, to] = shard ? shardBounds(total, shard.k, shard.n) : [0, total]

  // --resume keeps the earlier lines of this batch in place and computes only the missing runs
  const kept = new Map<number, string>()
  if (values.resume && existsSync(output)) {
    const bad: OutputProblem[] = []
    for await (const entry of readOutputLines(output, bad)) {
      const problem = checkKeptLine(entry, source, from, to)
      if (problem) return reportProblems([`--resume: ${output} line ${entry.index}: ${problem}`], io)
      kept.set(entry.index, entry.line)
    }
    for (const p of bad) io.err(`pulse-lab: --resume: ${output} line ${p.line} ${p.message}; that run is computed again`)
  }

  const file = new AtomicFile(output)
  const abort = new AbortController()
  const onSignal = () => abort.abort(new Interrupted())
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let nextKept = from
  const writeKeptBefore = (index: number) => {
    for (; nextKept < index; nextKept++) {
      const line = kept.get(nextKept)
      if (line !== undefined) file.writeLine(line)
    }
  }
  try {
    const result = await runInWorkers({
      source,
      format,
      workers: workers ?? 1,
      indices: missing(from, to, kept),
      // kept lines all lie in [from, to) (checkKeptLine)
      count: to - from - kept.size,
      signal: abort.signal,
      onLines: (indices, { bytes, ends }) => {
        // most runs keep nothing from an earlier output: the chunk's lines are then written as one block
        if (kept.size === 0) {
          file.writeBytes(bytes)
          nextKept = indices[indices.length - 1] + 1
          return
        }
        indices.forEach((index, i) => {
          writeKeptBefore(index)
          file.writeBytes(bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]))
          nextKept = index + 1
        })
      },
    })
    writeKeptBefore(to)
    file.commit()
    const part = shard ? ` (shard ${shard.k}/${shard.n}: runs ${from}–${to - 1} of ${total})` : ''
    const resumed = kept.size ? `, ${kept.size} kept from the earlier output` : ''
    io.out(`pulse-lab: ${result.runs} run${result.runs === 1 ? '' : 's'} (${result.runs - result.failed} complete, ${result.failed} failed${resumed})${part} → ${output}`)
    return EXIT.ok
  } catch (err) {
    file.abort()
    if (err instanceof Interrupted) {
      io.err('pulse-lab: interrupted; the output file was not touched')
      return EXIT.interrupted
    }
    io.err(`pulse-lab: ${err instanceof Error ? err.message : String(err)}`)
    return EXIT.failure
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

class Interrupted extends Error {}

function* missing(from: number, to: number, kept: ReadonlyMap<number, string>): Generator<number> {
  for (let index = from; index < to; index++) if (!kept.has(index)) yield index
}

// a kept line must belong to this batch: same run slot, same config as echoed by the engine
function checkKeptLine(entry: OutputLine, source: RunSource, from: number, to: number): string | null {
  if (entry.index < from || entry.index >= to) return `run ${entry.index} is not part of this ${to - from < runCount(source) ? 'shard' : 'batch'}`
  const record = JSON.parse(entry.line) as { config?: unknown }
  if (JSON.stringify(record.config) !== JSON.stringify(configAt(source, entry.index))) {
    return 'holds a different config than the batch file: it was written for another batch'
  }
  return null
}

function parseWhole(flag: string, raw: string | boolean, min: number, max: number, problems: string[]): number | undefined {
  const text = String(raw)
  const n = Number(text)
  if (!/^\d+$/.test(text) || n < min || n > max) {
    problems.push(`${flag}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
    return undefined
  }
  return n
}
