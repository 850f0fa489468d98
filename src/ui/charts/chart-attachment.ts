import {
  BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, type ChartType, Decimation, Legend, LinearScale,
  LineController, LineElement, PointElement, Tooltip,
} from 'chart.js'
import type { Attachment } from 'svelte/attachments'

// only what the lab's charts use, so the rest of Chart.js is tree-shaken away
Chart.register(BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip)

/** Draws a chart on the canvas it is attached to and destroys it when the canvas goes or the config changes. */
export function chart(config: ChartConfiguration<ChartType, unknown[], unknown>): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const instance = new Chart(canvas, config)
    return () => instance.destroy()
  }
}
