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
    const s = this.symbolVector()
    const result: Record<string, number> = {}
    for (const [name, value] of Object.entries(vars)) {
      if (!this.activeVariables.has(name)) {
        result[name] = value
        continue
      }
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
    for (const [name, intensity] of Object.entries(overlays)) {
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
    const variableEfficiency = Object.fromEntries([...this.efficiency].map(([name, { total, corrected }]) =>
      [name, { total, corrected, efficiency: corrected / total }]))
    return {
      total_corrections: this.totalCorrections,
      active_variable_count: this.activeVariables.size,
      variable_efficiency: variableEfficiency,
      pillars: this.symbolVector(),
      ...this.engine.stats(),
    }
  }
}
