// The page's long main-thread tasks from a Chromium trace, each with its wall time and its CPU time (the trace's
// thread time). On two cores shared with two engine workers the page's thread is often ready but off the core: a
// task's wall time minus its CPU time is how long it waited inside the task, which no profile of the page shows.
import type { CDPSession } from '@playwright/test'

/** A main-thread task of the page: when it started (ms after the trace began), its wall time and CPU time in ms. */
export interface TracedTask {
  atMs: number
  wallMs: number
  cpuMs: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

/** Starts tracing top-level tasks; `stop` ends it and returns the main-thread tasks of the page's renderer longer than `minMs`. */
export async function startTaskTrace(cdp: CDPSession, minMs = 50): Promise<{ stop(): Promise<TracedTask[]> }> {
  const long: TraceEvent[] = []
  const threads: TraceEvent[] = []
  let first = Infinity
  // only what is needed is kept: a trace of every task of every thread for a minute is hundreds of MB
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const event of value as unknown as TraceEvent[]) {
      if (event.ph === 'M' && event.name === 'thread_name') threads.push(event)
      else if (event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask') {
        first = Math.min(first, event.ts)
        if ((event.dur ?? 0) >= minMs * 1000) long.push(event)
      }
    }
  })
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel'], recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' })
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
      await cdp.send('Tracing.end')
      await complete
      // the page's renderer is the one whose main thread ran the long tasks: there is one renderer per page here
      const main = new Set(threads.filter((event) => event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`))
      return long
        .filter((event) => main.has(`${event.pid}:${event.tid}`))
        .map((event) => ({ atMs: (event.ts - first) / 1000, wallMs: (event.dur ?? 0) / 1000, cpuMs: (event.tdur ?? 0) / 1000 }))
        .sort((a, b) => a.atMs - b.atMs)
    },
  }
}
