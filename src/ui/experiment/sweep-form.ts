import { countPoints, countRuns, Design, type DesignInput, resolveFactorPath } from '../../schema/design'

/** The design kinds the Sweep panel builds (a `configs` design is the configs list itself, written by hand). */
export const SWEEP_KINDS = ['grid', 'zip', 'random', 'lhs', 'sobol', 'saltelli', 'morris'] as const
export type SweepKind = (typeof SWEEP_KINDS)[number]

/** What each kind does, in a line, for the kind picker. */
export const SWEEP_KIND_LABELS: Readonly<Record<SweepKind, string>> = {
  grid: 'grid: every combination of levels',
  zip: 'zip: level i of every factor together',
  random: 'random: n Monte Carlo samples',
  lhs: 'lhs: n-point Latin hypercube',
  sobol: 'sobol: n quasi-random points',
  saltelli: 'saltelli: Sobol’ sensitivity indices',
  morris: 'morris: elementary-effects screening',
}

/** Kinds that take `n`, and the two that give sensitivity indices; the same split as the design schema's. */
const TAKES_N: readonly SweepKind[] = ['random', 'lhs', 'sobol', 'saltelli']
const LEVELED: readonly SweepKind[] = ['grid', 'zip']

export const takesN = (kind: SweepKind): boolean => TAKES_N.includes(kind)
/** Grid and zip need levels; the sampling kinds take distributions too (levels then get equal shares of [0, 1)). */
export const needsLevels = (kind: SweepKind): boolean => LEVELED.includes(kind)

/** Numeric config fields people sweep most, grouped as the config file groups them. */
export const FACTOR_PATH_GROUPS: readonly { label: string; paths: readonly string[] }[] = [
  { label: 'Starting overlays', paths: ['state_overrides.hope', 'state_overrides.despair', 'state_overrides.rage', 'state_overrides.fatigue', 'state_overrides.trust'] },
  { label: 'Run', paths: ['turns', 'decay_rate', 'shocks.overlays'] },
  { label: 'Gravity', paths: ['gravity.lambda', 'gravity.learning_rate', 'gravity.momentum', 'gravity.regularization', 'gravity.max_correction'] },
  { label: 'Rules', paths: ['rules.R001_EnergySpike.threshold', 'rules.R001_EnergySpike.effect_size', 'rules.R002_TrustRebound.threshold', 'rules.R002_TrustRebound.effect_size'] },
]
const LISTED_PATHS = new Set(FACTOR_PATH_GROUPS.flatMap((g) => g.paths))

/** A path picked from the list, a named variable or capital asset, or any other path typed in full. */
export type PathChoice = string | 'variables' | 'capital' | 'custom'
export const NAMED_CHOICES = ['variables', 'capital'] as const

export const SPEC_KINDS = ['values', 'range', 'linspace', 'uniform', 'normal'] as const
export type SpecKind = (typeof SPEC_KINDS)[number]

/** One factor row of the form, every input as typed (text), so a half-typed number is kept as it is. */
export interface FactorDraft {
  choice: PathChoice
  /** The variable or asset name (variables, capital) or the whole path (custom). */
  name: string
  spec: SpecKind
  values: string
  from: string
  to: string
  step: string
  count: string
  mean: string
  sd: string
  low: string
  high: string
}

/** The whole form: the design's kind, its factors and sizes, and the per-turn shock that makes replicates differ. */
export interface SweepDraft {
  kind: SweepKind
  factors: FactorDraft[]
  n: string
  r: string
  levels: string
  replications: string
  /** defaults.shocks.overlays: without shocks a run depends on its config only, so replicates are identical. */
  shocks: string
}

/** An input of the form that a problem points at: a design field, or a field of factor `row`. */
export interface SweepProblem {
  field: 'kind' | 'n' | 'r' | 'levels' | 'replications' | 'shocks' | 'design' | FactorField
  row: number | null
  message: string
}
export type FactorField = 'path' | 'spec' | 'values' | NumberField
/** The number inputs of a factor row. */
export type NumberField = 'from' | 'to' | 'step' | 'count' | 'mean' | 'sd' | 'low' | 'high'

export type SweepBuild =
  | { ok: true; design: DesignInput; shocks: number | null; pointCount: number; runCount: number }
  | { ok: false; problems: SweepProblem[] }

