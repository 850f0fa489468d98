import { describe, expect, test } from 'vitest'
import { parseBatchText } from '../../schema/batch-file'
import { applyDesign, buildDesign, factorPath, formatJson, newFactor, newSweepDraft, readDraft, type SweepDraft } from './sweep-form'

const grid = (over: Partial<SweepDraft> = {}): SweepDraft => ({ ...newSweepDraft(), ...over })

describe('the Sweep form builds a design block', () => {
  test('the starting form is a 3 × 3 grid over hope and despair: 9 points, 9 runs', () => {
    const built = buildDesign(grid())
    expect(built).toMatchObject({ ok: true, pointCount: 9, runCount: 9 })
    if (!built.ok) return
    expect(built.design).toEqual({
      kind: 'grid',
      factors: { 'state_overrides.hope': { values: [0.2, 0.5, 0.8] }, 'state_overrides.despair': { values: [0.2, 0.5, 0.8] } },
      replications: 1,
    })
  })

  test('replications multiply the run count; range and linspace give their levels', () => {
    const draft = grid({ replications: '4' })
    draft.factors[0] = { ...draft.factors[0], spec: 'range', from: '0.1', to: '0.5', step: '0.1' }
    draft.factors[1] = { ...draft.factors[1], spec: 'linspace', from: '0', to: '1', count: '3' }
    expect(buildDesign(draft)).toMatchObject({ ok: true, pointCount: 15, runCount: 60 })
  })

  test('sampling kinds count their points: saltelli n(d + 2), morris r(d + 1)', () => {
    const sampled = (kind: SweepDraft['kind']) => ({
      ...grid({ kind }),
      factors: [newFactor('state_overrides.hope', kind), newFactor('gravity.lambda', kind), newFactor('decay_rate', kind)],
    })
    expect(buildDesign({ ...sampled('saltelli'), n: '8' })).toMatchObject({ ok: true, pointCount: 40 })
    expect(buildDesign({ ...sampled('morris'), r: '5', replications: '2' })).toMatchObject({ ok: true, pointCount: 20, runCount: 40 })
    expect(buildDesign({ ...sampled('lhs'), n: '50' })).toMatchObject({ ok: true, pointCount: 50 })
  })

  test('a whole-number field drawn from a distribution is drawn whole', () => {
    const draft = { ...grid({ kind: 'random', n: '10' }), factors: [{ ...newFactor('turns', 'random'), from: '5', to: '20' }] }
    const built = buildDesign(draft)
    expect(built.ok && built.design.factors).toEqual({ turns: { uniform: [5, 20], integer: true } })
  })

  test('variables and capital take a name; a custom path is typed whole', () => {
    expect(factorPath({ choice: 'variables', name: ' energy_price_index ' })).toBe('variables.energy_price_index')
    expect(factorPath({ choice: 'capital', name: '' })).toBe('')
    expect(factorPath({ choice: 'custom', name: 'gravity.ewma_span' })).toBe('gravity.ewma_span')
    const draft = grid()
    draft.factors[1] = { ...draft.factors[1], choice: 'variables', name: 'energy_price_index' }
    expect(buildDesign(draft).ok).toBe(true)
  })

  test('each problem points at the input that caused it', () => {
    const draft = grid({ replications: 'two' })
    draft.factors[0] = { ...draft.factors[0], values: '0.2, lots' }
    draft.factors[1] = { ...draft.factors[1], choice: 'custom', name: 'gravity.lambada' }
    expect(buildDesign(draft)).toEqual({
      ok: false,
      problems: [
        { field: 'values', row: 0, message: '“lots” is not a number' },
        { field: 'path', row: 1, message: expect.stringContaining('did you mean "lambda"') },
        { field: 'replications', row: null, message: 'must be a whole number' },
      ],
    })
  })

  test('schema problems land on the factor input: out-of-range levels, a distribution in a grid, a missing n', () => {
    const draft = grid()
    draft.factors[0] = { ...draft.factors[0], values: '0.5, 1.5' }
    draft.factors[1] = { ...draft.factors[1], spec: 'uniform', from: '0', to: '1' }
    const built = buildDesign(draft)
    expect(built.ok).toBe(false)
    if (built.ok) return
    expect(built.problems).toContainEqual({ field: 'values', row: 0, message: 'must be between 0 and 1' })
    expect(built.problems).toContainEqual({ field: 'spec', row: 1, message: expect.stringContaining('a grid design needs levels') })
    expect(buildDesign(grid({ kind: 'lhs', n: '' }))).toMatchObject({ ok: false, problems: [{ field: 'n', message: 'is required' }] })
    const twice = grid()
    twice.factors[1] = { ...twice.factors[1], choice: 'state_overrides.hope' }
    expect(buildDesign(twice)).toMatchObject({ ok: false, problems: [{ field: 'path', row: 1, message: 'state_overrides.hope is already factor 1' }] })
  })

  test('shocks must be a standard deviation in [0, 1]', () => {
    expect(buildDesign(grid({ shocks: '0.05' }))).toMatchObject({ ok: true, shocks: 0.05 })
    expect(buildDesign(grid({ shocks: '3' }))).toMatchObject({ ok: false, problems: [{ field: 'shocks' }] })
  })
})

