import { flushSync, mount, unmount } from 'svelte'
import { expect, test } from 'vitest'
import type { WorkerChart } from '../../worker/chart-client'
import { chartOn } from './chart-attachment.svelte'
import ChartCanvas from './ChartCanvas.svelte'
import { chartSpec, type ChartSpec } from './chart-spec'
import { histogram } from './stats'

const bars = (values: number[]) => chartSpec('histogram', histogram(values, { domain: [0, 3], bins: 3 }), { label: 'forecast value' })
const lines = (values: number[]) => chartSpec('turnSeries', [{ name: 'hope', points: values.map((y, x) => ({ x, y })) }])

/**
 * ChartCanvas in a box of `width` × 200 px, with a spec the test can change: raw state, as views pass (derived, not
 * proxied), or `deep` reactive state (proxies).
 */
function mountChart(spec: ChartSpec, { width = 400, deep = false } = {}) {
  const target = document.body.appendChild(document.createElement('div'))
  target.style.width = `${width}px`
  let raw = $state.raw(spec)
  let proxied = $state(spec)
  const component = mount(ChartCanvas, { target, props: { get spec() { return deep ? proxied : raw }, label: 'a histogram', height: '200px' } })
  flushSync()
  const canvas = target.querySelector('canvas') as HTMLCanvasElement
  return {
    canvas,
    target,
    drawn: chartOn(canvas) as WorkerChart,
    set: (next: ChartSpec) => {
      if (deep) proxied = next
      else raw = next
      flushSync()
    },
    remove: () => {
      unmount(component)
      target.remove()
    },
  }
}

const pointer = (canvas: HTMLCanvasElement, type: string, x: number, y: number) => {
  const box = canvas.getBoundingClientRect()
  canvas.dispatchEvent(new PointerEvent(type, { clientX: box.left + x, clientY: box.top + y, bubbles: true }))
}

test('a chart is drawn in the chart worker at its box’s size, redrawn in place when its data changes, made anew for another type, gone with its canvas', async () => {
  const { canvas, target, drawn, set, remove } = mountChart(bars([0.5, 1.5, 1.6, 2.5]))
  await expect.poll(() => drawn.describe()).toMatchObject({ type: 'bar', data: [[1, 2, 1]], width: 400, height: 200, made: 1 })
  // the page's canvas gave its drawing surface to the worker (when its box was first reported, not when it was
  // mounted): nothing draws on the page's thread
  expect(() => canvas.getContext('2d')).toThrow()

  set(bars([0.5, 0.6, 0.7]))
  // the same Chart, with the new data: no re-creation (and no canvas resize) on every refresh
  await expect.poll(() => drawn.describe()).toMatchObject({ data: [[3, 0, 0]], made: 1 })

  target.style.width = '300px'
  await expect.poll(() => drawn.describe()).toMatchObject({ width: 300, height: 200, made: 1 })

  set(lines([0.1, 0.2]))
  await expect.poll(() => drawn.describe()).toMatchObject({ type: 'line', data: [[{ x: 0, y: 0.1 }, { x: 1, y: 0.2 }]], made: 2 })

  remove()
  expect(chartOn(canvas)).toBeUndefined()
  await expect.poll(() => drawn.describe()).toBeNull()
})

test('a chart whose data changes several times before its turn draws only the newest', async () => {
  const { drawn, set, remove } = mountChart(bars([0.5]))
  set(bars([1.5]))
  set(bars([2.5]))
  await expect.poll(() => drawn.describe()).toMatchObject({ data: [[0, 0, 1]], made: 1 })
  remove()
})

test('pointer events reach the chart in the worker: hovering a bar shows its tooltip, leaving hides it', async () => {
  const { canvas, drawn, remove } = mountChart(bars([1.5, 1.5]))
  await expect.poll(() => drawn.describe()).toMatchObject({ made: 1 })
  // the middle bin's bar, half way up the plot
  pointer(canvas, 'pointermove', 200, 120)
  await expect.poll(async () => (await drawn.describe())?.tooltip).toEqual(['forecast value 1–2', 'runs: 2'])
  pointer(canvas, 'pointerleave', 0, 0)
  await expect.poll(async () => (await drawn.describe())?.tooltip).toEqual([])
  remove()
})

test('a spec made from deep reactive state (proxies, which cannot cross to a worker) is drawn from a plain copy', async () => {
  const { drawn, set, remove } = mountChart(bars([0.5, 2.5]), { deep: true })
  await expect.poll(() => drawn.describe()).toMatchObject({ type: 'bar', data: [[1, 0, 1]], made: 1 })
  set(bars([1.5]))
  await expect.poll(() => drawn.describe()).toMatchObject({ data: [[0, 1, 0]], made: 1 })
  remove()
})

test('a chart that fails to draw stays blank and the others still draw', async () => {
  const broken = mountChart({ kind: 'histogram', args: [null, { label: 'x' }] } as unknown as ChartSpec)
  await new Promise((resolve) => setTimeout(resolve, 300))
  const fine = mountChart(bars([0.5]))
  await expect.poll(() => fine.drawn.describe()).toMatchObject({ data: [[1, 0, 0]], made: 1 })
  expect(await broken.drawn.describe()).toBeNull()
  broken.remove()
  fine.remove()
})
