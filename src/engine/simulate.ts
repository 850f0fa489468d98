import { ORIGINAL_ACTIVE_VARIABLES, type RunConfig } from '../schema/run-config'
import type { Comparison, FiredRule, ShadowTrigger, TurnRecord, TurnTrust } from '../schema/run-record'
import { GravityFabric } from './gravity/gravity-fabric'
import { createRng, type Rng } from './prng'
import { pyRound } from './py-round'
import { runRules } from './rules'
import { ShadowMonitor } from './shadow-monitor'
import { tagSymbolicState } from './symbolic-tagger'
import { turnTrust } from './turn-trust'
import { applyOverrides, clampUnit, decayOverlays, snapshotState, type WorldState } from './world-state'

/** The original's `learning_engine` hook (reference 4.1): called after each turn, and with each comparison. */
export interface LearningHook {
  processTurn?(state: Readonly<WorldState>, turn: number): void
  logComparison?(comparison: Comparison): void
}

/** Everything one simulation produced, before the forecast. */
export interface SimulationResult {
  state: WorldState
  lastTurn: TurnTrust & { symbolic_tag_enum: string | null; symbolic_label: string | null }
  turns: TurnRecord[] | null
  comparisons: Comparison[] | null
  shadow: { critical_variables: string[]; triggers: ShadowTrigger[] }
  gravity: { enabled: boolean; active_variables: string[]; learning_updates: number; corrections_applied: number; note: string | null; stats: Record<string, unknown> | null }
}

// reference 4.2 step 5.5: corrections smaller than this are not reported
const REPORTED_CORRECTION = 1e-6

/** Variables gravity corrects: the config's list, or the original eight plus every observed variable. */
export function activeVariables(config: RunConfig): string[] {
  if (config.gravity.active_variables) return [...config.gravity.active_variables]
  const observed = Object.keys(config.observations?.variables ?? {})
  if (observed.length === 0) return [...ORIGINAL_ACTIVE_VARIABLES]
  return [...new Set([...ORIGINAL_ACTIVE_VARIABLES, ...observed])]
}

/** What a simulation needs besides its config. */
export interface SimulateOptions {
  hook?: LearningHook
  /** The run's seed: drives the config's random shocks (nothing else in a turn is random). */
  seed?: number
}

