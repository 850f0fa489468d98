/**
 * A value loaded asynchronously that reloads whenever the state `load` reads (before its first await) changes.
 * The last value stays shown while a reload is on its way. Answers land in request order: one older than the value
 * shown is dropped, but a newer one lands even if a later request is still out, so a value reloaded more often
 * than a load takes (while a batch runs) still moves on.
 * `same`: a reload that reads what is shown keeps the value shown, so nothing that renders it renders again.
 * Create it while a component initialises: it lives and dies with the component's effects.
 */
export class AsyncValue<Value> {
  current = $state.raw<Value | undefined>(undefined)
  error = $state<string | null>(null)
  loaded = $state(false)

  #requested = 0
  #shown = 0

  constructor(load: () => Promise<Value>, { same }: { same?: (shown: Value, loaded: Value) => boolean } = {}) {
    let destroyed = false
    // an effect with no dependencies: its teardown runs only when the component goes
    $effect(() => () => {
      destroyed = true
    })
    $effect(() => {
      const request = ++this.#requested
      const land = (apply: () => void) => {
        if (destroyed || request <= this.#shown) return
        this.#shown = request
        apply()
        this.loaded = true
      }
      load().then(
        (value) => land(() => {
          if (this.current === undefined || !same?.(this.current, value)) this.current = value
          this.error = null
        }),
        (error: unknown) => land(() => (this.error = error instanceof Error ? error.message : String(error))),
      )
    })
  }
}
