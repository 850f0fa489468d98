import { z } from 'zod'
import { MAX_SOBOL_DIMENSIONS } from '../../engine/sensitivity/sobol-sequence'
import { problemsFromZod } from '../problems'
import { resolveFactorPath, type FactorField } from './factor-path'
import { FactorSpec, compileFactor, formatCount, levelCount, type FactorValue } from './factor-spec'

/**
 * Most runs one design may expand to, points × replications: checked when the batch file is read, before anything
 * runs. At the lab's few milliseconds a run this is hours of work on every core; more belongs in several batches.
 */
export const MAX_DESIGN_RUNS = 10_000_000
/** Most factors in one design (a saltelli design of d factors draws a 2d-dimensional Sobol' sequence). */
export const MAX_FACTORS = Math.floor(MAX_SOBOL_DIMENSIONS / 2)
/** Morris grid levels when `levels` is not given: the usual choice with r ≈ 10–50 (Saltelli et al. 2008, §3.3). */
export const DEFAULT_MORRIS_LEVELS = 4

export const DESIGN_KINDS = ['configs', 'grid', 'zip', 'random', 'lhs', 'sobol', 'saltelli', 'morris'] as const
export type DesignKind = (typeof DESIGN_KINDS)[number]

/** Kinds that draw points in the unit cube and map them through each factor's quantile function. */
const SAMPLING_KINDS: readonly DesignKind[] = ['random', 'lhs', 'sobol', 'saltelli', 'morris']
/** Which optional keys each kind takes; a key given to another kind is an error, not silently ignored. */
const KEYS_BY_KIND: Record<'n' | 'r' | 'levels' | 'scramble' | 'seed', readonly DesignKind[]> = {
  n: ['random', 'lhs', 'sobol', 'saltelli'],
  r: ['morris'],
  levels: ['morris'],
  scramble: ['sobol', 'saltelli'],
  seed: SAMPLING_KINDS,
}
const REQUIRED: Partial<Record<DesignKind, { key: 'n' | 'r'; what: string }>> = {
  random: { key: 'n', what: 'the number of samples' },
  lhs: { key: 'n', what: 'the number of samples (and of bins per factor)' },
  sobol: { key: 'n', what: 'the number of points; a power of two keeps the balance' },
  saltelli: { key: 'n', what: 'the number of base rows; each costs factors + 2 runs' },
  morris: { key: 'r', what: 'the number of trajectories' },
}

const uint32 = z.int().min(0).max(0xffffffff)
const count = (what: string) => z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_DESIGN_RUNS).optional()
  .meta({ description: what })

const DesignFields = z.strictObject({
  kind: z.enum(DESIGN_KINDS).meta({
    description: 'configs: the batch\'s configs list; grid: every combination of levels (last factor fastest); zip: level i of every factor together; '
      + 'random: n Monte Carlo samples; lhs: n-point Latin hypercube; sobol: first n points of a Sobol\' sequence; '
      + 'saltelli: n base rows of d + 2 points each, for Sobol\' indices; morris: r trajectories of d + 1 points, for Morris screening',
  }),
  factors: z.record(z.string(), FactorSpec).optional()
    .meta({ description: 'config field path → levels or distribution, e.g. "state_overrides.hope", "variables.energy_price_index", "gravity.enabled"; key order is factor order' }),
  n: count('random, lhs, sobol: samples; saltelli: base rows'),
  r: z.int('must be a whole number').min(2, 'must be at least 2 (sigma needs two effects per factor)').max(MAX_DESIGN_RUNS).optional()
    .meta({ description: 'morris: trajectories' }),
  levels: z.int('must be a whole number').min(2, 'must be at least 2').max(1000, 'must be at most 1000').optional()
    .meta({ description: `morris: grid levels p (even; Δ = p/(2(p − 1))); default ${DEFAULT_MORRIS_LEVELS}` }),
  scramble: z.boolean().optional()
    .meta({ description: 'sobol, saltelli: scramble the sequence (default true); unscrambled starts at the origin' }),
  seed: uint32.optional()
    .meta({ description: 'seed of the design\'s own draws (sampling kinds); default: the batch seed. Run seeds still derive from the batch seed' }),
  replications: z.int('must be a whole number').min(1, 'must be at least 1').max(MAX_DESIGN_RUNS).default(1)
    .meta({ description: 'runs per point, each with its own seed deriveSeed(batch seed, point, replicate)' }),
})

/** An experiment design: which config fields vary, how, and how often each point runs. */
export const Design = DesignFields.superRefine(checkDesign).meta({
  id: 'Design',
  description: 'an experiment design: points from factors (or the configs list), each run `replications` times on top of defaults',
})

export type Design = z.output<typeof Design>
export type DesignInput = z.input<typeof Design>

/** Design points: configs, level combinations or samples. `configsCount` is needed for a configs design. */
export function countPoints(design: Design, configsCount?: number): number {
  const d = Object.keys(design.factors ?? {}).length
  switch (design.kind) {
    case 'configs':
      if (configsCount === undefined) throw new RangeError('a configs design needs the number of configs')
      return configsCount
    case 'grid':
      return Object.values(design.factors ?? {}).reduce((product, spec) => product * (levelCount(spec) ?? NaN), 1)
    case 'zip':
      return levelCount(Object.values(design.factors ?? {})[0]) ?? NaN
    case 'random':
    case 'lhs':
    case 'sobol':
      return design.n!
    case 'saltelli':
      return design.n! * (d + 2)
    case 'morris':
      return design.r! * (d + 1)
  }
}

/** Runs a design expands to: points × replications. */
export function countRuns(design: Design, configsCount?: number): number {
  return countPoints(design, configsCount) * design.replications
}

