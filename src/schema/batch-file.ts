import { z } from 'zod'
import { deepMerge, validateConfig } from './config-merge'
import { countRuns, Design } from './design/design'
import { checkDesignBatch, planDesign, type DesignPlan } from './design/expand-design'
import { parseJsonText } from './json-text'
import { formatPath, type Problem, problemsFromZod } from './problems'
import { RunConfig, type RunConfigInput } from './run-config'

/** Upper bound on configs in one batch file: a shared file cannot queue unbounded work. */
export const MAX_CONFIGS = 1_000_000

const uint32 = z.int().min(0).max(0xffffffff)

/** The lab's batch file: a seed, shared defaults, and the configs or a design (the original's plain list is also accepted). */
export const BatchObject = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().max(200).optional(),
  notes: z.string().max(10_000).optional(),
  seed: uint32.default(0).meta({ description: 'batch seed: each run’s seed is derived from it, the design point and the replicate' }),
  defaults: RunConfig.optional().meta({ description: 'fields every run starts from (deep-merged, the config or design point wins)' }),
  configs: z.array(RunConfig).min(1, 'must hold at least one config').max(MAX_CONFIGS).optional()
    .meta({ description: 'explicit runs; required unless a design makes them' }),
  design: Design.optional().meta({ description: 'how runs are made from factors: grid, zip, random, lhs, sobol, saltelli, morris (or configs)' }),
})

/** Either form of batch file, for the exported JSON Schema. */
export const BatchFile = z.union([
  z.array(RunConfig).min(1).max(MAX_CONFIGS).meta({ description: 'the original’s plain list of configs' }),
  BatchObject,
]).meta({ title: 'Pulse Lab batch file' })

/** A batch ready to run: its design (a plain list is a `configs` design), defaults and configs as written, and its size. */
export interface ParsedBatch {
  name?: string
  notes?: string
  seed: number
  design: Design
  defaults?: unknown
  configs?: readonly RunConfigInput[]
  runCount: number
}

export type BatchParseResult = { ok: true; batch: ParsedBatch } | { ok: false; problems: Problem[] }

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

// a plain list of configs, or an object without a design: one run per config, as the original ran them
const CONFIGS_DESIGN: Design = Design.parse({ kind: 'configs' })

/** Validates a parsed JSON value as a batch file and lists every problem with its config index and field path. */
export function parseBatchFile(json: unknown): BatchParseResult {
  if (Array.isArray(json)) {
    if (json.length === 0) return { ok: false, problems: [{ index: null, path: '', message: 'the list of configs is empty' }] }
    if (json.length > MAX_CONFIGS) return { ok: false, problems: [{ index: null, path: '', message: `the list holds ${json.length} configs; the limit is ${MAX_CONFIGS}: use a design for more runs` }] }
    const problems = json.flatMap((config, index) => validateConfig(config, index))
    return problems.length ? { ok: false, problems } : { ok: true, batch: { seed: 0, design: CONFIGS_DESIGN, configs: json as RunConfigInput[], runCount: json.length } }
  }
  if (!isPlainObject(json)) {
    return { ok: false, problems: [{ index: null, path: '', message: `a batch file is a list of configs or an object with "configs" or "design", not ${describe(json)}` }] }
  }
  const parsed = BatchObject.safeParse(json, { reportInput: true })
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, { configsKey: 'configs', root: BatchObject }) }
  const { name, notes, seed } = parsed.data
  const configs = json.configs as RunConfigInput[] | undefined
  if (!parsed.data.design && !configs) return { ok: false, problems: [{ index: null, path: 'configs', message: 'is required (a list of configs), unless a "design" makes the runs' }] }
  const design = parsed.data.design ?? CONFIGS_DESIGN
  const batch = { seed, design, defaults: json.defaults, configs }
  const problems = checkDesignBatch(batch)
  if (problems.length) return { ok: false, problems }
  return { ok: true, batch: { name, notes, ...batch, runCount: countRuns(design, configs?.length) } }
}

/** The batch's runs, computed one at a time in any order: what the CLI and the workers run. */
export function planBatch(batch: ParsedBatch, seed = batch.seed): DesignPlan {
  return planDesign({ seed, design: batch.design, defaults: batch.defaults, configs: batch.configs })
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v
}

/** Parses and validates a batch file's text: JSON problems (with line and column) or the batch. */
export function parseBatchText(text: string, byteLength?: number): BatchParseResult {
  const json = parseJsonText(text, byteLength)
  return json.ok ? parseBatchFile(json.value) : { ok: false, problems: [json.problem] }
}

export { deepMerge, formatPath, validateConfig }
