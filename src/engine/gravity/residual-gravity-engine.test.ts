import { describe, expect, test } from 'vitest'
import { GravityConfig } from '../../schema/run-config'
import { type HealthMetrics, ResidualGravityEngine, assessHealth, numpySum } from './residual-gravity-engine'

const config = (overrides: Record<string, unknown> = {}): GravityConfig => GravityConfig.parse(overrides)
const PILLARS = ['hope', 'despair']
const S = { hope: 0.6, despair: 0.2 }

// reference 5.4 worked vectors: defaults with adaptive λ off, residual 1.0 each time
function learnedEngine(updates: number): ResidualGravityEngine {
  const engine = new ResidualGravityEngine(config({ enable_adaptive_lambda: false }), PILLARS)
  for (let i = 0; i < updates; i++) engine.updateImpactMatrix(1.0, S)
  return engine
}

describe('learning (reference 5.4)', () => {
  test('update 1 gives B (3.870968e-5, 1.290323e-5) and V (.06, .02)', () => {
    const engine = learnedEngine(1)
    expect(engine.weights().hope).toBeCloseTo(3.870968e-5, 11)
    expect(engine.weights().despair).toBeCloseTo(1.290323e-5, 11)
    expect(engine.momentumBuffer().hope).toBeCloseTo(0.06, 12)
    expect(engine.momentumBuffer().despair).toBeCloseTo(0.02, 12)
  })

  test('update 2 gives B (1.1225806e-4, 3.741935e-5)', () => {
    const engine = learnedEngine(2)
    expect(engine.weights().hope).toBeCloseTo(1.1225806e-4, 11)
    expect(engine.weights().despair).toBeCloseTo(3.741935e-5, 11)
  })

  test('update 3 gives B (2.1716128e-4, 7.238709e-5)', () => {
    const engine = learnedEngine(3)
    expect(engine.weights().hope).toBeCloseTo(2.1716128e-4, 11)
    expect(engine.weights().despair).toBeCloseTo(7.238709e-5, 11)
  })

  test('after three updates g = 1.4477419e-4 and apply(0.5) corrects by 3.6193546e-5', () => {
    const engine = learnedEngine(3)
    expect(engine.gravity(S)).toBeCloseTo(1.4477419e-4, 11)
    const { correction, corrected } = engine.applyGravityCorrection(0.5, S)
    expect(correction).toBeCloseTo(3.6193546e-5, 12)
    expect(corrected).toBe(0.5 + correction)
  })

  test('pillars absent from s are neither updated nor regularised', () => {
    const engine = new ResidualGravityEngine(config({ ewma_span: 0, initial_weights: { despair: 1 } }), PILLARS)
    engine.updateImpactMatrix(1.0, { hope: 1 })
    expect(engine.weights().despair).toBe(1)
    expect(engine.momentumBuffer().despair).toBe(0)
    expect(engine.weights().hope).toBeGreaterThan(0)
  })

  test('1000 process-and-correct steps toward truth ±1 give gravity ±12.5 (weights ±10, ±5)', () => {
    for (const truth of [1, -1]) {
      const engine = new ResidualGravityEngine(config({
        lambda: 0.1, learning_rate: 0.01, regularization: 0, momentum: 0, ewma_span: 0, enable_adaptive_lambda: false,
      }), ['bias', 'signal'])
      const s = { bias: 1, signal: 0.5 }
      for (let i = 0; i < 1000; i++) engine.processAndCorrect(0, truth, s)
      expect(engine.gravity(s)).toBeCloseTo(12.5 * truth, 9)
      expect(engine.weights().bias).toBeCloseTo(10 * truth, 9)
      expect(engine.weights().signal).toBeCloseTo(5 * truth, 9)
    }
  })
})

describe('adaptive λ (reference 5.4)', () => {
  test('20 residuals of 1.0 raise λ from .25 to .2625', () => {
    const engine = new ResidualGravityEngine(config(), PILLARS)
    for (let i = 0; i < 20; i++) engine.updateImpactMatrix(1.0, S)
    expect(engine.stats().lambda).toBeCloseTo(0.2625, 4)
    expect(engine.stats().adaptive_lambda_adjustments).toBe(1)
  })

  test('20 more residuals of 0.0 bring λ to .36752 after 12 adjustments in total', () => {
    const engine = new ResidualGravityEngine(config(), PILLARS)
    for (let i = 0; i < 20; i++) engine.updateImpactMatrix(1.0, S)
    for (let i = 0; i < 20; i++) engine.updateImpactMatrix(0.0, S)
    expect(engine.stats().lambda).toBeCloseTo(0.36752, 5)
    expect(engine.stats().adaptive_lambda_adjustments).toBe(12)
  })
})