/** Runs a config forward turn by turn (reference 4.1–4.2, with the port's fixes: the turn advances, each field is computed once). */
export function simulateRun(config: RunConfig, { hook, seed = 0 }: SimulateOptions = {}): SimulationResult {
  const state = applyOverrides(config)
  // only a config with shocks draws: without them the reference behaviour holds unchanged
  const shocks = config.shocks && (config.shocks.overlays || Object.keys(config.shocks.variables ?? {}).length) ? config.shocks : null
  const rng = shocks ? createRng(seed) : null
  const gravityOn = config.gravity.enabled
  const active = activeVariables(config)
  const fabric = gravityOn ? new GravityFabric(config.gravity, active) : null
  const critical = config.shadow.critical_variables ?? active
  const monitor = gravityOn && config.shadow.enabled
    ? new ShadowMonitor({ thresholdVarianceExplained: config.shadow.threshold_variance_explained, windowSteps: config.shadow.window_steps, criticalVariables: critical })
    : null
  const full = config.record === 'full'
  const turns: TurnRecord[] | null = full ? [] : null
  const observations = config.observations
  const comparisons: Comparison[] | null = observations ? [] : null
  const triggers: ShadowTrigger[] = []
  let learningUpdates = 0
  let correctionsApplied = 0
  let preSimulation: Record<string, number> | null = null
  let lastTurn: SimulationResult['lastTurn'] | null = null

  const criticalCount = critical.length
  const preCritical = new Array<number>(criticalCount)
  // Without observations or a hook nothing writes the variables between the end of a turn and the start of the next,
  // so the critical values read after gravity are the next turn's starting values.
  const carryCritical = !observations && !hook
  let carried = false

  for (let t = 1; t <= config.turns; t++) {
    // reference 4.1 step 1 (strict injection): observed values replace the state; gravity learns from the residuals
    const residuals = observations ? injectObservations(state, observations, t - 1, config, fabric) : null
    if (residuals) learningUpdates += residuals.updates

    // Summary mode records no turn, so the per-turn details (deltas, correction details, triggers by turn) are skipped.
    const preOverlays = turns ? { ...state.overlays } : null
    if (monitor && !carried) for (let k = 0; k < criticalCount; k++) preCritical[k] = state.variables[critical[k]] ?? 0

    decayOverlays(state, config.decay_rate)
    const firedRules: FiredRule[] = runRules(state, config.rules, t)
    if (shocks) applyShocks(state, shocks, rng!)

    const corrections: TurnRecord['gravity_correction_details'] | null = turns ? {} : null
    const shadowTriggered: string[] | null = turns ? [] : null
    if (fabric) {
      const simVars = { ...state.variables }
      const corrected = fabric.bulkApplyCorrection(simVars)
      for (const name in corrected) {
        const delta = corrected[name] - simVars[name]
        if (Math.abs(delta) > REPORTED_CORRECTION) {
          correctionsApplied++
          if (corrections) {
            corrections[name] = {
              gravity_delta: delta,
              causal_delta: preSimulation ? simVars[name] - (preSimulation[name] ?? 0) : 0,
              dominant_pillars: fabric.engine.topContributors(5).map((c) => ({ pillar_name: c.pillar, weight: c.weight })),
            }
          }
        }
        state.variables[name] = corrected[name]
      }
      fabric.step(state.overlays)
      if (monitor) {
        const causal = new Array<number>(criticalCount)
        const gravity = new Array<number>(criticalCount)
        for (let k = 0; k < criticalCount; k++) {
          const v = critical[k]
          const before = simVars[v] ?? 0
          const after = state.variables[v] ?? 0
          causal[k] = before - preCritical[k]
          gravity[k] = after - before
          if (carryCritical) preCritical[k] = after
        }
        carried = carryCritical
        monitor.recordDeltas(causal, gravity, t)
        for (const v of monitor.triggeredVariables()) {
          shadowTriggered?.push(v)
          triggers.push({ variable: v, step: t, variance_explained: monitor.varianceExplained(v) })
        }
      }
      preSimulation = simVars
    }

    hook?.processTurn?.(state, t)
    state.turn = t

    const comparison = observations ? compareWithObservations(state, observations, t, residuals!.variable_residual) : undefined
    if (comparison) {
      comparisons!.push(comparison)
      hook?.logComparison?.(comparison)
    }

    // Trust and tags are only needed for recorded turns and the last one (summary mode skips the rest).
    if (!turns && t < config.turns) continue
    const tags = config.use_symbolism ? tagSymbolicState(state.overlays) : null
    const trust = turnTrust(state.overlays)
    // Written out rather than spread: V8 (Node 20) builds object literals with spreads several times slower (BENCHMARKS.md).
    lastTurn = {
      symbolic_tag_enum: tags?.symbolic_tag_enum ?? null,
      symbolic_label: tags?.symbolic_label ?? null,
      trust_tag: trust.trust_tag,
      arc_label: trust.arc_label,
      prior_confidence: trust.prior_confidence,
      confidence: trust.confidence,
      fragility: trust.fragility,
      risk_score: trust.risk_score,
      historical_consistency: trust.historical_consistency,
      alignment_score: trust.alignment_score,
      trust_label: trust.trust_label,
    }
    if (turns) {
      const deltas: Record<string, number> = {}
      for (const k in state.overlays) deltas[k] = pyRound(state.overlays[k] - (preOverlays![k] ?? 0), 3)
      // Object.assign, not spreads followed by more keys, which V8 (Node 20) builds ~100× slower (BENCHMARKS.md).
      const record: TurnRecord = Object.assign({
        turn: t,
        overlays: { ...state.overlays },
        deltas,
        variables: { ...state.variables },
        capital: { ...state.capital },
        fired_rules: firedRules,
        gravity_correction_details: corrections!,
      }, tags, trust, { shadow_triggers: shadowTriggered! })
      if (comparison) record.comparison = comparison
      turns.push(record)
    }
  }

  return {
    state: snapshotState(state),
    lastTurn: lastTurn!,
    turns,
    comparisons,
    shadow: { critical_variables: monitor ? [...critical] : [], triggers },
    gravity: {
      enabled: gravityOn,
      active_variables: gravityOn ? active : [],
      learning_updates: learningUpdates,
      corrections_applied: correctionsApplied,
      note: gravityNote(config, learningUpdates),
      stats: fabric ? fabric.stats() : null,
    },
  }
}

