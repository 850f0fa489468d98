import { expect, test } from 'vitest'
import type { EncodedRuns } from '../storage/run-pages'
import { WorkerPool, WorkerTerminatedError } from './pool'
import { batchSource, cliLines, decodeRuns } from './test-batches'

const range = (n: number) => Uint32Array.from({ length: n }, (_, i) => i)

test('real module workers give, byte for byte, the lines the CLI writes for the same file and seed', async () => {
  const source = batchSource(2_000)
  const pool = new WorkerPool({ size: 2 })
  const delivered: EncodedRuns[] = []
  expect(await pool.load(source, 5)).toEqual({ total: 2_000, seed: 5 })
  await pool.dispatch({ source, seed: 5, indices: range(2_000), deliver: (chunk) => void delivered.push(chunk), proceed: () => true })
  // the lines cross from the workers as bytes they transferred
  expect(delivered.every((runs) => runs.lines instanceof Uint8Array && runs.lines.byteLength === runs.lines.buffer.byteLength)).toBe(true)
  const runs = (await decodeRuns(delivered)).sort((a, b) => a.batch_index - b.batch_index)
  expect(runs.map((run) => run.line)).toEqual(cliLines(source, 5))
  expect(runs.every((run) => run.status === 'done' && run.summary.batch_index === run.batch_index)).toBe(true)
  pool.terminate()
})

test('replay in a real worker records every turn of the stored run', async () => {
  const source = batchSource(10)
  const pool = new WorkerPool({ size: 1 })
  const stored = cliLines(source)[6]
  const record = await pool.replay(source, 6)
  expect(record.status === 'complete' && record.turns).toHaveLength(3)
  const { turns: _turns, ...rest } = record as typeof record & { turns?: unknown }
  expect(JSON.stringify({ ...rest, config: (JSON.parse(stored) as { config: unknown }).config })).toBe(stored)
  pool.terminate()
})

test('terminate() stops real workers mid-batch; the pool starts new ones for the next call', async () => {
  const source = batchSource(2_000)
  const pool = new WorkerPool({ size: 2 })
  let delivered = 0
  const running = pool.dispatch({
    source, seed: 42, indices: range(2_000), proceed: () => true,
    deliver: (chunk) => {
      delivered += chunk.indices.length
      if (delivered >= 50) pool.terminate()
    },
  })
  await expect(running).rejects.toBeInstanceOf(WorkerTerminatedError)
  expect(delivered).toBeLessThan(2_000)
  expect(pool.inFlight).toBe(0)
  expect(await pool.load(source, 42)).toEqual({ total: 2_000, seed: 42 })
  pool.terminate()
})

test('a batch file the worker cannot load is refused with its problems', async () => {
  const pool = new WorkerPool({ size: 1 })
  await expect(pool.load('[{"turns": 0}]', 0)).rejects.toMatchObject({ name: 'BatchSourceError', message: expect.stringMatching(/config 0: turns/) })
  pool.terminate()
})
