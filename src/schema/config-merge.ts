import { problemsFromZod, type Problem } from './problems'
import { RunConfig } from './run-config'

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Deep-merges plain objects (the override wins; arrays and values are replaced, not merged): how batch defaults meet a config. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v)
  return out
}

/** Validates one config (the engine runs this too, so a bad config fails alone as an error record). */
export function validateConfig(config: unknown, index: number | null): Problem[] {
  const parsed = RunConfig.safeParse(config, { reportInput: true })
  if (parsed.success) return []
  return problemsFromZod(parsed.error.issues, { root: RunConfig }).map((p) => ({ ...p, index }))
}
