import { describe, expect, test } from 'vitest'
import { SymbolicPillar, SymbolicPillarSystem } from './symbolic-pillars'

describe('SymbolicPillar (reference 5.3, 10)', () => {
  test('a pillar starts with its intensity and a history of [initial]', () => {
    const pillar = new SymbolicPillar('hope', 0.5)
    expect(pillar.intensity).toBe(0.5)
    expect(pillar.intensityHistory()).toEqual([0.5])
  })

  test('data points set the intensity to Σweights / capacity, capped at 1', () => {
    const pillar = new SymbolicPillar('hope', 0.5)
    pillar.addDataPoint(0.3)
    expect(pillar.intensity).toBe(0.3)
    pillar.addDataPoint(0.4)
    expect(pillar.intensity).toBe(0.7)
    pillar.addDataPoint(5)
    expect(pillar.intensity).toBe(1)
  })

  test('decay subtracts the rate exactly and returns the amount lost', () => {
    const pillar = new SymbolicPillar('hope', 0.5)
    expect(pillar.decay(0.1)).toBeCloseTo(0.1, 9)
    expect(pillar.intensity).toBe(0.5 - 0.1)
    expect(pillar.intensityHistory()).toEqual([0.5, 0.5 - 0.1])
  })

  test('decay stops at 0', () => {
    const pillar = new SymbolicPillar('hope', 0.005)
    expect(pillar.decay(0.01)).toBe(0.005)
    expect(pillar.intensity).toBe(0)
  })

  test('setIntensity clamps to [0, capacity]', () => {
    const pillar = new SymbolicPillar('hope', 0.5)
    pillar.setIntensity(0.8)
    expect(pillar.intensity).toBe(0.8)
    pillar.setIntensity(1.5)
    expect(pillar.intensity).toBe(1)
    pillar.setIntensity(-0.5)
    expect(pillar.intensity).toBe(0)
  })

  test('the history keeps the last 100 intensities', () => {
    const pillar = new SymbolicPillar('hope', 0)
    for (let i = 1; i <= 150; i++) pillar.setIntensity(i / 1000)
    const history = pillar.intensityHistory()
    expect(history).toHaveLength(100)
    expect(history[0]).toBe(51 / 1000)
    expect(history[99]).toBe(150 / 1000)
  })

  test('the growth rate is the mean of the last four deltas ×10, clamped to [−1, 1]', () => {
    const pillar = new SymbolicPillar('hope', 0)
    expect(pillar.growthRate()).toBe(0)
    for (const x of [0.5, 0.5, 0.51, 0.53, 0.56]) pillar.setIntensity(x)
    // last five: .5, .5, .51, .53, .56 → deltas 0, .01, .02, .03 → mean .015 → .15
    expect(pillar.growthRate()).toBeCloseTo(0.15, 12)
    pillar.setIntensity(1)
    expect(pillar.growthRate()).toBe(1)
  })
})

describe('SymbolicPillarSystem (reference 5.3, 10)', () => {
  test('re-registering returns the existing pillar unchanged', () => {
    const system = new SymbolicPillarSystem()
    const hope = system.registerPillar('hope', 0.7)
    expect(system.registerPillar('hope', 0.5)).toBe(hope)
    expect(hope.intensity).toBe(0.7)
  })

  test('an interaction is keyed by the sorted pair, with the strength clamped to [−1, 1]; negative means opposing', () => {
    const system = new SymbolicPillarSystem()
    system.setInteraction('hope', 'despair', -0.5)
    system.setInteraction('rage', 'fatigue', 3)
    system.setInteraction('trust', 'calm', -2)
    expect(system.interactions()).toEqual({ 'despair|hope': -0.5, 'fatigue|rage': 1, 'calm|trust': -1 })
    expect(system.pillar('despair')?.intensity).toBe(0)
  })

  test('a step decays every pillar by the decay rate, then applies interactions from the decayed intensities', () => {
    const system = new SymbolicPillarSystem({ decayRate: 0.01, interactionStrength: 0.1 })
    system.registerPillar('hope', 0.6)
    system.registerPillar('despair', 0.4)
    system.setInteraction('hope', 'despair', -0.5)
    system.step()
    // effect = −0.5 · min(.59, .39) · 0.1 = −0.0195, added to both
    expect(system.intensities().hope).toBeCloseTo(0.5705, 12)
    expect(system.intensities().despair).toBeCloseTo(0.3705, 12)
  })

  test('every pair reads the intensities from before this step’s interactions', () => {
    const system = new SymbolicPillarSystem({ decayRate: 0, interactionStrength: 1 })
    system.registerPillar('a', 0.5)
    system.registerPillar('b', 0.2)
    system.registerPillar('c', 0.4)
    system.setInteraction('a', 'b', 1)
    system.setInteraction('a', 'c', 1)
    system.step()
    // a is set twice from its pre-interaction .5; the second pair wins: .5 + .4
    expect(system.intensities()).toEqual({ a: 0.9, b: 0.4, c: 0.8 })
  })

  test('pillars below 1e-6 take no part in interactions', () => {
    const system = new SymbolicPillarSystem({ decayRate: 0.01 })
    system.registerPillar('hope', 0.6)
    system.registerPillar('despair', 0.005)
    system.setInteraction('hope', 'despair', 1)
    system.step()
    expect(system.intensities()).toEqual({ hope: 0.6 - 0.01, despair: 0 })
  })
})
