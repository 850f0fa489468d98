const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * Python's `round(x, ndigits)`: round half to even on the exact binary value of `x` (reference 12 row 15),
 * so 0.6875 → 0.688 but 0.2982 → 0.298 and 0.0625 → 0.062.
 */
export function pyRound(x: number, ndigits = 0): number {
  if (!Number.isFinite(x)) return x
  const p = POW10[ndigits]
  const y = x * p
  if (Math.abs(y) < 2 ** 52) {
    const frac = y - Math.floor(y)
    // Far from a tie, the float product decides correctly; r / p is then correctly rounded, as Python's parse is.
    if (Math.abs(frac - 0.5) > 1e-6) return Math.round(y) / p
    // Near a tie (confidences rounded to 3 places and then to 2 are often right on one), decide exactly.
    if (Math.abs(x) >= EXACT_PRODUCT_MIN) return roundNearTie(x, p)
  } else {
    return x
  }
  return pyRoundExact(x, ndigits)
}

// Below this, toFixed(100) (pyRoundExact) no longer holds every binary digit, so tiny x keep that path to stay
// bit-identical to it; above it both paths round the exact value.
const EXACT_PRODUCT_MIN = 2 ** -40
// Dekker's splitter 2^27 + 1: splits a double into two halves whose products are exact.
const SPLITTER = 134217729

/**
 * round(|x| · p) half to even on the exact product, which is hi + lo with hi = fl(|x| · p) and lo its rounding error
 * (Dekker's TwoProduct, exact without overflow or underflow; |x| · p < 2^52 here). With m = ⌊hi⌋, hi − m − ½ is exact
 * and a multiple of ulp(hi) while |lo| ≤ ulp(hi) / 2, so it decides unless it is 0, and then lo decides.
 */
function roundNearTie(x: number, p: number): number {
  const a = Math.abs(x)
  const hi = a * p
  const ca = SPLITTER * a
  const aHi = ca - (ca - a)
  const aLo = a - aHi
  const cp = SPLITTER * p
  const pHi = cp - (cp - p)
  const pLo = p - pHi
  const lo = ((aHi * pHi - hi) + aHi * pLo + aLo * pHi) + aLo * pLo
  const m = Math.floor(hi)
  const above = hi - m - 0.5 || lo
  const n = above > 0 || (above === 0 && m % 2 === 1) ? m + 1 : m
  const value = n / p
  return x < 0 || Object.is(x, -0) ? -value : value
}

/** The slow, exact `round`: reads the exact decimal expansion of the double (`toFixed(100)` is exact). */
export function pyRoundExact(x: number, ndigits = 0): number {
  const negative = x < 0 || Object.is(x, -0)
  const digits = Math.abs(x).toFixed(100)
  const dot = digits.indexOf('.')
  const keep = digits.slice(0, dot) + digits.slice(dot + 1, dot + 1 + ndigits)
  const rest = digits.slice(dot + 1 + ndigits)
  let n = BigInt(keep)
  const first = rest.charCodeAt(0) - 48
  const tail = /[1-9]/.test(rest.slice(1))
  if (first > 5 || (first === 5 && (tail || n % 2n === 1n))) n += 1n
  const value = Number(n) / POW10[ndigits]
  return negative ? -value : value
}
