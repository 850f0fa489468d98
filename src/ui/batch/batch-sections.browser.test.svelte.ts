import { flushSync, mount, unmount, type Component } from 'svelte'
import { expect, test } from 'vitest'
import type { BatchMeta } from '../../storage/batch-meta'
import { summarizeRecord, type RunSummary } from '../../storage/run-summary'
import { successRecord } from '../../storage/test-records'
import type { Lab } from '../lab.svelte'
import ExperimentPanel from '../experiment/ExperimentPanel.svelte'
import type { HeatmapData, SweepCell, SweepData } from '../experiment/sweep-stats'
import { type ReadRunTable, RunTable } from '../experiment/run-table'
import { pageIdle } from '../next-frame'
import WithLab from '../testing/WithLab.svelte'
import { type BatchChartData, batchChartData } from './batch-charts'
import BatchCharts from './BatchCharts.svelte'
import RunsTable from './RunsTable.svelte'

/** The part of the lab the batch view's sections read, counting their reads. */
class CountingLab {
  sampleRevision = $state(0)
  chartsSampleRevision = $state(0)
  designSampleRevision = $state(0)
  revision = $state(0)
  reads: string[] = []

  async sampleCharts(batchId: string): Promise<BatchChartData> {
    this.reads.push(`sample ${batchId}`)
    return batchChartData([])
  }

  async listRuns(batchId: string, _page?: { offset: number; limit: number }): Promise<RunSummary[]> {
    this.reads.push(`page ${batchId}`)
    return []
  }

  async readRunTable(batchId: string): Promise<ReadRunTable> {
    this.reads.push(`table ${batchId}`)
    return { table: new RunTable(), complete: true }
  }

  // plots are computed, not read: none here
  async designSweep(): Promise<SweepData | null> {
    return null
  }

  async designHeatmap(): Promise<HeatmapData | null> {
    return null
  }

  async listBatches(): Promise<BatchMeta[]> {
    this.reads.push('batches')
    return []
  }
}

/** Mounts `view` under the counting lab, with props read from `props` (getters, as a parent passes them). */
function mountUnder<P extends Record<string, unknown>>(lab: CountingLab, view: Component<P>, props: P) {
  const target = document.body.appendChild(document.createElement('div'))
  const component = mount(WithLab as unknown as Component<{ lab: Lab; view: Component<P>; props: P }>, { target, props: { lab: lab as unknown as Lab, view, props } })
  return () => {
    unmount(component)
    target.remove()
  }
}

