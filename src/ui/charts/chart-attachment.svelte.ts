import {
  BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, type ChartType, Decimation, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
} from 'chart.js'
import { untrack } from 'svelte'
import type { Attachment } from 'svelte/attachments'
import { OneAtATime } from './one-at-a-time'

// only what the lab's charts use, so the rest of Chart.js is tree-shaken away
Chart.register(BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip)

type ChartConfig = ChartConfiguration<ChartType, unknown[], unknown>

// Making a chart costs 20 to 60 ms on a busy 2-core machine, and a batch view redraws three at once every few seconds
// while its batch runs: one at a time, each in a task of its own, the page never stalls for all of them together.
const drawing = new OneAtATime<HTMLCanvasElement>()

/**
 * Draws the chart `config()` describes on the canvas it is attached to, and redraws it in place (no animation, no
 * new Chart) whenever the config changes; destroys it when the canvas goes. Drawing waits its turn (see `drawing`).
 */
export function chart(config: () => ChartConfig): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let instance: Chart<ChartType, unknown[], unknown> | null = null
    let type: ChartType | null = null
    const draw = (next: ChartConfig) => {
      if (instance && type === next.type) {
        instance.data = next.data
        instance.options = next.options ?? {}
        instance.update('none')
        return
      }
      instance?.destroy()
      instance = new Chart(canvas, next)
      type = next.type
    }
    $effect(() => {
      const next = config()
      drawing.add(canvas, () => untrack(() => draw(next)))
    })
    return () => {
      drawing.cancel(canvas)
      instance?.destroy()
    }
  }
}
