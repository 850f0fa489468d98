import { parentPort, workerData } from 'node:worker_threads'
import { toJsonLine, type LineFormat } from '../engine/record-line'
import { createRunContext } from '../engine/run'
import { runAt, type RunSource } from './run-source'

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
  const lines: string[] = []
  let failed = 0
  for (const index of indices) {
    const record = runAt(source, index, context)
    if (record.status === 'error') failed++
    lines.push(toJsonLine(record, format))
  }
  port.postMessage({ chunk, lines, failed } satisfies RunJobResult)
})
