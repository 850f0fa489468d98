import { Chart, type ChartConfiguration, type ChartType } from 'chart.js'
import { flushSync, mount, unmount } from 'svelte'
import { expect, test } from 'vitest'
import ChartCanvas from './ChartCanvas.svelte'

type Config = ChartConfiguration<ChartType, unknown[], unknown>

const bars = (values: number[]): Config => ({
  type: 'bar',
  data: { labels: values.map((_, i) => `bin ${i}`), datasets: [{ label: 'runs', data: values }] },
  options: { animation: false, responsive: false },
})
const line = (values: number[]): Config => ({ ...bars(values), type: 'line' })

/** Lets the charts' one-at-a-time drawing run: each draw waits for a task of its own. */
const nextTasks = async (count = 3) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** ChartCanvas on a new element, with a config the test can change (raw state, as views pass: derived, not proxied). */
function mountChart(config: Config) {
  const target = document.body.appendChild(document.createElement('div'))
  let current = $state.raw(config)
  const component = mount(ChartCanvas, { target, props: { get config() { return current }, label: 'a histogram' } })
  flushSync()
  return {
    canvas: target.querySelector('canvas') as HTMLCanvasElement,
    set: (next: Config) => {
      current = next
      flushSync()
    },
    remove: () => {
      unmount(component)
      target.remove()
    },
  }
}

test('a chart is drawn a task after its canvas appears, redrawn in place when its data changes, made anew for another type, destroyed with its canvas', async () => {
  const { canvas, set, remove } = mountChart(bars([1, 2, 3]))
  // not in the same task: three charts appearing at once must not draw in one long task
  expect(Chart.getChart(canvas)).toBeUndefined()
  await nextTasks()
  const first = Chart.getChart(canvas)
  expect(first?.data.datasets[0].data).toEqual([1, 2, 3])

  set(bars([4, 5, 6]))
  await nextTasks()
  // the same Chart, with the new data: no re-creation (and no canvas resize) on every refresh
  expect(Chart.getChart(canvas)).toBe(first)
  expect(first?.data.datasets[0].data).toEqual([4, 5, 6])

  set(line([7, 8]))
  await nextTasks()
  const second = Chart.getChart(canvas)
  expect(second).not.toBe(first)
  expect((second?.config as Config | undefined)?.type).toBe('line')
  expect(second?.data.datasets[0].data).toEqual([7, 8])

  remove()
  expect(Chart.getChart(canvas)).toBeUndefined()
})

test('a chart whose data changes several times before its turn draws only the newest', async () => {
  const { canvas, set, remove } = mountChart(bars([1]))
  set(bars([2]))
  set(bars([3]))
  await nextTasks()
  expect(Chart.getChart(canvas)?.data.datasets[0].data).toEqual([3])
  remove()
})
