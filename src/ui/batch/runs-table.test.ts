import { describe, expect, test } from 'vitest'
import type { RunSummary } from '../../storage/run-summary'
import { INDEX_ORDER, nextSort, pageInfo, revealRows, RUN_COLUMNS, sameRuns, sortRuns } from './runs-table'

const run = (batch_index: number, patch: Partial<RunSummary> = {}): RunSummary => ({
  batch_index, status: 'done', seed: batch_index * 10, forecast_value: 100 + batch_index, confidence: 0.5, fragility: 0.2,
  trust_label: '🟢 Trusted', confidence_status: '✅ Confident', arc_label: 'arc_unknown', symbolic_tag: '', final_overlays: null,
  overrides: '', error: null, ...patch,
})

const failed = (batch_index: number) => run(batch_index, {
  status: 'failed', forecast_value: null, confidence: null, fragility: null, trust_label: null, confidence_status: null, arc_label: null, error: 'turn: x',
})

describe('results table', () => {
  test('numbers sort by value, failed runs last in both directions', () => {
    const runs = [run(0, { confidence: 0.7 }), failed(1), run(2, { confidence: 0.2 }), run(3, { confidence: 0.9 })]
    const by = (direction: 'ascending' | 'descending') => sortRuns(runs, { key: 'confidence', direction }).map((r) => r.batch_index)
    expect(by('ascending')).toEqual([2, 0, 3, 1])
    expect(by('descending')).toEqual([3, 0, 2, 1])
  })

  test('text sorts naturally and ties keep run order', () => {
    const runs = [run(0, { overrides: 'hope .6' }), run(1, { overrides: 'hope .10' }), run(2, { overrides: 'hope .6' }), run(3)]
    expect(sortRuns(runs, { key: 'overrides', direction: 'ascending' }).map((r) => r.batch_index)).toEqual([0, 2, 1, 3])
  })

  test('header clicks sort ascending, then flip', () => {
    const once = nextSort(INDEX_ORDER, 'fragility')
    expect(once).toEqual({ key: 'fragility', direction: 'ascending' })
    expect(nextSort(once, 'fragility').direction).toBe('descending')
    expect(nextSort(INDEX_ORDER, 'batch_index').direction).toBe('descending')
  })

  test('cells show a dash where a failed run has no value', () => {
    const cells = RUN_COLUMNS.map((c) => c.cell(failed(4)))
    expect(cells).toEqual(['4', 'failed', '40', '—', '—', '—', '—', '—', '—', '—'])
  })

  test('pages are clamped and counted from 1', () => {
    expect(pageInfo(1234, 50, 1)).toEqual({ pages: 25, page: 1, first: 51, last: 100 })
    expect(pageInfo(1234, 50, 99)).toEqual({ pages: 25, page: 24, first: 1201, last: 1234 })
    expect(pageInfo(0, 50, 0)).toEqual({ pages: 1, page: 0, first: 0, last: 0 })
  })
})

describe('rereading a page', () => {
  const run = (i: number, overrides: Partial<RunSummary> = {}): RunSummary => ({
    batch_index: i, status: 'done', seed: i, forecast_value: 1.5, confidence: 0.8, fragility: 0.1, trust_label: 'ok',
    confidence_status: 'ok', arc_label: 'a', symbolic_tag: 't', final_overlays: { hope: 0.5, despair: 0.2 }, overrides: '', error: null,
    ...overrides,
  })

  test('the same runs with the same values, read again as new objects, are the same page', () => {
    expect(sameRuns([run(0), run(1)], [run(0), run(1)])).toBe(true)
    expect(sameRuns([], [])).toBe(true)
  })

  test.each([
    ['another run', [run(0), run(2)]],
    ['one run more', [run(0), run(1), run(2)]],
    ['a run failed since', [run(0), run(1, { status: 'failed', forecast_value: null, error: 'x' })]],
    ['another forecast', [run(0), run(1, { forecast_value: 1.25 })]],
    ['another final overlay', [run(0), run(1, { final_overlays: { hope: 0.5, despair: 0.3 } })]],
    ['an overlay more', [run(0), run(1, { final_overlays: { hope: 0.5, despair: 0.2, rage: 0 } })]],
    ['no overlays', [run(0), run(1, { final_overlays: null })]],
  ])('%s is another page', (_, other) => {
    expect(sameRuns([run(0), run(1)], other)).toBe(false)
  })
})

describe('revealing rows a few at a time', () => {
  const indices = (runs: readonly RunSummary[]) => runs.map((r) => r.batch_index)
  const shownOf = (...ranges: [number, number][]) => new Set(ranges.flatMap(([from, to]) => Array.from({ length: to - from }, (_, k) => from + k)))

  test('a first read shows the first rows of the budget only', () => {
    const rows = Array.from({ length: 50 }, (_, i) => run(i))
    expect(indices(revealRows(rows, new Set(), 10))).toEqual(indices(rows.slice(0, 10)))
  })

  test('a read that fills gaps keeps every row shown and adds the budget of new ones, in the read order', () => {
    // shown: 0–9, 20–29, 40–49; the reread holds 0–49
    const rows = Array.from({ length: 50 }, (_, i) => run(i))
    const next = revealRows(rows, shownOf([0, 10], [20, 30], [40, 50]), 10)
    expect(indices(next)).toEqual([...Array.from({ length: 30 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 40 + i)])
    // and the next step adds the rest
    expect(indices(revealRows(rows, new Set(indices(next)), 10))).toEqual(indices(rows))
  })

  test('rows no longer read are dropped, and a sorted page keeps its order', () => {
    const rows = [run(7), run(3), run(5)]
    expect(indices(revealRows(rows, shownOf([0, 6]), 0))).toEqual([3, 5])
    expect(indices(revealRows(rows, shownOf([0, 6]), 1))).toEqual([7, 3, 5])
  })
})
