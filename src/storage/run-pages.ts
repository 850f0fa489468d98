import { LineEncoder } from './line-encoder'
import type { RunSummary } from './run-summary'
import { packSummaries, type SummaryColumns, unpackSummaries } from './summary-columns'

/**
 * Most runs on one page. A chart sample of n runs reads up to n pages' summaries, so pages stay small; a page is
 * one Blob (a file of its own in Chromium's IndexedDB) or one part of a line file, so they are not tiny either: a million 12-turn runs make
 * about 4,000 pages of 1 MB. A worker's chunk (at most 250 runs) fits in one.
 */
export const PAGE_RUNS = 256

/** A finished run with its line as text: what a worker delivers today, and what version 1 stored. */
export interface LineRun {
  batch_index: number
  line: string
  summary: RunSummary
}

/**
 * Finished runs with their lines already UTF-8: what pages are made of. The engine workers deliver their runs in
 * this form (`encodeRuns`: bytes they transfer, summaries packed), which leaves the main thread nothing to do with
 * the text. A delivery in index order, of at most PAGE_RUNS runs and apart from the others stored with it, is stored as
 * one page as it is.
 */
export interface EncodedRuns {
  /** Each run's batch index, in the order of `lines`. */
  indices: Uint32Array
  /** Where each run's line ends in `lines` (in bytes, after its newline). */
  ends: Uint32Array
  /** The lines, each followed by a newline. */
  lines: Blob | Uint8Array<ArrayBuffer>
  /** The runs' summaries in the same order, packed. */
  summaries: SummaryColumns
}

/** A page before it is given its number: runs in index order, one per index. */
export interface PageDraft {
  indices: Uint32Array
  ends: Uint32Array
  /** Bytes when every line came as bytes (to be written to a line file), else a Blob. */
  lines: Blob | Uint8Array<ArrayBuffer>
  summaries: SummaryColumns
}

/** The drafts with their lines as Blobs, as IndexedDB stores them when there is no line file to write. */
export function withBlobLines<Draft extends { lines: Blob | Uint8Array<ArrayBuffer> }>(drafts: readonly Draft[]): (Omit<Draft, 'lines'> & { lines: Blob })[] {
  return drafts.map((draft) => ({ ...draft, lines: draft.lines instanceof Blob ? draft.lines : new Blob([draft.lines]) }))
}

// kept for the worker's life: its buffer grows to the largest delivery once
const encoder = new LineEncoder()

/**
 * Encodes runs' lines as UTF-8 (each followed by a newline) into bytes of their own and packs their summaries;
 * refuses an index that is not a whole number ≥ 0. Done where the runs are made, in a worker, it is off the main
 * thread, and the bytes are transferred on, not copied.
 */
export function encodeRuns(runs: readonly LineRun[]): EncodedRuns {
  const indices = new Uint32Array(runs.length)
  runs.forEach((run, k) => {
    requireRunIndex(run.batch_index)
    encoder.add(run.line)
    indices[k] = run.batch_index
  })
  const { bytes, ends } = encoder.take()
  return { indices, ends, lines: bytes.slice(), summaries: packSummaries(runs.map((run) => run.summary)) }
}

/** Throws a RangeError unless `index` can be a batch index. */
export function requireRunIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError(`run index ${index} is not a whole number ≥ 0`)
}

/**
 * Cuts delivered runs into pages of at most `pageRuns`, in index order. A run delivered twice counts once: the
 * copy delivered last. A delivery that is already a page is passed on as it is; other pages are made of slices of
 * the deliveries (copied into one buffer when all are bytes, else a Blob of them).
 */
