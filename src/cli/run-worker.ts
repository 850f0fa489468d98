import { parentPort, workerData } from 'node:worker_threads'
import type { LineFormat } from '../engine/record-line'
import { createRunContext } from '../engine/run'
import { runLines } from './run-lines'
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
export interface RunJobResult {
  chunk: number
  lines: string[]
  failed: number
}

const port = parentPort
if (!port) throw new Error('run-worker.ts runs only as a worker thread')
const { source, format } = workerData as RunWorkerData
const context = createRunContext()
port.on('message', ({ chunk, indices }: RunJob) => {
  port.postMessage({ chunk, ...runLines(source, format, context, indices) } satisfies RunJobResult)
})
