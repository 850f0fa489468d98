import {
  BarController, BarElement, BasicPlatform, CategoryScale, Chart, type ChartEvent, type ChartType, Decimation, Filler, Legend,
  LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js'
import { chartConfig } from '../ui/charts/chart-kinds'
import type { ChartSpec } from '../ui/charts/chart-spec'
import { OneAtATime } from '../ui/charts/one-at-a-time'

// only what the lab's charts use, so the rest of Chart.js is tree-shaken away (Filler: the sweep plots' bands)
Chart.register(BarController, BarElement, CategoryScale, Decimation, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip)

/** The size a chart is drawn at: its box in CSS pixels, and the screen's device pixels per CSS pixel. */
export interface ChartSize {
  width: number
  height: number
  pixelRatio: number
}

/** The pointer events a chart answers (tooltips, hover), as Chart.js names them. */
export type ChartPointer = 'mousemove' | 'mouseout' | 'click'

/** What a chart shows now: for tests, and for looking into a chart from the console. */
export interface ChartDescription {
  type: ChartType
  labels: unknown[]
  data: unknown[][]
  width: number
  height: number
  /** How many Chart.js charts were made on this canvas: redraws with new data reuse the chart. */
  made: number
  /** The lines of the tooltip shown, if any. */
  tooltip: string[]
}

/**
 * The chart worker's calls. Every chart of the page is drawn here on an OffscreenCanvas: at a million runs the batch
 * view redraws its charts every few seconds while two engine workers and the storage worker keep both cores busy,
 * and a Chart.js update of 2–5 ms stretched into a 25–85 ms task of the page's thread, the page's longest.
 */
export interface ChartWorker {
  /** Takes over a canvas (transferred from the page) drawn at `size`. */
  attach(id: number, canvas: OffscreenCanvas, size: ChartSize): void
  resize(id: number, size: ChartSize): void
  /** Draws the chart `spec` describes: a new chart for another type, else the same chart with the new data. */
  draw(id: number, spec: ChartSpec): void
  /** A pointer event on the canvas at (x, y) in CSS pixels from its top left. */
  pointer(id: number, type: ChartPointer, x: number, y: number): void
  detach(id: number): void
  describe(id: number): ChartDescription | null
}

type Listener = (event: ChartEvent) => void

// the listeners each chart gave its platform, by event type: the page forwards its canvas's events here
const listeners = new WeakMap<object, Map<string, Listener>>()

/** Chart.js's platform for canvases without a DOM, taking events the page forwards instead of none. */
class ForwardedEventsPlatform extends BasicPlatform {
  override addEventListener(chart: Chart, type: string, listener: Listener): void {
    let byType = listeners.get(chart)
    if (!byType) listeners.set(chart, (byType = new Map()))
    byType.set(type, listener)
  }

  override removeEventListener(chart: Chart, type: string): void {
    listeners.get(chart)?.delete(type)
  }
}

interface Entry {
  canvas: OffscreenCanvas | null
  size: ChartSize | null
  spec: ChartSpec | null
  chart: Chart<ChartType, unknown[], unknown> | null
  type: ChartType | null
  /** What changed since the chart was last drawn. */
  newSpec: boolean
  newSize: boolean
  made: number
}

/** The chart worker's API as a plain object: `chart.worker.ts` exposes it through Comlink, tests call it in-process. */
export function createChartApi(): ChartWorker {
  const entries = new Map<number, Entry>()
  // one chart drawn per task, the newest data of each (a chart asked to redraw faster than it draws skips ahead)
  const drawing = new OneAtATime<number>()
  const entry = (id: number): Entry => {
    let found = entries.get(id)
    if (!found) entries.set(id, (found = { canvas: null, size: null, spec: null, chart: null, type: null, newSpec: false, newSize: false, made: 0 }))
    return found
  }
  const draw = (id: number) => {
    const e = entries.get(id)
    if (!e?.canvas || !e.size || !e.spec) return
    const { canvas, size } = e
    if (e.newSize && e.chart) {
      e.chart.options.devicePixelRatio = size.pixelRatio
      e.chart.resize(size.width, size.height)
    }
    if (e.newSpec) {
      const config = chartConfig(e.spec)
      // no DOM here: the page reports the canvas's size, and Chart.js scales by the ratio it is given
      config.options = Object.assign(config.options ?? {}, { responsive: false, maintainAspectRatio: false, animation: false, devicePixelRatio: size.pixelRatio })
      // a plugin is the config's own (the sensitivity chart's whiskers read its intervals): a new one needs a new chart
      if (e.chart && e.type === config.type && !config.plugins?.length) {
        e.chart.data = config.data
        e.chart.options = config.options
        e.chart.update('none')
      } else {
        e.chart?.destroy()
        // the chart's size in CSS pixels: Chart.js multiplies the canvas by the pixel ratio
        canvas.width = size.width
        canvas.height = size.height
        // Chart.js draws on an OffscreenCanvas (its BasicPlatform), though its types name only the DOM's canvas
        e.chart = new Chart(canvas as unknown as HTMLCanvasElement, { ...config, platform: ForwardedEventsPlatform })
        e.type = config.type
        e.made++
      }
    }
    e.newSpec = false
    e.newSize = false
  }
  // a chart that fails to draw stays blank and says why; thrown from a task here, it would end the worker and every chart
  const bring = (id: number) => {
    try {
      draw(id)
    } catch (error) {
      console.error(`chart ${id} could not be drawn:`, error)
    }
  }
  return {
    attach(id, canvas, size) {
      Object.assign(entry(id), { canvas, size, newSpec: true })
      drawing.add(id, () => bring(id))
    },
    resize(id, size) {
      Object.assign(entry(id), { size, newSize: true })
      drawing.add(id, () => bring(id))
    },
    draw(id, spec) {
      Object.assign(entry(id), { spec, newSpec: true })
      drawing.add(id, () => bring(id))
    },
    pointer(id, type, x, y) {
      const chart = entries.get(id)?.chart
      if (chart) listeners.get(chart)?.get(type)?.({ type, chart, native: { type } as Event, x, y } as ChartEvent)
    },
    detach(id) {
      drawing.cancel(id)
      entries.get(id)?.chart?.destroy()
      entries.delete(id)
    },
    describe(id) {
      const e = entries.get(id)
      const chart = e?.chart
      if (!e?.type || !chart) return null
      const tooltip = chart.tooltip && chart.tooltip.getActiveElements().length > 0 ? [...chart.tooltip.title, ...chart.tooltip.body.flatMap((b) => b.lines)] : []
      return {
        type: e.type,
        labels: [...(chart.data.labels ?? [])],
        data: chart.data.datasets.map((d) => [...d.data]),
        width: chart.width,
        height: chart.height,
        made: e.made,
        tooltip,
      }
    },
  }
}
