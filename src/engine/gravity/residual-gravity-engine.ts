import type { GravityConfig } from '../../schema/run-config'
import { pyRound } from '../py-round'

const SIGNIFICANT_CONTRIBUTOR_THRESHOLD = 0.001 // reference 5.1: a pillar counts as a contributor when |w·s| is above this
const MIN_LAMBDA_SCALE_FACTOR = 0.1 // reference 5.1: fragility never scales λ below 10 %
const CIRCUIT_BREAKER_LAMBDA_REDUCTION = 0.5 // reference 5.1: a tripped breaker also halves λ_eff
const FRAGILITY_RMS_WEIGHT = 0.5 // reference 5.1: fragility mix, RMS weight term
const FRAGILITY_VOLATILITY_WEIGHT = 0.3 // reference 5.1: fragility mix, correction volatility term
const FRAGILITY_BREAKER_WEIGHT = 0.2 // reference 5.1: fragility mix, breaker history term
const MAX_CIRCUIT_BREAKER_TRIPS = 10 // reference 5.1: trips at which the breaker term saturates
const WARNING_CIRCUIT_BREAKER_TRIPS = 5 // reference 5.1: more trips than this is a warning
const WARNING_FRAGILITY_THRESHOLD = 0.8 // reference 5.1: fragility above this is a warning
const CRITICAL_MAX_WEIGHT_THRESHOLD = 100 // reference 5.1: a weight above this is critical
const UNHEALTHY_RMS_WEIGHT_THRESHOLD = 10 // reference 5.1: an RMS weight above this is unhealthy
const STAGNANT_WEIGHT_UPDATES = 100 // reference 5.1: updates after which tiny weights mean "not learning"
const STAGNANT_WEIGHT_RMS_THRESHOLD = 0.01 // reference 5.1: RMS weight below this counts as tiny
const LOW_CORRECTION_EFFICIENCY_THRESHOLD = 0.3 // reference 5.1: efficiency below this is a caution
const MIN_UPDATES_FOR_EFFICIENCY_CHECK = 20 // reference 5.1: updates before efficiency is judged
const ACTIVE_WEIGHT_THRESHOLD = 0.1 // reference 5.4: get_stats counts |w| ≥ 0.1 as active
const MIN_MAGNITUDE = 1e-6 // reference 5.4: the denominator floor of volatility and efficiency
const PAIRWISE_BLOCK_SIZE = 128 // numpy's PW_BLOCKSIZE: blocks up to this length use 8 accumulators

/** Health status of the engine, from best to worst (reference 5.4). */
export type HealthStatus = 'healthy' | 'caution' | 'warning' | 'unhealthy' | 'critical'

/** The engine measurements the health check reads (reference 5.4). */
export type HealthMetrics = {
  maxWeight: number
  rmsWeight: number
  circuitBreakerTrips: number
  fragility: number
  updates: number
  correctionEfficiency: number
}

/** A health verdict with the original's warning and recommendation strings (reference 5.4). */
export type HealthReport = { status: HealthStatus; warnings: string[]; recommendations: string[] }

/** The engine's own shadow-model trigger, recorded when gravity explains too much variance (reference 5.4). */
export type ShadowModelTrigger = {
  variance_explained: number
  causal_variance: number
  gravity_variance: number
  /** Which processAndCorrect sample fired it; the original stored a wall-clock timestamp here. */
  sample: number
}

/** One pillar's share of the last gravity value. */
export type GravityContributor = { pillar: string; weight: number; contribution: number }

/** JSON-safe engine statistics, with the original's snake_case keys (reference 5.4 get_stats). */
export type GravityStats = {
  updates: number
  mean_abs_residual: number
  mean_abs_correction: number
  rms_weight: number
  max_weight: number
  active_weights: number
  circuit_breaker_trips: number
  lambda: number
  effective_lambda: number | null
  fragility: number
  last_correction: number
  last_gravity_value: number
  correction_efficiency: number
  adaptive_lambda_adjustments: number
  pruned_weights: number
  weights: Record<string, number>
  top_contributors: Record<string, number>
  health_status: HealthStatus
  health_warnings: string[]
  shadow_model_trigger: ShadowModelTrigger | null
}

type HealthRule = {
  status: HealthStatus
  applies: (m: HealthMetrics) => boolean
  warning: (m: HealthMetrics) => string
  recommendations: readonly [string, string]
}

