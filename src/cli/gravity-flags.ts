import { GravityConfig } from '../schema/run-config'
import { formatPath } from '../schema/problems'

/** The original CLI's gravity flags (reference 2.4): name → the gravity config field it sets. */
export const GRAVITY_NUMBER_FLAGS = {
  'gravity-lambda': 'lambda',
  'gravity-learning-rate': 'learning_rate',
  'gravity-ewma-span': 'ewma_span',
  'gravity-adaptive-lambda-min': 'adaptive_lambda_min',
  'gravity-adaptive-lambda-max': 'adaptive_lambda_max',
  'gravity-shadow-variance-threshold': 'shadow_model_variance_threshold',
} as const

export const GRAVITY_SWITCH_FLAGS = {
  'gravity-disable-adaptive-lambda': 'enable_adaptive_lambda',
  'gravity-disable-weight-pruning': 'enable_weight_pruning',
  'gravity-disable-shadow-model-trigger': 'enable_shadow_model_trigger',
} as const

export type GravityPatch = Partial<GravityConfig>

/** Builds the gravity patch every config gets from the flags; problems name the flag. */
export function gravityPatchFromFlags(values: Record<string, string | boolean | undefined>): { patch: GravityPatch; problems: string[] } {
  const patch: Record<string, unknown> = {}
  const problems: string[] = []
  // reference 2.4: --enable-residual-gravity overrides --gravity-off
  if (values['gravity-off'] && !values['enable-residual-gravity']) patch.enabled = false
  if (values['enable-residual-gravity']) patch.enabled = true
  for (const [flag, field] of Object.entries(GRAVITY_SWITCH_FLAGS)) if (values[flag]) patch[field] = false
  for (const [flag, field] of Object.entries(GRAVITY_NUMBER_FLAGS)) {
    const raw = values[flag]
    if (raw === undefined) continue
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN
    if (!Number.isFinite(n)) problems.push(`--${flag}: expected a number, got ${JSON.stringify(raw)}`)
    else patch[field] = n
  }
  const checked = GravityConfig.partial().safeParse(patch)
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = formatPath(issue.path)
      const flag = Object.entries(GRAVITY_NUMBER_FLAGS).find(([, f]) => f === field)?.[0]
      problems.push(`${flag ? `--${flag}` : field}: ${issue.message}`)
    }
  }
  return { patch: patch as GravityPatch, problems }
}

/** Applies the patch over a config's own gravity block, so the echoed config replays exactly. */
export function applyGravityPatch(config: unknown, patch: GravityPatch): unknown {
  if (Object.keys(patch).length === 0 || typeof config !== 'object' || config === null || Array.isArray(config)) return config
  const own = (config as { gravity?: unknown }).gravity
  const gravity = typeof own === 'object' && own !== null && !Array.isArray(own) ? { ...own, ...patch } : { ...patch }
  return { ...config, gravity }
}
