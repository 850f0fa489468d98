// The measuring half of `npm run bench` (bench/node-bench.ts starts it): runs in a child process of its own, so the
// peak RSS is the engine's and not the bundler's, and prints one JSON object (BenchResult) on stdout.
import { runBatch } from '../src/engine/batch'
import { createForecaster } from '../src/engine/forecast/forecast-generator'
import { parseRunConfig } from '../src/engine/parse-config'
import { runForecastPipeline } from '../src/engine/pipeline/forecast-pipeline'
import { toJsonLine } from '../src/engine/record-line'
import { createRunContext, runOne } from '../src/engine/run'
import { simulateRun } from '../src/engine/simulate'
import { ENGINE_VERSION } from '../src/engine/version'

/** The stages of a run, as the table splits them. */
export type Stage = 'validation' | 'simulate' | 'forecast' | 'pipeline' | 'serialise' | 'other'

/** What one measurement reports (µs are medians over the repetitions); node-bench.ts formats it. */
export interface BenchResult {
  engineVersion: string
  node: string
  clock: 'cpu' | 'wall'
  runs: number
  repetitions: number
  /** The issue's workload (100 starting points, 10 turns, summary): µs per run, in total and by stage. */
  perRun: Record<Stage | 'total', number>
  runsPerSecond: number
  /** The same with every run ending in a state of its own, so no forecast is remembered from an earlier run. */
  distinctUsPerRun: number
  /** µs per run by turn count (issue workload, summary records). */
  byTurns: { turns: number; runs: number; usPerRun: number }[]
  /** µs per 10-turn run by record mode, and the line length. */
  byRecord: { record: 'summary' | 'full'; runs: number; usPerRun: number; bytesPerLine: number }[]
  /** process.resourceUsage().maxRSS at the end, in MB. */
  peakRssMb: number
}

const BATCH_SEED = 42
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const RUNS = quick ? 2000 : 20000
const REPETITIONS = quick ? 3 : 7

type RecordMode = 'summary' | 'full'

/** The issue's workload: `{state_overrides: {hope: i % 100 / 100, despair: .3}, turns: 10}`. */
const issueWorkload = (n: number, turns = 10, record: RecordMode = 'summary'): unknown[] =>
  Array.from({ length: n }, (_, i) => ({ state_overrides: { hope: (i % 100) / 100, despair: 0.3 }, turns, ...(record === 'full' ? { record } : {}) }))

/** Every run from its own starting point (hope and despair both vary, above the 10-turn decay), so every final state differs. */
const distinctWorkload = (n: number): unknown[] =>
  Array.from({ length: n }, (_, i) => ({ state_overrides: { hope: 0.1 + (0.9 * i) / n, despair: 0.2 + (0.5 * ((i * 7919) % n)) / n }, turns: 10 }))

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// CPU time of the process (user + system, GC helper threads included) in ms. On a machine shared with other work it
// varies far less than wall-clock time, which also counts the time the core was given to someone else.
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
const now = args.includes('--wall') ? (): number => performance.now() : cpuMs

// Keeps every result observable, so no stage can be optimised away.
let sink = 0

/** runBatch + toJsonLine over the configs with a fresh context, streaming as the CLI does: µs per run and bytes. */
function endToEnd(configs: readonly unknown[]): { us: number; bytes: number } {
  const start = now()
  let bytes = 0
  for (const record of runBatch(configs, { seed: BATCH_SEED, context: createRunContext() })) bytes += toJsonLine(record).length
  const us = ((now() - start) * 1000) / configs.length
  sink += bytes
  return { us, bytes }
}

/** The median of `repetitions` end-to-end measurements, after one warm-up pass over a tenth of the configs. */
function medianEndToEnd(configs: readonly unknown[], repetitions: number): { us: number; bytes: number } {
  endToEnd(configs.slice(0, Math.max(50, configs.length / 10)))
  let bytes = 0
  const us = median(Array.from({ length: repetitions }, () => {
    const run = endToEnd(configs)
    bytes = run.bytes
    return run.us
  }))
  return { us, bytes }
}

