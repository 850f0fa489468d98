// The page's long main-thread tasks from a Chromium trace, each with its wall time, its CPU time (the trace's thread
// time) and the CPU the browser's other threads used meanwhile. On two cores shared with two engine workers the
// page's thread is often ready but off the core: a task's wall time minus its CPU time is how long it waited inside
// the task, and the other threads' CPU in that window says who had the cores. No profile of the page shows either.
// The same trace says what the browser's thread pools did: V8 compiling, V8 collecting garbage, IndexedDB.
import type { CDPSession } from '@playwright/test'

/** A main-thread task of the page: when it started (ms after the trace began), its wall and CPU time in ms, and who else ran. */
export interface TracedTask {
  atMs: number
  wallMs: number
  cpuMs: number
  /** CPU ms of other threads' tasks within the task's wall time, by thread name (with how many such threads ran), most first. */
  meanwhile: { name: string; threads: number; cpuMs: number }[]
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; src_file?: string }
}

/** CPU ms of the thread pools' tasks during the trace, by process ('Renderer', 'Browser', …) and kind of work, most first. */
export interface PoolWork {
  process: string
  kind: string
  cpuMs: number
  tasks: number
}

// what a thread pool task is, from the source file that posted it: V8's compilers and collector, IndexedDB, the rest
const POOL_KINDS: [RegExp, string][] = [
  [/^v8\/src\/(compiler-dispatcher|maglev|baseline|compiler)\//, 'V8 compiling'],
  [/^v8\/src\/heap\//, 'V8 garbage collection'],
  [/indexed_db|leveldatabase|sql\//, 'IndexedDB'],
]

/** A task kept from the trace: its thread, start and wall time (µs), and CPU time (µs). */
interface Task {
  thread: string
  ts: number
  dur: number
  tdur: number
}

// tasks of under a ms of CPU are most of a trace and change no answer here: they are not kept
const MIN_KEPT_CPU_US = 1_000

/**
 * Starts tracing top-level tasks; `stop` ends it and returns the main-thread tasks of the page's renderer of `minMs` or
 * more, and what the thread pools spent.
 */
export async function startTaskTrace(cdp: CDPSession, minMs = 50): Promise<{ stop(): Promise<{ tasks: TracedTask[]; pools: PoolWork[] }> }> {
  const tasks: Task[] = []
  const names = new Map<string, string>()
  const processes = new Map<number, string>()
  // CPU µs and count of thread pool tasks, by pid and kind
  const pool = new Map<string, { pid: number; kind: string; tdur: number; tasks: number }>()
  let first = Infinity
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const event of value as unknown as TraceEvent[]) {
      if (event.ph === 'M' && event.name === 'thread_name') names.set(`${event.pid}:${event.tid}`, event.args?.name ?? '?')
      else if (event.ph === 'M' && event.name === 'process_name') processes.set(event.pid, event.args?.name ?? '?')
      else if (event.ph === 'X' && event.name === 'ThreadPool_RunTask') {
        const file = event.args?.src_file ?? ''
        const kind = POOL_KINDS.find(([pattern]) => pattern.test(file))?.[1] ?? 'other'
        const key = `${event.pid} ${kind}`
        const entry = pool.get(key) ?? { pid: event.pid, kind, tdur: 0, tasks: 0 }
        entry.tdur += event.tdur ?? 0
        entry.tasks++
        pool.set(key, entry)
      } else if (event.ph === 'X' && event.name === 'ThreadControllerImpl::RunTask') {
        first = Math.min(first, event.ts)
        const dur = event.dur ?? 0
        const tdur = event.tdur ?? 0
        if (tdur >= MIN_KEPT_CPU_US || dur >= minMs * 1000) tasks.push({ thread: `${event.pid}:${event.tid}`, ts: event.ts, dur, tdur })
      }
    }
  })
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel'], recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' })
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
      await cdp.send('Tracing.end')
      await complete
      const nameOf = (thread: string) => names.get(thread) ?? '?'
      const pools = Array.from(pool.values(), ({ pid, kind, tdur, tasks: count }) => ({ process: processes.get(pid) ?? `pid ${pid}`, kind, cpuMs: tdur / 1000, tasks: count }))
        .sort((a, b) => b.cpuMs - a.cpuMs)
      // the page's renderer is the one whose main thread ran the long tasks: there is one renderer per page here
      const long = tasks
        .filter((task) => task.dur >= minMs * 1000 && nameOf(task.thread) === 'CrRendererMain')
        .sort((a, b) => a.ts - b.ts)
        .map((task) => ({
          atMs: (task.ts - first) / 1000,
          wallMs: task.dur / 1000,
          cpuMs: task.tdur / 1000,
          meanwhile: cpuMeanwhile(tasks, task, nameOf),
        }))
      return { tasks: long, pools }
    },
  }
}

// other threads' CPU within the task's wall time, by thread name; a task partly inside counts in proportion
function cpuMeanwhile(tasks: readonly Task[], within: Task, nameOf: (thread: string) => string): TracedTask['meanwhile'] {
  const byName = new Map<string, { threads: Set<string>; cpuMs: number }>()
  const end = within.ts + within.dur
  for (const task of tasks) {
    if (task.thread === within.thread || task.ts >= end || task.ts + task.dur <= within.ts || task.dur === 0) continue
    const overlap = Math.min(end, task.ts + task.dur) - Math.max(within.ts, task.ts)
    const name = nameOf(task.thread)
    const entry = byName.get(name) ?? { threads: new Set<string>(), cpuMs: 0 }
    entry.threads.add(task.thread)
    entry.cpuMs += (task.tdur * overlap) / task.dur / 1000
    byName.set(name, entry)
  }
  return Array.from(byName, ([name, { threads, cpuMs }]) => ({ name, threads: threads.size, cpuMs })).filter((entry) => entry.cpuMs >= 1).sort((a, b) => b.cpuMs - a.cpuMs)
}
