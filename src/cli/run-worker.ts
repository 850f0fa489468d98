import { parentPort, workerData } from 'node:worker_threads'
import type { LineFormat } from '../engine/record-line'
import { createRunContext } from '../engine/run'
import { LineEncoder } from '../storage/line-encoder'
import { runLines, type EncodedLines } from './run-lines'
import type { RunSource } from './run-source'

/** Sent once, at start: the whole batch, so each job is only a list of indices. */
export interface RunWorkerData {
  source: RunSource
  format: LineFormat
}
export interface RunJob {
  chunk: number
  indices: Uint32Array
}
export interface RunJobResult extends EncodedLines {
  chunk: number
}

const port = parentPort
if (!port) throw new Error('run-worker.ts runs only as a worker thread')
const { source, format } = workerData as RunWorkerData
const context = createRunContext()
const encoder = new LineEncoder()
port.on('message', ({ chunk, indices }: RunJob) => {
  const result: RunJobResult = { chunk, ...runLines(source, format, context, indices, encoder) }
  // the bytes move to the main thread, not a copy of them
  port.postMessage(result, [result.bytes.buffer, result.ends.buffer])
})
