// Wichura's algorithm AS241 (PPND16, Applied Statistics 37(3), 1988): the standard normal quantile to about
// 1e-16 relative error, using only + − × ÷, √ and a logarithm.
import { logUnit } from '../../engine/portable-math'

const A = [
  3.3871328727963666080, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
  4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
]
const B = [
  1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
  2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3,
]
const C = [
  1.42343711074968357734, 4.63033784615654529590, 5.76949722146069140550, 3.64784832476320460504,
  1.27045825245236838258, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
]
const D = [
  1, 2.05319162663775882187, 1.67638483018380384940, 6.89767334985100004550e-1,
  1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
]
const E = [
  6.65790464350110377720, 5.46378491116411436990, 1.78482653991729133580, 2.96560571828504891230e-1,
  2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
]
const F = [
  1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
  7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
]

/** p(x)/q(x) by Horner's rule, highest coefficient last. */
function ratio(p: readonly number[], q: readonly number[], x: number): number {
  let num = 0
  let den = 0
  for (let i = p.length - 1; i >= 0; i--) {
    num = num * x + p[i]
    den = den * x + q[i]
  }
  return num / den
}

/**
 * The standard normal quantile Φ⁻¹(p) for p in (0, 1): −∞ at 0 and +∞ at 1. Built from arithmetic that IEEE 754
 * rounds exactly (and fdlibm's log, not `Math.log`), so a design gives the same factor values in every engine.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must be in [0, 1], got ${p}`)
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) return q * ratio(A, B, 0.180625 - q * q)
  // Tails: r = √(−ln min(p, 1 − p)); 1 − p is exact for p ≥ ½ (Sterbenz), so no precision is lost here.
  let r = Math.sqrt(-logUnit(q < 0 ? p : 1 - p))
  r = r <= 5 ? ratio(C, D, r - 1.6) : ratio(E, F, r - 5)
  return q < 0 ? -r : r
}