// Python's `f"{x:.2f}"`: ties go to even on the exact binary value, as pyRound does.
const twoDecimals = (x: number): string => pyRound(x, 2).toFixed(2)

// reference 5.4: check_health, in order of severity; the first rule that applies sets the status
const HEALTH_RULES: readonly HealthRule[] = [
  {
    status: 'critical',
    applies: (m) => m.maxWeight > CRITICAL_MAX_WEIGHT_THRESHOLD,
    warning: () => 'Maximum weight too high, possible divergence',
    recommendations: ['Reset weights and decrease learning rate significantly', 'Increase circuit breaker threshold temporarily'],
  },
  {
    status: 'unhealthy',
    applies: (m) => m.rmsWeight > UNHEALTHY_RMS_WEIGHT_THRESHOLD,
    warning: () => 'RMS weights too high, possible overfitting',
    recommendations: ['Increase regularization parameter', 'Consider pruning weights or reducing learning rate'],
  },
  {
    status: 'warning',
    applies: (m) => m.circuitBreakerTrips > WARNING_CIRCUIT_BREAKER_TRIPS,
    warning: (m) => `Circuit breaker triggered ${m.circuitBreakerTrips} times, corrections may be unstable`,
    recommendations: ['Review which symbols have high weights and consider rule improvements', 'Increase regularization to prevent large corrections'],
  },
  {
    status: 'warning',
    applies: (m) => m.fragility > WARNING_FRAGILITY_THRESHOLD,
    warning: (m) => `High fragility score (${twoDecimals(m.fragility)}), corrections applied conservatively`,
    recommendations: ['Monitor for over-reliance on symbolic corrections', 'Consider enhancing causal rules to reduce correction magnitude'],
  },
  {
    status: 'caution',
    applies: (m) => m.updates > STAGNANT_WEIGHT_UPDATES && m.rmsWeight < STAGNANT_WEIGHT_RMS_THRESHOLD,
    warning: () => 'Weights remain very small after many updates, possibly not learning',
    recommendations: ['Increase learning rate or decrease regularization', 'Verify that meaningful residuals are being provided'],
  },
  {
    status: 'caution',
    applies: (m) => m.correctionEfficiency < LOW_CORRECTION_EFFICIENCY_THRESHOLD && m.updates > MIN_UPDATES_FOR_EFFICIENCY_CHECK,
    warning: (m) => `Low correction efficiency (${twoDecimals(m.correctionEfficiency)}), corrections heavily limited`,
    recommendations: ['Check if circuit breaker threshold is too restrictive', 'Consider raising max_correction parameter'],
  },
]

/** Classifies engine metrics by the first matching health rule of reference 5.4. */
export function assessHealth(metrics: HealthMetrics): HealthReport {
  const rule = HEALTH_RULES.find((r) => r.applies(metrics))
  if (!rule) return { status: 'healthy', warnings: [], recommendations: [] }
  return { status: rule.status, warnings: [rule.warning(metrics)], recommendations: [...rule.recommendations] }
}

/** numpy's float64 `sum` (pairwise, 8 accumulators per block), so the original's means round the same way here. */
export function numpySum(values: readonly number[], start = 0, n = values.length - start): number {
  if (n < 8) {
    let res = -0
    for (let i = 0; i < n; i++) res += values[start + i]
    return res
  }
  if (n <= PAIRWISE_BLOCK_SIZE) {
    const r = values.slice(start, start + 8)
    let i = 8
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += values[start + i + j]
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for (; i < n; i++) res += values[start + i]
    return res
  }
  const half = Math.floor(n / 2)
  const n2 = half - (half % 8)
  return numpySum(values, start, n2) + numpySum(values, start + n2, n - n2)
}

const numpyMean = (values: readonly number[]): number => numpySum(values) / values.length

// np.var: population variance, two passes, as the original's shadow trigger computes it (reference 5.4)
function numpyVariance(values: readonly number[]): number {
  const mean = numpyMean(values)
  return numpyMean(values.map((v) => (v - mean) * (v - mean)))
}

// A rolling window: appends and drops the oldest beyond `size`, like a Python deque(maxlen=size).
function pushBounded(window: number[], value: number, size: number): void {
  window.push(value)
  if (window.length > size) window.shift()
}