/** The cap message, or null when the count is within MAX_DESIGN_RUNS. */
export function runCapProblem(design: Design, configsCount?: number): string | null {
  const runs = countRuns(design, configsCount)
  if (runs <= MAX_DESIGN_RUNS) return null
  const points = countPoints(design, configsCount)
  const breakdown = design.replications > 1 ? ` (${formatCount(points)} points × ${design.replications} replications)` : ''
  return `expands to ${formatCount(runs)} runs${breakdown}; the maximum is ${formatCount(MAX_DESIGN_RUNS)}: split it into several batches`
}

function checkDesign(design: z.output<typeof DesignFields>, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const { kind } = design
  for (const [key, kinds] of Object.entries(KEYS_BY_KIND) as [keyof typeof KEYS_BY_KIND, readonly DesignKind[]][]) {
    if (design[key] !== undefined && !kinds.includes(kind)) issue([key], `a ${kind} design does not take ${key} (it is for ${kinds.join(', ')})`)
  }
  const required = REQUIRED[kind]
  const missing = required !== undefined && design[required.key] === undefined
  if (missing) issue([required.key], `is required for a ${kind} design: ${required.what}`)
  if (kind === 'morris' && design.levels !== undefined && design.levels % 2 !== 0) {
    issue(['levels'], 'must be even (Δ = p/(2(p − 1)) lands on the grid only for even p)')
  }

  const factors = Object.entries(design.factors ?? {})
  if (kind === 'configs') {
    if (design.factors !== undefined) issue(['factors'], 'a configs design takes its points from configs; use another kind to vary factors')
    return
  }
  if (design.factors === undefined) return issue(['factors'], `is required for a ${kind} design`)
  if (factors.length === 0) return issue(['factors'], 'must name at least one factor')
  if (factors.length > MAX_FACTORS) return issue(['factors'], `has ${factors.length} factors; the maximum is ${MAX_FACTORS}`)

  // Zod runs this refinement even when a factor has failed its own checks (a zero step, two kinds): those are
  // reported already, and enumerating such a factor's levels could take forever.
  if (!factors.every(([, spec]) => FactorSpec.safeParse(spec).success)) return
  let ok = true
  for (const [path, spec] of factors) {
    const problem = checkFactor(path, spec, kind)
    if (problem) {
      issue(['factors', path, ...problem.path], problem.message)
      ok = false
    }
  }
  if (!ok) return
  if (kind === 'zip') {
    const counts = factors.map(([path, spec]) => `${path} has ${levelCount(spec)}`)
    if (new Set(factors.map(([, spec]) => levelCount(spec))).size > 1) {
      return issue(['factors'], `a zip design needs the same number of levels in every factor (${counts.join(', ')})`)
    }
  }
  const cap = missing ? null : runCapProblem(design)
  if (cap) issue([], cap)
}

/** The first problem with one factor: its path, its kind against the field, and its levels or bounds against the field's schema. */
function checkFactor(path: string, spec: FactorSpec, kind: DesignKind): { path: PropertyKey[]; message: string } | null {
  const resolved = resolveFactorPath(path)
  if (!resolved.ok) return { path: [], message: resolved.message }
  const { field } = resolved
  const continuous = levelCount(spec) === null
  if ((field.kind === 'boolean' || field.kind === 'enum') && !spec.values) {
    const example = field.kind === 'boolean' ? '[true, false]' : JSON.stringify((field.schema as z.ZodEnum).options)
    return { path: [], message: `${path} is a switch: give its values, e.g. { "values": ${example} }` }
  }
  if (continuous && (kind === 'grid' || kind === 'zip')) {
    return { path: [], message: `a ${kind} design needs levels (values, range or linspace); uniform and normal need a sampling design (${SAMPLING_KINDS.join(', ')})` }
  }
  if (continuous && field.kind === 'integer' && !spec.integer) {
    return { path: [], message: `${path} is a whole number: add "integer": true to draw whole numbers` }
  }
  if (spec.values) {
    for (const [i, v] of spec.values.entries()) {
      const message = valueProblem(field, v)
      if (message) return { path: ['values', i], message }
    }
  } else if (spec.range || spec.linspace) {
    const factor = compileFactor(path, spec)
    for (let level = 0; level < factor.levelCount!; level++) {
      const v = factor.levelAt(level)
      const message = valueProblem(field, v)
      if (message) return { path: [spec.range ? 'range' : 'linspace'], message: `level ${level} (${String(v)}): ${message}` }
    }
  } else if (spec.uniform) {
    // Every constraint a RunConfig number has is an interval or wholeness, so the two ends decide.
    const ends = spec.integer ? [Math.ceil(spec.uniform[0]), Math.floor(spec.uniform[1])] : spec.uniform
    for (const [i, v] of ends.entries()) {
      const message = valueProblem(field, v)
      if (message) return { path: ['uniform', i], message: spec.integer ? `${v}: ${message}` : message }
    }
  } else if (spec.clamp) {
    const ends = spec.integer ? spec.clamp.map(Math.round) : spec.clamp
    for (const [i, v] of ends.entries()) {
      const message = valueProblem(field, v)
      if (message) return { path: ['clamp', i], message: spec.integer ? `${v}: ${message}` : message }
    }
  } else {
    const message = valueProblem(field, -Number.MAX_VALUE) ?? valueProblem(field, Number.MAX_VALUE)
    if (message) return { path: ['normal'], message: `normal draws are unbounded, and ${path} rejects some (${message}): add "clamp": [low, high]` }
  }
  return null
}

function valueProblem(field: FactorField, value: FactorValue): string | null {
  const parsed = field.schema.safeParse(value, { reportInput: true })
  return parsed.success ? null : problemsFromZod(parsed.error.issues)[0].message
}
