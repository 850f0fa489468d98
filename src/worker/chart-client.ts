import * as Comlink from 'comlink'
import type { ChartSpec } from '../ui/charts/chart-spec'
import type { ChartDescription, ChartPointer, ChartSize, ChartWorker } from './chart-api'
import { WorkerClient } from './worker-client'

// one worker draws every chart of the page, started when the first chart appears
const worker = new WorkerClient<ChartWorker>(() => new Worker(new URL('./chart.worker.ts', import.meta.url), { type: 'module' }), 'chart')

let lastId = 0

/**
 * A canvas the chart worker draws on. The page keeps the element (its box, its events); the worker gets its drawing
 * surface. Calls are sent in order and not awaited: a chart that cannot be drawn (the worker crashed) stays blank, and
 * says so in the console.
 */
export class WorkerChart {
  readonly id = ++lastId
  readonly #canvas: HTMLCanvasElement

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas
  }

  /**
   * Takes the canvas's drawing surface, once: nothing draws on the element itself after. Not done when the chart is
   * made: taking it costs the page's thread 10–15 ms, and a view that mounts a chart has enough to do in that task.
   */
  attach(size: ChartSize): void {
    const surface = this.#canvas.transferControlToOffscreen()
    send((remote) => remote.attach(this.id, Comlink.transfer(surface, [surface]), size))
  }

  resize(size: ChartSize): void {
    send((remote) => remote.resize(this.id, size))
  }

  /** Fails with a DataCloneError when `spec` holds what cannot cross to a worker (a function, a reactive proxy). */
  draw(spec: ChartSpec): Promise<void> {
    return worker.call((remote) => remote.draw(this.id, spec))
  }

  pointer(type: ChartPointer, x: number, y: number): void {
    send((remote) => remote.pointer(this.id, type, x, y))
  }

  detach(): void {
    send((remote) => remote.detach(this.id))
  }

  describe(): Promise<ChartDescription | null> {
    return worker.call((remote) => remote.describe(this.id))
  }
}

function send(call: (remote: Comlink.Remote<ChartWorker>) => Promise<void>): void {
  worker.call(call).catch(reportChartError)
}

/** A chart the worker could not draw stays blank; the console says why. */
export function reportChartError(error: unknown): void {
  console.error('a chart could not be drawn:', error)
}
