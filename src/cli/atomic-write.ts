import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

// lines are written in chunks of about this many bytes: a big batch never sits in memory whole
const FLUSH_BYTES = 1 << 20

/** A file written beside its target and renamed over it only when complete (reference 2.3, port-decisions keep). */
export class AtomicFile {
  readonly tempPath: string
  private fd: number | null
  // Lines are gathered as UTF-8 bytes in one buffer, kept for the whole file. Joining a megabyte of lines into one
  // string for writeSync to encode cost ~33 µs a line (the lines are two-byte strings: the digest's emoji), more
  // than computing a run; this costs 3-5.
  private buffer = Buffer.allocUnsafe(2 * FLUSH_BYTES)
  private used = 0

  constructor(readonly path: string) {
    const dir = dirname(path)
    mkdirSync(dir, { recursive: true })
    this.tempPath = join(dir, `.${basename(path)}.${process.pid}.tmp`)
    this.fd = openSync(this.tempPath, 'w', 0o644)
  }

  /** Buffers a line and its newline; writes the buffer out once it holds about a megabyte. */
  writeLine(line: string): void {
    this.writeBytes(Buffer.from(`${line}\n`, 'utf8'))
  }

  /** Buffers bytes already encoded (whole lines, each with its newline); writes the buffer out as writeLine does. */
  writeBytes(bytes: Uint8Array): void {
    if (this.buffer.length - this.used < bytes.length) {
      this.flush()
      if (this.buffer.length < bytes.length) this.buffer = Buffer.allocUnsafe(bytes.length)
    }
    this.buffer.set(bytes, this.used)
    this.used += bytes.length
    if (this.used >= FLUSH_BYTES) this.flush()
  }

  private flush(): void {
    if (this.fd === null) return
    for (let written = 0; written < this.used; ) written += writeSync(this.fd, this.buffer, written, this.used - written)
    this.used = 0
  }

  /** Flushes, syncs and renames over the target. */
  commit(): void {
    if (this.fd === null) throw new Error('file already closed')
    this.flush()
    fsyncSync(this.fd)
    closeSync(this.fd)
    this.fd = null
    renameSync(this.tempPath, this.path)
  }

  /** Drops the temp file; the target is left as it was. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    rmSync(this.tempPath, { force: true })
  }
}
