/** The runs of a dispatch still to hand out: chunks cut from the pending indices, and failed chunks put back in halves, which go first. */
export class ChunkQueue {
  readonly #indices: Uint32Array
  #cursor = 0
  readonly #retries: Uint32Array[] = []

  constructor(indices: Uint32Array) {
    this.#indices = indices
  }

  /** The next chunk of at most `size` indices (a put-back half as it is), or null when none are left. */
  take(size: number): Uint32Array | null {
    const retry = this.#retries.pop()
    if (retry) return retry
    if (this.#cursor >= this.#indices.length) return null
    const end = Math.min(this.#indices.length, this.#cursor + Math.max(1, Math.floor(size)))
    // a copy, not a subarray: posting a view clones its whole buffer, i.e. every pending index of the batch
    const chunk = this.#indices.slice(this.#cursor, end)
    this.#cursor = end
    return chunk
  }

  /** Puts a chunk whose worker failed back in two halves, so retries close in on the one run that fails. */
  split(chunk: Uint32Array): void {
    const middle = Math.ceil(chunk.length / 2)
    for (const half of [chunk.slice(middle), chunk.slice(0, middle)]) if (half.length > 0) this.#retries.push(half)
  }
}
