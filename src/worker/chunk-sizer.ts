/** Limits on how many runs one message to a worker carries. */
export interface ChunkSizerOptions {
  /** Aimed-at time for one chunk: short enough that Pause (which lets chunks finish) lands at once and progress moves smoothly. */
  targetMs?: number
  /** The first chunk's size, before anything is measured: small, as a run may take 10,000 turns and record every one. */
  initial?: number
  /** Most runs in one chunk: the reply is deserialized on the main thread in one task. */
  maxRuns?: number
  /** Most line characters one chunk may send back, so a batch of full-record runs does not post hundreds of MB at once. */
  maxChars?: number
}

// a chunk's size may grow at most this much over the last one measured: one quick early chunk must not launch a huge one
const GROWTH = 4
// weight of the newest measurement in the moving average of time per run
const SMOOTHING = 0.3

/** Sizes chunks from the measured time and line length per run, so each chunk takes about `targetMs`. */
export class ChunkSizer {
  readonly #targetMs: number
  readonly #initial: number
  readonly #maxRuns: number
  readonly #maxChars: number
  #msPerRun: number | null = null
  #charsPerRun = 0
  #growthCap: number

  constructor({ targetMs = 100, initial = 4, maxRuns = 250, maxChars = 2_000_000 }: ChunkSizerOptions = {}) {
    this.#targetMs = targetMs
    this.#initial = initial
    this.#maxRuns = maxRuns
    this.#maxChars = maxChars
    this.#growthCap = initial
  }

  /** How many runs the next chunk should hold (at least 1). */
  next(): number {
    if (this.#msPerRun === null) return this.#initial
    let size = Math.min(this.#maxRuns, this.#growthCap)
    if (this.#msPerRun > 0) size = Math.min(size, this.#targetMs / this.#msPerRun)
    if (this.#charsPerRun > 0) size = Math.min(size, this.#maxChars / this.#charsPerRun)
    return Math.max(1, Math.floor(size))
  }

  /** Takes a finished chunk's measurements: how many runs, how long it took, how many line characters came back. */
  observe(runs: number, ms: number, chars: number): void {
    if (runs <= 0) return
    const msPerRun = ms / runs
    const charsPerRun = chars / runs
    this.#msPerRun = this.#msPerRun === null ? msPerRun : this.#msPerRun + SMOOTHING * (msPerRun - this.#msPerRun)
    // the longest lines any chunk has had, not a moving average: outsized records are what this cap is for
    this.#charsPerRun = Math.max(this.#charsPerRun, charsPerRun)
    this.#growthCap = Math.max(this.#growthCap, runs * GROWTH)
  }
}