const sign = (x: number): number => (x > 0 ? 1 : -1)

/** The residual gravity engine of reference 5.4 for a scalar state (N = 1): learns g = B·s and applies λ·g. */
export class ResidualGravityEngine {
  readonly pillarNames: readonly string[]
  private readonly config: GravityConfig
  private readonly weightsB: number[]
  private readonly momentumV: number[]
  private readonly ewmaAlpha: number
  private lambda: number
  private updates = 0
  private totalResidual = 0
  private totalCorrection = 0
  private maxWeight = 0
  private circuitBreakerTrips = 0
  private fragility = 0
  private effectiveLambda: number | null = null
  private lastCorrection = 0
  private lastGravityValue = 0
  private correctionEfficiency = 0
  private lambdaAdjustments = 0
  private prunedWeights = 0
  private lastContributors: GravityContributor[] | null = null
  private readonly recentResiduals: number[] = []
  private readonly causalResiduals: number[] = []
  private readonly gravityResiduals: number[] = []
  private shadowSamples = 0
  private shadowTrigger: ShadowModelTrigger | null = null

  constructor(config: GravityConfig, pillarNames: readonly string[]) {
    this.config = config
    this.pillarNames = [...pillarNames]
    const initial = config.initial_weights ?? {}
    const unknown = Object.keys(initial).filter((name) => !pillarNames.includes(name))
    if (unknown.length > 0) {
      throw new RangeError(`initial_weights names unknown pillar(s) ${unknown.join(', ')}; the pillars are ${pillarNames.join(', ')}`)
    }
    this.weightsB = pillarNames.map((name) => initial[name] ?? 0)
    this.momentumV = pillarNames.map(() => 0)
    // reference 5.4: α = 2/(span+1), and a span ≤ 0 turns EWMA smoothing off
    this.ewmaAlpha = config.ewma_span > 0 ? 2 / (config.ewma_span + 1) : 1
    this.lambda = config.lambda
  }

  /** Computes g = B·s (missing pillars count as 0) and records the significant contributors. */
  gravity(s: Readonly<Record<string, number>>): number {
    let g = 0
    const contributors: GravityContributor[] = []
    for (let k = 0; k < this.pillarNames.length; k++) {
      const pillar = this.pillarNames[k]
      const weight = this.weightsB[k]
      const present = Object.hasOwn(s, pillar)
      const contribution = weight * (present ? s[pillar] : 0)
      g += contribution
      if (present && Math.abs(contribution) > SIGNIFICANT_CONTRIBUTOR_THRESHOLD) contributors.push({ pillar, weight, contribution })
    }
    this.lastContributors = contributors
    this.lastGravityValue = g
    return g
  }

  /** Learns from one residual: momentum SGD with L2 on the pillars present in `s`, then EWMA and adaptive λ (reference 5.4). */
  updateImpactMatrix(residual: number, s: Readonly<Record<string, number>>): void {
    const before = this.ewmaAlpha < 1 ? [...this.weightsB] : null
    const beta = this.config.momentum
    this.pillarNames.forEach((pillar, k) => {
      // reference 5.4: absent pillars are neither updated nor regularised
      if (!Object.hasOwn(s, pillar)) return
      const grad = residual * s[pillar] - this.config.regularization * this.weightsB[k]
      this.momentumV[k] = beta * this.momentumV[k] + (1 - beta) * grad
      this.weightsB[k] += this.config.learning_rate * this.momentumV[k]
    })
    this.updates += 1
    this.totalResidual += Math.abs(residual)
    // reference 5.4: max_weight is taken before the EWMA smoothing
    this.maxWeight = this.weightsB.reduce((max, w) => Math.max(max, Math.abs(w)), 0)
    if (before) {
      const alpha = this.ewmaAlpha
      // reference 5.4: the whole matrix is smoothed, the momentum buffer is not
      this.weightsB.forEach((w, k) => { this.weightsB[k] = alpha * w + (1 - alpha) * before[k] })
    }
    this.adaptLambda(Math.abs(residual))
  }

