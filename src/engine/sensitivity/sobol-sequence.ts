import type { Rng } from '../prng'
import { JOE_KUO_D6 } from './joe-kuo'

/** Dimensions the embedded Joe–Kuo table covers (a saltelli design of d factors needs 2d). */
export const MAX_SOBOL_DIMENSIONS = JOE_KUO_D6.length + 1

// Points are 32-bit binary fractions: enough for 2^32 distinct points per dimension, and uint32 is what JS
// bit operators give us.
const BITS = 32
const TWO_POW_32 = 2 ** 32

/** A Sobol' sequence with random access: point `index` costs one XOR per set bit of its Gray code, per dimension. */
export interface SobolSequence {
  readonly dimensions: number
  /** Point `index` (0-based; the unscrambled sequence starts at the origin, as SciPy's does) in [0, 1)^d. */
  pointAt(index: number): number[]
}

/**
 * A Sobol' sequence in `dimensions` dimensions, in Gray-code order (Antonov–Saleev), so its first 2^m points are
 * the same as SciPy's `qmc.Sobol(d, scramble=False)` and form a (t, m, d)-net: each dimension puts exactly one of
 * them in each interval [k/2^m, (k+1)/2^m).
 *
 * With `scramble`, the direction numbers get a linear matrix scramble and the points a digital shift (Matoušek
 * 1998, the scheme SciPy uses): the net property survives and the origin is gone. Draws from `scramble`, per
 * dimension in order: 32 uint32 for the rows of the lower-triangular matrix (row b keeps its top b bits), then one
 * uint32 for the shift.
 */
export function createSobolSequence(dimensions: number, scramble?: Rng): SobolSequence {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_SOBOL_DIMENSIONS) {
    throw new RangeError(`a Sobol' sequence has 1 to ${MAX_SOBOL_DIMENSIONS} dimensions, got ${dimensions}`)
  }
  const directions: Uint32Array[] = []
  const shifts = new Uint32Array(dimensions)
  for (let j = 0; j < dimensions; j++) {
    const v = directionNumbers(j)
    if (scramble) {
      scrambleDirections(v, scramble)
      shifts[j] = scramble.nextUint32()
    }
    directions.push(v)
  }
  return {
    dimensions,
    pointAt(index) {
      if (!Number.isInteger(index) || index < 0 || index >= TWO_POW_32) {
        throw new RangeError(`a Sobol' point index is an integer in [0, 2^32), got ${index}`)
      }
      const gray = (index ^ (index >>> 1)) >>> 0
      const point = new Array<number>(dimensions)
      for (let j = 0; j < dimensions; j++) {
        const v = directions[j]
        let x = shifts[j]
        for (let k = 0, g = gray; g !== 0; k++, g >>>= 1) if (g & 1) x ^= v[k]
        point[j] = (x >>> 0) / TWO_POW_32
      }
      return point
    },
  }
}

/** v_k = m_k / 2^k as 32-bit fractions, with Bratley and Fox's recurrence for k > s (Joe & Kuo's notes, eq. 3). */
function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS)
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k)
    return v
  }
  const [s, a, ...m] = JOE_KUO_D6[dimension - 1]
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = m[k] * 2 ** (BITS - 1 - k)
  for (let k = s; k < BITS; k++) {
    let x = v[k - s] ^ (v[k - s] >>> s)
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i]
    v[k] = x >>> 0
  }
  return v
}

/** Left-multiplies every direction number by one random lower-triangular binary matrix with unit diagonal. */
function scrambleDirections(v: Uint32Array, rng: Rng): void {
  // Row b, as a mask over the input bits (bit 31 is the first binary digit): the diagonal bit 31 − b, plus
  // random bits above it, so output digit b depends only on input digits 0..b.
  const rows = new Uint32Array(BITS)
  for (let b = 0; b < BITS; b++) {
    const above = b === 0 ? 0 : (0xffffffff << (BITS - b)) >>> 0
    rows[b] = ((rng.nextUint32() & above) | (2 ** (BITS - 1 - b))) >>> 0
  }
  for (let k = 0; k < BITS; k++) {
    let y = 0
    for (let b = 0; b < BITS; b++) if (parity(rows[b] & v[k])) y |= 2 ** (BITS - 1 - b)
    v[k] = y >>> 0
  }
}

function parity(x: number): number {
  x ^= x >>> 16
  x ^= x >>> 8
  x ^= x >>> 4
  x ^= x >>> 2
  x ^= x >>> 1
  return x & 1
}
