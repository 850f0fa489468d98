import { z } from 'zod'
import { MAX_NAME_LENGTH, MAX_NOTES_LENGTH } from '../schema/run-config'

/** Where a batch is in its life: drafted, running, paused between chunks, finished, or given up. */
export const BatchStatus = z.enum(['draft', 'running', 'paused', 'done', 'cancelled'])
export type BatchStatus = z.infer<typeof BatchStatus>

const count = z.int().min(0).max(0xffffffff)

/** A batch in the library: what the user wrote, where it stands, and how many of its runs are stored. */
export const BatchMeta = z.strictObject({
  id: z.string().min(1),
  name: z.string().max(MAX_NAME_LENGTH),
  notes: z.string().max(MAX_NOTES_LENGTH).optional(),
  source: z.string().meta({ description: 'the batch file JSON text as the user wrote it; empty for an imported JSONL' }),
  seed: count,
  total_runs: count,
  status: BatchStatus,
  created_at: z.number(),
  updated_at: z.number(),
  finished_at: z.number().nullable(),
  engine_version: z.string(),
  done: count.meta({ description: 'stored runs that completed' }),
  failed: count.meta({ description: 'stored runs that ended in an error record' }),
  read_only: z.boolean().meta({ description: 'imported from JSONL: its runs cannot be re-run or appended to' }),
})
export type BatchMeta = z.infer<typeof BatchMeta>

/** The status changes a batch may make; staying in the same status is always allowed. */
export const BATCH_TRANSITIONS: Readonly<Record<BatchStatus, readonly BatchStatus[]>> = {
  draft: ['running', 'cancelled'],
  running: ['paused', 'done', 'cancelled'],
  paused: ['running', 'cancelled'],
  // retrying failed runs or resuming puts a finished batch back to work
  done: ['running'],
  cancelled: ['running'],
}

/** A meta read back from the database, or undefined when it is missing or no longer matches the schema. */
export function readBatchMeta(value: unknown): BatchMeta | undefined {
  const parsed = BatchMeta.safeParse(value)
  return parsed.success ? parsed.data : undefined
}
