import { flushSync, mount, unmount, type Component } from 'svelte'
import { expect, test } from 'vitest'
import type { RunSummary } from '../../storage/run-summary'
import type { Lab } from '../lab.svelte'
import WithLab from '../testing/WithLab.svelte'
import BatchCharts from './BatchCharts.svelte'
import RunsTable from './RunsTable.svelte'

/** The part of the lab the batch view's sections read, counting their reads. */
class CountingLab {
  sampleRevision = $state(0)
  revision = $state(0)
  reads: string[] = []

  async sampleRuns(batchId: string): Promise<RunSummary[]> {
    this.reads.push(`sample ${batchId}`)
    return []
  }

  async listRuns(batchId: string): Promise<RunSummary[]> {
    this.reads.push(`page ${batchId}`)
    return []
  }
}

const settle = async () => {
  flushSync()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

// the batch view reloads its meta every second while the batch runs: a section given the batch id from that meta
// must still read runs only with the charts' cadence (sampleRevision), not on every reload
test.each([
  ['the batch charts', BatchCharts, 'sample'],
  ['the runs table', RunsTable, 'page'],
] as const)('%s read their runs when the sample revision moves, not when the batch meta reloads', async (_, view, read) => {
  const lab = new CountingLab()
  let meta = $state.raw({ id: 'b1', done: 10, failed: 0 })
  const target = document.body.appendChild(document.createElement('div'))
  const props = {
    get batchId() { return meta.id },
    get stored() { return meta.done + meta.failed },
    get done() { return meta.done },
    get failed() { return meta.failed },
  }
  const component = mount(WithLab as unknown as Component<{ lab: Lab; view: Component<typeof props>; props: typeof props }>, {
    target, props: { lab: lab as unknown as Lab, view: view as unknown as Component<typeof props>, props },
  })
  await settle()
  expect(lab.reads).toEqual([`${read} b1`])
  for (let second = 1; second <= 5; second++) {
    meta = { id: 'b1', done: 10 + second * 100, failed: 0 }
    await settle()
  }
  expect(lab.reads).toEqual([`${read} b1`])
  lab.sampleRevision++
  await settle()
  expect(lab.reads).toEqual([`${read} b1`, `${read} b1`])
  unmount(component)
  target.remove()
})
