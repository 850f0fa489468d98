import { z } from 'zod'
import { closestName } from '../did-you-mean'
import { RunConfig } from '../run-config'

/** What a factor path points at in RunConfig: a number (maybe whole), or a switch (boolean or enum). */
export interface FactorField {
  kind: 'number' | 'integer' | 'boolean' | 'enum'
  /** The field's own schema (defaults and optionals unwrapped): what every value set there must pass. */
  schema: z.ZodType
}

export type FactorFieldResult = { ok: true; field: FactorField } | { ok: false; message: string }

/**
 * Resolves a dotted factor path (`gravity.lambda`, `variables.energy_price_index`,
 * `state_overrides._dynamic_overlays.dread`) against the RunConfig schema. Record segments take any name their
 * key schema accepts, so names containing a dot cannot be factors.
 */
export function resolveFactorPath(path: string): FactorFieldResult {
  const segments = path.split('.')
  if (segments[0] === 'seed') {
    return { ok: false, message: "each run's seed is derived from (batch seed, point, replicate); it cannot be a factor (use replications)" }
  }
  let schema: z.ZodType = RunConfig
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k]
    const here = segments.slice(0, k).join('.')
    schema = unwrap(schema)
    if (segment === '') return { ok: false, message: 'a factor path is field names joined by dots, with none empty' }
    if (schema instanceof z.ZodObject) {
      const shape = schema.shape as Record<string, z.ZodType>
      if (!Object.hasOwn(shape, segment)) {
        const guess = closestName(segment, Object.keys(shape))
        const hint = guess ? `did you mean "${guess}"?` : `fields: ${Object.keys(shape).join(', ')}`
        return { ok: false, message: `unknown field "${segment}"${here ? ` in ${here}` : ''} (${hint})` }
      }
      schema = shape[segment]
    } else if (schema instanceof z.ZodRecord) {
      if (!z.safeParse(schema.keyType, segment).success) return { ok: false, message: `"${segment}" is not a valid name in ${here}` }
      schema = schema.valueType as z.ZodType
    } else {
      return { ok: false, message: `${here} is ${describe(schema)}, it has no field "${segment}"` }
    }
  }
  const leaf = unwrap(schema)
  if (leaf instanceof z.ZodNumber) return { ok: true, field: { kind: leaf.isInt ? 'integer' : 'number', schema: leaf } }
  if (leaf instanceof z.ZodBoolean) return { ok: true, field: { kind: 'boolean', schema: leaf } }
  if (leaf instanceof z.ZodEnum) return { ok: true, field: { kind: 'enum', schema: leaf } }
  if (leaf instanceof z.ZodObject || leaf instanceof z.ZodRecord) {
    return { ok: false, message: `${path} is a group of fields; a factor names one number or switch inside it (e.g. ${path}.<name>)` }
  }
  return { ok: false, message: `${path} is ${describe(leaf)}; a factor sets a number or a switch (true/false, or one of a set of names)` }
}

/** Sets `value` at a dotted path in a plain nested object, creating the objects on the way. */
export function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.')
  let node = target
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment]
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>
    else node = node[segment] = {}
  }
  node[segments[segments.length - 1]] = value
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType
  return s
}

function describe(schema: z.ZodType): string {
  if (schema instanceof z.ZodArray) return 'a list'
  if (schema instanceof z.ZodString) return 'text'
  if (schema instanceof z.ZodNumber) return 'a number'
  if (schema instanceof z.ZodBoolean) return 'a switch'
  return 'not a number or switch'
}
