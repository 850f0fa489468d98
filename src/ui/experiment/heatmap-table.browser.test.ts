import { flushSync, mount, unmount } from 'svelte'
import { expect, test } from 'vitest'
import HeatmapTable from './HeatmapTable.svelte'
import type { HeatmapData } from './sweep-stats'

const axis = (n: number) => ({ labels: Array.from({ length: n }, (_, i) => String(i)), positions: Array.from({ length: n }, (_, i) => i), numeric: true })
const nextFrameAndTask = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

test('a 10 × 10 heatmap shows its rows three a frame, the highest level first, until all ten are there', async () => {
  const cells = Array.from({ length: 10 }, (_, y) => Array.from({ length: 10 }, (_, x) => ({ n: 1, mean: x + 10 * y, sd: 0, min: 0, max: 0 })))
  const heat: HeatmapData = { x: axis(10), y: axis(10), cells, min: 0, max: 99 }
  const target = document.body.appendChild(document.createElement('div'))
  const component = mount(HeatmapTable, { target, props: { heat, xTitle: 'hope', yTitle: 'despair', valueTitle: 'forecast' } })
  flushSync()
  const rows = () => [...target.querySelectorAll('tbody th')].map((th) => th.textContent)
  expect(rows()).toEqual(['9', '8', '7'])
  await nextFrameAndTask()
  expect(rows()).toEqual(['9', '8', '7', '6', '5', '4'])
  await expect.poll(rows).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'])
  expect(target.querySelectorAll('[data-testid="heat-cell"]')).toHaveLength(100)
  unmount(component)
  target.remove()
})
