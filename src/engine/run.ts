import type { ErrorRecord, FailureStage, RunRecord, SuccessRecord } from '../schema/run-record'
import { createForecaster, type Forecaster } from './forecast/forecast-generator'
import { parseRunConfig } from './parse-config'
import { runForecastPipeline } from './pipeline/forecast-pipeline'
import { deriveSeed } from './prng'
import { simulateRun, type LearningHook } from './simulate'
import { ENGINE_VERSION } from './version'

/** Caches that live as long as a batch or a worker (LSTM weights per model seed), never at module level. */
export interface RunContext {
  forecasters: Map<number, Forecaster>
}

/** A fresh context; reuse it across runs so model weights are built once. */
export function createRunContext(): RunContext {
  return { forecasters: new Map() }
}

/** Where a run sits in its batch: its position, and the batch seed its own seed derives from. */
export interface RunPosition {
  batchIndex: number
  batchSeed: number
  /** The run's seed when it is already known (a replayed record, a design's run spec); wins over derivation, not over the config's own. */
  seed?: number
  /** Where a design run sits (issue 5); a plain list of configs is point = run index, replicate 0. */
  pointIndex?: number
  replicate?: number
}

/** Optional extras for one run. */
export interface RunOptions {
  hook?: LearningHook
  /** Record every turn whatever the config says (replay, run detail); the echoed config stays as given. */
  recordFull?: boolean
}

/** An error thrown inside a stage, so the record can say where a run failed. */
export class StageError extends Error {
  constructor(readonly stage: FailureStage, failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure))
    this.name = failure instanceof Error ? failure.name : 'Error'
  }
}

const isUint32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff

/** The run's seed: the config's own, or derived from (batch seed, run index) (port-decisions 2). */
export function runSeed(config: unknown, position: RunPosition): number {
  const own = typeof config === 'object' && config !== null ? (config as { seed?: unknown }).seed : undefined
  if (isUint32(own)) return own
  return position.seed ?? deriveSeed(position.batchSeed, position.batchIndex, 0)
}

/** Runs one config end to end and returns its record; any failure becomes an error record with its stage. */
export function runOne(config: unknown, position: RunPosition, context: RunContext, options: RunOptions = {}): RunRecord {
  const seed = runSeed(config, position)
  try {
    return simulateAndForecast(config, seed, position, context, options)
  } catch (err) {
    const failure = err instanceof StageError ? err : new StageError('turn', err)
    const record: ErrorRecord = {
      status: 'error',
      batch_index: position.batchIndex,
      point_index: position.pointIndex ?? position.batchIndex,
      replicate: position.replicate ?? 0,
      seed,
      engine_version: ENGINE_VERSION,
      config,
      error: { stage: failure.stage, type: failure.name, message: failure.message },
    }
    return record
  }
}

function stage<T>(name: FailureStage, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    throw new StageError(name, err)
  }
}

function simulateAndForecast(raw: unknown, seed: number, position: RunPosition, context: RunContext, options: RunOptions): SuccessRecord {
  const parsed = parseRunConfig(raw)
  if (!parsed.ok) throw new StageError('config', Object.assign(new Error(parsed.message), { name: 'ConfigError' }))
  const config = options.recordFull ? { ...parsed.config, record: 'full' as const } : parsed.config
  const sim = stage('turn', () => simulateRun(config, { hook: options.hook, seed }))
  const forecast = stage('forecast', () => {
    let forecaster = context.forecasters.get(config.forecast.model_seed)
    if (!forecaster) {
      forecaster = createForecaster(config.forecast.model_seed)
      context.forecasters.set(config.forecast.model_seed, forecaster)
    }
    return forecaster.forecast(sim.state, { confidence: sim.lastTurn.confidence, fragility: sim.lastTurn.fragility })
  })
  const pipeline = stage('pipeline', () => runForecastPipeline([{
    trace_id: `run-${position.batchIndex}-${seed.toString(16).padStart(8, '0')}`,
    value: forecast.value,
    breakdown: forecast.breakdown,
    confidence: forecast.confidence,
    fragility: forecast.fragility,
    overlays: sim.state.overlays,
    symbolic_tag: sim.lastTurn.trust_tag,
  }]))
  const scored = pipeline.forecasts[0]
  const record: SuccessRecord = {
    status: 'complete',
    batch_index: position.batchIndex,
    point_index: position.pointIndex ?? position.batchIndex,
    replicate: position.replicate ?? 0,
    seed,
    engine_version: ENGINE_VERSION,
    config: raw,
    final_state: sim.state,
    last_turn: sim.lastTurn,
    forecast: {
      value: forecast.value,
      breakdown: forecast.breakdown,
      confidence: scored?.confidence ?? forecast.confidence,
      fragility: scored?.fragility ?? forecast.fragility,
      fragility_label: scored?.fragility_label ?? '',
      confidence_status: scored?.confidence_status ?? '❌ Rejected',
      risk_score: scored?.risk_score ?? 0,
      trust_label: scored?.trust_label ?? '',
      symbolic_tag: sim.lastTurn.trust_tag,
      arc_label: scored?.arc_label ?? '',
      alignment_score: scored?.alignment_score ?? 0,
    },
    pipeline: pipeline.summary,
    shadow: sim.shadow,
    gravity: sim.gravity,
  }
  if (sim.comparisons) record.comparisons = sim.comparisons
  if (sim.turns) record.turns = sim.turns
  return record
}
