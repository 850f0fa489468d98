import { describe, expect, test } from 'vitest'
import { RunTable } from '../ui/experiment/run-table'
import { TABLE_NOT_HELD, type TableRef } from './analysis-api'
import { TableSender } from './analysis-client'

const tableOf = (...indices: number[]) => {
  const table = new RunTable()
  for (const batchIndex of indices) {
    table.add({ batch_index: batchIndex, status: 'done', seed: 0, forecast_value: batchIndex, confidence: null, fragility: null, trust_label: null,
      confidence_status: null, arc_label: null, symbolic_tag: null, final_overlays: null, overrides: '', error: null })
  }
  return table
}

// a worker that holds one table, as createAnalysisApi does; it answers with what it was sent
function fakeWorker() {
  let held: number | null = null
  const requests: { id: number; columns: boolean; transferred: number }[] = []
  const call = async (ref: TableRef, transfer: ArrayBuffer[]) => {
    requests.push({ id: ref.id, columns: ref.columns !== undefined, transferred: transfer.length })
    if (ref.columns) held = ref.id
    if (held !== ref.id) throw Object.assign(new Error('not held'), { name: TABLE_NOT_HELD })
    return ref.id
  }
  return { call, requests, restart: () => (held = null) }
}

describe('TableSender', () => {
  test('a table crosses once: later requests name it by id', async () => {
    const sender = new TableSender()
    const worker = fakeWorker()
    const table = tableOf(0, 1, 2)
    expect(await sender.send(table, worker.call)).toBe(1)
    expect(await sender.send(table, worker.call)).toBe(1)
    expect(await sender.send(table, worker.call)).toBe(1)
    expect(worker.requests).toEqual([
      // the batch indices and the three summary outputs (these runs have no overlays)
      { id: 1, columns: true, transferred: 1 + 3 },
      { id: 1, columns: false, transferred: 0 },
      { id: 1, columns: false, transferred: 0 },
    ])
  })

  test('a new table is sent with its columns, and an earlier one again after it', async () => {
    const sender = new TableSender()
    const worker = fakeWorker()
    const [a, b] = [tableOf(0), tableOf(1)]
    await sender.send(a, worker.call)
    await sender.send(b, worker.call)
    await sender.send(a, worker.call)
    expect(worker.requests.map(({ id, columns }) => [id, columns])).toEqual([[1, true], [2, true], [1, true]])
  })

  test('a worker that lost the table (started anew) is sent it again', async () => {
    const sender = new TableSender()
    const worker = fakeWorker()
    const table = tableOf(0, 1)
    await sender.send(table, worker.call)
    worker.restart()
    expect(await sender.send(table, worker.call)).toBe(1)
    expect(worker.requests.map(({ columns }) => columns)).toEqual([true, false, true])
  })

  test('other failures are not retried', async () => {
    const sender = new TableSender()
    const table = tableOf(0)
    await sender.send(table, async () => 1)
    let calls = 0
    await expect(sender.send(table, async () => { calls++; throw new Error('the worker crashed') })).rejects.toThrow('the worker crashed')
    expect(calls).toBe(1)
  })
})
