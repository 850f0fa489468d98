// Elementary functions with the same bits in every JavaScript engine. `Math.exp`, `Math.log` and `Math.tanh` are
// implementation-approximated and differ in the last bit between engines, which port-decisions 2 (a run gives the
// same bytes in every browser and in Node) forbids; these are fdlibm's algorithms in plain IEEE 754 arithmetic,
// which every engine rounds alike.

// ln 2 split so that k · LN2_HI is exact (LN2_HI has 32 significant bits), shared by exp and log.
const LN2_HI = 6.93147180369123816490e-1
const LN2_LO = 1.90821492927058770002e-10

// fdlibm e_log.c: the minimax coefficients of its log kernel.
const LG1 = 6.666666666666735130e-1
const LG2 = 3.999999999940941908e-1
const LG3 = 2.857142874366239149e-1
const LG4 = 2.222219843214978396e-1
const LG5 = 1.818357216161805012e-1
const LG6 = 1.531383769920937332e-1
const LG7 = 1.479819860511658591e-1
const SQRT_HALF = 0.7071067811865476

/** Natural log of x in (0, 1) (fdlibm e_log.c). */
export function logUnit(x: number): number {
  // Doubling is exact, so this is fdlibm's reduction x = m · 2^k with m in [√½, 1) without reading bits.
  let m = x
  let k = 0
  while (m < SQRT_HALF) {
    m *= 2
    k--
  }
  const f = m - 1
  const s = f / (2 + f)
  const z = s * s
  const w = z * z
  const r = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6))
  const hfsq = 0.5 * f * f
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
}

// fdlibm e_exp.c: 1/ln 2 and the minimax coefficients of its exp kernel.
const INV_LN2 = 1.44269504088896338700
const P1 = 1.66666666666666019037e-1
const P2 = -2.77777777770155933842e-3
const P3 = 6.61375632143793436117e-5
const P4 = -1.65339022054652515390e-6
const P5 = 4.13813679705723846039e-8
const EXP_OVERFLOW = 7.09782712893383973096e2
const EXP_UNDERFLOW = -7.45133219101941108420e2
const HALF_LN2 = 0.34657359027997264
const TWO_POW_MINUS_28 = 3.725290298461914e-9
const TWO_POW_MINUS_1000 = 9.33263618503218878990e-302

/** e^x within 1 ulp (fdlibm e_exp.c). */
export function exp(x: number): number {
  if (x > EXP_OVERFLOW) return Infinity
  if (x < EXP_UNDERFLOW) return 0
  if (Math.abs(x) < TWO_POW_MINUS_28) return 1 + x
  if (Math.abs(x) <= HALF_LN2) {
    const c = expKernel(x)
    return 1 - ((x * c) / (c - 2) - x)
  }
  // x = k ln 2 + r with |r| ≤ ½ ln 2; LN2_HI has 32 significant bits, so k · LN2_HI is exact for |k| ≤ 1075.
  const k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5))
  const hi = x - k * LN2_HI
  const lo = k * LN2_LO
  const r = hi - lo
  const c = expKernel(r)
  const y = 1 - ((lo - (r * c) / (2 - c)) - hi)
  // Scaling by a power of two is exact; fdlibm's detour through 2^-1000 rounds a subnormal result only once.
  if (k > 1023) return y * 2 * powerOfTwo(k - 1)
  return k >= -1021 ? y * powerOfTwo(k) : y * powerOfTwo(k + 1000) * TWO_POW_MINUS_1000
}

function expKernel(r: number): number {
  const t = r * r
  return r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
}

/** 2^k for −1074 ≤ k ≤ 1023 by exact repeated squaring (`2 ** k` is implementation-approximated too). */
function powerOfTwo(k: number): number {
  let result = 1
  let base = k < 0 ? 0.5 : 2
  for (let n = Math.abs(k); n > 0; n >>= 1) {
    if (n & 1) result *= base
    base *= base
  }
  return result
}

/** The logistic function 1 / (1 + e^−z), with the same bits in every JavaScript engine. */
export function sigmoid(z: number): number {
  return 1 / (1 + exp(-z))
}

/**
 * tanh as 1 − 2 / (e^2x + 1), odd by construction, with the same bits in every JavaScript engine; its error is
 * a few 2^−53 in absolute terms (not relative for small |x|), which an untrained network's adjustment cannot notice.
 */
export function tanh(x: number): number {
  const magnitude = Math.abs(x)
  // tanh x rounds to x below 2^-28; this also keeps the sign of ±0.
  if (magnitude < TWO_POW_MINUS_28) return x
  // odd: tanh(−x) = −tanh(x), computed on |x|
  const t = 1 - 2 / (exp(2 * magnitude) + 1)
  return x < 0 ? -t : t
}
