import { describe, expect, it } from 'vitest'
import { RunConfig, type RunConfigInput } from '../schema/run-config'
import type { Comparison } from '../schema/run-record'
import { createRunContext, runOne } from './run'
import { simulateRun, type LearningHook } from './simulate'

const simulate = (input: RunConfigInput, hook?: LearningHook, seed?: number) => simulateRun(RunConfig.parse(input), { hook, seed })

describe('the turn loop', () => {
  it('advances the turn counter: turns are numbered 1..N and the final state is at turn N (the original stayed at 0)', () => {
    const result = simulate({ turns: 3, record: 'full' })
    expect(result.turns!.map((t) => t.turn)).toEqual([1, 2, 3])
    expect(result.state.turn).toBe(3)
  })

  it('3 turns give 3 per-turn records in full mode and none in summary mode', () => {
    expect(simulate({ turns: 3, record: 'full' }).turns).toHaveLength(3)
    expect(simulate({ turns: 3 }).turns).toBeNull()
  })

  it('sample config hope .6 / despair .2 after 1 turn: confidence .797, fragility .298 (reference 10)', () => {
    const { lastTurn } = simulate({ state_overrides: { hope: 0.6, despair: 0.2 }, turns: 1 })
    expect(lastTurn.confidence).toBe(0.797)
    expect(lastTurn.fragility).toBe(0.298)
  })

  it('sample config hope .3 / despair .5 after 1 turn: overlays (.29 .49 .49 .49 .49), conf .803, frag .272, NEUTRAL, Trusted, alignment 35.31', () => {
    const { state, lastTurn } = simulate({ state_overrides: { hope: 0.3, despair: 0.5 }, turns: 1 })
    expect(state.overlays).toEqual({ hope: 0.29, despair: 0.49, rage: 0.49, fatigue: 0.49, trust: 0.49 })
    expect(lastTurn).toMatchObject({ confidence: 0.803, fragility: 0.272, symbolic_tag_enum: 'NEUTRAL', trust_label: '🟢 Trusted', alignment_score: 35.31 })
  })

  it('the learning hook sees every turn once, in order, and every comparison', () => {
    const seen: number[] = []
    const comparisons: Comparison[] = []
    simulate(
      { turns: 4, observations: { variables: { demand: [1, 2, 3, 4] } } },
      { processTurn: (_state, turn) => seen.push(turn), logComparison: (c) => comparisons.push(c) },
    )
    expect(seen).toEqual([1, 2, 3, 4])
    expect(comparisons.map((c) => c.turn)).toEqual([1, 2, 3, 4])
  })

  it('turns 0, −5, 1.5 and "abc" are config errors naming the field (reference 10: ValueError)', () => {
    for (const turns of [0, -5, 1.5, 'abc']) {
      const record = runOne({ turns }, { batchIndex: 0, batchSeed: 0 }, createRunContext())
      expect(record.status).toBe('error')
      if (record.status === 'error') {
        expect(record.error.stage).toBe('config')
        expect(record.error.message).toMatch(/^turns: /)
      }
    }
  })
})

describe('gravity learns from observations (reference 4.1 step 1, strict injection)', () => {
  // demand rises by .1 a turn: a model that carries the last value forward always misses by .1
  const rising = Array.from({ length: 20 }, (_, i) => 0.1 * i)
  const residuals = (gravity: RunConfigInput['gravity']) =>
    simulate({ turns: 20, observations: { variables: { demand: rising } }, gravity }).comparisons!.map((c) => c.variable_residual.demand)

  it('without gravity the residual never shrinks', () => {
    const off = residuals({ enabled: false })
    expect(off.slice(1).every((r) => Math.abs(r - 0.1) < 1e-12)).toBe(true)
  })

  it('with gravity on (learning rate .5, no EWMA) the correction cuts the residual by more than half, turn after turn', () => {
    const on = residuals({ learning_rate: 0.5, ewma_span: 0 })
    expect(on[1]).toBeCloseTo(0.1, 12)
    expect(on[19]).toBeLessThan(0.05)
    // monotone decrease while λ is fixed (the adaptive window of 20 has not filled yet)
    for (let t = 2; t < 19; t++) expect(on[t]).toBeLessThan(on[t - 1])
  })

  it('the gravity flags change the result: a higher learning rate learns faster', () => {
    const slow = residuals({ learning_rate: 0.05, ewma_span: 0 })
    const fast = residuals({ learning_rate: 0.5, ewma_span: 0 })
    expect(fast[19]).toBeLessThan(slow[19])
  })
})

describe('random shocks (issue 5)', () => {
  const shocked = { turns: 6, record: 'full', shocks: { overlays: 0.05, variables: { demand: 2 } }, variables: { demand: 10 } } as const

  it('are off by default: a config without shocks is the same whatever the seed', () => {
    expect(simulate({ turns: 6 }, undefined, 1)).toEqual(simulate({ turns: 6 }, undefined, 2))
  })

  it('differ between seeds and repeat for the same seed; overlays stay in [0, 1]', () => {
    const a = simulate(shocked, undefined, 1)
    expect(simulate(shocked, undefined, 1)).toEqual(a)
    expect(simulate(shocked, undefined, 2).state).not.toEqual(a.state)
    for (const turn of a.turns!) for (const v of Object.values(turn.overlays)) expect(v >= 0 && v <= 1).toBe(true)
    expect(a.state.variables.demand).not.toBe(10)
  })

  it('large overlay shocks are clamped to [0, 1]', () => {
    const { turns } = simulate({ turns: 20, record: 'full', shocks: { overlays: 1 } }, undefined, 5)
    const values = turns!.flatMap((t) => Object.values(t.overlays))
    expect(values.some((v) => v === 0 || v === 1)).toBe(true)
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true)
  })
})

describe('observed overlays (reference 4.1 step 1)', () => {
  it('a config may observe some overlays only; they are injected before each turn and compared after it', () => {
    const result = simulate({ turns: 3, record: 'full', observations: { overlays: { hope: [0.9, 0.8, 0.7] } } })
    expect(result.turns!.map((t) => t.overlays.hope)).toEqual([0.89, 0.79, 0.69])
    expect(result.comparisons!.map((c) => Object.keys(c.overlay_diff))).toEqual([['hope'], ['hope'], ['hope']])
  })
})
