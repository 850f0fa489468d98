import { createRng, deriveSeed } from '../prng'
import { assertPointIndex, type UnitSampler } from './unit-sampler'

/**
 * A keyed pseudo-random permutation of [0, n), evaluated at one index: Kensler's hash-based `permute` (Correlated
 * Multi-Jittered Sampling, Pixar technical memo 13-01, 2013, listing 1). Every step is a bijection of the low bits,
 * and cycle walking brings values past n back into range, so it is a permutation for any n and key; it needs no
 * table, which lets a worker compute any sample of a million-point design alone.
 */
export function permuteIndex(index: number, n: number, key: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) throw new RangeError(`n must be an integer in [1, 2^32), got ${n}`)
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`index must be an integer in [0, ${n}), got ${index}`)
  let w = n - 1
  w |= w >>> 1
  w |= w >>> 2
  w |= w >>> 4
  w |= w >>> 8
  w |= w >>> 16
  let i = index
  const p = key >>> 0
  do {
    i ^= p
    i = Math.imul(i, 0xe170893d)
    i ^= p >>> 16
    i ^= (i & w) >>> 4
    i ^= p >>> 8
    i = Math.imul(i, 0x0929eb3f)
    i ^= p >>> 23
    i ^= (i & w) >>> 1
    i = Math.imul(i, 1 | (p >>> 27))
    i = Math.imul(i, 0x6935fa69)
    i ^= (i & w) >>> 11
    i = Math.imul(i, 0x74dcb303)
    i ^= (i & w) >>> 2
    i = Math.imul(i, 0x9e501cc3)
    i ^= (i & w) >>> 2
    i = Math.imul(i, 0xc860a3df)
    i &= w
    i ^= i >>> 5
    i >>>= 0
  } while (i >= n)
  return (i + (p % n)) % n
}

/**
 * A Latin hypercube of n points in d dimensions: each dimension is cut into n equal bins and every bin holds
 * exactly one point. Point i sits in bin `permuteIndex(i, n, key_j)` of dimension j, at a uniform offset inside it.
 * Keys: the first d uint32 of `createRng(seed)`; point i's offsets: the first d floats of
 * `createRng(deriveSeed(seed, i, 0))`, so any point is computed without the others.
 */
export function latinHypercube(n: number, dimensions: number, seed: number): UnitSampler {
  const rng = createRng(seed)
  const keys = Array.from({ length: dimensions }, () => rng.nextUint32())
  return {
    count: n,
    dimensions,
    pointAt(index) {
      assertPointIndex(index, n)
      const offsets = createRng(deriveSeed(seed, index, 0))
      return keys.map((key) => (permuteIndex(index, n, key) + offsets.nextFloat()) / n)
    },
  }
}
