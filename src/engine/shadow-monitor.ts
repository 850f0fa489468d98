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

const NONE: readonly string[] = Object.freeze([])

/**
 * One step as stored: the deltas of each critical variable by its position in the list, and which of them the
 * step had (null when it had all of them). Positions rather than dicts keep the turn loop to two small arrays a turn
 * and the variance sums to plain array reads.
 */
interface StoredStep {
  step: number
  causal: number[]
  gravity: number[]
  present: boolean[] | null
}

/** Watches how much of the critical variables' movement gravity explains over a rolling window (reference 6). */
export class ShadowMonitor {
  readonly thresholdVarianceExplained: number
  readonly windowSteps: number
  readonly criticalVariables: readonly string[]
  private readonly steps: StoredStep[] = []
  // A name listed twice reads the same deltas both times: every lookup goes through its first position.
  private readonly firstIndex: number[]

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
    this.firstIndex = this.criticalVariables.map((v) => this.criticalVariables.indexOf(v))
  }

  /** Records the deltas of the critical variables present in each dict, dropping the oldest step beyond the window. */
  recordStep(causal: Readonly<Record<string, number>>, gravity: Readonly<Record<string, number>>, step: number): void {
    const n = this.criticalVariables.length
    const c = new Array<number>(n)
    const g = new Array<number>(n)
    let present: boolean[] | null = null
    for (let k = 0; k < n; k++) {
      const v = this.criticalVariables[k]
      // Python's `deltas.get(v, 0.0)`: an own key or 0, never an inherited property such as `constructor`.
      const inCausal = Object.hasOwn(causal, v)
      const inGravity = Object.hasOwn(gravity, v)
      c[k] = inCausal ? causal[v] : 0
      g[k] = inGravity ? gravity[v] : 0
      if (!(inCausal && inGravity)) {
        present ??= new Array<boolean>(2 * n).fill(true)
        present[2 * k] = inCausal
        present[2 * k + 1] = inGravity
      }
    }
    this.push({ step, causal: c, gravity: g, present })
  }

  /**
   * `recordStep` for deltas of every critical variable, given by position in `criticalVariables` (the turn loop's
   * form); the arrays are kept, so pass fresh ones.
   */
  recordDeltas(causal: number[], gravity: number[], step: number): void {
    this.push({ step, causal, gravity, present: null })
  }

  /** SSg / (SSg + SSc) over the window; −1 for a variable that is not critical, 0 without data or movement (reference 6). */
  varianceExplained(variable: string): number {
    const k = this.criticalVariables.indexOf(variable)
    if (k < 0) return -1
    return this.varianceExplainedAt(k)
  }

  /** Once the window is full, the critical variables whose variance explained is strictly above the threshold (reference 6). */
  checkTrigger(): { triggered: boolean; variables: string[] } {
    const variables = [...this.triggeredVariables()]
    return { triggered: variables.length > 0, variables }
  }

  /** checkTrigger's variables, for the turn loop: nothing is allocated while none triggers. */
  triggeredVariables(): readonly string[] {
    let variables: string[] | null = null
    if (this.steps.length >= this.windowSteps) {
      for (let k = 0; k < this.criticalVariables.length; k++) {
        if (this.varianceExplainedAt(this.firstIndex[k]) > this.thresholdVarianceExplained) (variables ??= []).push(this.criticalVariables[k])
      }
    }
    return variables ?? NONE
  }

  /** A copy of the rolling window, oldest step first. */
  window(): ShadowStep[] {
    return this.steps.map((s) => ({ step: s.step, causal: this.deltas(s, s.causal, 0), gravity: this.deltas(s, s.gravity, 1) }))
  }

  private push(step: StoredStep): void {
    this.steps.push(step)
    if (this.steps.length > this.windowSteps) this.steps.shift()
  }

  // The stored deltas of one step as a dict, keys in critical-variable order, as recordStep kept them.
  private deltas(s: StoredStep, values: readonly number[], side: 0 | 1): Record<string, number> {
    const out: Record<string, number> = {}
    this.criticalVariables.forEach((v, k) => {
      if (!s.present || s.present[2 * k + side]) out[v] = values[k]
    })
    return out
  }

  // Sums of squares as pySum adds them (Neumaier, oldest step first), without building the lists.
  private varianceExplainedAt(k: number): number {
    const steps = this.steps
    if (steps.length === 0) return 0
    let gSum = 0
    let gComp = 0
    let cSum = 0
    let cComp = 0
    for (let i = 0; i < steps.length; i++) {
      const gv = steps[i].gravity[k]
      const g = gv * gv
      const gt = gSum + g
      gComp += Math.abs(gSum) >= Math.abs(g) ? (gSum - gt) + g : (g - gt) + gSum
      gSum = gt
      const cv = steps[i].causal[k]
      const c = cv * cv
      const ct = cSum + c
      cComp += Math.abs(cSum) >= Math.abs(c) ? (cSum - ct) + c : (c - ct) + cSum
      cSum = ct
    }
    const ssGravity = gComp !== 0 && Number.isFinite(gComp) ? gSum + gComp : gSum
    const ssCausal = cComp !== 0 && Number.isFinite(cComp) ? cSum + cComp : cSum
    const denominator = ssGravity + ssCausal
    return denominator === 0 ? 0 : ssGravity / denominator
  }
}
