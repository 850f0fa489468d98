import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { logUnit } from './portable-math'

/** A seeded, mutable random stream: the only source of randomness in the engine (port-decisions 2). */
export interface Rng {
  /** A float in [0, 1), a multiple of 2^-53. */
  nextFloat(): number
  /** A float in [a, b), drawn as `a + (b − a) · nextFloat()`, as PyTorch's `uniform_` does. */
  uniform(a: number, b: number): number
  /** A normal deviate, by Marsaglia's polar method; each call consumes whole pairs of floats and keeps no spare. */
  normal(mean: number, sd: number): number
  /** An integer in [0, 2^32). */
  nextUint32(): number
}

// 2^32 / φ, the Weyl increment of splitmix32 (and of murmur3-style seed combiners).
const GOLDEN_GAMMA = 0x9e3779b9

/** murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function assertUint32(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${name} must be an integer in [0, 2^32), got ${value}`)
  }
}

/**
 * A run's seed from (batch seed, design point index, replicate index), so it never depends on scheduling
 * (port-decisions 2): `h = fmix32((h ^ word) + φ)` over the three words from `h = 0`. Each step is a bijection
 * of `h` and of the word, so changing any one input always changes the seed.
 */
export function deriveSeed(batchSeed: number, pointIndex: number, replicate = 0): number {
  assertUint32(batchSeed, 'batchSeed')
  assertUint32(pointIndex, 'pointIndex')
  assertUint32(replicate, 'replicate')
  return absorb(absorb(absorb(0, batchSeed), pointIndex), replicate)
}

function absorb(h: number, word: number): number {
  return fmix32(((h ^ word) + GOLDEN_GAMMA) | 0)
}

/**
 * A seeded xoroshiro128+ stream. pure-rand's `xoroshiro128plus(seed)` puts the raw seed in its state, so its first
 * output is `~seed` and nearby seeds start alike; we fill the 128-bit state with splitmix32 (four fmix32 outputs of
 * distinct inputs, hence never all zero): xoroshiro's authors advise seeding it from a splitmix generator.
 */
export function createRng(seed: number): Rng {
  assertUint32(seed, 'seed')
  const state = [1, 2, 3, 4].map((k) => fmix32((seed + Math.imul(k, GOLDEN_GAMMA)) | 0))
  const generator = xoroshiro128plusFromState(state)
  const nextFloat = (): number => uniformFloat64(generator)
  return {
    nextFloat,
    uniform: (a, b) => a + (b - a) * nextFloat(),
    normal(mean, sd) {
      // Polar method rather than Box–Muller: no sin/cos; log is ours and sqrt is the CPU's correctly rounded one.
      for (;;) {
        const x = 2 * nextFloat() - 1
        const y = 2 * nextFloat() - 1
        const s = x * x + y * y
        if (s > 0 && s < 1) return mean + sd * (x * Math.sqrt((-2 * logUnit(s)) / s))
      }
    },
    nextUint32: () => generator.next() >>> 0,
  }
}