const settle = async () => {
  flushSync()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

// the batch view reloads its meta every second while the batch runs: a section given the batch id from that meta
// must still read runs only with the charts' cadence (sampleRevision), not on every reload (the runs table's page is
// full from the start here: one still filling is read as it fills, see below)
test.each([
  ['the batch charts', BatchCharts, 'sample', 'chartsSampleRevision'],
  ['the runs table', RunsTable, 'page', 'sampleRevision'],
] as const)('%s read their runs when their sample revision moves, not when the batch meta reloads', async (_, view, read, revision) => {
  const lab = new CountingLab()
  let meta = $state.raw({ id: 'b1', done: 60, failed: 0 })
  const props = {
    get batchId() { return meta.id },
    get stored() { return meta.done + meta.failed },
    get done() { return meta.done },
    get failed() { return meta.failed },
  }
  const remove = mountUnder(lab, view as unknown as Component<typeof props>, props)
  await settle()
  expect(lab.reads).toEqual([`${read} b1`])
  for (let second = 1; second <= 5; second++) {
    meta = { id: 'b1', done: 60 + second * 100, failed: 0 }
    await settle()
  }
  expect(lab.reads).toEqual([`${read} b1`])
  lab[revision]++
  await settle()
  expect(lab.reads).toEqual([`${read} b1`, `${read} b1`])
  remove()
})

test('the design panel reads its runs and the other batches when the sample revision moves, not on every reload', async () => {
  const lab = new CountingLab()
  const design = { seed: 1, defaults: { turns: 2 }, design: { kind: 'grid', factors: { 'state_overrides.hope': { values: [0.2, 0.8] } } } }
  let meta = $state.raw({ id: 'b1', name: 'sweep', source: JSON.stringify(design), seed: 1, total_runs: 2, done: 1, failed: 0 } as unknown as BatchMeta)
  const props = { get meta() { return meta }, get stored() { return meta.done + meta.failed } }
  const remove = mountUnder(lab, ExperimentPanel as unknown as Component<typeof props>, props)
  await settle()
  const first = [...lab.reads].sort()
  expect(first).toEqual(['batches', 'table b1'])
  for (let second = 1; second <= 5; second++) {
    // the running batch's meta and the lab's revision move every second
    meta = { ...meta, updated_at: second } as BatchMeta
    lab.revision++
    await settle()
  }
  expect([...lab.reads].sort()).toEqual(first)
  // the runs table's and the charts' revisions are not the design panel's
  lab.sampleRevision++
  lab.chartsSampleRevision++
  await settle()
  expect([...lab.reads].sort()).toEqual(first)
  lab.designSampleRevision++
  await settle()
  expect([...lab.reads].sort()).toEqual(['batches', 'batches', 'table b1', 'table b1'])
  remove()
})

/** A lab whose design plots answer at once, both in the same task. */
class PlottingLab extends CountingLab {
  static cell: SweepCell = { n: 2, mean: 100, sd: 1, min: 99, max: 101 }
  static axis = { labels: ['0.2', '0.8'], positions: [0.2, 0.8], numeric: true }

  /** The runs the sweep counts: with none, the panel says so in place of its plots. */
  sweepRuns = 8

  override async designSweep(): Promise<SweepData> {
    return { axis: PlottingLab.axis, series: [{ label: null, cells: [PlottingLab.cell, PlottingLab.cell], dots: [] }], runs: this.sweepRuns }
  }

  override async designHeatmap(): Promise<HeatmapData> {
    const row = [PlottingLab.cell, PlottingLab.cell]
    return { x: PlottingLab.axis, y: PlottingLab.axis, cells: [row, row], min: 99, max: 101 }
  }
}

test.each([
  ['the first sample', [8]],
  ['a sample after one without runs', [0, 8]],
])('the design panel shows its heatmap a frame after its sweep plot (%s), and builds the sweep\'s table only when it is opened', async (_, sweepRuns) => {
  const lab = new PlottingLab()
  lab.sweepRuns = sweepRuns[0]
  const design = { seed: 1, defaults: { turns: 2 }, design: { kind: 'grid', factors: { 'state_overrides.hope': { values: [0.2, 0.8] }, 'state_overrides.despair': { values: [0.2, 0.8] } } } }
  const meta = { id: 'b1', name: 'grid', source: JSON.stringify(design), seed: 1, total_runs: 8, done: 8, failed: 0 } as unknown as BatchMeta
  // what the page holds after each change to it (a mutation observer's callback follows each task's DOM changes)
  const seen: string[] = []
  const observer = new MutationObserver(() => {
    const parts = ['sweep-chart', 'heatmap'].filter((id) => document.querySelector(`[data-testid="${id}"]`))
    if (parts.join() !== seen.at(-1)) seen.push(parts.join())
  })
  observer.observe(document.body, { childList: true, subtree: true })
  const remove = mountUnder(lab, ExperimentPanel as unknown as Component<{ meta: BatchMeta; stored: number }>, { meta, stored: 8 })
  if (sweepRuns.length > 1) {
    await expect.poll(() => document.querySelector('[data-testid="experiment-empty"]')).not.toBeNull()
    // the heatmap's answer is in by now, and waits with the sweep plot
    await settle()
    lab.sweepRuns = sweepRuns[1]
    lab.designSampleRevision++
  }
  await expect.poll(() => document.querySelectorAll('[data-testid="heat-cell"]').length).toBe(4)
  observer.disconnect()
  expect(seen.filter(Boolean)).toEqual(['sweep-chart', 'sweep-chart,heatmap'])
  // a cell's tooltip is written when the pointer comes over it
  const heatCell = document.querySelector('[data-testid="heat-cell"]') as HTMLElement
  expect(heatCell.title).toBe('')
  heatCell.firstElementChild?.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }))
  expect(heatCell.title).toBe('state_overrides.hope 0.2, state_overrides.despair 0.8: mean 100.000, sd 1.00, 2 runs')
  // the sweep's data table: nothing of it until the details open
  expect(document.querySelector('[data-testid="sweep-table"]')).toBeNull()
  const details = document.querySelector('details.data') as HTMLDetailsElement
  details.open = true
  await expect.poll(() => document.querySelectorAll('[data-testid="sweep-table"] tbody tr').length).toBe(2)
  remove()
})

