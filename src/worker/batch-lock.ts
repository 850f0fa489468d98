/** The part of the Web Locks API (`navigator.locks`) that keeps a batch to one runner. */
export interface BatchLocks {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: Lock | null) => T): Promise<Awaited<T>>
  query(): Promise<{ held?: { name?: string }[] }>
}

/** What a tab says of a batch another tab is running. */
export const RUNNING_ELSEWHERE = 'this batch is running in another tab: pause it there, or wait for it to finish'

/** Another runner holds the batch: a second tab (or window) of the lab on the same browser profile is running it. */
export class BatchLockedError extends Error {
  override name = 'BatchLockedError'
  constructor() {
    super(RUNNING_ELSEWHERE)
  }
}

/** The lock that stands for running one batch of one database; every tab of the site shares the name space. */
export function batchLockName(databaseName: string, batchId: string): string {
  return `pulse-lab-batch:${databaseName}:${batchId}`
}

/** The browser's lock manager, or null where there is none (Node; browsers before 2022, which then run unguarded). */
export function browserLocks(): BatchLocks | null {
  return globalThis.navigator?.locks ?? null
}

/**
 * Runs `work` holding the lock `name` until it settles, or rejects with BatchLockedError, without calling it, when
 * another holder has the lock. The browser frees a lock when its tab closes or crashes, so a batch left interrupted
 * can be resumed at once. With no lock manager, `work` simply runs.
 */
export async function withBatchLock<T>(locks: BatchLocks | null, name: string, work: () => Promise<T>): Promise<T> {
  if (!locks) return work()
  // ifAvailable: a refused request is answered at once with null, never queued behind the holder
  return (await locks.request(name, { ifAvailable: true }, (lock) => {
    if (!lock) throw new BatchLockedError()
    return work()
  })) as T
}

/** The ids of the batches of this database that some runner holds (in this tab or another) now. */
export async function heldBatchIds(locks: BatchLocks | null, databaseName: string): Promise<Set<string>> {
  if (!locks) return new Set()
  const prefix = batchLockName(databaseName, '')
  const { held = [] } = await locks.query()
  return new Set(held.flatMap(({ name }) => (name?.startsWith(prefix) ? [name.slice(prefix.length)] : [])))
}
