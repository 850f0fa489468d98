import { z } from 'zod'
import { RunConfig, type RunConfigInput } from './run-config'
import { parseJsonText } from './json-text'
import { formatPath, type Problem, problemsFromZod } from './problems'

/** Upper bound on configs in one batch file: a shared file cannot queue unbounded work. */
export const MAX_CONFIGS = 1_000_000

const uint32 = z.int().min(0).max(0xffffffff)

/** The lab's batch file: a seed, shared defaults and the configs (the original's plain list is also accepted). */
export const BatchObject = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().max(200).optional(),
  notes: z.string().max(10_000).optional(),
  seed: uint32.default(0).meta({ description: 'batch seed: each run’s seed is derived from it and the run index' }),
  defaults: RunConfig.optional().meta({ description: 'fields every config starts from (deep-merged, the config wins)' }),
  configs: z.array(RunConfig).min(1, 'must hold at least one config').max(MAX_CONFIGS),
})

/** Either form of batch file, for the exported JSON Schema. */
export const BatchFile = z.union([
  z.array(RunConfig).min(1).max(MAX_CONFIGS).meta({ description: 'the original’s plain list of configs' }),
  BatchObject,
]).meta({ title: 'Pulse Lab batch file' })

/** A batch ready to run: configs as the user wrote them, with batch defaults merged in. */
export interface ParsedBatch {
  name?: string
  notes?: string
  seed: number
  configs: RunConfigInput[]
}

export type BatchParseResult = { ok: true; batch: ParsedBatch } | { ok: false; problems: Problem[] }

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Deep-merges plain objects (the override wins; arrays and values are replaced, not merged). */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v)
  return out
}

/** Validates a parsed JSON value as a batch file and lists every problem with its config index and field path. */
export function parseBatchFile(json: unknown): BatchParseResult {
  if (Array.isArray(json)) {
    if (json.length === 0) return { ok: false, problems: [{ index: null, path: '', message: 'the list of configs is empty' }] }
    const problems = json.flatMap((config, index) => validateConfig(config, index))
    return problems.length ? { ok: false, problems } : { ok: true, batch: { seed: 0, configs: json as RunConfigInput[] } }
  }
  if (!isPlainObject(json)) {
    return { ok: false, problems: [{ index: null, path: '', message: `a batch file is a list of configs or an object with "configs", not ${describe(json)}` }] }
  }
  const parsed = BatchObject.safeParse(json, { reportInput: true })
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, { configsKey: 'configs', root: BatchObject }) }
  const defaults = (json.defaults ?? {}) as Record<string, unknown>
  const configs = (json.configs as unknown[]).map((c) => deepMerge(defaults, c) as RunConfigInput)
  return { ok: true, batch: { name: parsed.data.name, notes: parsed.data.notes, seed: parsed.data.seed, configs } }
}

/** Parses and validates a batch file's text: JSON problems (with line and column) or the batch. */
export function parseBatchText(text: string, byteLength?: number): BatchParseResult {
  const json = parseJsonText(text, byteLength)
  return json.ok ? parseBatchFile(json.value) : { ok: false, problems: [json.problem] }
}

/** Validates one config (the engine runs this too, so a bad config fails alone as an error record). */
export function validateConfig(config: unknown, index: number | null): Problem[] {
  const parsed = RunConfig.safeParse(config, { reportInput: true })
  if (parsed.success) return []
  return problemsFromZod(parsed.error.issues, { root: RunConfig }).map((p) => ({ ...p, index }))
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v
}

export { formatPath }