export function cutPages(delivered: readonly EncodedRuns[], pageRuns = PAGE_RUNS): PageDraft[] {
  for (const runs of delivered) {
    const count = runs.indices.length
    if (runs.ends.length !== count || runs.summaries.failed.length !== count) throw new RangeError('delivered runs need as many line ends and summaries as indices')
  }
  const nonEmpty = delivered.filter((runs) => runs.indices.length > 0)
  if (isPaged(nonEmpty, pageRuns)) {
    return nonEmpty.map(({ indices, ends, lines, summaries }) => ({ indices: own(indices), ends: own(ends), lines, summaries }))
  }
  const runs = orderRuns(nonEmpty)
  const summaries = nonEmpty.map((runsOf) => unpackSummaries(runsOf.summaries, runsOf.indices, Array.from(runsOf.indices, (_, i) => i)))
  const pages: PageDraft[] = []
  for (let from = 0; from < runs.length; from += pageRuns) pages.push(pageOf(nonEmpty, summaries, runs.slice(from, from + pageRuns)))
  return pages
}

// each delivery ascending, small enough, and clear of the others: already pages
function isPaged(delivered: readonly EncodedRuns[], pageRuns: number): boolean {
  const ranges: [number, number][] = []
  for (const { indices } of delivered) {
    if (indices.length > pageRuns) return false
    for (let i = 1; i < indices.length; i++) if (indices[i] <= indices[i - 1]) return false
    ranges.push([indices[0], indices[indices.length - 1]])
  }
  ranges.sort((a, b) => a[0] - b[0])
  return ranges.every((range, i) => i === 0 || range[0] > ranges[i - 1][1])
}

// a delivered run: which delivery, and where in it
interface RunRef {
  index: number
  delivery: number
  position: number
}

function orderRuns(delivered: readonly EncodedRuns[]): RunRef[] {
  const runs: RunRef[] = []
  delivered.forEach((runsOf, delivery) => runsOf.indices.forEach((index, position) => runs.push({ index, delivery, position })))
  const last = new Map<number, RunRef>()
  for (const run of runs) last.set(run.index, run)
  return [...last.values()].sort((a, b) => a.index - b.index)
}

function pageOf(delivered: readonly EncodedRuns[], summaries: readonly (readonly RunSummary[])[], runs: readonly RunRef[]): PageDraft {
  const indices = new Uint32Array(runs.length)
  const ends = new Uint32Array(runs.length)
  const parts: (Blob | Uint8Array<ArrayBuffer>)[] = []
  let bytes = 0
  // consecutive lines of one delivery become one slice
  let sliceOf: RunRef | null = null
  let sliceEnd = 0
  const endSlice = () => {
    if (!sliceOf) return
    const { lines, ends: deliveredEnds } = delivered[sliceOf.delivery]
    const start = sliceOf.position === 0 ? 0 : deliveredEnds[sliceOf.position - 1]
    const end = deliveredEnds[sliceEnd - 1]
    const whole = start === 0 && end === byteLength(lines)
    parts.push(whole ? lines : lines instanceof Blob ? lines.slice(start, end) : lines.subarray(start, end))
  }
  runs.forEach((run, k) => {
    const { ends: deliveredEnds } = delivered[run.delivery]
    const length = deliveredEnds[run.position] - (run.position === 0 ? 0 : deliveredEnds[run.position - 1])
    if (!sliceOf || sliceOf.delivery !== run.delivery || sliceEnd !== run.position) {
      endSlice()
      sliceOf = run
    }
    sliceEnd = run.position + 1
    indices[k] = run.index
    bytes += length
    ends[k] = bytes
  })
  endSlice()
  return { indices, ends, lines: joinParts(parts, bytes), summaries: packSummaries(runs.map((run) => summaries[run.delivery][run.position])) }
}

function joinParts(parts: readonly (Blob | Uint8Array<ArrayBuffer>)[], bytes: number): Blob | Uint8Array<ArrayBuffer> {
  if (parts.some((part) => part instanceof Blob)) return new Blob([...parts])
  if (parts.length === 1) return parts[0] as Uint8Array<ArrayBuffer>
  const joined = new Uint8Array(bytes)
  let at = 0
  for (const part of parts as Uint8Array[]) {
    joined.set(part, at)
    at += part.byteLength
  }
  return joined
}

// a view over part of a larger buffer would store the whole buffer
function own(array: Uint32Array): Uint32Array {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : array.slice()
}

function byteLength(lines: Blob | Uint8Array): number {
  return lines instanceof Blob ? lines.size : lines.byteLength
}
