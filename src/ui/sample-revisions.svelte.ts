/**
 * When the views reread their samples of a batch's runs: each section has a revision it reads, and a new sample moves
 * them. While a batch runs here the sections take turns, `staggerMs` apart (the runs table, then the batch charts,
 * then the design panel): each reread makes the page, the storage worker, the analysis worker and the chart worker
 * busy at once, and all three together, on two cores the engine workers already fill, made the page's longest tasks
 * (at the first sample with runs, 5–6 s after Run). Otherwise every section rereads at once.
 */
export class SampleRevisions {
  /** The runs table's (and the compare view's). */
  table = $state(0)
  /** The batch charts'. */
  charts = $state(0)
  /** The design panel's. */
  design = $state(0)
  readonly #staggerMs: number
  #later: ReturnType<typeof setTimeout>[] = []

  constructor(staggerMs: number) {
    this.#staggerMs = staggerMs
  }

  /** A new sample: `running` says whether a batch runs in this tab. */
  next(running: boolean): void {
    for (const timer of this.#later) clearTimeout(timer)
    this.#later = []
    this.table++
    if (!running) {
      this.charts++
      this.design++
      return
    }
    this.#later = [setTimeout(() => this.charts++, this.#staggerMs), setTimeout(() => this.design++, 2 * this.#staggerMs)]
  }
}
