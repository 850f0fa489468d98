import { existsSync, writeFileSync } from 'node:fs'
import { toJsonLine } from '../engine/record-line'
import { replayLine, type Replay } from '../engine/replay'
import { createRunContext } from '../engine/run'
import { CORE_OVERLAYS } from '../schema/run-config'
import type { RunRecord } from '../schema/run-record'
import { loadBatchFile } from './batch-input'
import { readOutputLines, type OutputProblem } from './existing-output'
import { EXIT, type Io, reportProblems } from './io'
import { runAt } from './run-source'

type Flags = Record<string, string | boolean | undefined>

/**
 * `pulse-lab replay`: recomputes a run and shows it is identical, with its full per-turn series.
 * `--record LINE` (a JSONL line, or a JSONL file with `--run N`), or `--batch FILE --run N [--seed S] [--against JSONL]`.
 */
export async function replayCommand(values: Flags, io: Io): Promise<number> {
  const problems: string[] = []
  const run = values.run === undefined ? undefined : Number(values.run)
  if (values.run !== undefined && !(Number.isInteger(run) && run! >= 0 && /^\d+$/.test(String(values.run)))) problems.push(`--run: must be a whole number ≥ 0, got ${JSON.stringify(values.run)}`)
  if (!values.record === !values.batch) problems.push('give either --record LINE (or --record FILE --run N) or --batch FILE --run N')
  if (values.batch && run === undefined) problems.push('--batch needs --run N: the index of the run to replay')
  if (problems.length) return reportProblems(problems, io, 'nothing was replayed')

  let line: string | undefined
  if (typeof values.record === 'string') {
    if (values.record.trimStart().startsWith('{')) line = values.record
    else {
      const found = await lineOfRun(values.record, run ?? 0)
      if ('problem' in found) return reportProblems([found.problem], io, 'nothing was replayed')
      line = found.line
    }
  } else {
    const loaded = loadBatchFile(String(values.batch))
    if ('problems' in loaded) return reportProblems(loaded.problems, io, 'nothing was replayed')
    const seed = values.seed === undefined ? loaded.batch.seed : Number(values.seed)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return reportProblems([`--seed: must be a whole number from 0 to 4294967295, got ${JSON.stringify(values.seed)}`], io, 'nothing was replayed')
    if (run! >= loaded.batch.runCount) return reportProblems([`--run: the batch has ${loaded.batch.runCount} runs (0–${loaded.batch.runCount - 1})`], io, 'nothing was replayed')
    if (typeof values.against === 'string') {
      const found = await lineOfRun(values.against, run!)
      if ('problem' in found) return reportProblems([found.problem], io, 'nothing was replayed')
      line = found.line
    } else {
      line = toJsonLine(runAt({ batch: loaded.batch, seed, gravity: {} }, run!, createRunContext()))
    }
  }

  let replay: Replay
  try {
    replay = replayLine(line)
  } catch (err) {
    return reportProblems([`--record: ${err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message}`], io, 'nothing was replayed')
  }
  printTurns(replay.full, io)
  if (typeof values.output === 'string') writeFileSync(values.output, `${toJsonLine(replay.full)}\n`)
  const what = `run ${replay.full.batch_index} (seed ${replay.full.seed})`
  if (replay.identical) {
    io.out(`pulse-lab: ${what}: identical: the recomputed record matches byte for byte`)
    return EXIT.ok
  }
  io.err(`pulse-lab: ${what}: differs at ${replay.difference}${replay.versionNote ? ` (${replay.versionNote})` : ''}`)
  return EXIT.failure
}

async function lineOfRun(path: string, run: number): Promise<{ line: string } | { problem: string }> {
  if (!existsSync(path)) return { problem: `${path}: no such file` }
  const bad: OutputProblem[] = []
  for await (const entry of readOutputLines(path, bad)) if (entry.index === run) return { line: entry.line }
  return { problem: `${path}: no line holds run ${run}` }
}

function printTurns(record: RunRecord, io: Io): void {
  if (record.status === 'error') {
    io.out(`run ${record.batch_index} failed at ${record.error.stage}: ${record.error.type}: ${record.error.message}`)
    return
  }
  const cols = ['turn', ...CORE_OVERLAYS, 'confidence', 'fragility', 'tag']
  io.out(cols.map((c) => c.padStart(10)).join(''))
  for (const t of record.turns ?? []) {
    const cells = [String(t.turn), ...CORE_OVERLAYS.map((o) => t.overlays[o].toFixed(4)), t.confidence.toFixed(3), t.fragility.toFixed(3), t.symbolic_tag_enum ?? '']
    io.out(cells.map((c) => c.padStart(10)).join(''))
  }
  io.out(`forecast ${record.forecast.value} (confidence ${record.forecast.confidence}, ${record.forecast.confidence_status}, ${record.forecast.trust_label})`)
}
