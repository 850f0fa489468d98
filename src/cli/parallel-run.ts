import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { LineFormat } from '../engine/record-line'
import { createRunContext } from '../engine/run'
import { LineEncoder } from '../storage/line-encoder'
import { runLines, type EncodedLines } from './run-lines'
import type { RunSource } from './run-source'
import type { RunJob, RunJobResult, RunWorkerData } from './run-worker'

/** Runs per message: large enough that messaging costs little, small enough that Ctrl-C and progress are prompt. */
const CHUNK_SIZE = 256

export interface ParallelRunOptions {
  source: RunSource
  /** The run indices to compute, ascending; lines come back in this order. */
  indices: Iterable<number>
  /** How many indices there are: no more workers start than there are chunks for (a thread costs ~1 s to start). */
  count: number
  format: LineFormat
  workers: number
  /** Receives each chunk's lines (`indices`, ascending, and their UTF-8 bytes), in index order, as soon as every earlier chunk is in. */
  onLines: (indices: Uint32Array, lines: EncodedLines) => void
  signal?: AbortSignal
}

/** The default worker count: every core. */
export function defaultWorkers(): number {
  return availableParallelism()
}

/**
 * Runs the given indices on worker threads (in this thread when one would do: `--workers 1`, or one chunk of runs)
 * and delivers the lines in index order. Each run depends only on
 * (source, index), so the output is identical whatever the number of workers; at most two chunks per worker
 * are in flight, so memory stays bounded on any batch size.
 */
export async function runInWorkers(options: ParallelRunOptions): Promise<{ runs: number; failed: number }> {
  const { source, format, onLines, signal } = options
  const needed = Math.max(1, Math.min(options.workers, Math.ceil(options.count / CHUNK_SIZE)))
  if (needed === 1) return runHere(options)
  const data: RunWorkerData = { source, format }
  const workers = Array.from({ length: needed }, () =>
    new Worker(new URL('./run-worker-entry.mjs', import.meta.url), { workerData: data }))
  const chunks = chunked(options.indices, CHUNK_SIZE)
  const done = new Map<number, { indices: Uint32Array; result: RunJobResult }>()
  const inFlight = new Map<number, Uint32Array>()
  let nextChunk = 0
  let nextToWrite = 0
  let exhausted = false
  let runs = 0
  let failed = 0

  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)))
      signal?.addEventListener('abort', () => fail(signal.reason), { once: true })
      const feed = (worker: Worker) => {
        if (exhausted) return
        const next = chunks.next()
        if (next.done) {
          exhausted = true
          if (inFlight.size === 0) resolve()
          return
        }
        const job: RunJob = { chunk: nextChunk++, indices: next.value }
        inFlight.set(job.chunk, job.indices)
        worker.postMessage(job)
      }
      for (const worker of workers) {
        worker.on('error', fail)
        worker.on('exit', (code) => { if (code !== 0) fail(new Error(`a worker thread exited with code ${code}`)) })
        worker.on('message', (result: RunJobResult) => {
          const indices = inFlight.get(result.chunk)!
          inFlight.delete(result.chunk)
          done.set(result.chunk, { indices, result })
          try {
            for (let entry = done.get(nextToWrite); entry; entry = done.get(nextToWrite)) {
              done.delete(nextToWrite++)
              onLines(entry.indices, entry.result)
              runs += entry.indices.length
              failed += entry.result.failed
            }
          } catch (err) {
            fail(err)
            return
          }
          feed(worker)
          if (exhausted && inFlight.size === 0 && done.size === 0) resolve()
        })
        // two jobs each, so a worker never idles while the main thread writes
        feed(worker)
        feed(worker)
      }
    })
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return { runs, failed }
}

// One worker's work, done in this thread: a thread costs about a second to start. Between chunks the event loop
// gets a turn, so Ctrl-C (the abort signal) stops it as promptly as it stops the workers.
async function runHere({ source, format, indices, onLines, signal }: ParallelRunOptions): Promise<{ runs: number; failed: number }> {
  const context = createRunContext()
  const encoder = new LineEncoder()
  let runs = 0
  let failed = 0
  for (const chunk of chunked(indices, CHUNK_SIZE)) {
    await new Promise((resolve) => setImmediate(resolve))
    signal?.throwIfAborted()
    const result = runLines(source, format, context, chunk, encoder)
    onLines(chunk, result)
    runs += chunk.length
    failed += result.failed
  }
  return { runs, failed }
}

function* chunked(indices: Iterable<number>, size: number): Generator<Uint32Array> {
  let buffer: number[] = []
  for (const index of indices) {
    buffer.push(index)
    if (buffer.length === size) {
      yield Uint32Array.from(buffer)
      buffer = []
    }
  }
  if (buffer.length) yield Uint32Array.from(buffer)
}
