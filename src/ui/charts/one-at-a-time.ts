/**
 * Work keyed by what it is for, run one piece per task in the order first asked for: a key asked for again before
 * its turn keeps its place and runs only its newest work. Several charts changing at once thus make several short
 * tasks, not one long one, and a chart redrawn faster than it can draw skips to its latest data.
 */
export class OneAtATime<Key> {
  readonly #pending = new Map<Key, () => void>()
  readonly #later: (run: () => void) => void
  #armed = false

  /** `later` runs a function in a later task (a test can pass its own). */
  constructor(later: (run: () => void) => void = (run) => void setTimeout(run, 0)) {
    this.#later = later
  }

  /** Runs `work` in a task of its own after the work asked for before it, instead of any work still waiting for `key`. */
  add(key: Key, work: () => void): void {
    this.#pending.set(key, work)
    this.#arm()
  }

  /** Drops the work waiting for `key`, if any. */
  cancel(key: Key): void {
    this.#pending.delete(key)
  }

  /** How many keys have work waiting. */
  get waiting(): number {
    return this.#pending.size
  }

  #arm(): void {
    if (this.#armed || this.#pending.size === 0) return
    this.#armed = true
    this.#later(() => {
      this.#armed = false
      const next = this.#pending.entries().next()
      if (!next.done) {
        const [key, work] = next.value
        this.#pending.delete(key)
        try {
          work()
        } finally {
          this.#arm()
        }
      }
    })
  }
}
