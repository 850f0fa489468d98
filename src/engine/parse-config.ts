import { RunConfig } from '../schema/run-config'
import { formatProblem, problemsFromZod } from '../schema/problems'

/** A run config checked against the schema: the config with its defaults filled in, or the problems in one line. */
export type ParsedRunConfig = { ok: true; config: RunConfig } | { ok: false; message: string }

const FIELDS = RunConfig.shape
// The config's keys in the schema's order, which is the order zod writes them in.
const KEYS = Object.keys(FIELDS) as (keyof typeof FIELDS)[]
const KNOWN: ReadonlySet<string> = new Set(KEYS)
// What zod gives an absent key: its default (computed once here, copied per run); optional keys are missing.
const DEFAULTS: Readonly<Record<string, unknown>> = RunConfig.parse({})
// The keys of each default object whose values are objects in turn: they need copies of their own.
const NESTED: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(DEFAULTS).map(([key, value]) =>
  [key, isObject(value) ? Object.keys(value).filter((k) => isObject((value as Record<string, unknown>)[k])) : []]))

/**
 * Validates one raw config as `runOne` does; the message lists every problem, as the CLI prints them. A plain
 * config is checked field by field with the schema's own field schemas and gets copies of the defaults, which is
 * what RunConfig does for it, minus rebuilding the gravity and shadow defaults per run; anything else (and every
 * invalid config, for its message) goes through RunConfig itself. A test pins both paths to the same output.
 */
export function parseRunConfig(raw: unknown): ParsedRunConfig {
  const config = parseFieldByField(raw)
  if (config) return { ok: true, config }
  const parsed = RunConfig.safeParse(raw, { reportInput: true })
  if (parsed.success) return { ok: true, config: parsed.data }
  return { ok: false, message: problemsFromZod(parsed.error.issues, { root: RunConfig }).map(formatProblem).join('; ') }
}

// zod's strict object on a plain object: every key known, present keys parsed by their field's schema, absent ones
// defaulted or left out, all in schema order. Null means "ask RunConfig" (an unusual object or a problem somewhere).
function parseFieldByField(raw: unknown): RunConfig | null {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return null
  const input = raw as Record<string, unknown>
  // An undefined value is present to zod's `in` check, with rules of its own: leave it to RunConfig.
  for (const key in input) if (!KNOWN.has(key) || input[key] === undefined) return null
  const out: Record<string, unknown> = {}
  for (const key of KEYS) {
    if (Object.hasOwn(input, key)) {
      const field = FIELDS[key].safeParse(input[key])
      if (!field.success) return null
      out[key] = field.data
    } else if (Object.hasOwn(DEFAULTS, key)) {
      out[key] = copyDefault(key)
    }
  }
  return out as RunConfig
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

// A fresh copy of a default, so no run can reach another's: a spread of the top level (V8's fastest copy), then
// copies of the nested objects.
function copyDefault(key: string): unknown {
  const value = DEFAULTS[key]
  if (!isObject(value)) return value
  if (Array.isArray(value)) return copyData(value)
  const copy: Record<string, unknown> = { ...value }
  for (const nested of NESTED[key]) copy[nested] = copyData(copy[nested])
  return copy
}

// A fresh copy of plain data.
function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key in value) out[key] = copyData((value as Record<string, unknown>)[key])
  return out
}