/** A factor row with sensible starting levels for its kind of design. */
export function newFactor(choice: PathChoice, kind: SweepKind): FactorDraft {
  const leveled = needsLevels(kind)
  return {
    choice, name: '', spec: leveled ? 'values' : 'uniform',
    values: '0.2, 0.5, 0.8', from: '0.1', to: '0.9', step: '0.1', count: '5', mean: '0.5', sd: '0.1', low: '', high: '',
  }
}

/** The form a fresh Sweep panel starts from: a grid over hope and despair, 3 levels each. */
export function newSweepDraft(): SweepDraft {
  return {
    kind: 'grid',
    factors: [newFactor('state_overrides.hope', 'grid'), newFactor('state_overrides.despair', 'grid')],
    n: '64', r: '10', levels: '4', replications: '1', shocks: '',
  }
}

/** The first listed path no row uses yet, for "Add factor". */
export function unusedPath(draft: SweepDraft): PathChoice {
  const used = new Set(draft.factors.map(factorPath))
  return FACTOR_PATH_GROUPS.flatMap((g) => g.paths).find((p) => !used.has(p)) ?? 'custom'
}

/** The config path a row names (empty while the name is not typed). */
export function factorPath(row: Pick<FactorDraft, 'choice' | 'name'>): string {
  if (row.choice === 'custom') return row.name.trim()
  if (row.choice === 'variables' || row.choice === 'capital') return row.name.trim() ? `${row.choice}.${row.name.trim()}` : ''
  return row.choice
}

// "1e3", "-0.5", ".5": what Number accepts, but never the empty string or whitespace (Number('') is 0)
function parseNumber(text: string): number | null {
  const t = text.trim()
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

function parseWhole(text: string): number | null {
  const n = parseNumber(text)
  return n !== null && Number.isInteger(n) ? n : null
}

/**
 * Builds the design block from the form and validates it with the design schema, so the panel shows the same
 * problems the editor would; each problem points at the input that caused it.
 */
export function buildDesign(draft: SweepDraft): SweepBuild {
  const problems: SweepProblem[] = []
  const say = (field: SweepProblem['field'], row: number | null, message: string) => problems.push({ field, row, message })
  const factors: Record<string, unknown> = {}
  const rowOfPath = new Map<string, number>()

  draft.factors.forEach((row, i) => {
    const path = factorPath(row)
    if (path === '') return say('path', i, row.choice === 'custom' ? 'type a config path, e.g. gravity.ewma_span' : `name the ${row.choice === 'variables' ? 'variable' : 'asset'}`)
    if (rowOfPath.has(path)) return say('path', i, `${path} is already factor ${rowOfPath.get(path)! + 1}`)
    rowOfPath.set(path, i)
    const resolved = resolveFactorPath(path)
    if (!resolved.ok) return say('path', i, resolved.message)
    const integer = resolved.field.kind === 'integer'
    const spec = factorSpec(row, integer, (field, message) => say(field, i, message))
    if (spec) factors[path] = spec
  })
  if (draft.factors.length === 0) say('design', null, 'add at least one factor')

  const design: Record<string, unknown> = { kind: draft.kind, factors }
  const whole = (field: 'n' | 'r' | 'levels' | 'replications', text: string, required: boolean) => {
    if (text.trim() === '' && !required) return
    const n = parseWhole(text)
    if (n === null) say(field, null, text.trim() === '' ? 'is required' : 'must be a whole number')
    else design[field] = n
  }
  if (takesN(draft.kind)) whole('n', draft.n, true)
  if (draft.kind === 'morris') {
    whole('r', draft.r, true)
    whole('levels', draft.levels, false)
  }
  whole('replications', draft.replications, false)

  let shocks: number | null = null
  if (draft.shocks.trim() !== '') {
    shocks = parseNumber(draft.shocks)
    if (shocks === null || shocks < 0 || shocks > 1) say('shocks', null, 'must be a number from 0 to 1')
  }
  if (problems.length) return { ok: false, problems }

  const parsed = Design.safeParse(design)
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => designProblem(issue.path, issue.message, rowOfPath)) }
  }
  return { ok: true, design: design as DesignInput, shocks: shocks || null, pointCount: countPoints(parsed.data), runCount: countRuns(parsed.data) }
}