/**
 * Where the time of a run goes. Each config runs twice in one iteration: stage by stage with a clock read between
 * stages, then through runOne (its time minus the stages' is record assembly and the rest), then its record is
 * serialised. Every iteration interleaves all the parts, so JIT and GC effects fall on each in proportion; objects die
 * young, as in a real batch. The clock reads are wall-clock (performance.now, cheap enough per stage), so only the
 * shares are used: the table applies them to the end-to-end CPU time.
 */
function stageShares(configs: readonly unknown[]): Record<Stage, number> {
  const context = createRunContext()
  const forecaster = createForecaster(1)
  const ms: Record<Stage, number> = { validation: 0, simulate: 0, forecast: 0, pipeline: 0, serialise: 0, other: 0 }
  configs.forEach((raw, i) => {
    const t0 = performance.now()
    const parsed = parseRunConfig(raw)
    if (!parsed.ok) throw new Error(parsed.message)
    const t1 = performance.now()
    const sim = simulateRun(parsed.config)
    const t2 = performance.now()
    const forecast = forecaster.forecast(sim.state, { confidence: sim.lastTurn.confidence, fragility: sim.lastTurn.fragility })
    const t3 = performance.now()
    const pipeline = runForecastPipeline([{
      trace_id: `run-${i}-0000002a`, value: forecast.value, breakdown: forecast.breakdown, confidence: forecast.confidence,
      fragility: forecast.fragility, overlays: sim.state.overlays, symbolic_tag: sim.lastTurn.trust_tag,
    }])
    const t4 = performance.now()
    const record = runOne(raw, { batchIndex: i, batchSeed: BATCH_SEED }, context)
    const t5 = performance.now()
    sink += toJsonLine(record).length + pipeline.summary.total
    const t6 = performance.now()
    ms.validation += t1 - t0
    ms.simulate += t2 - t1
    ms.forecast += t3 - t2
    ms.pipeline += t4 - t3
    ms.other += Math.max(0, (t5 - t4) - (t4 - t0))
    ms.serialise += t6 - t5
  })
  const whole = (Object.values(ms) as number[]).reduce((a, b) => a + b, 0)
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, v / whole])) as Record<Stage, number>
}

function measure(): BenchResult {
  const configs = issueWorkload(RUNS)
  // Warm-up: the JIT settles on the hot paths before anything is timed.
  for (let k = 0; k < 2; k++) {
    const warm = issueWorkload(quick ? 1000 : 5000)
    endToEnd(warm)
    stageShares(warm)
  }
  const totals: number[] = []
  const shares: Record<Stage, number[]> = { validation: [], simulate: [], forecast: [], pipeline: [], serialise: [], other: [] }
  for (let r = 0; r < REPETITIONS; r++) {
    totals.push(endToEnd(configs).us)
    const split = stageShares(configs)
    for (const stage of Object.keys(split) as Stage[]) shares[stage].push(split[stage])
  }
  const total = median(totals)
  // The split: each stage's median share, applied to the median end-to-end time.
  const stage = (k: Stage): number => total * median(shares[k])
  const fewer = Math.max(3, REPETITIONS - 2)
  const byTurns = [1, 10, 100, 1000].map((turns) => {
    const runs = Math.max(100, Math.round(RUNS / Math.max(1, turns / 10)))
    return { turns, runs, usPerRun: medianEndToEnd(issueWorkload(runs, turns), fewer).us }
  })
  const byRecord = (['summary', 'full'] as const).map((record) => {
    const runs = record === 'full' ? RUNS / 4 : RUNS
    const { us, bytes } = medianEndToEnd(issueWorkload(runs, 10, record), fewer)
    return { record, runs, usPerRun: us, bytesPerLine: Math.round(bytes / runs) }
  })
  return {
    engineVersion: ENGINE_VERSION,
    node: process.version,
    clock: args.includes('--wall') ? 'wall' : 'cpu',
    runs: RUNS,
    repetitions: REPETITIONS,
    perRun: {
      total,
      validation: stage('validation'),
      simulate: stage('simulate'),
      forecast: stage('forecast'),
      pipeline: stage('pipeline'),
      serialise: stage('serialise'),
      other: stage('other'),
    },
    runsPerSecond: 1e6 / total,
    distinctUsPerRun: medianEndToEnd(distinctWorkload(RUNS), fewer).us,
    byTurns,
    byRecord,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

const result = measure()
if (sink === 0) throw new Error('nothing was measured')
process.stdout.write(`${JSON.stringify(result)}\n`)
