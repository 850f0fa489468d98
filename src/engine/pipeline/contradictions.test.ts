import { describe, expect, test } from 'vitest'
import { detectForecastContradictions, type ContradictionInput } from './contradictions'

// Distinct parents keep the fork rule quiet where a test is about another rule.
const f = (trace_id: string, extra: Partial<ContradictionInput> = {}): ContradictionInput => ({ trace_id, parent_id: `p-${trace_id}`, ...extra })

describe('forecast contradictions (reference 8.2)', () => {
  test('end capital more than 1000 apart on a shared asset is a conflict, signed and to 2 places', () => {
    const a = f('A', { forecast: { end_capital: { nvda: 10000, msft: 5 } } })
    const b = f('B', { forecast: { end_capital: { nvda: 8700, spy: 1e6 } } })
    expect(detectForecastContradictions([a, b])).toEqual([{ trace_id_1: 'A', trace_id_2: 'B', reason: 'Conflict on nvda ($1300.00)' }])
    expect(detectForecastContradictions([b, a])[0].reason).toBe('Conflict on nvda ($-1300.00)')
  })

  test('a capital gap of exactly 1000 is not a conflict', () => {
    const a = f('A', { forecast: { end_capital: { nvda: 2000 } } })
    const b = f('B', { forecast: { end_capital: { nvda: 1000 } } })
    expect(detectForecastContradictions([a, b])).toEqual([])
  })

  test('the capital gap prints half to even, as Python does: 1000.125 → $1000.12', () => {
    const a = f('A', { forecast: { end_capital: { nvda: 1000.125 } } })
    const b = f('B', { forecast: { end_capital: { nvda: 0 } } })
    expect(detectForecastContradictions([a, b])[0].reason).toBe('Conflict on nvda ($1000.12)')
  })

  test('hope and despair changes both more than .6 apart are a symbolic paradox', () => {
    const a = f('A', { forecast: { symbolic_change: { hope: 0.8, despair: 0.1 } } })
    const b = f('B', { forecast: { symbolic_change: { hope: 0.1, despair: 0.9 } } })
    expect(detectForecastContradictions([a, b])).toEqual([
      { trace_id_1: 'A', trace_id_2: 'B', reason: 'Symbolic paradox: Hope vs Despair divergence' },
    ])
  })

  test('a missing hope or despair change reads as .5, and an empty change is skipped', () => {
    const a = f('A', { forecast: { symbolic_change: { hope: 1.2, despair: -0.2 } } })
    const b = f('B', { forecast: { symbolic_change: { rage: 0 } } })
    expect(detectForecastContradictions([a, b])).toHaveLength(1)
    const empty = f('C', { forecast: { symbolic_change: {} } })
    expect(detectForecastContradictions([a, empty])).toEqual([])
  })

  test('two forecasts with the same parent fork; so do two with no parent at all', () => {
    const fork = 'Divergence fork from same parent'
    expect(detectForecastContradictions([f('A', { parent_id: 'P' }), f('B', { parent_id: 'P' })])[0].reason).toBe(fork)
    expect(detectForecastContradictions([{ trace_id: 'A' }, { trace_id: 'B' }])[0].reason).toBe(fork)
    expect(detectForecastContradictions([f('A', { parent_id: 'P' }), f('B', { parent_id: 'Q' })])).toEqual([])
  })

  test('the same trace id does not fork from itself', () => {
    expect(detectForecastContradictions([{ trace_id: 'A' }, { trace_id: 'A' }])).toEqual([])
  })

  test('only forecasts of the same origin turn are compared; no origin turn is turn -1', () => {
    const a = f('A', { origin_turn: 1, forecast: { end_capital: { nvda: 5000 } } })
    const b = f('B', { origin_turn: 2, forecast: { end_capital: { nvda: 0 } } })
    const c = f('C', { origin_turn: -1, forecast: { end_capital: { nvda: 0 } } })
    const d = f('D', { forecast: { end_capital: { nvda: 5000 } } })
    expect(detectForecastContradictions([a, b])).toEqual([])
    expect(detectForecastContradictions([a, b, c, d]).map((x) => [x.trace_id_1, x.trace_id_2])).toEqual([['C', 'D']])
  })

  test('one pair can break several rules, each reported', () => {
    const a = { trace_id: 'A', forecast: { end_capital: { nvda: 5000 }, symbolic_change: { hope: 0.9, despair: 0 } } }
    const b = { trace_id: 'B', forecast: { end_capital: { nvda: 0 }, symbolic_change: { hope: 0, despair: 0.9 } } }
    expect(detectForecastContradictions([a, b]).map((x) => x.reason)).toEqual([
      'Conflict on nvda ($5000.00)',
      'Symbolic paradox: Hope vs Despair divergence',
      'Divergence fork from same parent',
    ])
  })
})