  /** Applies λ_eff·g to `x` with fragility scaling, circuit breaker and max_correction clamp (reference 5.4). */
  applyGravityCorrection(x: number, s: Readonly<Record<string, number>>): { correction: number; corrected: number } {
    if (!this.config.symbolic_enabled) return { correction: 0, corrected: x }
    let g = this.gravity(s)
    let lambdaEff = this.lambda
    if (this.config.enable_adaptive_lambda) {
      this.fragility = this.computeFragility(g)
      lambdaEff = this.lambda * Math.max(MIN_LAMBDA_SCALE_FACTOR, 1 - this.fragility)
      this.effectiveLambda = lambdaEff
    }
    const breaker = this.config.circuit_breaker_threshold
    if (Math.abs(g) > breaker) {
      this.circuitBreakerTrips += 1
      g = breaker * sign(g)
      lambdaEff *= CIRCUIT_BREAKER_LAMBDA_REDUCTION
    }
    let correction = lambdaEff * g
    const maxCorrection = this.config.max_correction
    if (maxCorrection > 0 && Math.abs(correction) > maxCorrection) correction = maxCorrection * sign(correction)
    this.totalCorrection += Math.abs(correction)
    this.lastCorrection = correction
    this.lastGravityValue = g
    this.correctionEfficiency = Math.min(1, Math.abs(correction) / Math.max(MIN_MAGNITUDE, Math.abs(g)))
    return { correction, corrected: x + correction }
  }

  /** Learns from y − x (if asked), corrects x, and flags review when gravity explains too much variance (reference 5.4). */
  processAndCorrect(x: number, y: number, s: Readonly<Record<string, number>>, updateWeights = true): { corrected: number; reviewFlag: boolean } {
    const causalResidual = y - x
    if (updateWeights) this.updateImpactMatrix(causalResidual, s)
    const { corrected } = this.applyGravityCorrection(x, s)
    if (!this.config.enable_shadow_model_trigger) return { corrected, reviewFlag: false }
    const size = this.config.shadow_model_window_size
    pushBounded(this.causalResiduals, causalResidual, size)
    pushBounded(this.gravityResiduals, y - corrected, size)
    this.shadowSamples += 1
    if (this.causalResiduals.length < this.config.shadow_model_min_trigger_samples) return { corrected, reviewFlag: false }
    const causalVariance = numpyVariance(this.causalResiduals)
    const gravityVariance = numpyVariance(this.gravityResiduals)
    const varianceExplained = causalVariance < this.config.shadow_model_min_causal_variance ? 0 : 1 - gravityVariance / causalVariance
    if (!(varianceExplained > this.config.shadow_model_variance_threshold)) return { corrected, reviewFlag: false }
    this.shadowTrigger = {
      variance_explained: varianceExplained,
      causal_variance: causalVariance,
      gravity_variance: gravityVariance,
      sample: this.shadowSamples,
    }
    return { corrected, reviewFlag: true }
  }

  /** Zeroes weights below weight_pruning_threshold when pruning is on and the RMS weight exceeds fragility_threshold (reference 5.4). */
  pruneWeights(): void {
    if (!this.config.enable_weight_pruning || !(this.rmsWeight() > this.config.fragility_threshold)) return
    this.weightsB.forEach((w, k) => {
      if (w !== 0 && Math.abs(w) < this.config.weight_pruning_threshold) {
        this.weightsB[k] = 0
        this.prunedWeights += 1
      }
    })
  }

  /** The root mean square of the impact matrix, without the original's pruning side effect. */
  rmsWeight(): number {
    const n = this.weightsB.length
    if (n >= 8) return Math.sqrt(numpyMean(this.weightsB.map((w) => w * w)))
    // numpySum's short path (a plain sum from −0), without building the list of squares
    let sum = -0
    for (let k = 0; k < n; k++) sum += this.weightsB[k] * this.weightsB[k]
    return Math.sqrt(sum / n)
  }

