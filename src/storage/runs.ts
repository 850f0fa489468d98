import type { IDBPObjectStore } from 'idb'
import type { RunRecord } from '../schema/run-record'
import { BatchMeta } from './batch-meta'
import { requireBatch, requireWritable } from './batches'
import { batchRange, isQuotaExceeded, type PageSummaries, type PulseDatabase, type PulseDB, RUN_STORES, type RunPage, type SlotBlock, type StoredRun, type WriteTransaction, writeTransaction } from './db'
import { StorageFullError } from './errors'
import { LineFileStalled, type LineFileWriter, linesBlob, type StoredLines } from './line-files'
import { cutPages, encodeRuns, type EncodedRuns, type PageDraft, requireRunIndex, withBlobLines } from './run-pages'
import { BLOCK_RUNS, EMPTY_SLOT, slotFailed, slotPage, SlotTable, slotValue } from './run-slots'
import { type RunSummary, type StoredRunStatus, summarizeRecord } from './run-summary'
import { unpackSummaries } from './summary-columns'

/** A finished run as the worker delivers it: the record and the exact JSONL line it was written as. */
export interface DeliveredRecord {
  record: RunRecord
  line: string
}

/** A page ready to be stored: its lines where they will stay. */
export type StoredPageDraft = Omit<PageDraft, 'lines'> & { lines: StoredLines }

/** Stores finished runs and updates the batch's counters in one transaction; re-delivered runs replace, never double-count. */
export function appendRecords(db: PulseDatabase, batchId: string, records: readonly DeliveredRecord[], now: number): Promise<BatchMeta> {
  return changeRuns(db, batchId, now, null, () => {
    const runs = records.map(({ record, line }) => ({ batch_index: record.batch_index, line, summary: summarizeRecord(record) }))
    return { pages: cutPages([encodeRuns(runs)]), removed: [] }
  })
}

/** Stores runs already in their stored form (the lab's workers summarize records off the main thread); same guarantees as appendRecords. */
export function appendStoredRuns(db: PulseDatabase, batchId: string, runs: readonly StoredRun[], now: number): Promise<BatchMeta> {
  return changeRuns(db, batchId, now, null, () => {
    const stranger = runs.find((run) => run.batch_id !== batchId)
    if (stranger) throw new RangeError(`run ${stranger.batch_index} belongs to batch ${JSON.stringify(stranger.batch_id)}, not ${JSON.stringify(batchId)}`)
    return { pages: cutPages([encodeRuns(runs)]), removed: [] }
  })
}

/**
 * Stores runs whose lines are already UTF-8 (`encodeRuns`, in a worker), from any number of deliveries at once;
 * same guarantees as appendRecords. With a line file writer (the storage worker's) the lines go to one new line
 * file, written before the transaction and deleted if it fails; without one they are stored as Blobs.
 */
export function appendEncodedRuns(
  db: PulseDatabase,
  batchId: string,
  delivered: readonly EncodedRuns[],
  now: number,
  lineFiles: LineFileWriter | null = null,
): Promise<BatchMeta> {
  return changeRuns(db, batchId, now, lineFiles, () => ({ pages: cutPages(delivered), removed: [] }))
}

/** Deletes the given runs (e.g. failed ones, to retry them: they become pending) and updates the counters. */
export function deleteRuns(db: PulseDatabase, batchId: string, indices: Iterable<number>, now: number): Promise<BatchMeta> {
  return changeRuns(db, batchId, now, null, () => {
    const removed = [...new Set(indices)]
    removed.forEach(requireRunIndex)
    return { pages: [], removed }
  })
}

