import { describe, expect, test } from 'vitest'
import { experimentOf } from './experiment'

describe("a stored batch's experiment", () => {
  const design = (kind: string, extra: object) => JSON.stringify({ seed: 1, design: { kind, factors: { 'state_overrides.hope': { uniform: [0, 1] } }, ...extra } })

  test('is planned with the seed the batch ran with, not the file’s', () => {
    const source = design('random', { n: 4, replications: 2 })
    const a = experimentOf({ source, seed: 1 })!
    const b = experimentOf({ source, seed: 2 })!
    expect(a.plan.pointAt(0).factors).not.toEqual(b.plan.pointAt(0).factors)
    expect([a.pointOf(5), a.plan.factorPaths, a.sensitivity]).toEqual([2, ['state_overrides.hope'], null])
  })

  test('says which indices a design gives', () => {
    expect(experimentOf({ source: design('morris', { r: 3 }), seed: 0 })?.sensitivity).toBe('morris')
    expect(experimentOf({ source: design('saltelli', { n: 4 }), seed: 0 })?.sensitivity).toBe('sobol')
  })

  test('a list of configs has no factors; an imported or unreadable batch has no experiment', () => {
    expect(experimentOf({ source: '[{"turns": 1}, {"turns": 2}]', seed: 0 })?.plan.factorPaths).toEqual([])
    expect(experimentOf({ source: '', seed: 0 })).toBeNull()
    expect(experimentOf({ source: '{"design": {"kind": "grid"}}', seed: 0 })).toBeNull()
  })
})
