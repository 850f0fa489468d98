import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { formatProblem, problemsFromZod } from '../problems'
import { Design, MAX_DESIGN_RUNS, countRuns, type DesignInput } from './design'
import { resolveFactorPath } from './factor-path'

// Parsed under a `design` key, as the batch file will hold it, so messages carry the path a user sees.
const InBatch = z.strictObject({ design: Design })
const problems = (design: unknown) => {
  const r = InBatch.safeParse({ design }, { reportInput: true })
  return r.success ? [] : problemsFromZod(r.error.issues).map(formatProblem)
}
const parse = (design: DesignInput) => Design.parse(design)
const hope = 'state_overrides.hope'

describe('design schema: every problem names the field path and what is wrong', () => {
  test('a well-formed design of each kind parses', () => {
    const factors = { [hope]: { values: [0.2, 0.8] }, 'variables.energy_price_index': { range: { from: 0, to: 1, step: 0.25 } } }
    const sampled = { [hope]: { uniform: [0, 1] }, 'gravity.lambda': { normal: { mean: 0.25, sd: 0.1 }, clamp: [0, 1] }, use_symbolism: { values: [true, false] } }
    expect(problems({ kind: 'grid', factors })).toEqual([])
    expect(problems({ kind: 'zip', factors: { [hope]: { values: [0, 1] }, turns: { values: [5, 10] } } })).toEqual([])
    expect(problems({ kind: 'random', n: 10, factors: sampled })).toEqual([])
    expect(problems({ kind: 'lhs', n: 10, factors: sampled })).toEqual([])
    expect(problems({ kind: 'sobol', n: 16, scramble: false, factors: sampled })).toEqual([])
    expect(problems({ kind: 'saltelli', n: 16, seed: 3, factors: sampled })).toEqual([])
    expect(problems({ kind: 'morris', r: 10, levels: 6, factors: sampled })).toEqual([])
    expect(problems({ kind: 'configs', replications: 5 })).toEqual([])
  })

  test('bad factor specs: step, missing fields, two kinds, none, unknown keys, clamp without normal', () => {
    expect(problems({ kind: 'grid', factors: { [hope]: { range: { from: 0, to: 1, step: 0 } } } }))
      .toContain('design.factors["state_overrides.hope"].range.step: must be > 0')
    expect(problems({ kind: 'grid', factors: { [hope]: { range: { from: 0, to: 1 } } } }))
      .toEqual(['design.factors["state_overrides.hope"].range.step: is required (expected number)'])
    expect(problems({ kind: 'grid', factors: { [hope]: { range: { from: 1, to: 0, step: 0.1 } } } }))
      .toEqual(['design.factors["state_overrides.hope"].range.to: must be ≥ range.from'])
    expect(problems({ kind: 'grid', factors: { [hope]: { values: [0], linspace: { from: 0, to: 1, n: 3 } } } }))
      .toEqual(['design.factors["state_overrides.hope"]: give only one of values, range, linspace, uniform, normal (found values and linspace)'])
    expect(problems({ kind: 'grid', factors: { [hope]: {} } }))
      .toEqual(['design.factors["state_overrides.hope"]: give one of values, range, linspace, uniform, normal'])
    expect(problems({ kind: 'grid', factors: { [hope]: { values: [0], step: 1 } } }))
      .toEqual(['design.factors["state_overrides.hope"].step: unknown key'])
    expect(problems({ kind: 'lhs', n: 4, factors: { [hope]: { uniform: [0, 1], clamp: [0, 1] } } }))
      .toEqual(['design.factors["state_overrides.hope"].clamp: only a normal factor takes clamp'])
    expect(problems({ kind: 'lhs', n: 4, factors: { [hope]: { uniform: [0.5, 0.5] } } }))
      .toEqual(['design.factors["state_overrides.hope"].uniform[1]: must be > uniform[0]'])
    expect(problems({ kind: 'grid', factors: { [hope]: { values: [0], integer: true } } }))
      .toEqual(['design.factors["state_overrides.hope"].integer: only uniform and normal factors take integer (levels are used as written)'])
    expect(problems({ kind: 'grid', factors: { [hope]: { values: [{}] } } }))
      .toEqual(['design.factors["state_overrides.hope"].values[0]: must be a number, true/false or a name'])
  })

  test('factor paths are checked against RunConfig, with a did-you-mean', () => {
    const one = (path: string, spec: unknown = { values: [1] }) => problems({ kind: 'grid', factors: { [path]: spec } })
    expect(one('state_overrides.hopee')).toEqual(['design.factors["state_overrides.hopee"]: unknown field "hopee" in state_overrides (did you mean "hope"?)'])
    expect(one('turnz')).toEqual(['design.factors.turnz: unknown field "turnz" (did you mean "turns"?)'])
    expect(one('gravity')).toEqual(['design.factors.gravity: gravity is a group of fields; a factor names one number or switch inside it (e.g. gravity.<name>)'])
    expect(one('turns.x')).toEqual(['design.factors["turns.x"]: turns is a number, it has no field "x"'])
    expect(one('name', { values: ['a'] })).toEqual(['design.factors.name: name is text; a factor sets a number or a switch (true/false, or one of a set of names)'])
    expect(one('observations.overlays.hope')).toEqual(['design.factors["observations.overlays.hope"]: observations.overlays.hope is a list; a factor sets a number or a switch (true/false, or one of a set of names)'])
    expect(one('seed')).toEqual(['design.factors.seed: each run\'s seed is derived from (batch seed, point, replicate); it cannot be a factor (use replications)'])
    expect(one('variables.__proto__')).toEqual(['design.factors["variables.__proto__"]: "__proto__" is not a valid name in variables'])
    expect(one('variables..x')).toEqual(['design.factors["variables..x"]: a factor path is field names joined by dots, with none empty'])
  })

  test('numeric paths reach numbers anywhere, including records of named variables and overlays; switches reach booleans and enums', () => {
    const kind = (path: string) => { const r = resolveFactorPath(path); return r.ok ? r.field.kind : r.message }
    expect(kind('variables.energy_price_index')).toBe('number')
    expect(kind('state_overrides._dynamic_overlays.dread')).toBe('number')
    expect(kind('capital.cash')).toBe('number')
    expect(kind('rules.R001_EnergySpike.threshold')).toBe('number')
    expect(kind('gravity.initial_weights.hope')).toBe('number')
    expect(kind('turns')).toBe('integer')
    expect(kind('gravity.adaptive_lambda_window_size')).toBe('integer')
    expect(kind('use_symbolism')).toBe('boolean')
    expect(kind('gravity.enabled')).toBe('boolean')
    expect(kind('record')).toBe('enum')
  })

  test('values set by a factor must pass the field\'s own schema: the first bad level is named', () => {
    const one = (path: string, spec: unknown, kind = 'grid', extra = {}) => problems({ kind, ...extra, factors: { [path]: spec } })
    expect(one(hope, { values: [0, 0.5, 1.5] })).toEqual(['design.factors["state_overrides.hope"].values[2]: must be between 0 and 1'])
    expect(one('turns', { range: { from: 1, to: 2, step: 0.5 } })).toEqual(['design.factors.turns.range: level 1 (1.5): must be a whole number'])
    expect(one(hope, { linspace: { from: 0, to: 2, n: 3 } })).toEqual(['design.factors["state_overrides.hope"].linspace: level 2 (2): must be between 0 and 1'])
    expect(one('record', { values: ['summary', 'all'] })).toEqual(['design.factors.record.values[1]: must be one of "summary", "full"'])
    expect(one('use_symbolism', { values: [true, 1] })).toEqual(['design.factors.use_symbolism.values[1]: expected boolean, got 1'])
    expect(one(hope, { uniform: [0.5, 1.2] }, 'lhs', { n: 4 })).toEqual(['design.factors["state_overrides.hope"].uniform[1]: must be between 0 and 1'])
    expect(one('gravity.lambda', { normal: { mean: 0.5, sd: 0.1 } }, 'lhs', { n: 4 }))
      .toEqual(['design.factors["gravity.lambda"].normal: normal draws are unbounded, and gravity.lambda rejects some (must be at least 0): add "clamp": [low, high]'])
    expect(one('gravity.lambda', { normal: { mean: 0.5, sd: 0.1 }, clamp: [0, 2] }, 'lhs', { n: 4 }))
      .toEqual(['design.factors["gravity.lambda"].clamp[1]: must be at most 1'])
    expect(one('turns', { uniform: [1, 10] }, 'lhs', { n: 4 })).toEqual(['design.factors.turns: turns is a whole number: add "integer": true to draw whole numbers'])
    expect(one('turns', { uniform: [0.5, 10], integer: true }, 'lhs', { n: 4 })).toEqual([])
    expect(one('turns', { uniform: [-3, 10], integer: true }, 'lhs', { n: 4 })).toEqual(['design.factors.turns.uniform[0]: -3: must be at least 1'])
    expect(one('gravity.enabled', { uniform: [0, 1] }, 'lhs', { n: 4 })).toEqual(['design.factors["gravity.enabled"]: gravity.enabled is a switch: give its values, e.g. { "values": [true, false] }'])
    expect(one('record', { range: { from: 0, to: 1, step: 1 } })).toEqual(['design.factors.record: record is a switch: give its values, e.g. { "values": ["summary","full"] }'])
  })

  test('each kind takes its own keys: missing ones are required, others are errors', () => {
    const f = { factors: { [hope]: { values: [0, 1] } } }
    expect(problems({ kind: 'lhs', ...f })).toEqual(['design.n: is required for a lhs design: the number of samples (and of bins per factor)'])
    expect(problems({ kind: 'morris', ...f })).toEqual(['design.r: is required for a morris design: the number of trajectories'])
    expect(problems({ kind: 'grid', n: 3, ...f })).toEqual(['design.n: a grid design does not take n (it is for random, lhs, sobol, saltelli)'])
    expect(problems({ kind: 'lhs', n: 3, scramble: true, ...f })).toEqual(['design.scramble: a lhs design does not take scramble (it is for sobol, saltelli)'])
    expect(problems({ kind: 'grid', seed: 3, ...f })).toEqual(['design.seed: a grid design does not take seed (it is for random, lhs, sobol, saltelli, morris)'])
    expect(problems({ kind: 'morris', r: 4, levels: 5, ...f })).toEqual(['design.levels: must be even (Δ = p/(2(p − 1)) lands on the grid only for even p)'])
    expect(problems({ kind: 'morris', r: 1, ...f })).toEqual(['design.r: must be at least 2 (sigma needs two effects per factor)'])
    expect(problems({ kind: 'gird', ...f })).toEqual(['design.kind: must be one of "configs", "grid", "zip", "random", "lhs", "sobol", "saltelli", "morris"'])
    expect(problems({ kind: 'grid', ...f, replications: 0 })).toEqual(['design.replications: must be at least 1'])
    expect(problems({ kind: 'grid' })).toEqual(['design.factors: is required for a grid design'])
    expect(problems({ kind: 'grid', factors: {} })).toEqual(['design.factors: must name at least one factor'])
    expect(problems({ kind: 'configs', ...f })).toEqual(['design.factors: a configs design takes its points from configs; use another kind to vary factors'])
    expect(problems({ kind: 'grid', ...f, extra: 1 })).toEqual(['design.extra: unknown key'])
  })

  test('grid and zip need levels; zip needs the same number in every factor', () => {
    expect(problems({ kind: 'grid', factors: { 'variables.x': { uniform: [0, 1] } } }))
      .toEqual(['design.factors["variables.x"]: a grid design needs levels (values, range or linspace); uniform and normal need a sampling design (random, lhs, sobol, saltelli, morris)'])
    expect(problems({ kind: 'zip', factors: { 'variables.x': { values: [1, 2] }, use_symbolism: { values: [true, false, true] } } }))
      .toEqual(['design.factors: a zip design needs the same number of levels in every factor (variables.x has 2, use_symbolism has 3)'])
  })
})

