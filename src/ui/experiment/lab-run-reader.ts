import type { Lab } from '../lab.svelte'
import type { RunReader } from './run-table'

/** The lab's storage verbs as a run reader: pages of summaries in run order, or an even sample. */
export function labRunReader(lab: Lab, batchId: string): RunReader {
  return {
    page: (offset, limit) => lab.listRuns(batchId, { offset, limit }),
    sample: (limit) => lab.sampleRuns(batchId, limit),
  }
}
