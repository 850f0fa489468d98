import { createRng, deriveSeed } from '../prng'
import { createSobolSequence } from './sobol-sequence'

/** A sample of the unit cube [0, 1]^d with random access, so shards and workers compute only their own points. */
export interface UnitSampler {
  readonly count: number
  readonly dimensions: number
  pointAt(index: number): number[]
}

/** Throws unless `index` is a point of a sample of `count` points. */
export function assertPointIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`point index must be an integer in [0, ${count}), got ${index}`)
  }
}

/** Plain Monte Carlo: point i is the first d floats of `createRng(deriveSeed(seed, i, 0))`. */
export function randomSample(n: number, dimensions: number, seed: number): UnitSampler {
  return {
    count: n,
    dimensions,
    pointAt(index) {
      assertPointIndex(index, n)
      const rng = createRng(deriveSeed(seed, index, 0))
      return Array.from({ length: dimensions }, () => rng.nextFloat())
    },
  }
}

/**
 * The first n points of a Sobol' sequence; scrambled (the default) with draws from `createRng(seed)`. Balance
 * holds for n a power of two: then each dimension has exactly one point per interval of width 1/n.
 */
export function sobolSample(n: number, dimensions: number, options: { scramble: boolean; seed: number }): UnitSampler {
  const sequence = createSobolSequence(dimensions, options.scramble ? createRng(options.seed) : undefined)
  return { count: n, dimensions, pointAt(index) {
    assertPointIndex(index, n)
    return sequence.pointAt(index)
  } }
}