// `change` makes the pages, and their lines are placed, before the transaction starts (an idle transaction commits
// itself); errors reject
async function changeRuns(
  db: PulseDatabase,
  batchId: string,
  now: number,
  lineFiles: LineFileWriter | null,
  change: () => { pages: readonly PageDraft[]; removed: readonly number[] },
): Promise<BatchMeta> {
  const { pages: drafts, removed } = change()
  const { pages, undo } = await placeLines(batchId, drafts, lineFiles)
  try {
    return await writeTransaction(db, RUN_STORES, async (tx) => {
      const batches = tx.objectStore('batches')
      const meta = requireWritable(await requireBatch(batches, batchId))
      const counts = await storeRuns(runStores(tx), meta, pages, removed)
      const next = BatchMeta.parse({ ...meta, ...counts, updated_at: now })
      await Promise.all([batches.put(next), tx.done])
      return next
    })
  } catch (error) {
    await undo()
    throw error
  }
}

// the drafts' lines written into one new line file, or made Blobs when there is no writer (or nothing to write)
async function placeLines(batchId: string, drafts: readonly PageDraft[], lineFiles: LineFileWriter | null): Promise<{ pages: StoredPageDraft[]; undo: () => Promise<void> }> {
  const nothing = async () => {}
  if (!lineFiles || drafts.length === 0) return { pages: withBlobLines(drafts), undo: nothing }
  const parts = await Promise.all(drafts.map(async ({ lines }) => (lines instanceof Blob ? new Uint8Array(await lines.arrayBuffer()) : lines)))
  let placed
  try {
    placed = await lineFiles.write(batchId, parts)
  } catch (error) {
    // a file system that does not answer costs this commit its line file, not the batch its progress: its lines are
    // stored as Blobs, as where there is no OPFS, and read and exported alike
    if (error instanceof LineFileStalled) return { pages: withBlobLines(drafts), undo: nothing }
    throw isQuotaExceeded(error) ? new StorageFullError({ cause: error }) : error
  }
  return {
    pages: drafts.map((draft, k) => ({ ...draft, lines: placed[k] })),
    undo: () => lineFiles.remove(batchId, placed[0].file),
  }
}

/** The stores of a batch's runs, in a transaction that writes them. */
export interface RunStores {
  slots: IDBPObjectStore<PulseDB, typeof RUN_STORES, 'slots', 'readwrite'>
  pages: IDBPObjectStore<PulseDB, typeof RUN_STORES, 'pages', 'readwrite'>
  summaries: IDBPObjectStore<PulseDB, typeof RUN_STORES, 'summaries', 'readwrite'>
}

/** The run stores of a transaction over RUN_STORES. */
export function runStores(tx: WriteTransaction<typeof RUN_STORES>): RunStores {
  return { slots: tx.objectStore('slots'), pages: tx.objectStore('pages'), summaries: tx.objectStore('summaries') }
}

/**
 * Within a transaction, stores the pages and deletes the `removed` runs of the batch of `meta`, and returns its counters
 * after that. Each index keeps one stored run, the newest: the slot of a run stored again points to its new page,
 * and a page left with no run that counts is deleted. Nothing is counted twice.
 */
