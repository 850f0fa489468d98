import { describe, expect, test } from 'vitest'
import { computeRiskScore } from './risk'

const moved = { start_capital: { nvda: 1000 }, end_capital: { nvda: 1500 }, symbolic_change: { hope: 0.1 } }

describe('risk score (reference 4.9)', () => {
  test('with no capital and no memory only the ML placeholder remains: .01', () => {
    expect(computeRiskScore({})).toBe(0.01)
  })

  test('capital volatility counts half: a 500 move gives .135', () => {
    expect(computeRiskScore({ forecast: moved })).toBe(0.135)
  })

  test('disagreement with memory counts .4: similarities .8 and 1 give .175', () => {
    const memory = [{ forecast: { symbolic_change: { hope: 0.3 } } }, { forecast: { symbolic_change: { hope: 0.1 } } }]
    expect(computeRiskScore({ forecast: moved }, memory)).toBe(0.175)
  })

  test('with memory but no symbolic change of its own the historical component is .4', () => {
    expect(computeRiskScore({}, [{}])).toBe(0.17)
  })

  test('memory items without change or common keys count as similarity .6', () => {
    const memory = [{}, { forecast: { symbolic_change: { rage: 0.2 } } }]
    expect(computeRiskScore({ forecast: { symbolic_change: { hope: 0.1 } } }, memory)).toBe(0.17)
  })

  test('cash and assets outside nvda, msft, ibit, spy do not move risk', () => {
    expect(computeRiskScore({ forecast: { start_capital: { cash: 0, gold: 0 }, end_capital: { cash: 1e6, gold: 1e6 } } })).toBe(0.01)
  })

  test('volatility saturates at 1 and the short-memory cap keeps risk at .7', () => {
    const wild = { start_capital: { nvda: 0 }, end_capital: { nvda: 1e6 }, symbolic_change: { hope: 1 } }
    const opposite = [{ forecast: { symbolic_change: { hope: -1 } } }]
    expect(computeRiskScore({ forecast: wild }, opposite)).toBe(0.7)
  })

  test('with 3 memory items the cap is lifted and only the last 3 count', () => {
    const wild = { start_capital: { nvda: 0 }, end_capital: { nvda: 1e6 }, symbolic_change: { hope: 1 } }
    const opposite = { forecast: { symbolic_change: { hope: -1 } } }
    const same = { forecast: { symbolic_change: { hope: 1 } } }
    expect(computeRiskScore({ forecast: wild }, [opposite, opposite, opposite])).toBe(0.91)
    expect(computeRiskScore({ forecast: wild }, [same, opposite, opposite, opposite])).toBe(0.91)
    expect(computeRiskScore({ forecast: wild }, [opposite, same, same, same])).toBe(0.51)
  })
})
