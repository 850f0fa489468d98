/** Runs per second over a rolling window of completions, and the time left at that rate. */
export class ThroughputMeter {
  readonly #windowMs: number
  readonly #minSpanMs: number
  readonly #samples: { at: number; completed: number }[] = []

  /** `windowMs`: how far back completions count (long enough to smooth chunky deliveries, short enough to follow a change of pace); `minSpanMs`: no rate before this much has been seen. */
  constructor({ windowMs = 5_000, minSpanMs = 500 }: { windowMs?: number; minSpanMs?: number } = {}) {
    this.#windowMs = windowMs
    this.#minSpanMs = minSpanMs
  }

  /** Notes that `completed` runs (a running total) had finished at time `at` (ms). */
  record(at: number, completed: number): void {
    this.#samples.push({ at, completed })
    // keep one sample at or before the window's start, so the window stays fully covered
    while (this.#samples.length > 2 && this.#samples[1].at <= at - this.#windowMs) this.#samples.shift()
  }

  /** Runs per second at time `at`, or null until enough has been seen. Measured up to `at`, so the rate falls while nothing finishes. */
  rate(at: number): number | null {
    const first = this.#samples[0]
    const last = this.#samples[this.#samples.length - 1]
    if (!first || this.#samples.length < 2 || at - first.at < this.#minSpanMs) return null
    return ((last.completed - first.completed) * 1000) / (at - first.at)
  }

  /** Seconds until `remaining` more runs finish at the current rate, or null when there is no rate yet. */
  eta(at: number, remaining: number): number | null {
    if (remaining <= 0) return 0
    const rate = this.rate(at)
    return rate ? remaining / rate : null
  }
}