  /** The `n` largest contributors of the last gravity value, or the largest weights before any gravity (reference 5.4). */
  topContributors(n = 5): GravityContributor[] {
    // The original ranks by weight until gravity has been computed once; the weight then stands in as the contribution.
    const ranked = this.lastContributors ?? this.pillarNames.map((pillar, k) => ({ pillar, weight: this.weightsB[k], contribution: this.weightsB[k] }))
    return [...ranked].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, n)
  }

  /** The engine's health status with warnings and recommendations (reference 5.4 check_health). */
  checkHealth(): HealthReport {
    return assessHealth({
      maxWeight: this.maxWeight,
      rmsWeight: this.rmsWeight(),
      circuitBreakerTrips: this.circuitBreakerTrips,
      fragility: this.fragility,
      updates: this.updates,
      correctionEfficiency: this.correctionEfficiency,
    })
  }

  /** The impact weights by pillar. */
  weights(): Record<string, number> {
    const out: Record<string, number> = {}
    for (let k = 0; k < this.pillarNames.length; k++) out[this.pillarNames[k]] = this.weightsB[k]
    return out
  }

  /** The momentum buffer by pillar. */
  momentumBuffer(): Record<string, number> {
    return Object.fromEntries(this.pillarNames.map((pillar, k) => [pillar, this.momentumV[k]]))
  }

  /** A JSON-safe snapshot of the engine's statistics; reading it changes nothing. */
  stats(): GravityStats {
    const rmsWeight = this.rmsWeight()
    const health = assessHealth({
      maxWeight: this.maxWeight,
      rmsWeight,
      circuitBreakerTrips: this.circuitBreakerTrips,
      fragility: this.fragility,
      updates: this.updates,
      correctionEfficiency: this.correctionEfficiency,
    })
    let activeWeights = 0
    for (const w of this.weightsB) if (Math.abs(w) >= ACTIVE_WEIGHT_THRESHOLD) activeWeights++
    const topContributors: Record<string, number> = {}
    for (const c of this.topContributors()) topContributors[c.pillar] = c.contribution
    return {
      updates: this.updates,
      mean_abs_residual: this.updates > 0 ? this.totalResidual / this.updates : 0,
      // reference 5.4: both means divide by the number of updates, not of corrections
      mean_abs_correction: this.updates > 0 ? this.totalCorrection / this.updates : 0,
      rms_weight: rmsWeight,
      max_weight: this.maxWeight,
      active_weights: activeWeights,
      circuit_breaker_trips: this.circuitBreakerTrips,
      lambda: this.lambda,
      effective_lambda: this.effectiveLambda,
      fragility: this.fragility,
      last_correction: this.lastCorrection,
      last_gravity_value: this.lastGravityValue,
      correction_efficiency: this.correctionEfficiency,
      adaptive_lambda_adjustments: this.lambdaAdjustments,
      pruned_weights: this.prunedWeights,
      weights: this.weights(),
      top_contributors: topContributors,
      health_status: health.status,
      health_warnings: health.warnings,
      shadow_model_trigger: this.shadowTrigger === null ? null : { ...this.shadowTrigger },
    }
  }

  // reference 5.4: fragility mixes RMS weight, correction volatility and breaker history
  private computeFragility(g: number): number {
    const rmsFactor = Math.min(1, this.rmsWeight() / this.config.fragility_threshold)
    // reference 12 row 14: the original prunes inside this RMS read, after g was computed
    this.pruneWeights()
    const previous = this.lastCorrection
    const volatility = Math.abs(g - previous) / Math.max(MIN_MAGNITUDE, Math.abs(g) + Math.abs(previous))
    const breakerFactor = Math.min(1, this.circuitBreakerTrips / MAX_CIRCUIT_BREAKER_TRIPS)
    return Math.min(1, FRAGILITY_RMS_WEIGHT * rmsFactor + FRAGILITY_VOLATILITY_WEIGHT * volatility + FRAGILITY_BREAKER_WEIGHT * breakerFactor)
  }

  // reference 5.4: adaptive λ moves only once the residual window is full, and counts only real changes
  private adaptLambda(residualMagnitude: number): void {
    if (!this.config.enable_adaptive_lambda) return
    const size = this.config.adaptive_lambda_window_size
    pushBounded(this.recentResiduals, residualMagnitude, size)
    if (this.recentResiduals.length < size) return
    const mean = numpyMean(this.recentResiduals)
    let next: number
    if (mean > this.config.adaptive_lambda_residual_threshold_high) next = this.lambda * this.config.adaptive_lambda_increase_factor
    else if (mean < this.config.adaptive_lambda_residual_threshold_low) next = this.lambda * this.config.adaptive_lambda_decrease_factor
    else return
    this.lambda = Math.min(Math.max(next, this.config.adaptive_lambda_min), this.config.adaptive_lambda_max)
    this.lambdaAdjustments += 1
  }
}
