import type { Attachment } from 'svelte/attachments'
import { reportChartError, WorkerChart } from '../../worker/chart-client'
import type { ChartSpec } from './chart-spec'

const charts = new WeakMap<HTMLCanvasElement, WorkerChart>()

/** The worker chart drawing on `canvas`, if a chart is attached to it (to ask what it shows). */
export function chartOn(canvas: HTMLCanvasElement): WorkerChart | undefined {
  return charts.get(canvas)
}

/**
 * Draws the chart `spec()` describes on the canvas it is attached to, in the chart worker (see ChartWorker), and
 * redraws it whenever the spec changes; the canvas's box sets the chart's size, and its pointer events reach the
 * chart (tooltips). The chart goes with the canvas.
 */
export function chart(spec: () => ChartSpec): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const drawn = new WorkerChart(canvas)
    charts.set(canvas, drawn)
    let attached = false
    // the first report of the box comes after layout, so attaching never forces one; a hidden canvas (no box) waits
    const observer = new ResizeObserver(([entry]) => {
      const box = entry.contentBoxSize[0]
      const size = { width: Math.round(box.inlineSize), height: Math.round(box.blockSize), pixelRatio: devicePixelRatio }
      if (size.width === 0 || size.height === 0) return
      if (attached) drawn.resize(size)
      else drawn.attach(size)
      attached = true
    })
    observer.observe(canvas)

    // one pointer move per frame is all a tooltip can show
    let move: { x: number; y: number } | null = null
    const onMove = (event: PointerEvent) => {
      if (!move) requestAnimationFrame(() => {
        if (move) drawn.pointer('mousemove', move.x, move.y)
        move = null
      })
      move = { x: event.offsetX, y: event.offsetY }
    }
    const onLeave = () => {
      move = null
      drawn.pointer('mouseout', 0, 0)
    }
    const onClick = (event: MouseEvent) => drawn.pointer('click', event.offsetX, event.offsetY)
    canvas.addEventListener('pointermove', onMove)
    canvas.addEventListener('pointerleave', onLeave)
    canvas.addEventListener('click', onClick)

    $effect(() => {
      const next = spec()
      // specs are made from raw state (AsyncValue, $derived): sent as they are. One made from deep reactive state holds
      // proxies, which cannot cross to a worker: it goes again as a plain copy (copying every spec cost the page ~4 ms
      // a chart, stretched to 15–30 ms while a batch runs)
      drawn.draw(next).catch((error: unknown) => {
        if ((error as { name?: unknown }).name !== 'DataCloneError') throw error
        return drawn.draw($state.snapshot(next) as ChartSpec)
      }).catch(reportChartError)
    })
    return () => {
      observer.disconnect()
      canvas.removeEventListener('pointermove', onMove)
      canvas.removeEventListener('pointerleave', onLeave)
      canvas.removeEventListener('click', onClick)
      drawn.detach()
      charts.delete(canvas)
    }
  }
}
