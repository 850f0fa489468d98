import type { RunSummary } from '../../storage/run-summary'
import { formatValue } from '../format'

/** The results table's sortable columns, by RunSummary field. */
export type RunColumnKey =
  | 'batch_index' | 'status' | 'seed' | 'overrides' | 'forecast_value' | 'confidence' | 'fragility'
  | 'trust_label' | 'confidence_status' | 'arc_label'

export interface RunColumn {
  key: RunColumnKey
  label: string
  numeric: boolean
  cell: (run: RunSummary) => string
}

const text = (value: string | null) => value ?? '—'

/** The results table's columns, in order. */
export const RUN_COLUMNS: readonly RunColumn[] = [
  { key: 'batch_index', label: 'Run', numeric: true, cell: (r) => String(r.batch_index) },
  { key: 'status', label: 'Status', numeric: false, cell: (r) => r.status },
  { key: 'seed', label: 'Seed', numeric: true, cell: (r) => String(r.seed) },
  { key: 'overrides', label: 'Overrides', numeric: false, cell: (r) => r.overrides || '—' },
  { key: 'forecast_value', label: 'Forecast', numeric: true, cell: (r) => formatValue(r.forecast_value) },
  { key: 'confidence', label: 'Confidence', numeric: true, cell: (r) => formatValue(r.confidence) },
  { key: 'fragility', label: 'Fragility', numeric: true, cell: (r) => formatValue(r.fragility) },
  { key: 'trust_label', label: 'Trust', numeric: false, cell: (r) => text(r.trust_label) },
  { key: 'confidence_status', label: 'Confidence status', numeric: false, cell: (r) => text(r.confidence_status) },
  { key: 'arc_label', label: 'Arc', numeric: false, cell: (r) => text(r.arc_label) },
]

export interface SortOrder {
  key: RunColumnKey
  direction: 'ascending' | 'descending'
}

/** The table's initial order: storage order, by run index. */
export const INDEX_ORDER: SortOrder = { key: 'batch_index', direction: 'ascending' }

/** Clicking a column header: a new column sorts ascending, the same column flips. */
export function nextSort(current: SortOrder, key: RunColumnKey): SortOrder {
  if (current.key !== key) return { key, direction: 'ascending' }
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/**
 * The runs in the given order; missing values (a failed run has no forecast) go last either way, and ties keep run
 * order. Sorts one loaded page: storage pages by run index, so this orders within the page, not the whole batch.
 */
export function sortRuns(runs: readonly RunSummary[], order: SortOrder): RunSummary[] {
  const sign = order.direction === 'ascending' ? 1 : -1
  const value = (run: RunSummary): string | number | null => {
    const v = run[order.key]
    return v === '' ? null : v
  }
  return [...runs].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) return x === y ? a.batch_index - b.batch_index : x === null ? 1 : -1
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
    return c !== 0 ? sign * c : a.batch_index - b.batch_index
  })
}

/** The page a table is on and how many there are, for "Runs 51–100 of 1,234". */
export function pageInfo(total: number, pageSize: number, page: number): { pages: number; page: number; first: number; last: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const current = Math.min(Math.max(0, page), pages - 1)
  const first = total === 0 ? 0 : current * pageSize + 1
  return { pages, page: current, first, last: Math.min(total, (current + 1) * pageSize) }
}

/**
 * The rows a table shows next: those of `rows` it shows already, and at most `budget` more, all in the order of
 * `rows`. A running batch's first page fills its gaps from read to read (the first chunks are small and go to both
 * workers in turn); rows made all at once, with the moves of those around them, were the longest task of the page at
 * a batch's first sample, so new rows come a few at a time and the ones shown stay where they are.
 */
export function revealRows(rows: readonly RunSummary[], shown: ReadonlySet<number>, budget: number): RunSummary[] {
  const next: RunSummary[] = []
  for (const run of rows) {
    if (shown.has(run.batch_index)) next.push(run)
    else if (budget > 0) {
      next.push(run)
      budget--
    }
  }
  return next
}

/**
 * Whether two reads of a page hold the same runs with the same values. A running batch's table rereads its page every
 * few seconds, and its first pages fill early and then stay: an unchanged page keeps its rows as they are (50 rows
 * rendered again took 80 ms of a busy page's thread).
 */
export function sameRuns(a: readonly RunSummary[], b: readonly RunSummary[]): boolean {
  return a.length === b.length && a.every((run, i) => sameRun(run, b[i]))
}

function sameRun(a: RunSummary, b: RunSummary): boolean {
  for (const key in a) {
    const x = a[key as keyof RunSummary]
    const y = b[key as keyof RunSummary]
    if (Object.is(x, y)) continue
    if (key !== 'final_overlays' || !x || !y || !sameNumbers(x as Record<string, number>, y as Record<string, number>)) return false
  }
  return Object.keys(a).length === Object.keys(b).length
}

function sameNumbers(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.is(a[k], b[k]))
}
