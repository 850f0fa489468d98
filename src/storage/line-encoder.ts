const utf8 = new TextEncoder()

/**
 * JSONL lines encoded as UTF-8, each followed by a newline, into one buffer that grows as needed and is kept from
 * one batch of lines to the next (a new buffer each time would be zero-filled for nothing). The lab's engine
 * workers copy a chunk's bytes out of it to transfer them; the CLI's worker threads send its bytes to the thread that
 * writes the file.
 */
export class LineEncoder {
  #bytes = new Uint8Array(1 << 20)
  #used = 0
  #ends: number[] = []

  add(line: string): void {
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    const room = line.length * 3 + 1
    if (this.#bytes.length - this.#used < room) {
      const grown = new Uint8Array(Math.max(2 * this.#bytes.length, this.#used + room))
      grown.set(this.#bytes.subarray(0, this.#used))
      this.#bytes = grown
    }
    this.#used += utf8.encodeInto(line, this.#bytes.subarray(this.#used)).written
    this.#bytes[this.#used++] = 0x0a
    this.#ends.push(this.#used)
  }

  /**
   * The lines added since the last take, and starts over: `bytes` is a view into the encoder's buffer, valid until
   * the next add (copy it, or make a Blob of it, to keep it); `ends[i]` is where line i ends, after its newline.
   */
  take(): { bytes: Uint8Array<ArrayBuffer>; ends: Uint32Array<ArrayBuffer> } {
    const taken = { bytes: this.#bytes.subarray(0, this.#used), ends: Uint32Array.from(this.#ends) }
    this.#used = 0
    this.#ends = []
    return taken
  }
}
