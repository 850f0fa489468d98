import { BATCH_TRANSITIONS, BatchMeta, type BatchStatus, readBatchMeta } from './batch-meta'
import { batchRange, type PulseDatabase, RUN_STORES, writeTransaction } from './db'
import { BatchNotFoundError, BatchStateError } from './errors'
import { removeBatchLines } from './line-files'

/** Creates or replaces a batch's meta, validated first; counters are stored as given, so use it for new batches and drafts. */
export async function saveBatch(db: PulseDatabase, meta: BatchMeta): Promise<void> {
  const valid = BatchMeta.parse(meta)
  await writeTransaction(db, ['batches'], async (tx) => {
    await Promise.all([tx.store.put(valid), tx.done])
  })
}

/** One batch's meta, or undefined if there is none (or it no longer matches the schema). */
export async function getBatch(db: PulseDatabase, id: string): Promise<BatchMeta | undefined> {
  return readBatchMeta(await db.get('batches', id))
}

/** The library, newest first; `filter` keeps batches whose name contains it, ignoring case. */
export async function listBatches(db: PulseDatabase, { filter = '' }: { filter?: string } = {}): Promise<BatchMeta[]> {
  const needle = filter.trim().toLowerCase()
  const metas = (await db.getAll('batches')).flatMap((value) => readBatchMeta(value) ?? [])
  return metas.filter((meta) => meta.name.toLowerCase().includes(needle)).sort((a, b) => b.created_at - a.created_at)
}

/** Renames a batch (imported ones too) and returns its new meta. */
export function renameBatch(db: PulseDatabase, id: string, name: string, now: number): Promise<BatchMeta> {
  return writeTransaction(db, ['batches'], async (tx) => {
    const meta = await requireBatch(tx.store, id)
    const next = BatchMeta.parse({ ...meta, name, updated_at: now })
    await Promise.all([tx.store.put(next), tx.done])
    return next
  })
}

/** Copies a batch's meta under a new id as a fresh draft with no runs; fails if `newId` is taken. */
export function duplicateBatch(db: PulseDatabase, id: string, newId: string, now: number): Promise<BatchMeta> {
  return writeTransaction(db, ['batches'], async (tx) => {
    const meta = await requireBatch(tx.store, id)
    const copy = BatchMeta.parse({
      ...meta, id: newId, status: 'draft', created_at: now, updated_at: now, finished_at: null, done: 0, failed: 0, read_only: false,
    })
    await Promise.all([tx.store.add(copy), tx.done])
    return copy
  })
}

/** Deletes a batch's meta and all its runs together, then its line files (see `line-files.ts`). */
export async function deleteBatch(db: PulseDatabase, id: string): Promise<void> {
  await writeTransaction(db, RUN_STORES, async (tx) => {
    await Promise.all([
      tx.objectStore('slots').delete(batchRange(id)),
      tx.objectStore('pages').delete(batchRange(id)),
      tx.objectStore('summaries').delete(batchRange(id)),
      tx.objectStore('batches').delete(id),
      tx.done,
    ])
  })
  // after the records: files no record points to are only lost space, a record without its file would be a lost run
  await removeBatchLines(db.name, id)
}

/** Moves a batch to `status` if its state machine allows it (see BATCH_TRANSITIONS) and returns its new meta. */
export function updateBatchStatus(db: PulseDatabase, id: string, status: BatchStatus, now: number): Promise<BatchMeta> {
  return writeTransaction(db, ['batches'], async (tx) => {
    const meta = requireWritable(await requireBatch(tx.store, id))
    if (status !== meta.status && !BATCH_TRANSITIONS[meta.status].includes(status)) {
      throw new BatchStateError(`a ${meta.status} batch cannot become ${status}`)
    }
    const finished = status === 'done' || status === 'cancelled'
    const finishedAt = status === meta.status ? meta.finished_at : finished ? now : null
    const next = BatchMeta.parse({ ...meta, status, updated_at: now, finished_at: finishedAt })
    await Promise.all([tx.store.put(next), tx.done])
    return next
  })
}

/** Reads a batch's meta inside a transaction, or throws BatchNotFoundError. */
export async function requireBatch(store: { get(id: string): Promise<unknown> }, id: string): Promise<BatchMeta> {
  const meta = readBatchMeta(await store.get(id))
  if (!meta) throw new BatchNotFoundError(id)
  return meta
}

/** The meta itself, or a BatchStateError for an imported batch, whose runs are fixed. */
export function requireWritable(meta: BatchMeta): BatchMeta {
  if (meta.read_only) throw new BatchStateError(`batch ${JSON.stringify(meta.id)} was imported and is read-only`)
  return meta
}
