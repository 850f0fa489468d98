import { z } from 'zod'
import { normalQuantile } from './normal-quantile'

/** Most levels one factor may list or generate (a range or linspace is checked before it is enumerated). */
export const MAX_LEVELS = 1_000_000

/** Keys that say what a factor is; a factor has exactly one of them. */
export const FACTOR_KINDS = ['values', 'range', 'linspace', 'uniform', 'normal'] as const

export type FactorValue = number | boolean | string

/** One factor of a design: a list of levels or a distribution. */
export const FactorSpec = z.strictObject({
  values: z.array(z.union([z.number(), z.boolean(), z.string()], { error: 'must be a number, true/false or a name' }))
    .min(1, 'must hold at least one value').max(MAX_LEVELS).optional()
    .meta({ description: 'the levels as written: numbers, or true/false and names for switches (use_symbolism, record)' }),
  range: z.strictObject({ from: z.number(), to: z.number(), step: z.number().positive('must be > 0') }).optional()
    .meta({ description: 'levels from, from + step, … up to to (rounded to the decimals written, so 0.1 steps give 0.3, not 0.30000000000000004)' }),
  linspace: z.strictObject({ from: z.number(), to: z.number(), n: z.int().min(1, 'must be at least 1').max(MAX_LEVELS) }).optional()
    .meta({ description: 'n evenly spaced levels from from to to, both included' }),
  uniform: z.tuple([z.number(), z.number()]).optional()
    .meta({ description: '[a, b]: continuous uniform on [a, b]; sampling designs only' }),
  normal: z.strictObject({ mean: z.number(), sd: z.number().positive('must be > 0') }).optional()
    .meta({ description: 'normal distribution; sampling designs only; add clamp when the field is bounded' }),
  clamp: z.tuple([z.number(), z.number()]).optional()
    .meta({ description: '[low, high]: normal draws are clamped into this interval' }),
  integer: z.boolean().optional()
    .meta({ description: 'uniform: each whole number in [a, b] equally likely; normal: rounded to the nearest whole number' }),
}).superRefine((spec, ctx) => {
  const kinds = FACTOR_KINDS.filter((k) => spec[k] !== undefined)
  if (kinds.length === 0) {
    ctx.addIssue({ code: 'custom', message: `give one of ${FACTOR_KINDS.join(', ')}` })
    return
  }
  if (kinds.length > 1) {
    ctx.addIssue({ code: 'custom', message: `give only one of ${FACTOR_KINDS.join(', ')} (found ${kinds.join(' and ')})` })
    return
  }
  if (spec.clamp && !spec.normal) ctx.addIssue({ code: 'custom', path: ['clamp'], message: 'only a normal factor takes clamp' })
  if (spec.clamp && spec.clamp[1] < spec.clamp[0]) ctx.addIssue({ code: 'custom', path: ['clamp', 1], message: 'must be ≥ clamp[0]' })
  if (spec.integer !== undefined && !spec.uniform && !spec.normal) {
    ctx.addIssue({ code: 'custom', path: ['integer'], message: 'only uniform and normal factors take integer (levels are used as written)' })
  }
  if (spec.uniform) {
    const [a, b] = spec.uniform
    if (!(b > a)) ctx.addIssue({ code: 'custom', path: ['uniform', 1], message: 'must be > uniform[0]' })
    else if (spec.integer && Math.ceil(a) > Math.floor(b)) ctx.addIssue({ code: 'custom', path: ['uniform'], message: 'holds no whole number' })
  }
  if (spec.range) {
    if (spec.range.to < spec.range.from) ctx.addIssue({ code: 'custom', path: ['range', 'to'], message: 'must be ≥ range.from' })
    else if (rangeCount(spec.range) > MAX_LEVELS) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: `gives ${formatCount(rangeCount(spec.range))} levels; the maximum is ${formatCount(MAX_LEVELS)}` })
    }
  }
}).meta({
  id: 'FactorSpec',
  description: 'one factor: levels (values, range or linspace) or a distribution (uniform, or normal with optional clamp)',
  // What the refinement above enforces, said in JSON Schema so editors flag it too.
  oneOf: FACTOR_KINDS.map((kind) => ({ required: [kind] })),
  dependentRequired: { clamp: ['normal'] },
})

