/**
 * What a helper worker is busy with: its calls in flight, each with the step it has reached and since when. A worker
 * whose call is overdue can still say this when its thread is free (it is waiting on something); when it cannot say
 * anything, its thread is held.
 */
export class Activity {
  readonly #now: () => number
  readonly #calls = new Set<{ call: string; started: number; step: string; since: number }>()

  /** `now` gives ms (tests pass their own clock). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now
  }

  /** Runs `work` as a call in flight named `call`; it marks where it has got to with `step`. */
  async track<T>(call: string, work: (step: (name: string) => void) => Promise<T>): Promise<T> {
    const started = this.#now()
    const entry = { call, started, step: '', since: started }
    this.#calls.add(entry)
    try {
      return await work((name) => {
        entry.step = name
        entry.since = this.#now()
      })
    } finally {
      this.#calls.delete(entry)
    }
  }

  /** The calls in flight, oldest first: "a commit for 61.2 s (writing a line file for 60.9 s)"; "nothing" when idle. */
  describe(): string {
    if (this.#calls.size === 0) return 'nothing'
    const now = this.#now()
    const seconds = (from: number) => `${((now - from) / 1000).toFixed(1)} s`
    return [...this.#calls].map(({ call, started, step, since }) => `${call} for ${seconds(started)}${step ? ` (${step} for ${seconds(since)})` : ''}`).join(', ')
  }
}