test('an empty runs table gets its first rows at the page\'s next idle moment after their read, a new page ten rows at a time; rereading the same page keeps every row shown', async () => {
  const lab = new CountingLab()
  const runs = Array.from({ length: 120 }, (_, i) => summarizeRecord(successRecord(i)))
  lab.listRuns = async (batchId: string, { offset, limit }: { offset: number; limit: number }) => {
    lab.reads.push(`page ${batchId}`)
    return runs.slice(offset, offset + limit)
  }
  const target = document.body.appendChild(document.createElement('div'))
  const props = { batchId: 'b1', done: 120, failed: 0 }
  const component = mount(WithLab as unknown as Component<{ lab: Lab; view: Component<typeof props>; props: typeof props }>, {
    target, props: { lab: lab as unknown as Lab, view: RunsTable as unknown as Component<typeof props>, props },
  })
  const shownRows = () => target.querySelectorAll('[data-testid=run-row]').length
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve))
  // the task in which the page's read resolves: microtasks only, so no frame can pass in between
  const settleReads = async () => {
    for (let i = 0; i < 100 && lab.reads.length === 0; i++) {
      await Promise.resolve()
      flushSync()
    }
    for (let i = 0; i < 20; i++) {
      await Promise.resolve()
      flushSync()
    }
  }
  flushSync()
  await settleReads()
  // an empty table's first rows come in an idle task of their own, not in the one that read them
  expect(lab.reads).toEqual(['page b1'])
  expect(shownRows()).toBe(0)
  await pageIdle(1000)
  flushSync()
  expect(shownRows()).toBe(10)
  const counts: number[] = [10]
  while (shownRows() < 50 && counts.length < 20) {
    await nextFrame()
    flushSync()
    counts.push(shownRows())
  }
  // frame by frame, never more than ten new rows in one
  expect(counts.at(-1)).toBe(50)
  expect(counts.every((n, i) => i === 0 || n - counts[i - 1] <= 10)).toBe(true)

  lab.sampleRevision++
  await settle()
  expect(lab.reads).toHaveLength(2)
  expect(shownRows()).toBe(50)

  // another page: ten rows first again
  ;(target.querySelector('[data-testid=page-next]') as HTMLButtonElement).click()
  flushSync()
  for (let i = 0; i < 100 && target.querySelector('[data-testid=run-row] a')?.textContent !== '50'; i++) {
    await Promise.resolve()
    flushSync()
  }
  expect(target.querySelector('[data-testid=run-row] a')?.textContent).toBe('50')
  expect(shownRows()).toBe(10)
  unmount(component)
  target.remove()
})