export type FactorSpec = z.output<typeof FactorSpec>

/** A factor ready to give values: by level (grid, zip) or from a unit-cube coordinate (sampling designs). */
export interface Factor {
  path: string
  /** Number of levels; null for a continuous distribution. */
  levelCount: number | null
  levelAt(level: number): FactorValue
  /** The factor's value at u in [0, 1]: its quantile function (levels take equal shares of [0, 1)). */
  fromUnit(u: number): FactorValue
}

/** Levels of a factor, or null for a continuous distribution. */
export function levelCount(spec: FactorSpec): number | null {
  if (spec.values) return spec.values.length
  if (spec.range) return rangeCount(spec.range)
  if (spec.linspace) return spec.linspace.n
  return null
}

// u is kept this far inside (0, 1) so the normal quantile stays finite: ±8.2 sd at most.
const U_EDGE = 2 ** -53

export function compileFactor(path: string, spec: FactorSpec): Factor {
  const count = levelCount(spec)
  if (count !== null) {
    const levelAt = discreteLevels(spec)
    return { path, levelCount: count, levelAt, fromUnit: (u) => levelAt(Math.min(count - 1, Math.floor(u * count))) }
  }
  const noLevels = () => { throw new RangeError(`${path} is a distribution and has no levels`) }
  if (spec.uniform) {
    const [a, b] = spec.uniform
    if (spec.integer) {
      const lo = Math.ceil(a)
      const span = Math.floor(b) - lo + 1
      return { path, levelCount: null, levelAt: noLevels, fromUnit: (u) => lo + Math.min(span - 1, Math.floor(u * span)) }
    }
    return { path, levelCount: null, levelAt: noLevels, fromUnit: (u) => a + (b - a) * u }
  }
  const { mean, sd } = spec.normal!
  const [low, high] = spec.clamp ?? [-Infinity, Infinity]
  return {
    path,
    levelCount: null,
    levelAt: noLevels,
    fromUnit(u) {
      const x = mean + sd * normalQuantile(Math.min(1 - U_EDGE, Math.max(U_EDGE, u)))
      const clamped = Math.min(high, Math.max(low, x))
      // + 0 turns the -0 that Math.round(-0.4) gives into 0
      return spec.integer ? Math.round(clamped) + 0 : clamped
    },
  }
}

function discreteLevels(spec: FactorSpec): (level: number) => FactorValue {
  if (spec.values) {
    const values = spec.values
    return (level) => values[level]
  }
  if (spec.range) {
    const { from, step } = spec.range
    const digits = Math.max(decimals(from), decimals(step))
    // toFixed is exactly specified by ECMAScript, so every engine rounds the same way.
    return digits <= 100 ? (level) => Number((from + level * step).toFixed(digits)) : (level) => from + level * step
  }
  const { from, to, n } = spec.linspace!
  // The last level is `to` itself, not from + (to − from), which rounding may leave a hair off.
  return (level) => (level === n - 1 && n > 1 ? to : from + ((to - from) * level) / (n - 1 || 1))
}

function rangeCount(range: { from: number; to: number; step: number }): number {
  const q = (range.to - range.from) / range.step
  // A step that divides the span up to rounding (0.3 / 0.1 = 2.9999999999999996) still reaches `to`.
  return Math.floor(q + 1e-9 * Math.max(1, q)) + 1
}

/** Decimal places of a number as JavaScript writes it (shortest round-trip form). */
function decimals(x: number): number {
  const [mantissa, exponent] = String(Math.abs(x)).split('e')
  const fraction = mantissa.split('.')[1]?.length ?? 0
  return Math.max(0, fraction - Number(exponent ?? 0))
}

/** 12500000 → "12,500,000", the same in every locale. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n >= 1e21) return n.toExponential(2)
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
