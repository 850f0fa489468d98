/** Limits on how many runs one message to a worker carries. */
export interface ChunkSizerOptions {
  /** Aimed-at time for one chunk: short enough that Pause (which lets chunks finish) lands at once and progress moves smoothly. */
  targetMs?: number
  /** The first chunk's size, before anything is measured: small, as a run may take 10,000 turns and record every one. */
  initial?: number
  /** Most runs in one chunk: the reply is deserialized on the main thread in one task. */
  maxRuns?: number
  /** Most line bytes one chunk may send back, so a batch of full-record runs does not post hundreds of MB at once. */
  maxBytes?: number
}

// a chunk's size may grow at most this much over the last one measured: one quick early chunk must not launch a huge one
const GROWTH = 4
// weight of the newest measurement in the moving average of time per run
const SMOOTHING = 0.3

/** Sizes chunks from the measured time and line bytes per run, so each chunk takes about `targetMs`. */
export class ChunkSizer {
  readonly #targetMs: number
  readonly #initial: number
  readonly #maxRuns: number
  readonly #maxBytes: number
  #msPerRun: number | null = null
  #bytesPerRun = 0
  #growthCap: number

  constructor({ targetMs = 100, initial = 4, maxRuns = 250, maxBytes = 2_000_000 }: ChunkSizerOptions = {}) {
    this.#targetMs = targetMs
    this.#initial = initial
    this.#maxRuns = maxRuns
    this.#maxBytes = maxBytes
    this.#growthCap = initial
  }

  /** How many runs the next chunk should hold (at least 1). */
  next(): number {
    if (this.#msPerRun === null) return this.#initial
    let size = Math.min(this.#maxRuns, this.#growthCap)
    if (this.#msPerRun > 0) size = Math.min(size, this.#targetMs / this.#msPerRun)
    if (this.#bytesPerRun > 0) size = Math.min(size, this.#maxBytes / this.#bytesPerRun)
    return Math.max(1, Math.floor(size))
  }

  /** Takes a finished chunk's measurements: how many runs, how long it took, how many line bytes came back. */
  observe(runs: number, ms: number, bytes: number): void {
    if (runs <= 0) return
    const msPerRun = ms / runs
    const bytesPerRun = bytes / runs
    this.#msPerRun = this.#msPerRun === null ? msPerRun : this.#msPerRun + SMOOTHING * (msPerRun - this.#msPerRun)
    // the longest lines any chunk has had, not a moving average: outsized records are what this cap is for
    this.#bytesPerRun = Math.max(this.#bytesPerRun, bytesPerRun)
    this.#growthCap = Math.max(this.#growthCap, runs * GROWTH)
  }
}