export async function storeRuns(
  { slots, pages: pageStore, summaries: summaryStore }: RunStores,
  meta: BatchMeta,
  pages: readonly StoredPageDraft[],
  removed: readonly number[],
): Promise<Record<StoredRunStatus, number>> {
  const batchId = meta.id
  const outside = [...removed, ...pages.flatMap((page) => [page.indices[page.indices.length - 1]])].find((index) => index >= meta.total_runs)
  if (outside !== undefined) throw new RangeError(`run index ${outside} is outside batch ${JSON.stringify(batchId)} (${meta.total_runs} runs)`)
  const table = new SlotTable(batchId)
  await table.load(slots, [...removed, ...pages.flatMap((page) => Array.from(page.indices))])

  const counts: Record<StoredRunStatus, number> = { done: meta.done, failed: meta.failed }
  // pages that lost a run: each is deleted below if that was its last
  const losers = new Set<number>()
  const clear = (index: number) => {
    const slot = table.get(index)
    if (slot === EMPTY_SLOT) return
    counts[slotFailed(slot) ? 'failed' : 'done']--
    losers.add(slotPage(slot))
  }
  for (const index of removed) {
    clear(index)
    table.set(index, EMPTY_SLOT)
  }
  let page = pages.length > 0 ? await nextPage(pageStore, batchId) : 0
  const records: { page: RunPage; summaries: PageSummaries }[] = []
  for (const draft of pages) {
    draft.indices.forEach((index, k) => {
      const failed = draft.summaries.failed[k] === 1
      clear(index)
      counts[failed ? 'failed' : 'done']++
      table.set(index, slotValue(page, failed))
    })
    records.push({
      page: { batch_id: batchId, page, indices: draft.indices, ends: draft.ends, lines: draft.lines },
      summaries: { batch_id: batchId, page, indices: draft.indices, columns: draft.summaries },
    })
    page++
  }
  function* writes(): Generator<Promise<unknown>> {
    for (const record of records) {
      yield pageStore.put(record.page)
      yield summaryStore.put(record.summaries)
    }
    for (const block of table.changed()) yield slots.put(block)
  }
  // Promise.all takes each request as it is issued: if one throws (an uncloneable value), the abort's rejections of the rest are handled
  await Promise.all(writes())

  for (const loser of losers) {
    const key: [string, number] = [batchId, loser]
    const stale = await pageStore.get(key)
    if (!stale) continue
    await table.load(slots, stale.indices)
    const live = stale.indices.some((index) => {
      const slot = table.get(index)
      return slot !== EMPTY_SLOT && slotPage(slot) === loser
    })
    if (!live) await Promise.all([pageStore.delete(key), summaryStore.delete(key)])
  }
  return counts
}

// the number after the batch's last page
async function nextPage(store: RunStores['pages'], batchId: string): Promise<number> {
  const last = await store.openKeyCursor(batchRange(batchId), 'prev')
  return last ? last.key[1] + 1 : 0
}

/** The indices in [0, total) with no stored run (pending), from the slots alone, never loading a run. */
export async function missingIndices(db: PulseDatabase, batchId: string, total: number): Promise<Uint32Array> {
  if (total <= 0) return new Uint32Array()
  const blocks = await db.getAll('slots', batchRange(batchId, 0, Math.floor((total - 1) / BLOCK_RUNS)))
  const missing = new Uint32Array(total)
  let count = 0
  let index = 0
  // blocks come in order, and a block with no stored run may be absent
  for (const { block, slots } of blocks) {
    for (const first = block * BLOCK_RUNS; index < first; index++) missing[count++] = index
    for (let k = 0; k < BLOCK_RUNS && index < total; k++, index++) if (slots[k] === EMPTY_SLOT) missing[count++] = index
  }
  for (; index < total; index++) missing[count++] = index
  // a view, not a copy: copying 4 MB of fresh memory for a new 1M batch took as long as filling it
  return missing.subarray(0, count)
}

/** The indices of the batch's failed runs, ascending. */
export async function failedIndices(db: PulseDatabase, batchId: string): Promise<number[]> {
  const failed: number[] = []
  for (const { block, slots } of await db.getAll('slots', batchRange(batchId))) {
    slots.forEach((slot, k) => slot !== EMPTY_SLOT && slotFailed(slot) && failed.push(block * BLOCK_RUNS + k))
  }
  return failed
}

/** One page of run summaries in index order, optionally only done or only failed runs, for a table. */
export async function listRuns(
  db: PulseDatabase,
  batchId: string,
  { offset = 0, limit, status }: { offset?: number; limit: number; status?: StoredRunStatus },
): Promise<RunSummary[]> {
  if (limit <= 0) return []
  const tx = db.transaction(['slots', 'summaries'])
  const wanted: StoredSlot[] = []
  let skip = offset
  // a table shows the first page most: read one block, then more at a time as far as the offset needs
  for (let from = 0, count = 1; wanted.length < limit; count = Math.min(count * 2, 64)) {
    const blocks = await tx.objectStore('slots').getAll(batchRange(batchId, from), count)
    for (const { block, slots } of blocks) {
      for (let k = 0; k < BLOCK_RUNS && wanted.length < limit; k++) {
        const slot = slots[k]
        if (slot === EMPTY_SLOT || (status && slotFailed(slot) !== (status === 'failed'))) continue
        if (skip > 0) skip--
        else wanted.push({ index: block * BLOCK_RUNS + k, slot })
      }
    }
    if (blocks.length < count) break
    from = blocks[blocks.length - 1].block + 1
  }
  return readSummaries(tx.objectStore('summaries'), batchId, wanted)
}

