import type { GravityConfig } from '../../schema/run-config'
import { type GravityStats, ResidualGravityEngine } from './residual-gravity-engine'
import { SymbolicPillarSystem } from './symbolic-pillars'

/** The engine's pillars in the default fabric, in the original's order (reference 5.3). */
export const FABRIC_PILLAR_NAMES = ['hope', 'despair', 'rage', 'fatigue', 'trust'] as const

// reference 5.3: trust is not registered until the first step brings its overlay
const INITIAL_PILLARS = ['hope', 'despair', 'rage', 'fatigue'] as const
const MIN_RESIDUAL = 1e-6 // reference 5.3: update_weights ignores residuals of |r| ≤ 1e-6
const MIN_COUNTED_CORRECTION = 1e-6 // reference 5.3: a variable counts as corrected when |c| is above this

/** How often one variable went through the engine, and how often it actually moved. */
export type VariableEfficiency = { total: number; corrected: number; efficiency: number }

/** JSON-safe fabric statistics: the fabric's counters, the pillar intensities and the engine's statistics. */
export type FabricStats = {
  total_corrections: number
  active_variable_count: number
  variable_efficiency: Record<string, VariableEfficiency>
  pillars: Record<string, number>
} & GravityStats

/** The symbolic gravity fabric of reference 5.3: pillars that follow the overlays feed one residual gravity engine. */
export class GravityFabric {
  readonly engine: ResidualGravityEngine
  readonly pillars: SymbolicPillarSystem
  private readonly activeVariables: Set<string>
  private totalCorrections = 0
  private readonly efficiency = new Map<string, { total: number; corrected: number }>()

  constructor(config: GravityConfig, activeVariables: readonly string[]) {
    this.engine = new ResidualGravityEngine(config, FABRIC_PILLAR_NAMES)
    this.pillars = new SymbolicPillarSystem({ decayRate: config.pillar_decay_rate, interactionStrength: config.interaction_strength })
    for (const name of INITIAL_PILLARS) this.pillars.registerPillar(name, 0)
    this.activeVariables = new Set(activeVariables)
  }

  /** Corrects the active variables with the pillar intensities of the previous step; the others pass through. */
  bulkApplyCorrection(vars: Readonly<Record<string, number>>): Record<string, number> {
    // The symbol vector is read only when some variable is corrected: reading it changes nothing.
    let s: Record<string, number> | null = null
    const result: Record<string, number> = {}
    for (const name in vars) {
      const value = vars[name]
      if (!this.activeVariables.has(name)) {
        result[name] = value
        continue
      }
      s ??= this.symbolVector()
      const { correction, corrected } = this.engine.applyGravityCorrection(value, s)
      this.totalCorrections += 1
      const counts = this.efficiency.get(name) ?? { total: 0, corrected: 0 }
      counts.total += 1
      if (Math.abs(correction) > MIN_COUNTED_CORRECTION) counts.corrected += 1
      this.efficiency.set(name, counts)
      result[name] = corrected
    }
    return result
  }

  /** Sets each pillar to its overlay (registering missing ones), then decays the pillars and applies interactions (reference 5.3). */
  step(overlays: Readonly<Record<string, number>>): void {
    for (const name in overlays) {
      const intensity = overlays[name]
      const pillar = this.pillars.pillar(name)
      if (pillar) pillar.setIntensity(intensity)
      else this.pillars.registerPillar(name, intensity)
    }
    this.pillars.step()
  }

  /** Learns from each residual above 1e-6 and activates its variable (reference 5.3). */
  updateWeights(residuals: Readonly<Record<string, number>>, s: Readonly<Record<string, number>>): void {
    for (const [name, residual] of Object.entries(residuals)) {
      if (!(Math.abs(residual) > MIN_RESIDUAL)) continue
      this.engine.updateImpactMatrix(residual, s)
      this.activeVariables.add(name)
    }
  }

  /** The current pillar intensities: the symbol vector the next correction uses. */
  symbolVector(): Record<string, number> {
    return this.pillars.intensities()
  }

  /** A JSON-safe snapshot of the fabric's and the engine's statistics. */
  stats(): FabricStats {
    const variableEfficiency: Record<string, VariableEfficiency> = {}
    for (const [name, { total, corrected }] of this.efficiency) variableEfficiency[name] = { total, corrected, efficiency: corrected / total }
    const engine = this.engine.stats()
    // One literal with every key (not a spread or Object.assign of the engine's stats): V8 keeps it a fast object,
    // which JSON.stringify writes several times faster (BENCHMARKS.md).
    return {
      total_corrections: this.totalCorrections,
      active_variable_count: this.activeVariables.size,
      variable_efficiency: variableEfficiency,
      pillars: this.symbolVector(),
      updates: engine.updates,
      mean_abs_residual: engine.mean_abs_residual,
      mean_abs_correction: engine.mean_abs_correction,
      rms_weight: engine.rms_weight,
      max_weight: engine.max_weight,
      active_weights: engine.active_weights,
      circuit_breaker_trips: engine.circuit_breaker_trips,
      lambda: engine.lambda,
      effective_lambda: engine.effective_lambda,
      fragility: engine.fragility,
      last_correction: engine.last_correction,
      last_gravity_value: engine.last_gravity_value,
      correction_efficiency: engine.correction_efficiency,
      adaptive_lambda_adjustments: engine.adaptive_lambda_adjustments,
      pruned_weights: engine.pruned_weights,
      weights: engine.weights,
      top_contributors: engine.top_contributors,
      health_status: engine.health_status,
      health_warnings: engine.health_warnings,
      shadow_model_trigger: engine.shadow_model_trigger,
    }
  }
}
