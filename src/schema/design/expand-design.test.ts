import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { deriveSeed } from '../../engine/prng'
import { morrisIndices } from '../../engine/sensitivity/morris'
import { sobolIndices } from '../../engine/sensitivity/sobol-indices'
import { formatProblem } from '../problems'
import { Design, type DesignInput } from './design'
import { checkDesignBatch, expandDesign, planDesign, runSpecAt, type DesignBatch, type RunSpec } from './expand-design'
import { shardRange } from './shard'

const batch = (design: DesignInput, extra: Partial<Omit<DesignBatch, 'design'>> = {}): DesignBatch => ({ seed: 42, ...extra, design: Design.parse(design) })
const all = (b: DesignBatch) => [...expandDesign(b)]
const values = (specs: RunSpec[], path: string) => specs.map((s) => s.factors[path])
const hope = 'state_overrides.hope'
const U: [number, number] = [0, 1]

describe('expansion: points, configs and run order', () => {
  test('grid: every combination, last factor fastest; each config is defaults with the factor values set by path', () => {
    const b = batch({ kind: 'grid', factors: { [hope]: { values: [0.2, 0.8] }, 'gravity.lambda': { values: [0.1, 0.2, 0.3] } } }, { defaults: { turns: 5, gravity: { ewma_span: 3 } } })
    const specs = all(b)
    expect(specs.map((s) => [s.factors[hope], s.factors['gravity.lambda']])).toEqual([
      [0.2, 0.1], [0.2, 0.2], [0.2, 0.3], [0.8, 0.1], [0.8, 0.2], [0.8, 0.3],
    ])
    expect(specs[4].config).toEqual({ turns: 5, gravity: { ewma_span: 3, lambda: 0.2 }, state_overrides: { hope: 0.8 } })
    expect(b.defaults).toEqual({ turns: 5, gravity: { ewma_span: 3 } })
  })

  test('run order is point-major, replicate-minor: run_index = point_index × k + replicate', () => {
    const specs = all(batch({ kind: 'zip', replications: 3, factors: { [hope]: { values: [0, 0.5] }, turns: { values: [1, 2] } } }))
    expect(specs.map((s) => [s.run_index, s.point_index, s.replicate])).toEqual([
      [0, 0, 0], [1, 0, 1], [2, 0, 2], [3, 1, 0], [4, 1, 1], [5, 1, 2],
    ])
    expect(specs.map((s) => s.config.turns)).toEqual([1, 1, 1, 2, 2, 2])
  })

  test('seeds are deriveSeed(batch seed, point, replicate): pinned', () => {
    const grid = (seed: number) => batch({ kind: 'grid', replications: 4, factors: { 'variables.x': { range: { from: 0, to: 9, step: 1 } } } }, { seed })
    expect(runSpecAt(grid(42), 7 * 4 + 3).seed).toBe(194637989)
    expect(runSpecAt(grid(0), 0).seed).toBe(1422740206)
    expect(runSpecAt(grid(0), 1).seed).toBe(1815609431)
    expect(runSpecAt(grid(0), 4).seed).toBe(3097737238)
    expect(new Set(all(grid(1)).map((s) => s.seed)).size).toBe(40)
  })

  test('ranges keep the decimals written; linspace hits both ends exactly', () => {
    expect(values(all(batch({ kind: 'grid', factors: { [hope]: { range: { from: 0, to: 1, step: 0.1 } } } })), hope))
      .toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    expect(values(all(batch({ kind: 'grid', factors: { 'variables.x': { linspace: { from: 0.1, to: 0.7, n: 4 } } } })), 'variables.x'))
      .toEqual([0.1, 0.3, 0.5, 0.7])
  })

  test('a configs design runs the batch configs on top of defaults, k times each; a config\'s own seed wins when k = 1', () => {
    const configs = [{ turns: 2 }, { turns: 3, seed: 99 }]
    const specs = all(batch({ kind: 'configs' }, { configs, defaults: { record: 'full' } }))
    expect(specs.map((s) => [s.config, s.seed])).toEqual([
      [{ record: 'full', turns: 2 }, deriveSeed(42, 0, 0)],
      [{ record: 'full', turns: 3, seed: 99 }, 99],
    ])
    expect(all(batch({ kind: 'configs', replications: 2 }, { configs: [{}] })).map((s) => s.seed)).toEqual([deriveSeed(42, 0, 0), deriveSeed(42, 0, 1)])
  })

  test('sampling kinds map unit coordinates through each factor: uniform, normal with clamp, whole numbers, levels, switches', () => {
    const specs = all(batch({
      kind: 'lhs', n: 200, factors: {
        'variables.x': { uniform: [10, 20] },
        'gravity.lambda': { normal: { mean: 0.5, sd: 0.3 }, clamp: [0, 1] },
        turns: { uniform: [1, 4], integer: true },
        [hope]: { values: [0.25, 0.75] },
        use_symbolism: { values: [true, false] },
      },
    }))
    const x = values(specs, 'variables.x') as number[]
    // a Latin hypercube puts exactly one draw in each of n equal bins of [10, 20]
    expect(new Set(x.map((v) => Math.floor((v - 10) / 10 * 200))).size).toBe(200)
    const lambda = values(specs, 'gravity.lambda') as number[]
    expect(Math.min(...lambda)).toBe(0)
    expect(Math.max(...lambda)).toBe(1)
    expect(lambda.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(150)
    // whole numbers 1–4 equally: LHS gives each exactly n/4
    expect([1, 2, 3, 4].map((t) => values(specs, 'turns').filter((v) => v === t).length)).toEqual([50, 50, 50, 50])
    expect(values(specs, hope).filter((v) => v === 0.25)).toHaveLength(100)
    expect(values(specs, 'use_symbolism').filter((v) => v === true)).toHaveLength(100)
    expect(specs[17].config).toEqual({
      variables: { x: specs[17].factors['variables.x'] },
      gravity: { lambda: specs[17].factors['gravity.lambda'] },
      turns: specs[17].factors.turns,
      state_overrides: { hope: specs[17].factors[hope] },
      use_symbolism: specs[17].factors.use_symbolism,
    })
  })

  test('an unscrambled sobol design starts at the lower corner, then the centre', () => {
    const specs = all(batch({ kind: 'sobol', n: 4, scramble: false, factors: { 'variables.x': { uniform: [-1, 1] }, [hope]: { linspace: { from: 0, to: 1, n: 5 } } } }))
    expect(specs.map((s) => [s.factors['variables.x'], s.factors[hope]])).toEqual([[-1, 0], [0, 0.5], [0.5, 0.25], [-0.5, 0.75]])
  })

  test('every point of every kind validates as a RunConfig when the factors do', () => {
    const factors = { [hope]: { uniform: U }, 'gravity.lambda': { normal: { mean: 0.3, sd: 0.5 }, clamp: U }, record: { values: ['summary', 'full'] } }
    for (const design of [
      { kind: 'random', n: 50, factors }, { kind: 'lhs', n: 50, factors }, { kind: 'sobol', n: 64, factors },
      { kind: 'saltelli', n: 16, factors }, { kind: 'morris', r: 10, factors },
    ] as DesignInput[]) {
      expect(checkDesignBatch(batch(design))).toEqual([])
    }
  })
})

describe('determinism, random access and laziness', () => {
  const kinds: DesignInput[] = [
    { kind: 'grid', replications: 2, factors: { [hope]: { linspace: { from: 0, to: 1, n: 7 } }, 'gravity.enabled': { values: [true, false] } } },
    { kind: 'random', n: 40, replications: 3, factors: { [hope]: { uniform: U }, 'variables.x': { normal: { mean: 0, sd: 1 } } } },
    { kind: 'lhs', n: 40, factors: { [hope]: { uniform: U }, 'variables.x': { normal: { mean: 0, sd: 1 } } } },
    { kind: 'sobol', n: 32, replications: 2, factors: { [hope]: { uniform: U }, 'variables.x': { uniform: [5, 6] } } },
    { kind: 'saltelli', n: 8, factors: { [hope]: { uniform: U }, 'variables.x': { uniform: [5, 6] } } },
    { kind: 'morris', r: 6, replications: 2, factors: { [hope]: { uniform: U }, 'variables.x': { uniform: [5, 6] }, use_symbolism: { values: [true, false] } } },
  ]

  test('random access (runSpecAt) gives exactly what lazy iteration yields, for every kind and seed', () => {
    fc.assert(fc.property(fc.constantFrom(...kinds), fc.integer({ min: 0, max: 0xffffffff }), (design, seed) => {
      const b = batch(design, { seed })
      const specs = all(b)
      const plan = planDesign(b)
      expect(specs).toHaveLength(plan.runCount)
      for (const i of [0, specs.length - 1, Math.floor(specs.length / 3), Math.floor(specs.length / 2) + 1]) expect(plan.runSpecAt(i)).toEqual(specs[i])
    }), { numRuns: 60 })
  })

  test('the same batch gives the same specs; another batch seed other seeds and (for sampling kinds) other points', () => {
    for (const design of kinds) {
      expect(all(batch(design, { seed: 5 }))).toEqual(all(batch(design, { seed: 5 })))
      const [a, b] = [all(batch(design, { seed: 5 })), all(batch(design, { seed: 6 }))]
      expect(a.map((s) => s.seed)).not.toEqual(b.map((s) => s.seed))
      if (design.kind !== 'grid') expect(a.map((s) => s.factors)).not.toEqual(b.map((s) => s.factors))
    }
  })

  test('design.seed fixes the points while run seeds still follow the batch seed', () => {
    const design = { ...kinds[2], seed: 77 } as DesignInput
    const [a, b] = [all(batch(design, { seed: 1 })), all(batch(design, { seed: 2 }))]
    expect(a.map((s) => s.factors)).toEqual(b.map((s) => s.factors))
    expect(a.map((s) => s.seed)).not.toEqual(b.map((s) => s.seed))
  })

  test('a design of ten million runs is never held at once: its first runs and its last come at once', () => {
    const b = batch({ kind: 'random', n: 5_000_000, replications: 2, factors: { [hope]: { uniform: U } } })
    const started = Date.now()
    const iterator = expandDesign(b)
    const first = [iterator.next().value, iterator.next().value, iterator.next().value] as RunSpec[]
    expect(first.map((s) => s.run_index)).toEqual([0, 1, 2])
    expect(first[0].factors).toEqual(first[1].factors)
    expect(runSpecAt(b, 9_999_999)).toMatchObject({ point_index: 4_999_999, replicate: 1 })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  test('shards: the specs of shards 1..N, concatenated, are the whole batch in order', () => {
    const b = batch(kinds[5])
    const whole = all(b)
    for (const n of [1, 2, 3, 7, 200]) {
      const joined = Array.from({ length: n }, (_, k) => [...expandDesign(b, shardRange(whole.length, k + 1, n))]).flat()
      expect(joined).toEqual(whole)
    }
  })

  test('indices outside the design are errors', () => {
    const plan = planDesign(batch(kinds[0]))
    expect(() => plan.runSpecAt(plan.runCount)).toThrow(RangeError)
    expect(() => plan.runSpecAt(-1)).toThrow(RangeError)
    expect(() => plan.pointAt(1.5)).toThrow(RangeError)
    expect(() => [...plan.runs(0, plan.runCount + 1)]).toThrow(RangeError)
  })
})

describe('batch-level checks the schema alone cannot make', () => {
  const problems = (b: Parameters<typeof checkDesignBatch>[0]) => checkDesignBatch(b).map(formatProblem)
  const grid = Design.parse({ kind: 'grid', factors: { [hope]: { values: [0.5] } } })
  test('configs present or missing for the kind', () => {
    expect(problems({ design: Design.parse({ kind: 'configs' }) })).toEqual(['configs: a configs design takes its points from configs, and there are none'])
    expect(problems({ design: grid, configs: [{}] })).toEqual(['configs: a grid design makes its points from design.factors: drop configs, or use "kind": "configs"'])
  })
  test('a seed in defaults, or in a config that replications would repeat', () => {
    expect(problems({ design: grid, defaults: { seed: 3 } })).toEqual([
      "defaults.seed: with a design, each run's seed is derived from (batch seed, point, replicate): set the batch seed instead",
    ])
    expect(problems({ design: Design.parse({ kind: 'configs', replications: 2 }), configs: [{}, { seed: 1 }] })).toEqual([
      'config 1: seed: replications need a seed per run: drop seed (each is derived from the batch seed, point and replicate)',
    ])
  })
  test('the run cap counts configs × replications', () => {
    const configs: object[] = new Array(1_000_000).fill({})
    expect(problems({ design: Design.parse({ kind: 'configs', replications: 11 }), configs })).toEqual([
      'design: expands to 11,000,000 runs (1,000,000 points × 11 replications); the maximum is 10,000,000: split it into several batches',
    ])
    expect(() => planDesign({ seed: 0, design: Design.parse({ kind: 'configs', replications: 11 }), configs })).toThrow(/11,000,000 runs/)
  })
  test('point 0 must give a valid config once merged with the defaults', () => {
    expect(problems({ design: grid, defaults: { turns: 0 } })).toEqual(['design: point 0 gives an invalid config: turns: must be at least 1'])
  })
})

describe('designs feed the sensitivity analyses', () => {
  const ishigami = (x: Record<string, number>) => Math.sin(x.x1) + 7 * Math.sin(x.x2) ** 2 + 0.1 * x.x3 ** 4 * Math.sin(x.x1)

  test('a saltelli design over variables.x1..x3 on [−π, π] recovers Ishigami\'s indices from the run configs', () => {
    const pi: [number, number] = [-Math.PI, Math.PI]
    const b = batch({ kind: 'saltelli', n: 2048, factors: { 'variables.x1': { uniform: pi }, 'variables.x2': { uniform: pi }, 'variables.x3': { uniform: pi } } })
    const outputs = all(b).map((s) => ishigami(s.config.variables as Record<string, number>))
    const indices = sobolIndices(outputs, 3, { resamples: 0 })
    const truth = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] }
    indices.forEach((index, j) => {
      expect(Math.abs(index.S1 - truth.S1[j])).toBeLessThan(0.03)
      expect(Math.abs(index.ST - truth.ST[j])).toBeLessThan(0.03)
    })
  })

  test('a morris design: unit coordinates give effects per factor range, factor values per unit of the factor', () => {
    const b = batch({ kind: 'morris', r: 8, factors: { 'variables.a': { uniform: [0, 10] }, 'variables.b': { uniform: [5, 6] } } })
    const plan = planDesign(b)
    const specs = all(b)
    const outputs = specs.map((s) => { const v = s.config.variables as Record<string, number>; return 3 * v.a - 2 * v.b })
    const unit = Array.from({ length: plan.pointCount }, (_, i) => plan.pointAt(i).unit!)
    expect(morrisIndices(unit, outputs, { resamples: 0 }).map((m) => m.mu_star)).toEqual([expect.closeTo(30, 9), expect.closeTo(2, 9)])
    const raw = specs.map((s) => [s.factors['variables.a'], s.factors['variables.b']] as number[])
    expect(morrisIndices(raw, outputs, { resamples: 0 }).map((m) => m.mu)).toEqual([expect.closeTo(3, 9), expect.closeTo(-2, 9)])
  })
})
