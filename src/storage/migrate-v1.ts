import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb'
import type { PulseDB, SlotBlock } from './db'
import { cutPages, encodeRuns, type LineRun, withBlobLines } from './run-pages'
import { blockOf, BLOCK_RUNS, emptyBlock, slotValue } from './run-slots'
import type { RunSummary } from './run-summary'

/** A run as version 1 stored it: one record per run in the `runs` store, keyed [batch_id, batch_index]. */
interface V1Run {
  batch_id: string
  batch_index: number
  status: 'done' | 'failed'
  seed: number
  line: string
  summary: RunSummary
}

// runs read (and stored as one page) at a time: half a MB of 12-turn summary lines, but version 1 could also hold
// runs that recorded every one of 10,000 turns, about 1 MB each
const READ_RUNS = 128

/**
 * Version 1 → 2, inside the upgrade transaction: moves every run of the `runs` store onto pages (with their
 * summaries) and slots, in key order (so batch by batch, index by index), then deletes `runs`. Batch metas and
 * their counters are kept as they are: version 1 kept the counters equal to the stored runs. Rejects (and the
 * caller aborts the upgrade, leaving version 1 as it was) if a stored run is not what version 1 wrote.
 */
export async function migrateRunsFromV1(db: IDBPDatabase<PulseDB>, tx: IDBPTransaction<PulseDB, StoreNames<PulseDB>[], 'versionchange'>): Promise<void> {
  // the `runs` store is not part of version 2's schema type
  const runs = (tx as unknown as IDBPTransaction<unknown, ['runs'], 'versionchange'>).objectStore('runs')
  const slots = tx.objectStore('slots')
  const pages = tx.objectStore('pages')
  const summaries = tx.objectStore('summaries')

  let batchId: string | null = null
  let page = 0
  let blocks = new Map<number, SlotBlock>()
  const finishBatch = async () => {
    await Promise.all(Array.from(blocks.values(), (block) => slots.put(block)))
    blocks = new Map()
    page = 0
  }
  const store = async (id: string, group: LineRun[]) => {
    for (const draft of withBlobLines(cutPages([encodeRuns(group)]))) {
      draft.indices.forEach((index, k) => {
        const block = blocks.get(blockOf(index)) ?? emptyBlock(id, blockOf(index))
        blocks.set(block.block, block)
        block.slots[index % BLOCK_RUNS] = slotValue(page, draft.summaries.failed[k] === 1)
      })
      await Promise.all([
        pages.put({ batch_id: id, page, indices: draft.indices, ends: draft.ends, lines: draft.lines }),
        summaries.put({ batch_id: id, page, indices: draft.indices, columns: draft.summaries }),
      ])
      page++
    }
  }

  for (let after: IDBValidKey | null = null; ;) {
    const read = (await runs.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), READ_RUNS)) as unknown[]
    // the runs read, batch by batch (they come in key order)
    for (let from = 0; from < read.length;) {
      const first = requireV1Run(read[from])
      let to = from + 1
      while (to < read.length && requireV1Run(read[to]).batch_id === first.batch_id) to++
      if (first.batch_id !== batchId) {
        await finishBatch()
        batchId = first.batch_id
      }
      await store(first.batch_id, (read.slice(from, to) as V1Run[]).map(({ batch_index, line, summary }) => ({ batch_index, line, summary })))
      from = to
    }
    if (read.length < READ_RUNS) break
    const last = read[read.length - 1] as V1Run
    after = [last.batch_id, last.batch_index]
  }
  await finishBatch()
  db.deleteObjectStore('runs' as StoreNames<PulseDB>)
}

// a record of the v1 `runs` store, checked as far as the move relies on it
function requireV1Run(value: unknown): V1Run {
  const run = value as Partial<V1Run> | null
  if (
    typeof run?.batch_id !== 'string' || !Number.isInteger(run.batch_index) || typeof run.line !== 'string' ||
    typeof run.summary !== 'object' || run.summary === null || (run.summary.status !== 'done' && run.summary.status !== 'failed')
  ) {
    throw new TypeError(`a stored run is not one version 1 wrote: ${JSON.stringify(value)?.slice(0, 200)}`)
  }
  return run as V1Run
}
