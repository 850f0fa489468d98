import { describe, expect, it } from 'vitest'
import { validateConfig } from '../schema/batch-file'
import { RunConfig } from '../schema/run-config'
import { applyOverrides, clampUnit, decayOverlays, snapshotState } from './world-state'

const stateOf = (input: unknown) => applyOverrides(RunConfig.parse(input))

describe('WorldState', () => {
  it('overlays default to .5: hope .5 / despair .2 gives the five core values (reference 10, get_overlays_dict)', () => {
    expect(stateOf({ state_overrides: { despair: 0.2 } }).overlays).toEqual({ hope: 0.5, despair: 0.2, rage: 0.5, fatigue: 0.5, trust: 0.5 })
  })

  it('capital starts at the reference defaults, overridden per asset; the turn at 0', () => {
    const state = stateOf({ capital: { nvda: 1000 } })
    expect(state.capital).toEqual({ nvda: 1000, msft: 0, ibit: 0, spy: 0, cash: 100000 })
    expect(state.turn).toBe(0)
  })

  it('dynamic overlays join the core ones and decay with them; a snapshot keeps them (the original lost them)', () => {
    const state = stateOf({ state_overrides: { _dynamic_overlays: { awe: 0.3 } } })
    decayOverlays(state, 0.01)
    expect(state.overlays.awe).toBe(0.29)
    expect(snapshotState(state).overlays.awe).toBe(0.29)
  })

  it('overlay values are validated: a string, a value outside [0, 1] or an empty name is an error (reference 10, _validate_overlay)', () => {
    expect(RunConfig.safeParse({ state_overrides: { hope: '0.5' } }).success).toBe(false)
    expect(RunConfig.safeParse({ state_overrides: { hope: 1.01 } }).success).toBe(false)
    expect(RunConfig.safeParse({ state_overrides: { _dynamic_overlays: { '': 0.5 } } }).success).toBe(false)
    expect(validateConfig({ variables: { constructor: 1 } }, 0)).toEqual([{ index: 0, path: 'variables.constructor', message: 'the name is a reserved name' }])
    expect(validateConfig({ variables: { '': 1 } }, 0)).toEqual([{ index: 0, path: 'variables[""]', message: 'the name is empty' }])
  })

  it('clampUnit keeps values in [0, 1]', () => {
    expect([-0.1, 0, 0.4, 1, 1.7].map(clampUnit)).toEqual([0, 0, 0.4, 1, 1])
  })
})
