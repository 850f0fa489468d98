import { z } from 'zod'

/** The five core overlays, in the original's order (reference 3.2). */
export const CORE_OVERLAYS = ['hope', 'despair', 'rage', 'fatigue', 'trust'] as const
export type CoreOverlay = (typeof CORE_OVERLAYS)[number]

/** The named capital assets with their defaults (reference 3.3). */
export const DEFAULT_CAPITAL = { nvda: 0, msft: 0, ibit: 0, spy: 0, cash: 100000 } as const

/** The eight variable names the original's gravity fabric corrects (reference 5.3). */
export const ORIGINAL_ACTIVE_VARIABLES = [
  'market_price', 'volatility', 'interest_rate', 'inflation', 'sentiment', 'liquidity', 'volume', 'momentum',
] as const

/** Upper bound on `turns`: keeps a shared config from tying up a worker for hours. */
export const MAX_TURNS = 10_000
export const MAX_NAME_LENGTH = 200
export const MAX_NOTES_LENGTH = 10_000

const overlayValue = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1')
const uint32 = z.int().min(0).max(0xffffffff)
// names become object keys: these three would reach the prototype instead of the record
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype'])
const variableName = z.string().min(1).max(100).refine((name) => !RESERVED_NAMES.has(name), 'is a reserved name')
const unitInterval = z.number().min(0).max(1)

export const StateOverrides = z.strictObject({
  hope: overlayValue.optional(),
  despair: overlayValue.optional(),
  rage: overlayValue.optional(),
  fatigue: overlayValue.optional(),
  trust: overlayValue.optional(),
  _dynamic_overlays: z.record(variableName, overlayValue).optional()
    .meta({ description: 'extra ("dynamic") overlays by name, each in [0, 1]' }),
}).meta({ id: 'StateOverrides', description: 'starting overlay values; missing ones default to 0.5' })

const Rule = (threshold: number, effect: number) => z.strictObject({
  enabled: z.boolean().default(true),
  threshold: z.number().default(threshold).meta({ description: 'the condition fires when the variable is above this' }),
  effect_size: z.number().default(effect).meta({ description: 'how much the effect moves its variable' }),
})

export const RuleParameters = z.strictObject({
  R001_EnergySpike: Rule(0.4, 0.01).default({ enabled: true, threshold: 0.4, effect_size: 0.01 })
    .meta({ description: 'energy_price_index > threshold ⇒ inflation_index += effect_size' }),
  R002_TrustRebound: Rule(0.65, 0.02).default({ enabled: true, threshold: 0.65, effect_size: 0.02 })
    .meta({ description: 'public_trust_level > threshold ⇒ ai_policy_risk = max(0, ai_policy_risk − effect_size)' }),
}).meta({ id: 'RuleParameters' })

/** Residual gravity: every field of reference 5.1 and the CLI flags of 2.4, in one config type. */
export const GravityConfig = z.strictObject({
  enabled: z.boolean().default(true).meta({ description: 'run the gravity step at all (--gravity-off)' }),
  symbolic_enabled: z.boolean().default(true)
    .meta({ description: 'apply corrections (the original hard-wired this off; with zero weights the correction is zero anyway)' }),
  lambda: z.number().min(0).max(1).default(0.25),
  regularization: z.number().min(0).default(1e-3),
  learning_rate: z.number().min(0).default(1e-2),
  momentum: z.number().min(0).max(1).default(0.9),
  circuit_breaker_threshold: z.number().positive().default(5),
  max_correction: z.number().min(0).default(0.5),
  enable_adaptive_lambda: z.boolean().default(true),
  adaptive_lambda_min: z.number().min(0).default(0.01),
  adaptive_lambda_max: z.number().min(0).default(1),
  adaptive_lambda_window_size: z.int().min(1).max(10_000).default(20),
  adaptive_lambda_residual_threshold_high: z.number().default(0.5),
  adaptive_lambda_residual_threshold_low: z.number().default(0.1),
  adaptive_lambda_increase_factor: z.number().positive().default(1.05),
  adaptive_lambda_decrease_factor: z.number().positive().default(0.95),
  enable_weight_pruning: z.boolean().default(true),
  weight_pruning_threshold: z.number().min(0).default(1e-4),
  fragility_threshold: z.number().positive().default(3),
  ewma_span: z.number().min(0).default(30),
  enable_shadow_model_trigger: z.boolean().default(true),
  shadow_model_variance_threshold: z.number().default(0.3),
  shadow_model_window_size: z.int().min(1).max(100_000).default(100),
  shadow_model_min_trigger_samples: z.int().min(1).default(30),
  shadow_model_min_causal_variance: z.number().min(0).default(1e-6),
  pillar_decay_rate: z.number().min(0).max(1).default(0.01),
  interaction_strength: z.number().default(0.1),
  active_variables: z.array(variableName).nullable().default(null)
    .meta({ description: 'variables gravity corrects; null = the original eight plus every observed variable' }),
  initial_weights: z.record(variableName, z.number()).optional()
    .meta({ description: 'starting impact weights per pillar (hope, despair, rage, fatigue, trust)' }),
}).meta({ id: 'GravityConfig', description: 'residual gravity (reference 5.4); every CLI gravity flag sets one of these' })