describe('correction (reference 5.4)', () => {
  test('with adaptive λ and B = [[2, 0]] the first apply has fragility .5357023, λ_eff .1160744, c .1392893', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 2, despair: 0 } }), PILLARS)
    const { correction } = engine.applyGravityCorrection(0, S)
    expect(engine.stats().fragility).toBeCloseTo(0.5357023, 7)
    expect(engine.stats().effective_lambda).toBeCloseTo(0.1160744, 7)
    expect(correction).toBeCloseTo(0.1392893, 7)
  })

  test('the second apply has fragility .4733008 and c .1580098', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 2, despair: 0 } }), PILLARS)
    engine.applyGravityCorrection(0, S)
    const { correction } = engine.applyGravityCorrection(0, S)
    expect(engine.stats().fragility).toBeCloseTo(0.4733008, 7)
    expect(correction).toBeCloseTo(0.1580098, 7)
  })

  test('the circuit breaker caps g = 10 at 5 and halves λ to .125, so c = .625', () => {
    const engine = new ResidualGravityEngine(config({ enable_adaptive_lambda: false, max_correction: 0, initial_weights: { hope: 20 } }), PILLARS)
    const { correction } = engine.applyGravityCorrection(0.5, { hope: 0.5 })
    expect(correction).toBeCloseTo(0.625, 12)
    expect(engine.stats().last_gravity_value).toBe(5)
    expect(engine.stats().circuit_breaker_trips).toBe(1)
  })

  test('max_correction then clamps c = .625 to .5, so x* = 1.0', () => {
    const engine = new ResidualGravityEngine(config({ enable_adaptive_lambda: false, initial_weights: { hope: 20 } }), PILLARS)
    expect(engine.applyGravityCorrection(0.5, { hope: 0.5 })).toEqual({ correction: 0.5, corrected: 1.0 })
  })

  test('with λ = 1 and B = 4, c clamps to .5', () => {
    const engine = new ResidualGravityEngine(config({ lambda: 1, enable_adaptive_lambda: false, initial_weights: { hope: 4 } }), PILLARS)
    expect(engine.applyGravityCorrection(0, { hope: 0.5 }).correction).toBe(0.5)
  })

  test('with the symbolic system off the correction is 0 and x passes through', () => {
    const engine = new ResidualGravityEngine(config({ symbolic_enabled: false, initial_weights: { hope: 2 } }), PILLARS)
    expect(engine.applyGravityCorrection(0.7, S)).toEqual({ correction: 0, corrected: 0.7 })
    expect(engine.stats().last_correction).toBe(0)
  })
})

describe('weights and contributors', () => {
  test('gravity records only present pillars with |w·s| > .001 as contributors, largest first', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 0.5, despair: -2, rage: 0.001 } }), ['hope', 'despair', 'rage', 'trust'])
    engine.gravity({ hope: 0.6, despair: 0.2, rage: 0.5 })
    expect(engine.topContributors()).toEqual([
      { pillar: 'despair', weight: -2, contribution: -0.4 },
      { pillar: 'hope', weight: 0.5, contribution: 0.3 },
    ])
  })

  test('before any gravity the top contributors rank the weights', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 0.5, despair: -2 } }), PILLARS)
    expect(engine.topContributors(1)).toEqual([{ pillar: 'despair', weight: -2, contribution: -2 }])
  })

  test('the RMS weight sums squares in numpy pairwise order', () => {
    const values = [0.096, -2.305, 0.741, 1.66, 0.678, 2.504, -2.762, 0.172, -0.244, -2.626]
    const names = values.map((_, i) => `p${i}`)
    const engine = new ResidualGravityEngine(config({ initial_weights: Object.fromEntries(names.map((n, i) => [n, values[i]])) }), names)
    // np.sqrt(np.mean(B ** 2)) in numpy 2.4; a left-to-right sum gives 1.7311921326068922
    expect(engine.rmsWeight()).toBe(1.7311921326068924)
  })

  test('numpySum adds blocks of 8 with 8 accumulators and splits longer arrays in halves', () => {
    const values = Array.from({ length: 300 }, (_, i) => 1 / (i + 3))
    // np.sum(1 / np.arange(3, 303)) and np.sum(1 / np.arange(3, 103)) in numpy 2.4; left to right gives ...856 and ...255
    expect(numpySum(values)).toBe(4.789297397713862)
    expect(numpySum(values.slice(0, 100))).toBe(3.707082429307257)
  })

  test('pruning is an explicit step that zeroes tiny weights only while the RMS weight exceeds fragility_threshold', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 5, despair: 5e-5 } }), PILLARS)
    engine.rmsWeight()
    engine.stats()
    engine.checkHealth()
    expect(engine.weights().despair).toBe(5e-5)
    engine.pruneWeights()
    expect(engine.weights()).toEqual({ hope: 5, despair: 0 })
    expect(engine.stats().pruned_weights).toBe(1)
  })

  test('an adaptive correction prunes where the original did, after computing g', () => {
    const engine = new ResidualGravityEngine(config({ initial_weights: { hope: 5, despair: 5e-5 } }), PILLARS)
    engine.applyGravityCorrection(0, S)
    expect(engine.stats().last_gravity_value).toBeCloseTo(5 * 0.6 + 5e-5 * 0.2, 15)
    expect(engine.weights().despair).toBe(0)
  })

  test('initial weights for an unknown pillar are an error', () => {
    expect(() => new ResidualGravityEngine(config({ initial_weights: { greed: 1 } }), PILLARS)).toThrow(/greed/)
  })
})

