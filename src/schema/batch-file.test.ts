import { describe, expect, test } from 'vitest'
import { deepMerge, parseBatchFile, planBatch, type ParsedBatch } from './batch-file'
import { parseJsonText } from './json-text'
import { deriveSeed } from '../engine/prng'
import { formatProblem } from './problems'

const problems = (json: unknown) => {
  const r = parseBatchFile(json)
  return r.ok ? [] : r.problems.map(formatProblem)
}

describe('batch file validation names the config index, the field path and the problem', () => {
  test("the original's plain list is accepted as is", () => {
    const r = parseBatchFile([{ state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 }])
    expect(r.ok && r.batch).toMatchObject({ seed: 0, design: { kind: 'configs', replications: 1 }, configs: [{ state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 }], runCount: 1 })
  })
  test('unknown keys are errors, not silently dropped', () => {
    expect(problems([{ state_overrides: { hopee: 0.5 } }])).toEqual(['config 0: state_overrides.hopee: unknown key (did you mean "hope"?)'])
    expect(problems([{}, { turn: 3 }])).toEqual(['config 1: turn: unknown key (did you mean "turns"?)'])
    expect(problems([{ wibble: 3 }])).toEqual(['config 0: wibble: unknown key'])
  })
  test('overlays outside [0, 1] are errors', () => {
    expect(problems([{ state_overrides: { hope: 1.5 } }])).toEqual(['config 0: state_overrides.hope: must be between 0 and 1'])
    expect(problems([{ state_overrides: { despair: -0.1 } }])).toEqual(['config 0: state_overrides.despair: must be between 0 and 1'])
  })
  test('bad turns: 0, −1, 1.5, true, "3", above the maximum', () => {
    expect(problems([{ turns: 0 }, { turns: -1 }, { turns: 1.5 }, { turns: true }, { turns: '3' }, { turns: 1e9 }])).toEqual([
      'config 0: turns: must be at least 1',
      'config 1: turns: must be at least 1',
      'config 2: turns: must be a whole number',
      'config 3: turns: expected number, got the boolean true',
      'config 4: turns: expected number, got the string "3"',
      'config 5: turns: must be at most 10000',
    ])
  })
  test('booleans and strings where numbers belong', () => {
    expect(problems([{ state_overrides: { hope: true } }, { variables: { x: 'high' } }])).toEqual([
      'config 0: state_overrides.hope: expected number, got the boolean true',
      'config 1: variables.x: expected number, got the string "high"',
    ])
  })
  test('non-finite numbers are rejected (they cannot come from JSON, but can from code)', () => {
    expect(problems([{ variables: { x: Number.NaN } }, { variables: { y: Infinity } }])).toEqual([
      'config 0: variables.x: expected number, got NaN (not a finite number)',
      'config 1: variables.y: expected number, got Infinity (not a finite number)',
    ])
  })
  test('every problem of every config is listed', () => {
    expect(problems([{ turns: 0, state_overrides: { rage: 2 } }, { record: 'all' }])).toHaveLength(3)
  })
  test('the object form: seed, defaults deep-merged under each config, errors indexed by config', () => {
    const r = parseBatchFile({ seed: 7, defaults: { turns: 5, gravity: { lambda: 0.5 } }, configs: [{ gravity: { ewma_span: 3 } }, { turns: 2 }] })
    expect(r.ok && r.batch).toMatchObject({ seed: 7, runCount: 2 })
    const plan = planBatch((r as { batch: ParsedBatch }).batch)
    expect([...plan.runs()].map((spec) => spec.config)).toEqual([{ turns: 5, gravity: { lambda: 0.5, ewma_span: 3 } }, { turns: 2, gravity: { lambda: 0.5 } }])
    expect(problems({ configs: [{}, { turns: -1 }] })).toEqual(['config 1: turns: must be at least 1'])
    expect(problems({ defaults: { turns: 0 }, configs: [{}] })).toEqual(['defaults.turns: must be at least 1'])
  })
  test('wrong top-level types and empty batches', () => {
    expect(problems('x')).toEqual(['a batch file is a list of configs or an object with "configs" or "design", not a string'])
    expect(problems(null)).toEqual(['a batch file is a list of configs or an object with "configs" or "design", not null'])
    expect(problems([])).toEqual(['the list of configs is empty'])
    expect(problems({ configs: [] })).toEqual(['configs: must hold at least one config'])
    expect(problems([3])).toEqual(['config 0: expected object, got 3'])
  })
  test('deepMerge replaces arrays and keeps the override', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } })
  })
})

describe('JSON text', () => {
  test('syntax errors carry line and column', () => {
    const r = parseJsonText('[\n  {"turns": 1},\n  {"turns": }\n]')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem.message).toMatch(/^invalid JSON at line 3, column 13/)
  })
  test('empty and oversized files', () => {
    const empty = parseJsonText('  \n')
    expect(!empty.ok && empty.problem.message).toBe('the file is empty')
    const big = parseJsonText('[]', 50 * 1024 * 1024)
    expect(!big.ok && big.problem.message).toMatch(/limit is 20 MB/)
  })
})

describe('JSON error positions', () => {
  const at = (text: string) => {
    const r = parseJsonText(text)
    return r.ok ? 'ok' : r.problem.message
  }
  test('point at the offending character', () => {
    expect(at('[1,]')).toBe('invalid JSON at line 1, column 4: unexpected "]"')
    expect(at('{"a":1 "b":2}')).toBe('invalid JSON at line 1, column 8: unexpected "\\""')
    expect(at('[1, 2')).toBe('invalid JSON at line 1, column 6: the text ends too early')
    expect(at('{"a": NaN}')).toBe('invalid JSON at line 1, column 7: unexpected "N"')
    expect(at('[1] x')).toBe('invalid JSON at line 1, column 5: unexpected "x"')
  })
})

describe('a design in the batch file (issue 5)', () => {
  test('a grid with replications counts points × replications and expands lazily, seeds from (batch seed, point, replicate)', () => {
    const r = parseBatchFile({ seed: 3, defaults: { turns: 4 }, design: { kind: 'grid', replications: 2, factors: { 'state_overrides.hope': { values: [0.2, 0.8] }, 'gravity.lambda': { linspace: { from: 0.1, to: 0.3, n: 3 } } } } })
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '))
    expect(r.batch.runCount).toBe(12)
    const specs = [...planBatch(r.batch).runs()]
    expect(specs.map((s) => [s.point_index, s.replicate])).toEqual(Array.from({ length: 12 }, (_, i) => [Math.floor(i / 2), i % 2]))
    expect(specs[5].config).toEqual({ turns: 4, state_overrides: { hope: 0.2 }, gravity: { lambda: 0.3 } })
    expect(specs[5].seed).toBe(deriveSeed(3, 2, 1))
  })

  test('without configs or a design the file says what is missing; a design with configs of another kind is refused', () => {
    expect(problems({ seed: 1 })).toEqual(['configs: is required (a list of configs), unless a "design" makes the runs'])
    expect(problems({ configs: [{}], design: { kind: 'grid', factors: { turns: { values: [1, 2] } } } })).toEqual([
      'configs: a grid design makes its points from design.factors: drop configs, or use "kind": "configs"',
    ])
  })

  test('an over-large design is refused before anything runs', () => {
    const huge = { design: { kind: 'grid', factors: { turns: { range: { from: 1, to: 10000, step: 1 } }, 'state_overrides.hope': { linspace: { from: 0, to: 1, n: 10000 } } } } }
    expect(problems(huge).join('\n')).toMatch(/10,000,000/)
  })
})
