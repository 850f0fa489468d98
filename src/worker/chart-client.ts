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
  readonly #canvas: OffscreenCanvas

  /** Takes the canvas's drawing surface: it can be taken once, and nothing draws on the element itself after. */
  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas.transferControlToOffscreen()
  }

  attach(size: ChartSize): void {
    send((remote) => remote.attach(this.id, Comlink.transfer(this.#canvas, [this.#canvas]), size))
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