describe('shadow-model trigger inside the engine (reference 5.4)', () => {
  test('flags review once 30 samples show gravity explaining more than 30 % of the residual variance', () => {
    const engine = new ResidualGravityEngine(config({
      lambda: 1, learning_rate: 1, momentum: 0, regularization: 0, ewma_span: 0, enable_adaptive_lambda: false, max_correction: 0,
    }), ['bias'])
    const flags: boolean[] = []
    // Truth alternates ±1: the learnt bias absorbs every +1 step, so gravity residuals are 0, −1, 0, −1, …
    for (let i = 0; i < 30; i++) flags.push(engine.processAndCorrect(0, i % 2 === 0 ? 1 : -1, { bias: 1 }).reviewFlag)
    expect(flags.slice(0, 29).every((f) => !f)).toBe(true)
    expect(flags[29]).toBe(true)
    expect(engine.stats().shadow_model_trigger).toEqual({ variance_explained: 0.75, causal_variance: 1, gravity_variance: 0.25, sample: 30 })
  })

  test('no flag when the trigger is disabled', () => {
    const engine = new ResidualGravityEngine(config({
      lambda: 1, learning_rate: 1, momentum: 0, regularization: 0, ewma_span: 0, enable_adaptive_lambda: false, max_correction: 0,
      enable_shadow_model_trigger: false,
    }), ['bias'])
    for (let i = 0; i < 40; i++) expect(engine.processAndCorrect(0, i % 2 === 0 ? 1 : -1, { bias: 1 }).reviewFlag).toBe(false)
    expect(engine.stats().shadow_model_trigger).toBeNull()
  })
})

describe('health and statistics (reference 5.4)', () => {
  // Each row drops the condition that decided the row before; every later condition still holds where it can.
  const base: HealthMetrics = { maxWeight: 0, rmsWeight: 0.005, circuitBreakerTrips: 0, fragility: 0, updates: 101, correctionEfficiency: 0.125 }
  test.each([
    ['critical', 'Maximum weight too high, possible divergence', { ...base, maxWeight: 101, rmsWeight: 11, circuitBreakerTrips: 6, fragility: 0.855 }],
    ['unhealthy', 'RMS weights too high, possible overfitting', { ...base, rmsWeight: 11, circuitBreakerTrips: 6, fragility: 0.855 }],
    ['warning', 'Circuit breaker triggered 6 times, corrections may be unstable', { ...base, circuitBreakerTrips: 6, fragility: 0.855 }],
    ['warning', 'High fragility score (0.85), corrections applied conservatively', { ...base, fragility: 0.855 }],
    ['caution', 'Weights remain very small after many updates, possibly not learning', base],
    ['caution', 'Low correction efficiency (0.12), corrections heavily limited', { ...base, rmsWeight: 0.02 }],
    ['healthy', undefined, { ...base, rmsWeight: 0.02, correctionEfficiency: 1 }],
  ])('health ordering: %s (%s)', (status, warning, metrics) => {
    const health = assessHealth(metrics)
    expect(health.status).toBe(status)
    expect(health.warnings[0]).toBe(warning)
  })

  test('every non-healthy status carries two recommendations', () => {
    expect(assessHealth({ maxWeight: 0, rmsWeight: 11, circuitBreakerTrips: 0, fragility: 0, updates: 0, correctionEfficiency: 0 }).recommendations)
      .toEqual(['Increase regularization parameter', 'Consider pruning weights or reducing learning rate'])
    expect(assessHealth({ maxWeight: 0, rmsWeight: 0, circuitBreakerTrips: 0, fragility: 0, updates: 0, correctionEfficiency: 0 }))
      .toEqual({ status: 'healthy', warnings: [], recommendations: [] })
  })

  test('a fresh engine is healthy and large initial weights are unhealthy', () => {
    expect(new ResidualGravityEngine(config(), PILLARS).checkHealth().status).toBe('healthy')
    expect(new ResidualGravityEngine(config({ initial_weights: { hope: 30 } }), PILLARS).checkHealth().status).toBe('unhealthy')
  })

  test('stats are a JSON-safe snapshot, and reading them twice gives the same answer', () => {
    const engine = learnedEngine(3)
    engine.applyGravityCorrection(0.5, S)
    const first = engine.stats()
    expect(JSON.parse(JSON.stringify(first))).toEqual(first)
    expect(engine.stats()).toEqual(first)
    expect(first).toMatchObject({
      updates: 3,
      mean_abs_residual: 1,
      circuit_breaker_trips: 0,
      lambda: 0.25,
      effective_lambda: null,
      weights: engine.weights(),
      health_status: 'healthy',
      shadow_model_trigger: null,
    })
  })
})
