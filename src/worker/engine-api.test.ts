import { describe, expect, test } from 'vitest'
import { RunRecord } from '../schema/run-record'
import { summarizeRecord } from '../storage/run-summary'
import { BatchSourceError, createEngineApi } from './engine-api'
import { batchSource, cliLines, decodeRuns } from './test-batches'

const SOURCE = batchSource(30)

describe('load', () => {
  test('counts the runs and takes the file’s seed, or the one given as the CLI’s --seed would', () => {
    const api = createEngineApi()
    expect(api.load(SOURCE)).toEqual({ total: 30, seed: 42 })
    expect(api.load(SOURCE, 7)).toEqual({ total: 30, seed: 7 })
    expect(api.load('[{"turns": 2}]')).toEqual({ total: 1, seed: 0 })
  })

  test('an invalid file is a BatchSourceError naming its problems', () => {
    const api = createEngineApi()
    expect(() => api.load('{"configs": [')).toThrow(BatchSourceError)
    expect(() => api.load('[{"turns": 0}, {"turns": 2}]')).toThrow(/config 0: turns: must be at least 1/)
    const many = JSON.stringify(Array.from({ length: 9 }, () => ({ turns: 0 })))
    expect(() => api.load(many)).toThrow(/; and 4 more$/)
    expect(() => api.load(SOURCE, -1)).toThrow(RangeError)
  })

  test('nothing runs before a batch is loaded, nor outside it', () => {
    const api = createEngineApi()
    expect(() => api.run(Uint32Array.of(0))).toThrow(/no batch is loaded/)
    api.load(SOURCE)
    expect(() => api.run(Uint32Array.of(30))).toThrow(RangeError)
  })
})

describe('run', () => {
  test('gives, for any indices in any order, the CLI’s lines with their summaries, encoded', async () => {
    const api = createEngineApi()
    api.load(SOURCE)
    const expected = cliLines(SOURCE)
    const indices = Uint32Array.of(29, 0, 13, 4, 6, 5)
    const encoded = api.run(indices)
    // bytes with a buffer of their own: that buffer is transferred, and must not be the encoder's
    expect(encoded.lines).toBeInstanceOf(Uint8Array)
    expect((encoded.lines as Uint8Array).byteLength).toBe((encoded.lines as Uint8Array).buffer.byteLength)
    expect(encoded.indices).toEqual(indices)
    const runs = await decodeRuns([encoded])
    expect(runs.map((run) => run.line)).toEqual(Array.from(indices, (i) => expected[i]))
    for (const run of runs) {
      const record = RunRecord.parse(JSON.parse(run.line))
      expect(run).toEqual({ batch_index: record.batch_index, status: 'done', seed: record.seed, line: run.line, summary: summarizeRecord(record) })
    }
  })

  test('the seed given at load is the batch seed', async () => {
    const api = createEngineApi()
    api.load(SOURCE, 9)
    const lines = cliLines(SOURCE, 9)
    expect((await decodeRuns([api.run(Uint32Array.of(0, 1))])).map((run) => run.line)).toEqual([lines[0], lines[1]])
    expect(lines[0]).not.toBe(cliLines(SOURCE)[0])
  })
})

test('a run whose worker failed gets an error record of stage worker, shaped like the engine’s', async () => {
  const api = createEngineApi()
  api.load(SOURCE)
  const [failed] = await decodeRuns([api.recordWorkerFailure(Uint32Array.of(4), { type: 'RangeError', message: 'its worker failed' })])
  const engineLine = JSON.parse(cliLines(SOURCE)[4]) as { seed: number; config: unknown }
  expect(failed.status).toBe('failed')
  expect(failed.line).toBe(JSON.stringify({
    status: 'error', batch_index: 4, point_index: 4, replicate: 0, seed: engineLine.seed, engine_version: '0.1.0', config: engineLine.config,
    error: { stage: 'worker', type: 'RangeError', message: 'its worker failed' },
  }))
  expect(failed.summary.error).toBe('worker: its worker failed')
})

describe('replay', () => {
  test('records every turn, and otherwise equals the stored line', () => {
    const api = createEngineApi()
    const stored = cliLines(SOURCE)[6]
    const replayed = api.replay(SOURCE, 6)
    expect(replayed.status).toBe('complete')
    if (replayed.status !== 'complete') return
    expect(replayed.turns).toHaveLength(3)
    const { turns: _turns, ...rest } = replayed
    expect(JSON.stringify(rest)).toBe(stored)
  })

  test('uses the loaded batch for the same text, and parses another', () => {
    const api = createEngineApi()
    api.load(SOURCE, 9)
    expect(api.replay(SOURCE, 0, 9).seed).toBe((JSON.parse(cliLines(SOURCE, 9)[0]) as { seed: number }).seed)
    expect(api.replay('[{"turns": 2}]', 0).status).toBe('complete')
    expect(() => api.replay(SOURCE, 30)).toThrow(RangeError)
  })
})