/** One stored run (its line and summary), or undefined while it is pending. */
export async function getRun(db: PulseDatabase, batchId: string, index: number): Promise<StoredRun | undefined> {
  if (!Number.isInteger(index) || index < 0) return undefined
  const tx = db.transaction(['slots', 'pages', 'summaries'])
  const block = await tx.objectStore('slots').get([batchId, Math.floor(index / BLOCK_RUNS)])
  const slot = block?.slots[index % BLOCK_RUNS] ?? EMPTY_SLOT
  if (slot === EMPTY_SLOT) return undefined
  const key: [string, number] = [batchId, slotPage(slot)]
  const [page, summaries] = await Promise.all([tx.objectStore('pages').get(key), tx.objectStore('summaries').get(key)])
  if (!page || !summaries) return undefined
  const position = positionOf(page.indices, index)
  const [summary] = unpackSummaries(summaries.columns, summaries.indices, [position])
  // the slice leaves the newline out
  const lines = await linesBlob(db.name, batchId, page.lines)
  const line = await lines.slice(position === 0 ? 0 : page.ends[position - 1], page.ends[position] - 1).text()
  return { batch_id: batchId, batch_index: index, status: summary.status, seed: summary.seed, line, summary }
}

/**
 * At most `limit` summaries spread over the batch's stored runs, in index order, for charts: every stored run when
 * there are no more than `limit`, else runs spread evenly within pages spread evenly over the batch (see
 * SAMPLE_RUNS_PER_PAGE).
 */
export async function runSummaries(db: PulseDatabase, batchId: string, { limit }: { limit: number }): Promise<RunSummary[]> {
  if (limit <= 0) return []
  const tx = db.transaction(['batches', 'slots', 'summaries'])
  const meta = await tx.objectStore('batches').get(batchId)
  const stored = meta ? meta.done + meta.failed : 0
  if (stored === 0) return []
  const summaries = tx.objectStore('summaries')
  if (stored <= limit) {
    const every: StoredSlot[] = []
    for (const { block, slots } of await tx.objectStore('slots').getAll(batchRange(batchId))) {
      for (let k = 0; k < BLOCK_RUNS; k++) if (slots[k] !== EMPTY_SLOT) every.push({ index: block * BLOCK_RUNS + k, slot: slots[k] })
    }
    return readSummaries(summaries, batchId, every)
  }
  const pages = await samplePages(tx.objectStore('slots'), summaries, batchId, stored, limit)
  const sample: RunSummary[] = []
  for (const { record, positions } of shareSample(pages, limit)) sample.push(...unpackSummaries(record.columns, record.indices, positions))
  return sample.sort((a, b) => a.batch_index - b.batch_index)
}

/**
 * Runs a sample reads from each page it touches. A sample of n runs spread run by run over a batch of a million
 * touches n pages' summaries; charts and sweep plots reread theirs every few seconds while the batch runs, and at
 * 1,000,000 runs those reads (thousands of records, in transactions over the stores the batch writes) starved its
 * commits. Evenly spread pages, and runs evenly spread within each, read n / 16 pages instead.
 */
export const SAMPLE_RUNS_PER_PAGE = 16

/** A page's summaries and the positions of its runs that count (the others were stored again on a later page). */
interface LivePage {
  record: PageSummaries
  live: number[]
}

interface SlotStore {
  get(key: [string, number]): Promise<SlotBlock | undefined>
}

interface SummaryStore {
  get(key: [string, number]): Promise<PageSummaries | undefined>
  getAllKeys(range: IDBKeyRange): Promise<[string, number][]>
}

