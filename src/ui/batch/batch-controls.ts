import type { BatchMeta, BatchStatus } from '../../storage/batch-meta'
import { RUNNING_ELSEWHERE } from '../../worker/batch-lock'

/**
 * A batch's status as the lab shows it: `interrupted` is a batch stored as running that no runner is running (the tab
 * closed), `elsewhere` one that another tab is running.
 */
export type ShownStatus = BatchStatus | 'interrupted' | 'elsewhere'

/** Which run controls a batch offers, and the start button's label. */
export interface BatchControls {
  start: { enabled: boolean; label: 'Run' | 'Resume' }
  pause: boolean
  cancel: boolean
  retry: boolean
  /** Why the batch cannot be started or retried right now, when that is not obvious from its status. */
  note: string | null
}

/** The controls that mean something for this batch now; `activeBatchId` is the batch the runner is busy with, if any. */
export function batchControls(meta: BatchMeta, status: ShownStatus, activeBatchId: string | null): BatchControls {
  const active = activeBatchId === meta.id
  const pending = Math.max(0, meta.total_runs - meta.done - meta.failed)
  const label = status === 'draft' || pending === 0 ? 'Run' : 'Resume'
  if (meta.read_only) {
    return { start: { enabled: false, label }, pause: false, cancel: false, retry: false, note: 'imported from JSONL: its runs are read-only' }
  }
  if (active) {
    const running = status === 'running'
    return { start: { enabled: false, label }, pause: running, cancel: true, retry: false, note: null }
  }
  if (status === 'elsewhere') {
    // the other tab's runner holds the batch: starting it here would only be refused
    return { start: { enabled: false, label }, pause: false, cancel: false, retry: false, note: RUNNING_ELSEWHERE }
  }
  const busyElsewhere = activeBatchId !== null
  return {
    start: { enabled: !busyElsewhere && pending > 0, label },
    pause: false,
    cancel: false,
    retry: !busyElsewhere && meta.failed > 0,
    note: busyElsewhere && (pending > 0 || meta.failed > 0) ? 'another batch is running: pause or cancel it first' : null,
  }
}

/** The share of a batch's runs that are stored: done and failed as fractions of the total, for a two-colour progress bar. */
export function progressShares(done: number, failed: number, total: number): { done: number; failed: number } {
  if (total <= 0) return { done: 0, failed: 0 }
  const clamp = (x: number) => Math.min(1, Math.max(0, x))
  const doneShare = clamp(done / total)
  return { done: doneShare, failed: clamp(Math.min(failed / total, 1 - doneShare)) }
}
