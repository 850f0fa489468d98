import { parseJsonText } from '../schema/json-text'
import { formatProblem, problemsFromZod } from '../schema/problems'
import { RunRecord } from '../schema/run-record'
import { BatchMeta } from './batch-meta'
import { batchRange, type PulseDatabase, RUN_STORES, type RunPage, writeTransaction } from './db'
import { LineFileCache, type StoredLines } from './line-files'
import { cutPages, encodeRuns, PAGE_RUNS, withBlobLines } from './run-pages'
import { BLOCK_RUNS, EMPTY_SLOT, slotPage } from './run-slots'
import { summarizeRecord } from './run-summary'
import { runStores, storeRuns } from './runs'

/** The media type of exported files. */
export const JSONL_TYPE = 'application/x-ndjson'

// slot blocks read at a time: 64 blocks are 262,144 runs, about 1,000 pages
const EXPORT_BLOCKS = 64

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

/**
 * The batch's stored lines in index order, each ending in a newline: byte for byte the CLI's file for the same runs.
 * Made of slices of the stored pages' Blobs and line files, so no line is read into the JS heap: the browser copies
 * the bytes when the file is saved.
 */
export async function exportJsonl(db: PulseDatabase, batchId: string): Promise<Blob> {
  const slices: LineSlice[] = []
  const tx = db.transaction(['slots', 'pages'])
  // pages read and not yet passed, with the position of the next run to look for on each
  const open = new Map<number, { page: RunPage; next: number }>()
  // the slice being gathered: consecutive lines of one page
  let slice: { page: RunPage; from: number; to: number } | null = null
  const endSlice = () => {
    if (!slice) return
    const { page, from, to } = slice
    addSlice(slices, page.lines, from === 0 ? 0 : page.ends[from - 1], page.ends[to - 1])
  }
  for (let from = 0; ;) {
    const blocks = await tx.objectStore('slots').getAll(batchRange(batchId, from), EXPORT_BLOCKS)
    const unread = new Set<number>()
    for (const { slots } of blocks) for (const slot of slots) if (slot !== EMPTY_SLOT && !open.has(slotPage(slot))) unread.add(slotPage(slot))
    const read = await Promise.all(Array.from(unread, (page) => tx.objectStore('pages').get([batchId, page])))
    for (const page of read) if (page) open.set(page.page, { page, next: 0 })
    for (const { block, slots } of blocks) {
      slots.forEach((slot, k) => {
        if (slot === EMPTY_SLOT) return
        const index = block * BLOCK_RUNS + k
        const entry = open.get(slotPage(slot))
        if (!entry) throw new Error(`run ${index} points to page ${slotPage(slot)}, which is missing`)
        // runs replaced later stay on their page, skipped
        while (entry.page.indices[entry.next] < index) entry.next++
        const position = entry.next++
        if (entry.page.indices[position] !== index) throw new Error(`run ${index} is not on page ${entry.page.page}, where its slot points`)
        if (slice && slice.page === entry.page && slice.to === position) slice.to++
        else {
          endSlice()
          slice = { page: entry.page, from: position, to: position + 1 }
        }
      })
    }
    if (blocks.length < EXPORT_BLOCKS) break
    from = blocks[blocks.length - 1].block + 1
    // a page whose runs all come before the next block is done with
    const next = from * BLOCK_RUNS
    for (const [number, { page }] of open) if (page.indices[page.indices.length - 1] < next) open.delete(number)
  }
  endSlice()
  // line files are opened after the transaction: it would commit itself while waiting for them
  const files = new LineFileCache(db.name, batchId)
  const parts = await Promise.all(slices.map(async (slice) => {
    const whole = 'blob' in slice ? slice.blob : await files.get(slice.file)
    return slice.start === 0 && slice.end === whole.size ? whole : whole.slice(slice.start, slice.end)
  }))
  return new Blob(parts, { type: JSONL_TYPE })
}

/** Bytes [start, end) of a stored page's Blob, or of a line file. */
type LineSlice = { blob: Blob; start: number; end: number } | { file: string; start: number; end: number }

// bytes [start, end) of a page's lines; a slice that continues the last one in the same line file (the next page of
// one commit, in order) extends it
function addSlice(slices: LineSlice[], lines: StoredLines, start: number, end: number): void {
  if (lines instanceof Blob) {
    slices.push({ blob: lines, start, end })
    return
  }
  const last = slices[slices.length - 1]
  if (last && 'file' in last && last.file === lines.file && last.end === lines.start + start) last.end = lines.start + end
  else slices.push({ file: lines.file, start: lines.start + start, end: lines.start + end })
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
  const runs = lines.map(({ record, line }) => ({ batch_index: record.batch_index, line, summary: summarizeRecord(record) }))
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
    done: runs.filter((run) => run.summary.status === 'done').length,
    failed: runs.filter((run) => run.summary.status === 'failed').length,
    read_only: true,
  })
  // encoded a page at a time: the encoder's buffer grows to one delivery
  const delivered = Array.from({ length: Math.ceil(runs.length / PAGE_RUNS) }, (_, i) => encodeRuns(runs.slice(i * PAGE_RUNS, (i + 1) * PAGE_RUNS)))
  const pages = cutPages(delivered)
  await writeTransaction(db, RUN_STORES, async (tx) => {
    // an id that is taken fails here, before anything else is written
    await tx.objectStore('batches').add(batch)
    await storeRuns(runStores(tx), { ...batch, done: 0, failed: 0 }, withBlobLines(pages), [])
    await tx.done
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
