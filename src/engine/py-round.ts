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
  } else {
    return x
  }
  return pyRoundExact(x, ndigits)
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
