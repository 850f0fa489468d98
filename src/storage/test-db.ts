import { deleteDB, unwrap } from 'idb'
import { vi } from 'vitest'
import { batchRange, openPulseDB, type PulseDatabase } from './db'
import { exportJsonl } from './jsonl'
import { removeDatabaseLines } from './line-files'
import { EMPTY_SLOT } from './run-slots'

/** Opens a database no other test uses, with `reopen` (close and open again, as after a reload: use the connection it returns) and `remove`. */
export async function openTestDB(): Promise<{ db: PulseDatabase; name: string; reopen(): Promise<PulseDatabase>; remove(): Promise<void> }> {
  const name = `pulse-test-${crypto.randomUUID()}`
  let db = await openPulseDB(name)
  return {
    db,
    name,
    async reopen() {
      db.close()
      db = await openPulseDB(name)
      return db
    },
    async remove() {
      db.close()
      await deleteDB(name)
      await removeDatabaseLines(name)
    },
  }
}

/** How many runs of the batch are stored (done or failed), from its slots: independent of the meta's counters. */
export async function countStoredRuns(db: PulseDatabase, batchId: string): Promise<number> {
  let count = 0
  for (const { slots } of await db.getAll('slots', batchRange(batchId))) for (const slot of slots) if (slot !== EMPTY_SLOT) count++
  return count
}

/** The batch's stored lines in index order, as its export holds them. */
export async function storedLines(db: PulseDatabase, batchId: string): Promise<string[]> {
  const text = await (await exportJsonl(db, batchId)).text()
  return text === '' ? [] : text.slice(0, -1).split('\n')
}

/**
 * A full disk as Firefox reports it, in fake-indexeddb (which has no quota): from now on, the `nth` page of runs
 * stored fails its request (and every later one, with `every`), and its transaction aborts. Undo with vi.restoreAllMocks().
 */
export function refuseStoringRuns(db: PulseDatabase, { nth = 1, every = false }: { nth?: number; every?: boolean } = {}): void {
  // fake-indexeddb's internal store is the one place a write can fail after the request was issued
  const store = (unwrap(db.transaction('pages').store) as unknown as { _rawObjectStore: { storeRecord(...args: unknown[]): unknown } })._rawObjectStore
  const storeRecord = store.storeRecord
  let calls = 0
  vi.spyOn(store, 'storeRecord').mockImplementation(function (this: unknown, ...args: unknown[]) {
    calls++
    if (calls === nth || (every && calls > nth)) throw new DOMException('the quota is used up', 'QuotaExceededError')
    return storeRecord.apply(this, args)
  })
}
