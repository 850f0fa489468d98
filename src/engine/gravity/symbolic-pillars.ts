import { pySum } from '../shadow-monitor'

const HISTORY_LIMIT = 100 // reference 5.3: a pillar keeps at most 100 past intensities
const GROWTH_WINDOW = 5 // reference 5.3: growth rate looks at the last ≤ 5 intensities
const GROWTH_SCALE = 10 // reference 5.3: the mean delta is scaled ×10 before clamping to [−1, 1]
const MIN_INTERACTING_INTENSITY = 1e-6 // reference 5.3: pillars below this take no part in interactions

const clamp = (x: number, low: number, high: number): number => Math.min(Math.max(low, x), high)

/** A symbolic pillar: an intensity in [0, max capacity] with a bounded history (reference 5.3). */
export class SymbolicPillar {
  readonly name: string
  readonly maxCapacity: number
  private current: number
  private readonly history: number[]
  private readonly dataPointWeights: number[] = []

  constructor(name: string, initialIntensity = 0, maxCapacity = 1) {
    this.name = name
    this.maxCapacity = maxCapacity
    this.current = clamp(initialIntensity, 0, maxCapacity)
    this.history = [this.current]
  }

  /** The current intensity. */
  get intensity(): number {
    return this.current
  }

  /** A copy of the intensity history, oldest first. */
  intensityHistory(): number[] {
    return [...this.history]
  }

  /** Stacks a weighted data point; the intensity becomes Σweights / capacity, capped at 1 (reference 10). */
  addDataPoint(weight = 1): void {
    this.dataPointWeights.push(weight)
    // The original caps at 1.0, not at max capacity, and re-sums every weight with Python's sum().
    this.record(Math.min(pySum(this.dataPointWeights) / this.maxCapacity, 1))
  }

  /** Lowers the intensity by `rate`, not below 0, and returns the amount lost (reference 5.3). */
  decay(rate = 0.01): number {
    const before = this.current
    this.record(Math.max(0, this.current - rate))
    return before - this.current
  }

  /** Sets the intensity, clamped to [0, max capacity]. */
  setIntensity(intensity: number): void {
    this.record(clamp(intensity, 0, this.maxCapacity))
  }

  /** The mean change over the last ≤ 5 intensities (so ≤ 4 deltas) ×10, clamped to [−1, 1] (reference 5.3). */
  growthRate(): number {
    const recent = this.history.slice(-GROWTH_WINDOW)
    if (recent.length < 2) return 0
    const changes = recent.slice(1).map((value, i) => value - recent[i])
    return clamp((pySum(changes) / changes.length) * GROWTH_SCALE, -1, 1)
  }

  private record(intensity: number): void {
    this.current = intensity
    this.history.push(intensity)
    if (this.history.length > HISTORY_LIMIT) this.history.shift()
  }
}

type Interaction = { first: SymbolicPillar; second: SymbolicPillar; strength: number }

/** Options of a pillar system; the defaults are the original's (reference 5.2). */
export type PillarSystemOptions = { decayRate?: number; interactionStrength?: number }

/** The pillars that support the gravity fabric, with decay and pairwise interactions (reference 5.3). */
export class SymbolicPillarSystem {
  readonly decayRate: number
  readonly interactionStrength: number
  private readonly pillars = new Map<string, SymbolicPillar>()
  private readonly interactionsByKey = new Map<string, Interaction>()

  constructor(options: PillarSystemOptions = {}) {
    this.decayRate = options.decayRate ?? 0.01
    this.interactionStrength = options.interactionStrength ?? 0.1
  }

  /** Registers a pillar, or returns the existing one unchanged. */
  registerPillar(name: string, initialIntensity = 0, maxCapacity = 1): SymbolicPillar {
    const existing = this.pillars.get(name)
    if (existing) return existing
    const pillar = new SymbolicPillar(name, initialIntensity, maxCapacity)
    this.pillars.set(name, pillar)
    return pillar
  }

  /** The pillar of that name, if registered. */
  pillar(name: string): SymbolicPillar | undefined {
    return this.pillars.get(name)
  }

  /** Sets the interaction of two pillars (registering them at 0), with the strength clamped to [−1, 1]; negative means opposing. */
  setInteraction(pillar1: string, pillar2: string, strength: number): void {
    const [first, second] = pillar1 <= pillar2 ? [pillar1, pillar2] : [pillar2, pillar1]
    // reference 10: the key is the sorted pair, joined by "|" as the original serialises it
    this.interactionsByKey.set(`${first}|${second}`, {
      first: this.registerPillar(first),
      second: this.registerPillar(second),
      strength: clamp(strength, -1, 1),
    })
  }

  /** The interaction strengths by sorted-pair key. */
  interactions(): Record<string, number> {
    return Object.fromEntries([...this.interactionsByKey].map(([key, { strength }]) => [key, strength]))
  }

  /** Advances one step: every pillar decays, then the interactions apply (reference 5.3). */
  step(): void {
    for (const pillar of this.pillars.values()) pillar.decay(this.decayRate)
    this.applyInteractions()
  }

  /** The pillar intensities by name, in registration order: the symbol vector s. */
  intensities(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [name, pillar] of this.pillars) out[name] = pillar.intensity
    return out
  }

  // reference 5.3: every effect is computed from the intensities before any interaction of this step
  private applyInteractions(): void {
    if (this.interactionsByKey.size === 0 || this.pillars.size < 2) return
    const before = new Map([...this.pillars.values()].map((pillar) => [pillar, pillar.intensity]))
    for (const { first, second, strength } of this.interactionsByKey.values()) {
      const i1 = before.get(first) ?? 0
      const i2 = before.get(second) ?? 0
      if (i1 < MIN_INTERACTING_INTENSITY || i2 < MIN_INTERACTING_INTENSITY) continue
      const effect = strength * Math.min(i1, i2) * this.interactionStrength
      first.setIntensity(i1 + effect)
      second.setIntensity(i2 + effect)
    }
  }
}
