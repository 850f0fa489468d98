import { formatBytes, formatCount } from '../quantities'

/** The part of the Storage API (`navigator.storage`) the runner uses to see whether a batch fits. */
export interface StorageSpace {
  estimate(): Promise<{ usage?: number; quota?: number }>
  persist(): Promise<boolean>
}

/**
 * About what one stored run takes of the site's quota. Measured in Chromium with the lab's examples (summary records:
 * a JSONL line of about 3,600 characters and its summary): usage grew by 1.5 to 4.5 kB per run, depending on how far
 * IndexedDB had compacted its log. A run recording every turn takes hundreds of times more: this estimate only
 * refuses batches that clearly cannot fit, and a batch that fills the disk anyway is paused by its first refused
 * write (StorageFullError), keeping every stored run.
 */
export const BYTES_PER_RUN = 4 * 1024

/** The browser will clearly not hold the runs still to run; the message names the numbers. */
export class StorageSpaceError extends Error {
  override name = 'StorageSpaceError'
}

/** The browser's storage manager, or null where there is none (Node; insecure origins). */
export function browserStorage(): StorageSpace | null {
  return globalThis.navigator?.storage ?? null
}

/**
 * Why `runs` more runs will not fit in the site's storage (about BYTES_PER_RUN each), or null when they may: also
 * when the browser cannot tell (no Storage API, or it fails), since a full disk is still caught by the first
 * refused write.
 */
export async function shortfall(storage: StorageSpace | null, runs: number, bytesPerRun = BYTES_PER_RUN): Promise<string | null> {
  if (!storage || runs <= 0) return null
  let usage: number | undefined
  let quota: number | undefined
  try {
    ;({ usage, quota } = await storage.estimate())
  } catch {
    return null
  }
  if (usage === undefined || quota === undefined) return null
  const needed = runs * bytesPerRun
  const free = Math.max(0, quota - usage)
  if (needed <= free) return null
  return (
    `this batch needs about ${formatBytes(needed)} of storage for its ${formatCount(runs)} runs still to run ` +
    `(about ${formatBytes(bytesPerRun)} each), but the browser lets this site store only ${formatBytes(free)} more ` +
    `(${formatBytes(usage)} used of ${formatBytes(quota)}): export and delete some batches, or free space on the device, and try again`
  )
}
