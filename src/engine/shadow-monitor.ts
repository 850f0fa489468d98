/** Python 3.12+ `sum()` of floats (Neumaier-compensated), so sums match the original's Python 3.13 run to the last bit. */
export function pySum(values: Iterable<number>): number {
  let sum = 0
  let compensation = 0
  for (const x of values) {
    const t = sum + x
    compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum
    sum = t
  }
  // CPython adds the compensation only when it is non-zero and finite, which keeps −0 and ±∞ sums intact.
  return compensation !== 0 && Number.isFinite(compensation) ? sum + compensation : sum
}

/** One recorded step: the critical variables' causal and gravity deltas. */
export type ShadowStep = { step: number; causal: Record<string, number>; gravity: Record<string, number> }

/** Options of a shadow monitor (reference 6). */
export type ShadowMonitorOptions = {
  thresholdVarianceExplained: number
  windowSteps: number
  criticalVariables: readonly string[]
}

const sumOfSquares = (values: readonly number[]): number => pySum(values.map((v) => v * v))

// Python's `deltas.get(v, 0.0)`: an own key or 0, never an inherited property such as `constructor`.
const deltaOf = (deltas: Readonly<Record<string, number>>, variable: string): number =>
  Object.hasOwn(deltas, variable) ? deltas[variable] : 0

/** Watches how much of the critical variables' movement gravity explains over a rolling window (reference 6). */
export class ShadowMonitor {
  readonly thresholdVarianceExplained: number
  readonly windowSteps: number
  readonly criticalVariables: readonly string[]
  private readonly steps: ShadowStep[] = []

  constructor(options: ShadowMonitorOptions) {
    const { thresholdVarianceExplained: threshold, windowSteps } = options
    if (!(threshold > 0 && threshold < 1)) {
      throw new RangeError(`Threshold must be between 0 and 1 (exclusive), got ${threshold}`)
    }
    if (!(Number.isInteger(windowSteps) && windowSteps > 0)) {
      throw new RangeError(`Window steps must be a positive integer, got ${windowSteps}`)
    }
    this.thresholdVarianceExplained = threshold
    this.windowSteps = windowSteps
    this.criticalVariables = [...options.criticalVariables]
  }

  /** Records the deltas of the critical variables present in each dict, dropping the oldest step beyond the window. */
  recordStep(causal: Readonly<Record<string, number>>, gravity: Readonly<Record<string, number>>, step: number): void {
    const critical = (deltas: Readonly<Record<string, number>>): Record<string, number> =>
      Object.fromEntries(this.criticalVariables.filter((v) => Object.hasOwn(deltas, v)).map((v) => [v, deltas[v]]))
    this.steps.push({ step, causal: critical(causal), gravity: critical(gravity) })
    if (this.steps.length > this.windowSteps) this.steps.shift()
  }

  /** SSg / (SSg + SSc) over the window; −1 for a variable that is not critical, 0 without data or movement (reference 6). */
  varianceExplained(variable: string): number {
    if (!this.criticalVariables.includes(variable)) return -1
    if (this.steps.length === 0) return 0
    const ssGravity = sumOfSquares(this.steps.map((s) => deltaOf(s.gravity, variable)))
    const ssCausal = sumOfSquares(this.steps.map((s) => deltaOf(s.causal, variable)))
    const denominator = ssGravity + ssCausal
    return denominator === 0 ? 0 : ssGravity / denominator
  }

  /** Once the window is full, the critical variables whose variance explained is strictly above the threshold (reference 6). */
  checkTrigger(): { triggered: boolean; variables: string[] } {
    if (this.steps.length < this.windowSteps) return { triggered: false, variables: [] }
    const variables = this.criticalVariables.filter((v) => this.varianceExplained(v) > this.thresholdVarianceExplained)
    return { triggered: variables.length > 0, variables }
  }

  /** A copy of the rolling window, oldest step first. */
  window(): ShadowStep[] {
    return this.steps.map((s) => ({ step: s.step, causal: { ...s.causal }, gravity: { ...s.gravity } }))
  }
}