function factorSpec(row: FactorDraft, integer: boolean, say: (field: FactorField, message: string) => void): Record<string, unknown> | null {
  const num = (field: FactorField, text: string): number | null => {
    const n = parseNumber(text)
    if (n === null) say(field, text.trim() === '' ? 'is required' : `“${text.trim()}” is not a number`)
    return n
  }
  switch (row.spec) {
    case 'values': {
      const words = row.values.split(/[\s,;]+/).filter(Boolean)
      if (words.length === 0) {
        say('values', 'list at least one value, e.g. 0.2, 0.5, 0.8')
        return null
      }
      const values = words.map((w) => (w === 'true' ? true : w === 'false' ? false : parseNumber(w)))
      const bad = words.find((_, k) => values[k] === null)
      if (bad !== undefined) {
        say('values', `“${bad}” is not a number`)
        return null
      }
      return { values }
    }
    case 'range': {
      const [from, to, step] = [num('from', row.from), num('to', row.to), num('step', row.step)]
      return from === null || to === null || step === null ? null : { range: { from, to, step } }
    }
    case 'linspace': {
      const [from, to] = [num('from', row.from), num('to', row.to)]
      const n = parseWhole(row.count)
      if (n === null) say('count', row.count.trim() === '' ? 'is required' : 'must be a whole number')
      return from === null || to === null || n === null ? null : { linspace: { from, to, n } }
    }
    case 'uniform': {
      const [from, to] = [num('from', row.from), num('to', row.to)]
      // a whole-number field (turns) must be drawn whole: the schema asks for "integer": true
      return from === null || to === null ? null : { uniform: [from, to], ...(integer ? { integer: true } : {}) }
    }
    case 'normal': {
      const [mean, sd] = [num('mean', row.mean), num('sd', row.sd)]
      const hasClamp = row.low.trim() !== '' || row.high.trim() !== ''
      const clamp = hasClamp ? [num('low', row.low), num('high', row.high)] : null
      if (mean === null || sd === null || clamp?.includes(null)) return null
      return { normal: { mean, sd }, ...(clamp ? { clamp } : {}), ...(integer ? { integer: true } : {}) }
    }
  }
}

// the spec key a schema path names → the form input that holds it
const SPEC_FIELDS: Record<string, FactorField | readonly FactorField[]> = {
  values: 'values', range: 'spec', linspace: 'spec', uniform: ['from', 'to'], normal: 'spec', clamp: ['low', 'high'], integer: 'spec',
}
const PART_FIELDS: Record<string, FactorField> = { from: 'from', to: 'to', step: 'step', n: 'count', mean: 'mean', sd: 'sd' }