// Pages spread evenly (by number, i.e. in the order they were written) until they hold `limit` live runs, or every
// page is read. Only the chosen pages and the slot blocks their runs are in are read: the sample's cost does not
// grow with the batch (at a million runs, every 5 s, reading all 245 blocks and walking a million slots made the
// batch view's longest tasks). A page can hold copies stored again later: its live runs are those whose slot points
// to it, and a round that falls short for that reason reads more pages.
async function samplePages(slots: SlotStore, summaries: SummaryStore, batchId: string, stored: number, limit: number): Promise<LivePage[]> {
  let unread = (await summaries.getAllKeys(batchRange(batchId))).map((key) => key[1])
  const perPage = Math.min(SAMPLE_RUNS_PER_PAGE, stored / unread.length)
  const table = new SlotTable(batchId)
  const pages: LivePage[] = []
  let live = 0
  while (live < limit && unread.length > 0) {
    const count = Math.min(unread.length, Math.ceil((limit - live) / perPage))
    const chosen = new Set(Array.from({ length: count }, (_, k) => unread[Math.floor((k * unread.length) / count)]))
    unread = unread.filter((page) => !chosen.has(page))
    const records = (await Promise.all(Array.from(chosen, (page) => summaries.get([batchId, page])))).filter((record) => record !== undefined)
    await table.load(slots, records.flatMap((record) => Array.from(record.indices)))
    for (const record of records) {
      const positions: number[] = []
      record.indices.forEach((index, position) => {
        const slot = table.get(index)
        if (slot !== EMPTY_SLOT && slotPage(slot) === record.page) positions.push(position)
      })
      pages.push({ record, live: positions })
      live += positions.length
    }
  }
  return pages
}

// `limit` of the pages' live runs (all of them if they hold fewer), shared as evenly as the pages allow and spread
// evenly within each. Pages with the fewest runs are served first, so a page with less than its share leaves the
// rest to the others and the sample never falls short while runs remain.
function shareSample(pages: readonly LivePage[], limit: number): { record: PageSummaries; positions: number[] }[] {
  const bySize = [...pages].sort((a, b) => a.live.length - b.live.length)
  let left = limit
  return bySize.map(({ record, live }, k) => {
    const take = Math.min(live.length, Math.ceil(left / (bySize.length - k)))
    left -= take
    return { record, positions: Array.from({ length: take }, (_, j) => live[Math.floor((j * live.length) / take)]) }
  })
}

/** A stored run found in the slots. */
interface StoredSlot {
  index: number
  slot: number
}

// the summaries of these runs, in the order given, reading each page's summaries once
async function readSummaries(store: Pick<SummaryStore, 'get'>, batchId: string, runs: readonly StoredSlot[]): Promise<RunSummary[]> {
  const byPage = new Map<number, StoredSlot[]>()
  for (const run of runs) {
    const page = slotPage(run.slot)
    const list = byPage.get(page)
    if (list) list.push(run)
    else byPage.set(page, [run])
  }
  const numbers = [...byPage.keys()]
  const records = await Promise.all(numbers.map((page) => store.get([batchId, page])))
  const summaries = new Map<number, RunSummary>()
  records.forEach((record, i) => {
    if (!record) return
    const onPage = byPage.get(numbers[i]) ?? []
    const unpacked = unpackSummaries(record.columns, record.indices, onPage.map((run) => positionOf(record.indices, run.index)))
    onPage.forEach((run, k) => summaries.set(run.index, unpacked[k]))
  })
  return runs.flatMap((run) => summaries.get(run.index) ?? [])
}

/** Where `index` is in a page's ascending indices; the slots only point to pages that hold it. */
export function positionOf(indices: Uint32Array, index: number): number {
  let low = 0
  let high = indices.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    if (indices[middle] < index) low = middle + 1
    else if (indices[middle] > index) high = middle - 1
    else return middle
  }
  throw new Error(`run ${index} is not on the page its slot points to`)
}
