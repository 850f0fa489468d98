import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { computeFragility, fragilityLabel, symbolicTension } from './tension'

const unit = fc.double({ min: 0, max: 1, noNaN: true })
const overlays = fc.record({ hope: unit, despair: unit, rage: unit, fatigue: unit, trust: unit })

describe('symbolic tension and fragility (reference 4.9 and 10)', () => {
  test('tension of the default state after one turn is .497', () => {
    expect(symbolicTension({ hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 })).toBe(0.497)
  })

  test('missing overlays count as 0', () => {
    expect(symbolicTension({})).toBe(0)
    expect(symbolicTension({ hope: 0.8, despair: 0.5 })).toBe(0.4)
  })

  test('fragility with a symbolic change is .528', () => {
    const change = { hope: -0.2, despair: 0.3, fatigue: 0.1 }
    expect(computeFragility({ hope: 0.8, despair: 0.6, rage: 0.3, fatigue: 0.5, trust: 0.4 }, change)).toBe(0.528)
  })

  test('all overlays at 1 cap fragility at .7', () => {
    expect(computeFragility({ hope: 1, despair: 1, rage: 1, fatigue: 1, trust: 1 })).toBe(0.7)
  })

  test('without a symbolic change fragility is .6 × tension', () => {
    expect(computeFragility({ hope: 0.59, despair: 0.19, rage: 0.49, fatigue: 0.49, trust: 0.49 })).toBe(0.298)
  })

  test('labels for .29 / .3 / .59 / .6 are Stable / Moderate / Moderate / Volatile', () => {
    expect([0.29, 0.3, 0.59, 0.6].map(fragilityLabel)).toEqual(['🟢 Stable', '⚠️ Moderate', '⚠️ Moderate', '🔴 Volatile'])
  })

  test('for overlays and changes in [0, 1], fragility stays in [0, .7]', () => {
    fc.assert(fc.property(overlays, fc.dictionary(fc.constantFrom('hope', 'despair', 'rage'), fc.double({ min: -1, max: 1, noNaN: true })),
      (o, change) => {
        const f = computeFragility(o, change)
        expect(f).toBeGreaterThanOrEqual(0)
        expect(f).toBeLessThanOrEqual(0.7)
      }), { numRuns: 300 })
  })
})
