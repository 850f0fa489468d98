import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { MAX_NAME_LENGTH, MAX_TURNS, RunConfig } from '../schema/run-config'
import { formatProblem, problemsFromZod } from '../schema/problems'
import { parseRunConfig } from './parse-config'

// Same data, same key order, numbers compared with Object.is (so −0 and 0 differ): what JSON and the engine can see.
function sameData(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b)
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]
    && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

// Each field: mostly valid values (on and inside the schema's bounds), sometimes invalid ones (just outside them,
// wrong types), so that a good share of configs parse and every bound is probed from both sides.
const mostly = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 })
const mostlyNames = (valid: fc.Arbitrary<string>, invalid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 })
const wrongType = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 3 }), fc.constant([]), fc.constant({}))
const unit = fc.oneof(fc.constantFrom(0, -0, 1, 0.5, 0.3), fc.double({ min: 0, max: 1, noNaN: true }))
const notUnit = fc.constantFrom(-1e-9, 1 + 1e-9, Number.NaN, Infinity, -Infinity, '0.5')
const goodName = fc.oneof(fc.constantFrom('x', 'toString', 'a'.repeat(100), '1', '10', 'é', 'market_price'), fc.string({ minLength: 1, maxLength: 4 }))
const badName = fc.constantFrom('', 'constructor', 'prototype', '__proto__', 'a'.repeat(101))
const dict = (value: fc.Arbitrary<unknown>) => fc.dictionary(mostlyNames(goodName, badName), value, { maxKeys: 4 })
const uint32 = fc.oneof(fc.constantFrom(0, 1, 0xffffffff), fc.nat())
const field = {
  name: mostly(fc.oneof(fc.string({ maxLength: 4 }), fc.constant('n'.repeat(MAX_NAME_LENGTH))), fc.oneof(fc.constant('n'.repeat(MAX_NAME_LENGTH + 1)), wrongType)),
  notes: mostly(fc.string({ maxLength: 4 }), wrongType),
  state_overrides: mostly(
    fc.record({ hope: unit, despair: unit, rage: unit, fatigue: unit, trust: unit, _dynamic_overlays: dict(unit) }, { requiredKeys: [] }),
    fc.oneof(fc.record({ hope: notUnit, extra: unit }, { requiredKeys: [] }), fc.constant({ _dynamic_overlays: { calm: 2 } }), wrongType)),
  variables: mostly(dict(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e300))), fc.oneof(dict(notUnit), wrongType)),
  capital: mostly(dict(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(-0))), fc.oneof(fc.constant({ nvda: -1 }), wrongType)),
  turns: mostly(fc.oneof(fc.constantFrom(1, 10, MAX_TURNS), fc.integer({ min: 1, max: 50 })), fc.oneof(fc.constantFrom(0, -1, 1.5, MAX_TURNS + 1, 2 ** 53, Number.NaN), wrongType)),
  use_symbolism: mostly(fc.boolean(), wrongType),
  seed: mostly(uint32, fc.oneof(fc.constantFrom(2 ** 32, -1, 1.5), wrongType)),
  record: mostly(fc.constantFrom('summary', 'full'), fc.oneof(fc.constant('all'), wrongType)),
  decay_rate: mostly(unit, fc.oneof(notUnit, wrongType)),
  rules: mostly(fc.constantFrom({ R001_EnergySpike: { threshold: 0.1 } }, { R002_TrustRebound: { enabled: false } }, {}), fc.oneof(fc.constant({ R003: {} }), wrongType)),
  gravity: mostly(fc.constantFrom({ lambda: 0.5 }, { initial_weights: { hope: 1 } }, { active_variables: ['a'] }, {}), fc.oneof(fc.constant({ lambda: 2 }), wrongType)),
  shadow: mostly(fc.constantFrom({ window_steps: 3 }, { critical_variables: ['x'] }, {}), fc.oneof(fc.constant({ window_steps: 0 }), wrongType)),
  forecast: mostly(fc.oneof(fc.record({ model_seed: uint32 }, { requiredKeys: [] })), fc.oneof(fc.constant({ model_seed: -7 }), wrongType)),
  observations: mostly(fc.constantFrom({ variables: { a: [1, 2] } }, { overlays: { hope: [0.5] } }), fc.oneof(fc.constant({ overlays: { hope: [] } }), wrongType)),
  shocks: mostly(fc.constantFrom({ overlays: 0.1 }, { variables: { a: 1 } }), fc.oneof(fc.constant({ overlays: 2 }), wrongType)),
}
const config = fc.oneof(
  { arbitrary: fc.record(field, { requiredKeys: [] }), weight: 20 },
  { arbitrary: fc.record({ ...field, bogus: wrongType }, { requiredKeys: ['bogus'] }), weight: 1 },
  { arbitrary: wrongType, weight: 1 },
  // an own "__proto__" key, as JSON.parse makes one
  { arbitrary: fc.constant(JSON.parse('{"__proto__": {"turns": 3}, "turns": 2}') as unknown), weight: 1 },
)

describe('parseRunConfig: the field-by-field path gives what RunConfig gives', () => {
  test('for random configs, valid and invalid: the same config (key order, −0) or the same problems', () => {
    let parsed = 0
    fc.assert(fc.property(config, (raw) => {
      const zod = RunConfig.safeParse(raw, { reportInput: true })
      const ours = parseRunConfig(raw)
      if (zod.success) {
        parsed++
        expect(ours.ok).toBe(true)
        expect(ours.ok && sameData(ours.config, zod.data)).toBe(true)
      } else {
        expect(ours).toEqual({ ok: false, message: problemsFromZod(zod.error.issues, { root: RunConfig }).map(formatProblem).join('; ') })
      }
    }), { numRuns: 1500 })
    // both outcomes must be well represented for the comparison to mean something
    expect(parsed).toBeGreaterThan(150)
    expect(parsed).toBeLessThan(1350)
  }, 60_000)

  test('configs of the issue workload and the golden files', () => {
    for (const raw of [{}, { turns: 10 }, { state_overrides: { hope: 0.42, despair: 0.3 }, turns: 10 }, { record: 'full', seed: 5, variables: { x: -0 } }]) {
      const ours = parseRunConfig(raw)
      expect(ours.ok && sameData(ours.config, RunConfig.parse(raw))).toBe(true)
    }
  })

  test('each run gets its own default objects', () => {
    const a = parseRunConfig({})
    const b = parseRunConfig({})
    if (!a.ok || !b.ok) throw new Error('defaults must parse')
    expect(a.config.gravity).not.toBe(b.config.gravity)
    expect(a.config.rules.R001_EnergySpike).not.toBe(b.config.rules.R001_EnergySpike)
    expect(a.config.state_overrides).not.toBe(b.config.state_overrides)
  })
})