test('a page read before its runs were stored is read again as they are stored (at the page\'s next idle moment), not only at the next sample; a full page is not', async () => {
  const lab = new CountingLab()
  const all = Array.from({ length: 80 }, (_, i) => summarizeRecord(successRecord(i)))
  let stored: RunSummary[] = []
  lab.listRuns = async (batchId: string, { offset, limit }: { offset: number; limit: number }) => {
    lab.reads.push(`page ${batchId}`)
    return stored.slice(offset, offset + limit)
  }
  const target = document.body.appendChild(document.createElement('div'))
  const props = $state({ batchId: 'b1', done: 0, failed: 0 })
  const component = mount(WithLab as unknown as Component<{ lab: Lab; view: Component<typeof props>; props: typeof props }>, {
    target, props: { lab: lab as unknown as Lab, view: RunsTable as unknown as Component<typeof props>, props },
  })
  const shownRows = () => target.querySelectorAll('[data-testid=run-row]').length
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve))
  await settle()
  expect(lab.reads).toEqual(['page b1'])
  // the first runs are stored: the page is read again at once, with no new sample
  stored = all.slice(0, 30)
  props.done = 30
  await expect.poll(() => lab.reads.length).toBe(2)
  for (let i = 0; i < 20 && shownRows() < 30; i++) {
    await nextFrame()
    flushSync()
  }
  expect(shownRows()).toBe(30)
  // the page fills up to its 50 rows
  stored = all.slice(0, 60)
  props.done = 60
  await expect.poll(() => lab.reads.length).toBe(3)
  // a full page waits for the next sample, however many more runs are stored
  stored = all
  props.done = 80
  await settle()
  await pageIdle(1000)
  await settle()
  expect(lab.reads).toHaveLength(3)
  lab.sampleRevision++
  await settle()
  expect(lab.reads).toHaveLength(4)
  unmount(component)
  target.remove()
})

test('a reread that fills the gaps of a running batch\'s first page keeps the rows shown and adds the new ones ten a frame', async () => {
  const lab = new CountingLab()
  const all = Array.from({ length: 100 }, (_, i) => summarizeRecord(successRecord(i)))
  // the first chunks go to both workers in turn: early on, the first 50 stored runs are 0–9, 20–29, …, 80–89
  let stored = all.filter((run) => Math.floor(run.batch_index / 10) % 2 === 0)
  lab.listRuns = async (_batchId: string, { offset, limit }: { offset: number; limit: number }) => stored.slice(offset, offset + limit)
  const target = document.body.appendChild(document.createElement('div'))
  const props = { batchId: 'b1', done: 50, failed: 0 }
  const component = mount(WithLab as unknown as Component<{ lab: Lab; view: Component<typeof props>; props: typeof props }>, {
    target, props: { lab: lab as unknown as Lab, view: RunsTable as unknown as Component<typeof props>, props },
  })
  const rows = () => [...target.querySelectorAll<HTMLElement>('[data-testid=run-row]')]
  const shown = () => rows().map((row) => Number(row.querySelector('a')?.textContent))
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve))
  for (let i = 0; i < 40 && rows().length < 50; i++) {
    await nextFrame()
    flushSync()
  }
  expect(shown()).toEqual(stored.map((run) => run.batch_index))
  const row20 = rows()[10]

  stored = all.slice(0, 100)
  lab.sampleRevision++
  for (let i = 0; i < 100 && !shown().includes(10); i++) {
    await Promise.resolve()
    flushSync()
  }
  // the rows still on the page stay (the same elements), the ones no longer on it go, and ten new ones come
  expect(shown()).toEqual([...Array.from({ length: 30 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 40 + i)])
  expect(rows()[20]).toBe(row20)
  const counts = [rows().length]
  while (rows().length < 50 && counts.length < 20) {
    await nextFrame()
    flushSync()
    counts.push(rows().length)
  }
  expect(shown()).toEqual(Array.from({ length: 50 }, (_, i) => i))
  expect(counts.every((n, i) => i === 0 || n - counts[i - 1] <= 10)).toBe(true)
  unmount(component)
  target.remove()
})