describe('writing the design into the batch file', () => {
  const design = { kind: 'grid' as const, factors: { 'state_overrides.hope': { values: [0.2, 0.8] } }, replications: 3 }

  test('an object file keeps its name, seed and defaults; its configs go', () => {
    const text = JSON.stringify({ name: 'Mine', seed: 7, defaults: { turns: 5 }, configs: [{ turns: 3 }, { turns: 4 }] })
    const { text: out, note } = applyDesign(text, design, null)
    expect(note).toBe('the 2 configs were replaced by the design')
    expect(JSON.parse(out)).toEqual({ name: 'Mine', seed: 7, defaults: { turns: 5 }, design })
    const parsed = parseBatchText(out)
    expect(parsed.ok && parsed.batch.runCount).toBe(6)
  })

  test('a single config becomes the defaults (less its seed); shocks are set in the defaults', () => {
    const { text: out, note } = applyDesign('[{"turns": 6, "seed": 3, "shocks": {"variables": {"x": 1}}}]', design, 0.05)
    expect(note).toBeNull()
    expect(JSON.parse(out)).toEqual({ seed: 0, defaults: { turns: 6, shocks: { variables: { x: 1 }, overlays: 0.05 } }, design })
    expect(parseBatchText(out).ok).toBe(true)
  })

  test('empty or broken text gives a fresh batch file', () => {
    expect(JSON.parse(applyDesign('', design, null).text)).toEqual({ seed: 0, defaults: { turns: 10 }, design })
    expect(applyDesign('{ nope', design, null).note).toMatch(/not a batch file/)
  })

  test('the written text reads back into the same form', () => {
    const draft = grid({ replications: '3', shocks: '0.02' })
    draft.factors[1] = { ...draft.factors[1], choice: 'variables', name: 'energy_price_index', spec: 'linspace', from: '0', to: '1', count: '4' }
    const built = buildDesign(draft)
    if (!built.ok) throw new Error('invalid')
    const back = readDraft(applyDesign('', built.design, built.shocks).text)
    expect(back).toMatchObject({ kind: 'grid', replications: '3', shocks: '0.02' })
    expect(back?.factors.map((f) => [factorPath(f), f.spec])).toEqual([['state_overrides.hope', 'values'], ['variables.energy_price_index', 'linspace']])
    expect(buildDesign(back!)).toEqual(built)
    expect(readDraft('[{"turns": 1}]')).toBeNull()
  })

  test('short lists and objects stay on one line', () => {
    expect(formatJson({ design: { factors: { a: { values: [1, 2] } } }, seed: 0 })).toBe('{\n  "design": { "factors": { "a": { "values": [1, 2] } } },\n  "seed": 0\n}')
  })
})
