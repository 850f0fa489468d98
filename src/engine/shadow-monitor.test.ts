import { describe, expect, test } from 'vitest'
import { ShadowMonitor, pySum } from './shadow-monitor'

// reference 10: threshold .5, window 3, variables var1 and var2 unless stated
const basicMonitor = (): ShadowMonitor =>
  new ShadowMonitor({ thresholdVarianceExplained: 0.5, windowSteps: 3, criticalVariables: ['var1', 'var2'] })

function record(monitor: ShadowMonitor, causal: number[], gravity: number[], variable = 'var1'): void {
  causal.forEach((c, i) => monitor.recordStep({ [variable]: c }, { [variable]: gravity[i] }, i))
}

describe('ShadowMonitor construction (reference 6)', () => {
  test.each([1.5, 0, Number.NaN])('threshold %s is rejected', (threshold) => {
    expect(() => new ShadowMonitor({ thresholdVarianceExplained: threshold, windowSteps: 10, criticalVariables: ['var1'] }))
      .toThrow(/Threshold must be between 0 and 1/)
  })

  test.each([0, -5, 2.5])('window %s is rejected', (windowSteps) => {
    expect(() => new ShadowMonitor({ thresholdVarianceExplained: 0.5, windowSteps, criticalVariables: ['var1'] }))
      .toThrow(/Window steps must be a positive integer/)
  })

  test('an empty variable list is allowed', () => {
    expect(new ShadowMonitor({ thresholdVarianceExplained: 0.5, windowSteps: 10, criticalVariables: [] }).checkTrigger())
      .toEqual({ triggered: false, variables: [] })
  })
})

describe('ShadowMonitor window (reference 6, 10)', () => {
  test('recordStep keeps only the critical variables', () => {
    const monitor = basicMonitor()
    monitor.recordStep({ var1: 0.1, var2: 0.2, var3: 0.3 }, { var1: 0.05, var2: 0.1, var3: 0.03 }, 1)
    expect(monitor.window()).toEqual([{ step: 1, causal: { var1: 0.1, var2: 0.2 }, gravity: { var1: 0.05, var2: 0.1 } }])
  })

  test('the rolling window keeps the last 3 steps', () => {
    const monitor = basicMonitor()
    for (let i = 0; i < 5; i++) monitor.recordStep({ var1: i * 0.1, var2: i * 0.2 }, { var1: i * 0.05, var2: i * 0.1 }, i)
    const window = monitor.window()
    expect(window.map((s) => s.step)).toEqual([2, 3, 4])
    expect(window[0].causal).toEqual({ var1: 2 * 0.1, var2: 2 * 0.2 })
    expect(window[2].causal).toEqual({ var1: 4 * 0.1, var2: 4 * 0.2 })
  })
})

describe('variance explained (reference 6, 10)', () => {
  test('is 0 with no data', () => {
    expect(basicMonitor().varianceExplained('var1')).toBe(0)
  })

  test('is 0 when every delta is zero', () => {
    const monitor = basicMonitor()
    record(monitor, [0, 0, 0], [0, 0, 0])
    expect(monitor.varianceExplained('var1')).toBe(0)
  })

  test('is 0 with causal deltas only', () => {
    const monitor = basicMonitor()
    record(monitor, [1, 1, 1], [0, 0, 0])
    expect(monitor.varianceExplained('var1')).toBe(0)
  })

  test('is 1 with gravity deltas only', () => {
    const monitor = basicMonitor()
    record(monitor, [0, 0, 0], [1, 1, 1])
    expect(monitor.varianceExplained('var1')).toBe(1)
  })

  test('mixed causal (1, .5, 1) and gravity (.5, 1, 1) give .5', () => {
    const monitor = basicMonitor()
    record(monitor, [1, 0.5, 1], [0.5, 1, 1])
    expect(monitor.varianceExplained('var1')).toBe(0.5)
  })

  test('is −1 for a variable that is not critical', () => {
    expect(basicMonitor().varianceExplained('var_not_critical')).toBe(-1)
  })

  test('sums squares as Python 3.13 sum() does: gravity .1 against causal .3 over 10 steps is 0.10000000000000003', () => {
    const monitor = new ShadowMonitor({ thresholdVarianceExplained: 0.5, windowSteps: 10, criticalVariables: ['var1'] })
    record(monitor, Array(10).fill(0.3), Array(10).fill(0.1))
    // a left-to-right sum gives 0.10000000000000006
    expect(monitor.varianceExplained('var1')).toBe(0.10000000000000003)
  })

  test('pySum is Neumaier-compensated like Python 3.12+ sum(): ten 0.1s make exactly 1.0', () => {
    expect(pySum(Array(10).fill(0.1))).toBe(1)
    expect(pySum([])).toBe(0)
  })
})

describe('trigger (reference 6, 10)', () => {
  test('nothing triggers until the window is full', () => {
    const monitor = basicMonitor()
    monitor.recordStep({ var1: 1 }, { var1: 1 }, 1)
    expect(monitor.checkTrigger()).toEqual({ triggered: false, variables: [] })
  })

  test('gravity (.1, .2, .3) against causal 1 does not trigger', () => {
    const monitor = basicMonitor()
    record(monitor, [1, 1, 1], [0.1, 0.2, 0.3])
    expect(monitor.checkTrigger()).toEqual({ triggered: false, variables: [] })
  })

  test('var1 causal (1, .5, 1) with gravity (1, 1, 1) explains 3/5.25 and triggers var1 only', () => {
    const monitor = basicMonitor()
    monitor.recordStep({ var1: 1, var2: 1 }, { var1: 1, var2: 0.1 }, 0)
    monitor.recordStep({ var1: 0.5, var2: 1 }, { var1: 1, var2: 0.1 }, 1)
    monitor.recordStep({ var1: 1, var2: 1 }, { var1: 1, var2: 0.1 }, 2)
    expect(monitor.varianceExplained('var1')).toBeCloseTo(3 / 5.25, 12)
    expect(monitor.checkTrigger()).toEqual({ triggered: true, variables: ['var1'] })
  })

  test('threshold .6 and window 2: vA (8/10) and vC (10/12) trigger, vB (2/10) does not', () => {
    const monitor = new ShadowMonitor({ thresholdVarianceExplained: 0.6, windowSteps: 2, criticalVariables: ['vA', 'vB', 'vC'] })
    monitor.recordStep({ vA: 1, vB: 2, vC: 1 }, { vA: 2, vB: 1, vC: 1 }, 0)
    monitor.recordStep({ vA: 1, vB: 2, vC: 1 }, { vA: 2, vB: 1, vC: 3 }, 1)
    expect(monitor.checkTrigger()).toEqual({ triggered: true, variables: ['vA', 'vC'] })
  })

  test('as the window rolls: exactly .5 does not trigger, 2/3.01 does, then 1.01/2.02 = .5 does not', () => {
    const monitor = new ShadowMonitor({ thresholdVarianceExplained: 0.5, windowSteps: 2, criticalVariables: ['var1'] })
    monitor.recordStep({ var1: 1 }, { var1: 1 }, 0)
    expect(monitor.checkTrigger().triggered).toBe(false)
    monitor.recordStep({ var1: 1 }, { var1: 1 }, 1)
    expect(monitor.checkTrigger().triggered).toBe(false)
    monitor.recordStep({ var1: 0.1 }, { var1: 1 }, 2)
    expect(monitor.checkTrigger()).toEqual({ triggered: true, variables: ['var1'] })
    monitor.recordStep({ var1: 1 }, { var1: 0.1 }, 3)
    expect(monitor.checkTrigger().triggered).toBe(false)
  })
})
