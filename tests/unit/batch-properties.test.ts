import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runBatch } from '../../src/engine/batch'
import { toJsonLine } from '../../src/engine/record-line'
import { createRunContext, runOne } from '../../src/engine/run'
import { CORE_OVERLAYS } from '../../src/schema/run-config'

const unit = fc.double({ min: 0, max: 1, noNaN: true })
const overrides = fc.record(Object.fromEntries(CORE_OVERLAYS.map((name) => [name, unit])), { requiredKeys: [] })
const variables = fc.dictionary(
  fc.constantFrom('energy_price_index', 'public_trust_level', 'inflation_index', 'ai_policy_risk', 'market_price', 'demand'),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
)
const validConfig = fc.record({
  state_overrides: overrides,
  variables,
  turns: fc.integer({ min: 1, max: 40 }),
  use_symbolism: fc.boolean(),
  decay_rate: fc.double({ min: 0, max: 1, noNaN: true }),
  shocks: fc.record({ overlays: fc.double({ min: 0, max: 1, noNaN: true }) }),
  seed: fc.nat({ max: 0xffffffff }),
}, { requiredKeys: ['turns'] })
// what a shared batch file may hold instead of a config: every one must become an error record, never a throw
const brokenConfig = fc.oneof(
  fc.constant(null), fc.constant(42), fc.constant('config'), fc.constant([]),
  fc.record({ turns: fc.constantFrom(0, -1, 1.5, 1e9, Number.NaN) }),
  fc.record({ state_overrides: fc.record({ hope: fc.constantFrom(-0.1, 1.5, Number.POSITIVE_INFINITY) }) }),
  fc.record({ turnz: fc.integer() }),
)
const position = { batchIndex: 0, batchSeed: 0 }

describe('engine invariants (fast-check)', () => {
  it('overlays stay in [0, 1] on every turn, for any valid input', () => {
    fc.assert(fc.property(validConfig, (config) => {
      const record = runOne({ ...config, record: 'full' }, position, createRunContext())
      expect(record.status).toBe('complete')
      if (record.status !== 'complete') return
      for (const turn of record.turns!) for (const v of Object.values(turn.overlays)) expect(v >= 0 && v <= 1).toBe(true)
    }), { numRuns: 150 })
  })

  it('the same (config, seed) gives a byte-identical JSONL line', () => {
    fc.assert(fc.property(validConfig, fc.nat({ max: 0xffffffff }), fc.nat({ max: 1000 }), (config, batchSeed, batchIndex) => {
      // separate contexts: nothing cached by one run may leak into the next
      const a = toJsonLine(runOne(config, { batchIndex, batchSeed }, createRunContext()))
      const b = toJsonLine(runOne(structuredClone(config), { batchIndex, batchSeed }, createRunContext()))
      expect(a).toBe(b)
    }), { numRuns: 60 })
  })

  it('a batch yields exactly one record per config, in order, whatever fails', () => {
    fc.assert(fc.property(fc.array(fc.oneof(validConfig, brokenConfig), { minLength: 1, maxLength: 12 }), (configs) => {
      const records = [...runBatch(configs, { seed: 7 })]
      expect(records.map((r) => r.batch_index)).toEqual(configs.map((_, i) => i))
      records.forEach((record, i) => {
        if (record.status === 'error') expect(record.error.stage).toBe('config')
        expect(record.config).toBe(configs[i])
      })
    }), { numRuns: 80 })
  })

  it('turn numbers run 1..N', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), (turns) => {
      const record = runOne({ turns, record: 'full' }, position, createRunContext())
      if (record.status !== 'complete') throw new Error(record.error.message)
      expect(record.turns!.map((t) => t.turn)).toEqual(Array.from({ length: turns }, (_, i) => i + 1))
      expect(record.final_state.turn).toBe(turns)
    }), { numRuns: 30 })
  })
})