describe('run counts and the cap, checked before anything runs', () => {
  const levels = (n: number) => ({ linspace: { from: 0, to: 1, n } })
  test('grid: the product of level counts × replications', () => {
    const design = parse({ kind: 'grid', replications: 3, factors: { [hope]: levels(3), 'variables.x': levels(2), use_symbolism: { values: [true, false] }, turns: { range: { from: 1, to: 10, step: 3 } } } })
    expect(countRuns(design)).toBe(3 * 2 * 2 * 4 * 3)
  })
  test('the other kinds', () => {
    const f2 = { [hope]: { uniform: [0, 1] as [number, number] }, 'variables.x': { uniform: [0, 1] as [number, number] } }
    expect(countRuns(parse({ kind: 'zip', replications: 2, factors: { [hope]: levels(5), 'variables.x': levels(5) } }))).toBe(10)
    expect(countRuns(parse({ kind: 'random', n: 100, replications: 4, factors: f2 }))).toBe(400)
    expect(countRuns(parse({ kind: 'lhs', n: 100, factors: f2 }))).toBe(100)
    expect(countRuns(parse({ kind: 'sobol', n: 64, replications: 2, factors: f2 }))).toBe(128)
    expect(countRuns(parse({ kind: 'saltelli', n: 64, factors: f2 }))).toBe(64 * 4)
    expect(countRuns(parse({ kind: 'morris', r: 10, replications: 2, factors: f2 }))).toBe(10 * 3 * 2)
    expect(countRuns(parse({ kind: 'configs', replications: 3 }), 7)).toBe(21)
    expect(() => countRuns(parse({ kind: 'configs' }))).toThrow(/number of configs/)
  })
  test(`more than ${MAX_DESIGN_RUNS.toLocaleString('en')} runs is refused with the count and its breakdown`, () => {
    expect(problems({ kind: 'grid', replications: 3, factors: { 'variables.x': { range: { from: 0, to: 10000, step: 1 } }, 'variables.y': { range: { from: 0, to: 10000, step: 1 } } } }))
      .toEqual(['design: expands to 300,060,003 runs (100,020,001 points × 3 replications); the maximum is 10,000,000: split it into several batches'])
    expect(problems({ kind: 'saltelli', n: 4_000_000, factors: { 'variables.x': { uniform: [0, 1] } } }))
      .toEqual(['design: expands to 12,000,000 runs; the maximum is 10,000,000: split it into several batches'])
    expect(problems({ kind: 'random', n: MAX_DESIGN_RUNS, factors: { 'variables.x': { uniform: [0, 1] } } })).toEqual([])
    expect(problems({ kind: 'grid', factors: { 'variables.x': { range: { from: 0, to: 1, step: 1e-7 } } } }))
      .toEqual(['design.factors["variables.x"].range: gives 10,000,001 levels; the maximum is 1,000,000'])
  })
})

describe('JSON Schema export', () => {
  test('Design and FactorSpec become $defs, and a factor needs exactly one of its kinds', () => {
    const schema = z.toJSONSchema(InBatch, { io: 'input', target: 'draft-2020-12' }) as { $defs: Record<string, Record<string, unknown>> }
    expect(Object.keys(schema.$defs).sort()).toEqual(['Design', 'FactorSpec'])
    expect(schema.$defs.FactorSpec.oneOf).toEqual([
      { required: ['values'] }, { required: ['range'] }, { required: ['linspace'] }, { required: ['uniform'] }, { required: ['normal'] },
    ])
    expect(schema.$defs.Design.additionalProperties).toBe(false)
  })
})
