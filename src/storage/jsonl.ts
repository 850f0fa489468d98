import { parseJsonText } from '../schema/json-text'
import { formatProblem, problemsFromZod } from '../schema/problems'
import { RunRecord } from '../schema/run-record'
import { BatchMeta } from './batch-meta'
import { batchRange, type PulseDatabase, writeTransaction } from './db'
import { toStoredRun } from './runs'

/** The media type of exported files. */
export const JSONL_TYPE = 'application/x-ndjson'

// few round trips, and only one page of text in the JS heap at a time
const EXPORT_PAGE_SIZE = 2_000

/** A line of a JSONL file that was not kept, by 1-based line number. */
export interface JsonlProblem {
  line: number
  message: string
}

/** What a JSONL file held: the valid records, and a problem for each line that was not one. */
export interface ParsedJsonl {
  records: RunRecord[]
  problems: JsonlProblem[]
}

/** What an import stored: the new read-only batch (null when no line was a record), and the lines it skipped. */
export interface JsonlImport {
  batch: BatchMeta | null
  problems: JsonlProblem[]
}

/** The batch's stored lines in index order, each ending in a newline: byte for byte the CLI's file for the same runs. */
export async function exportJsonl(db: PulseDatabase, batchId: string): Promise<Blob> {
  const parts: Blob[] = []
  for (let from = 0; ;) {
    const page = await db.getAll('runs', batchRange(batchId, from), EXPORT_PAGE_SIZE)
    // a Blob per page lets the browser move the text out of the JS heap as it goes
    if (page.length > 0) parts.push(new Blob([page.map((run) => `${run.line}\n`).join('')]))
    if (page.length < EXPORT_PAGE_SIZE) break
    from = page[page.length - 1].batch_index + 1
  }
  return new Blob(parts, { type: JSONL_TYPE })
}

/** Validates each line as a run record, keeping the good ones and naming the bad ones by line; blank lines are skipped. */
export function parseJsonl(text: string): ParsedJsonl {
  const { lines, problems } = parseLines(text)
  return { records: lines.map((entry) => entry.record), problems }
}

/** Stores a JSONL file's valid records as a new finished, read-only batch and reports the lines it skipped. */
export async function importJsonl(db: PulseDatabase, id: string, name: string, text: string, now: number): Promise<JsonlImport> {
  const { lines, problems } = parseLines(text)
  if (lines.length === 0) return { batch: null, problems }
  const runs = lines.map(({ record, line }) => toStoredRun(id, record, line))
  const batch = BatchMeta.parse({
    id,
    name,
    source: '',
    seed: 0,
    total_runs: runs.reduce((last, run) => Math.max(last, run.batch_index), 0) + 1,
    status: 'done',
    created_at: now,
    updated_at: now,
    finished_at: now,
    engine_version: [...new Set(lines.map(({ record }) => record.engine_version))].join(', '),
    done: runs.filter((run) => run.status === 'done').length,
    failed: runs.filter((run) => run.status === 'failed').length,
    read_only: true,
  })
  await writeTransaction(db, ['batches', 'runs'], async (tx) => {
    const store = tx.objectStore('runs')
    function* writes(): Generator<Promise<unknown>> {
      yield tx.objectStore('batches').add(batch)
      for (const run of runs) yield store.put(run)
      yield tx.done
    }
    await Promise.all(writes())
  })
  return { batch, problems }
}

interface ParsedLine {
  record: RunRecord
  line: string
}

// keeps each good line's exact text too, so an imported batch exports the file it came from
function parseLines(text: string): { lines: ParsedLine[]; problems: JsonlProblem[] } {
  const lines: ParsedLine[] = []
  const problems: JsonlProblem[] = []
  const seen = new Map<number, number>()
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') return
    const result = parseLine(line)
    if (typeof result === 'string') {
      problems.push({ line: i + 1, message: result })
      return
    }
    const first = seen.get(result.batch_index)
    if (first !== undefined) {
      problems.push({ line: i + 1, message: `batch_index ${result.batch_index} already appears on line ${first}` })
      return
    }
    seen.set(result.batch_index, i + 1)
    lines.push({ record: result, line })
  })
  return { lines, problems }
}

// a record, or the message saying why the line is not one
function parseLine(line: string): RunRecord | string {
  // a line is small: parseJsonText's own scan names the column, worded the same in every browser
  const json = parseJsonText(line)
  if (!json.ok) return json.problem.message.replace(/ at line 1, column /, ' at column ')
  const parsed = RunRecord.safeParse(json.value, { reportInput: true })
  if (parsed.success) return parsed.data
  return `not a run record: ${formatProblem(problemsFromZod(parsed.error.issues)[0])}`
}