function designProblem(path: readonly PropertyKey[], message: string, rowOfPath: ReadonlyMap<string, number>): SweepProblem {
  const [head, key, spec, part] = path
  if (head === 'factors' && typeof key === 'string' && rowOfPath.has(key)) {
    const row = rowOfPath.get(key)!
    if (spec === undefined) return { field: 'spec', row, message }
    const mapped = SPEC_FIELDS[String(spec)] ?? 'spec'
    if (typeof part === 'string' && PART_FIELDS[part]) return { field: PART_FIELDS[part], row, message }
    if (Array.isArray(mapped)) return { field: typeof part === 'number' ? mapped[part] ?? mapped[0] : mapped[0], row, message }
    return { field: mapped as FactorField, row, message }
  }
  if (head === 'n' || head === 'r' || head === 'levels' || head === 'replications') return { field: head, row: null, message }
  return { field: 'design', row: null, message }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The batch file text with the design written in: an object file keeps its name, notes, seed and defaults and
 * loses its configs (a design makes the runs); a single config becomes the defaults every point starts from.
 * `note` says what was dropped, for the panel to tell the user.
 */
export function applyDesign(text: string, design: DesignInput, shocks: number | null): { text: string; note: string | null } {
  let json: unknown = null
  try {
    json = text.trim() === '' ? null : JSON.parse(text)
  } catch {
    json = null
  }
  let note: string | null = null
  let file: Record<string, unknown>
  const startingFrom = (configs: unknown[]): unknown => {
    if (configs.length === 1 && isObject(configs[0])) return configs[0]
    note = `the ${configs.length} configs were replaced by the design`
    return undefined
  }
  if (isObject(json)) {
    file = { ...json }
    if (Array.isArray(file.configs)) {
      const single = startingFrom(file.configs)
      if (single !== undefined && file.defaults === undefined) file.defaults = single
      else if (single !== undefined) note = 'the config was replaced by the design (the defaults stay)'
      delete file.configs
    }
  } else if (Array.isArray(json) && json.length > 0) {
    file = { seed: 0 }
    const single = startingFrom(json)
    if (single !== undefined) file.defaults = single
  } else {
    if (text.trim() !== '') note = 'the text was not a batch file; a new one was written'
    file = { seed: 0, defaults: { turns: 10 } }
  }
  let defaults = isObject(file.defaults) ? { ...file.defaults } : {}
  // with a design, each run's seed comes from (batch seed, point, replicate): a seed in the defaults is an error
  delete defaults.seed
  if (shocks !== null) defaults = { ...defaults, shocks: { ...(isObject(defaults.shocks) ? defaults.shocks : {}), overlays: shocks } }
  file.defaults = defaults
  file.design = design
  const order = ['$schema', 'name', 'notes', 'seed', 'defaults', 'design']
  const ordered = Object.fromEntries([...order.filter((k) => k in file).map((k) => [k, file[k]]), ...Object.entries(file).filter(([k]) => !order.includes(k))])
  return { text: `${formatJson(ordered)}\n`, note }
}

/** The Sweep form of the design a batch file already has, so the panel opens on it; null when it has none it can show. */
export function readDraft(text: string): SweepDraft | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(json) || !isObject(json.design)) return null
  const d = json.design
  const kind = SWEEP_KINDS.find((k) => k === d.kind)
  if (!kind || !isObject(d.factors)) return null
  const factors: FactorDraft[] = []
  for (const [path, spec] of Object.entries(d.factors)) {
    const row = factorDraftOf(path, spec, kind)
    if (!row) return null
    factors.push(row)
  }
  const str = (v: unknown, fallback: string) => (typeof v === 'number' ? String(v) : fallback)
  const defaults = isObject(json.defaults) ? json.defaults : {}
  const shocks = isObject(defaults.shocks) && typeof defaults.shocks.overlays === 'number' ? String(defaults.shocks.overlays) : ''
  return { kind, factors, n: str(d.n, '64'), r: str(d.r, '10'), levels: str(d.levels, '4'), replications: str(d.replications, '1'), shocks }
}

function factorDraftOf(path: string, spec: unknown, kind: SweepKind): FactorDraft | null {
  if (!isObject(spec)) return null
  const [head] = path.split('.')
  const choice: PathChoice = LISTED_PATHS.has(path) ? path : head === 'variables' || head === 'capital' ? head : 'custom'
  const row: FactorDraft = { ...newFactor(choice, kind), name: choice === 'custom' ? path : choice === path ? '' : path.slice(head.length + 1) }
  const s = (v: unknown) => (typeof v === 'number' ? String(v) : '')
  if (Array.isArray(spec.values) && spec.values.every((v) => typeof v === 'number' || typeof v === 'boolean')) {
    return { ...row, spec: 'values', values: spec.values.join(', ') }
  }
  if (isObject(spec.range)) return { ...row, spec: 'range', from: s(spec.range.from), to: s(spec.range.to), step: s(spec.range.step) }
  if (isObject(spec.linspace)) return { ...row, spec: 'linspace', from: s(spec.linspace.from), to: s(spec.linspace.to), count: s(spec.linspace.n) }
  if (Array.isArray(spec.uniform)) return { ...row, spec: 'uniform', from: s(spec.uniform[0]), to: s(spec.uniform[1]) }
  if (isObject(spec.normal)) {
    const clamp = Array.isArray(spec.clamp) ? spec.clamp : []
    return { ...row, spec: 'normal', mean: s(spec.normal.mean), sd: s(spec.normal.sd), low: s(clamp[0]), high: s(clamp[1]) }
  }
  return null
}

// short lists and small objects stay on one line, as the shipped examples are written
const LINE_WIDTH = 88

/** JSON with two-space indents that keeps short lists and objects on one line: `"values": [0.2, 0.5, 0.8]`. */
export function formatJson(value: unknown, indent = ''): string {
  const inline = inlineJson(value)
  if (indent !== '' && indent.length + inline.length <= LINE_WIDTH) return inline
  if (Array.isArray(value) && value.length > 0) {
    const inner = `${indent}  `
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`
  }
  if (isObject(value) && Object.keys(value).length > 0) {
    const inner = `${indent}  `
    return `{\n${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`
  }
  return inline
}

function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(', ')} }` : '{}'
  }
  return JSON.stringify(value) ?? 'null'
}