/** The per-run shadow model monitor (reference 6). */
export const ShadowConfig = z.strictObject({
  enabled: z.boolean().default(true),
  threshold_variance_explained: z.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1').default(0.35),
  window_steps: z.int().min(1).max(100_000).default(10),
  critical_variables: z.array(variableName).nullable().default(null)
    .meta({ description: 'null = the variables gravity corrects' }),
}).meta({ id: 'ShadowConfig', description: 'the per-run shadow model monitor (reference 6)' })

export const ForecastConfig = z.strictObject({
  model_seed: uint32.default(1).meta({ description: 'seed of the LSTM adjustment model weights' }),
}).meta({ id: 'ForecastConfig' })

const series = (value: z.ZodNumber) => z.array(value).min(1).max(MAX_TURNS)
export const Observations = z.strictObject({
  overlays: z.partialRecord(z.enum(CORE_OVERLAYS), series(overlayValue)).optional(),
  variables: z.record(variableName, series(z.number())).optional(),
  capital: z.record(variableName, series(z.number().min(0))).optional(),
}).meta({ id: 'Observations', description: 'observed values per turn (index 0 = turn 1); injected before each turn, and gravity learns from the residuals' })

export const Shocks = z.strictObject({
  overlays: z.number().min(0).max(1).optional()
    .meta({ description: 'standard deviation of the Gaussian shock added to every overlay each turn (then clamped to [0, 1])' }),
  variables: z.record(variableName, z.number().min(0)).optional()
    .meta({ description: 'standard deviation of the Gaussian shock added to each named variable each turn' }),
}).meta({ id: 'Shocks', description: 'per-turn random shocks drawn from the run’s seeded PRNG, so replications differ; off by default' })

/** One simulation: what the original's config dict held, plus every engine switch, validated strictly. */
export const RunConfig = z.strictObject({
  name: z.string().max(MAX_NAME_LENGTH).optional(),
  notes: z.string().max(MAX_NOTES_LENGTH).optional(),
  state_overrides: StateOverrides.default({}),
  variables: z.record(variableName, z.number()).default({}),
  capital: z.record(variableName, z.number().min(0, 'must be ≥ 0')).default({}),
  turns: z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_TURNS, `must be at most ${MAX_TURNS}`).default(1),
  use_symbolism: z.boolean().default(true),
  seed: uint32.optional().meta({ description: 'this run’s seed; by default derived from the batch seed and the run index' }),
  record: z.enum(['summary', 'full']).default('summary'),
  decay_rate: unitInterval.default(0.01).meta({ description: 'overlay decay per turn, toward 0' }),
  rules: RuleParameters.default({
    R001_EnergySpike: { enabled: true, threshold: 0.4, effect_size: 0.01 },
    R002_TrustRebound: { enabled: true, threshold: 0.65, effect_size: 0.02 },
  }),
  gravity: GravityConfig.default(() => GravityConfig.parse({})),
  shadow: ShadowConfig.default(() => ShadowConfig.parse({})),
  forecast: ForecastConfig.default({ model_seed: 1 }),
  observations: Observations.optional(),
  shocks: Shocks.optional(),
}).meta({ id: 'RunConfig', description: 'one simulation run' })

/** A run config as written by a person (defaults optional). */
export type RunConfigInput = z.input<typeof RunConfig>
/** A run config with every default filled in: what the engine runs. */
export type RunConfig = z.output<typeof RunConfig>
export type GravityConfig = z.output<typeof GravityConfig>
export type ShadowConfig = z.output<typeof ShadowConfig>
export type RuleParameters = z.output<typeof RuleParameters>
export type Observations = z.output<typeof Observations>