// issue 5: Gaussian shocks after decay and rules, then the usual clamping; a fixed order of draws keeps runs replayable
function applyShocks(state: WorldState, shocks: NonNullable<RunConfig['shocks']>, rng: Rng): void {
  if (shocks.overlays) for (const name in state.overlays) state.overlays[name] = clampUnit(state.overlays[name] + rng.normal(0, shocks.overlays))
  for (const [name, sd] of Object.entries(shocks.variables ?? {})) {
    if (sd > 0) state.variables[name] = (state.variables[name] ?? 0) + rng.normal(0, sd)
  }
}

// Returns the residuals gravity learnt from: observed value minus the value the model carried into the turn.
function injectObservations(state: WorldState, obs: NonNullable<RunConfig['observations']>, i: number, config: RunConfig, fabric: GravityFabric | null): { updates: number; variable_residual: Record<string, number> } {
  let updates = 0
  const variable_residual: Record<string, number> = {}
  for (const [name, series] of Object.entries(obs.overlays ?? {})) {
    // reference 4.1: overlay injection goes through adjust_overlay, a no-op while the symbolic system is off
    if (i < series.length && config.gravity.symbolic_enabled) state.overlays[name] = clampUnit(series[i])
  }
  for (const [name, series] of Object.entries(obs.capital ?? {})) if (i < series.length) state.capital[name] = series[i]
  for (const [name, series] of Object.entries(obs.variables ?? {})) {
    if (i >= series.length) continue
    const old = state.variables[name]
    if (old !== undefined) {
      const residual = series[i] - old
      variable_residual[name] = residual
      if (fabric && Math.abs(residual) > 1e-6) {
        fabric.updateWeights({ [name]: residual }, state.overlays)
        updates++
      }
    }
    state.variables[name] = series[i]
  }
  return { updates, variable_residual }
}

function compareWithObservations(state: WorldState, obs: NonNullable<RunConfig['observations']>, turn: number, variable_residual: Record<string, number>): Comparison | undefined {
  const i = turn - 1
  const diff = (group: Record<string, number[]> | undefined, actual: Record<string, number>) => {
    const out: Record<string, number> = {}
    for (const [name, series] of Object.entries(group ?? {})) if (i < series.length) out[name] = (actual[name] ?? 0) - series[i]
    return out
  }
  const overlay_diff = diff(obs.overlays, state.overlays)
  const variable_diff = diff(obs.variables, state.variables)
  const capital_diff = diff(obs.capital, state.capital)
  if (!Object.keys(overlay_diff).length && !Object.keys(variable_diff).length && !Object.keys(capital_diff).length) return undefined
  return { turn, overlay_diff, variable_diff, capital_diff, variable_residual }
}

function gravityNote(config: RunConfig, learningUpdates: number): string | null {
  if (!config.gravity.enabled) return 'gravity is off'
  if (!config.gravity.symbolic_enabled) return 'symbolic_enabled is off: corrections are computed but not applied'
  if (learningUpdates === 0 && !config.gravity.initial_weights) {
    return 'no observations and no initial weights: the impact weights stay zero, so every correction is zero'
  }
  return null
}
