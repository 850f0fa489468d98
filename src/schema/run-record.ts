import { z } from 'zod'

const numberMap = z.record(z.string(), z.number())

/** Where a run failed: config validation, the turn loop, the forecast, the pipeline, or (in the lab) its worker. */
export const FailureStage = z.enum(['config', 'turn', 'forecast', 'pipeline', 'worker'])
export type FailureStage = z.infer<typeof FailureStage>

export const RunError = z.strictObject({ stage: FailureStage, type: z.string(), message: z.string() })

export const FiredRule = z.strictObject({
  rule_id: z.string(),
  turn: z.int(),
  symbolic_tags: z.array(z.string()),
  variables_changed: z.record(z.string(), z.strictObject({ from: z.number().nullable(), to: z.number() })),
})

export const GravityCorrection = z.strictObject({
  gravity_delta: z.number(),
  causal_delta: z.number(),
  dominant_pillars: z.array(z.strictObject({ pillar_name: z.string(), weight: z.number() })),
})

/** The comparison of a turn's end state with the observations for that turn (reference 4.1 step 3). */
export const Comparison = z.strictObject({
  turn: z.int(),
  overlay_diff: numberMap,
  variable_diff: numberMap,
  capital_diff: numberMap,
  variable_residual: numberMap.meta({ description: 'observed value minus the value carried into the turn: what gravity learnt from' }),
})

/** Trust and labels of one turn, each computed once (port-decisions 8). */
export const TurnTrust = z.strictObject({
  trust_tag: z.string(),
  arc_label: z.string(),
  prior_confidence: z.number().meta({ description: 'score before fragility is known; the alignment index uses it, as the original does' }),
  confidence: z.number(),
  fragility: z.number(),
  risk_score: z.number(),
  historical_consistency: z.number(),
  alignment_score: z.number(),
  trust_label: z.string(),
})

/** One turn of a run, recorded when the config asks for `record: "full"`. */
export const TurnRecord = z.strictObject({
  turn: z.int().min(1),
  overlays: numberMap,
  deltas: numberMap,
  variables: numberMap,
  capital: numberMap,
  fired_rules: z.array(FiredRule),
  gravity_correction_details: z.record(z.string(), GravityCorrection),
  symbolic_tag_enum: z.string().optional(),
  symbolic_label: z.string().optional(),
  ...TurnTrust.shape,
  shadow_triggers: z.array(z.string()),
  comparison: Comparison.optional(),
})

export const ShadowTrigger = z.strictObject({ variable: z.string(), step: z.int(), variance_explained: z.number() })

export const ForecastResult = z.strictObject({
  value: z.number(),
  breakdown: z.strictObject({ simulation_based: z.number(), ai_adjustment: z.number() }),
  confidence: z.number(),
  fragility: z.number(),
  fragility_label: z.string(),
  confidence_status: z.string(),
  risk_score: z.number(),
  trust_label: z.string(),
  symbolic_tag: z.string(),
  arc_label: z.string(),
  alignment_score: z.number(),
})

export const TopForecast = z.looseObject({ trace_id: z.string() })

export const PipelineSummary = z.strictObject({
  status: z.string(),
  total: z.int(),
  compressed: z.int(),
  digest: z.string().nullable(),
  top_forecasts: z.array(TopForecast),
})

export const FinalState = z.strictObject({ turn: z.int(), overlays: numberMap, capital: numberMap, variables: numberMap })

// What every record starts with, after its status: where the run sits in the batch, its seed, the engine, its config.
const RecordHead = {
  batch_index: z.int().min(0),
  point_index: z.int().min(0).meta({ description: 'the design point the run belongs to (= batch_index for a list of configs)' }),
  replicate: z.int().min(0).meta({ description: 'the replication of its point, from 0' }),
  seed: z.int().min(0),
  engine_version: z.string(),
  config: z.unknown(),
}

/** A successful run: port-decisions 4. Key order is fixed by the engine, so lines are byte-stable. */
export const SuccessRecord = z.strictObject({
  status: z.literal('complete'),
  ...RecordHead,
  final_state: FinalState,
  last_turn: z.strictObject({ symbolic_tag_enum: z.string().nullable(), symbolic_label: z.string().nullable(), ...TurnTrust.shape }),
  forecast: ForecastResult,
  pipeline: PipelineSummary,
  shadow: z.strictObject({ critical_variables: z.array(z.string()), triggers: z.array(ShadowTrigger) }),
  gravity: z.strictObject({
    enabled: z.boolean(),
    active_variables: z.array(z.string()),
    learning_updates: z.int(),
    corrections_applied: z.int(),
    note: z.string().nullable(),
    stats: z.record(z.string(), z.unknown()).nullable(),
  }),
  comparisons: z.array(Comparison).optional(),
  turns: z.array(TurnRecord).optional(),
})

/** A failed run: the batch goes on (port-decisions 4). */
export const ErrorRecord = z.strictObject({
  status: z.literal('error'),
  ...RecordHead,
  error: RunError,
})

/** One JSONL line of the lab's output. */
export const RunRecord = z.discriminatedUnion('status', [SuccessRecord, ErrorRecord])

export type SuccessRecord = z.infer<typeof SuccessRecord>
export type ErrorRecord = z.infer<typeof ErrorRecord>
export type RunRecord = z.infer<typeof RunRecord>
export type TurnRecord = z.infer<typeof TurnRecord>
export type TurnTrust = z.infer<typeof TurnTrust>
export type Comparison = z.infer<typeof Comparison>
export type FiredRule = z.infer<typeof FiredRule>
export type ShadowTrigger = z.infer<typeof ShadowTrigger>
export type ForecastResult = z.infer<typeof ForecastResult>
export type PipelineSummary = z.infer<typeof PipelineSummary>
export type RunError = z.infer<typeof RunError>
