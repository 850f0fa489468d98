import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** A file written beside its target and renamed over it only when complete (reference 2.3, port-decisions keep). */
export class AtomicFile {
  readonly tempPath: string
  private fd: number | null
  private pending: string[] = []
  private pendingBytes = 0

  constructor(readonly path: string) {
    const dir = dirname(path)
    mkdirSync(dir, { recursive: true })
    this.tempPath = join(dir, `.${basename(path)}.${process.pid}.tmp`)
    this.fd = openSync(this.tempPath, 'w', 0o644)
  }

  /** Buffers a line; flushes in ~1 MB chunks so a big batch never sits in memory whole. */
  writeLine(line: string): void {
    this.pending.push(line, '\n')
    this.pendingBytes += line.length + 1
    if (this.pendingBytes > 1 << 20) this.flush()
  }

  private flush(): void {
    if (this.fd === null || this.pending.length === 0) return
    writeSync(this.fd, this.pending.join(''))
    this.pending = []
    this.pendingBytes = 0
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
