// What /proc says of the browser's processes during a bench: their threads' CPU time, the page's wait for a core, and
// their memory. The browser's processes are the ones started with the bench's profile directory.
import { readdirSync, readFileSync } from 'node:fs'

/** A thread's CPU time so far (user + system, in clock ticks of 10 ms), by `pid/tid`, with the name it is grouped by. */
export type ThreadTimes = Map<string, { name: string; ticks: number }>

/**
 * Calls `visit` with each of the browser's processes (its pid and command line); a process that ends while it is
 * read is skipped. False where there is no /proc to read.
 */
function eachBrowserProcess(profile: string, visit: (pid: string, cmdline: string) => void): boolean {
  let pids: string[]
  try {
    pids = readdirSync('/proc')
  } catch {
    return false
  }
  for (const pid of pids) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (cmdline.includes(profile)) visit(pid, cmdline)
    } catch {
      // the process ended while being read (or, for schedstat, the kernel keeps none)
    }
  }
  return true
}

// CPU time of each of the browser's threads, keyed by process and thread id, with a name (process type and thread
// name) to group them by: on a machine shared with other work, CPU time per run says more than wall-clock time, and
// it shows which thread (the page's main thread, the workers, the browser's IndexedDB threads) the batch costs most.
// By id, not by name: a worker ended during a batch (the pool resized from 2 to 1) took its ticks with it, and summed
// by name the batch's own workers then seemed to cost nothing.
export function threadTimes(profile: string): ThreadTimes {
  const times: ThreadTimes = new Map()
  eachBrowserProcess(profile, (pid, cmdline) => {
    const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser'
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // the name (field 2) may hold spaces: the fields after its closing parenthesis are fixed
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      times.set(`${pid}/${tid}`, { name: `${type} ${comm.replace(/\d+$/, '')}`, ticks: Number(fields[11]) + Number(fields[12]) })
    }
  })
  return times
}

// How long the pages' main threads (a renderer's first thread) waited for a core while they had work, in ms: the
// second field of /proc/…/schedstat. Set beside their CPU time it says whether a long task was long for its work
// or for want of a core (two engine workers, the storage worker and Chromium's own threads share two cores).
export function mainThreadWaitMs(profile: string): number {
  let ns = 0
  eachBrowserProcess(profile, (pid, cmdline) => {
    if (cmdline.includes('--type=renderer')) ns += Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1])
  })
  return ns / 1e6
}

// the browser's processes' resident memory, summed, in MB (null where there is no /proc)
export function browserRssMb(profile: string): number | null {
  let kb = 0
  const read = eachBrowserProcess(profile, (pid) => {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    if (rss) kb += Number(rss[1])
  })
  return read ? kb / 1024 : null
}

/** CPU time per run (µs) of the browser's threads during a batch: all of them, the page's main thread, the workers. */
export interface CpuPerRun {
  total: number
  main: number
  workers: number
}

/** What the threads spent between two snapshots: in all, by thread name (most first), and each worker thread's own. */
export interface ThreadCpu {
  totalMs: number
  perRun: CpuPerRun
  byName: { name: string; ms: number; usPerRun: number }[]
  /** Each worker thread's µs per run, most first: the engine workers, then the storage, chart and analysis workers. */
  workerUsPerRun: number[]
}

// the renderer's main thread carries the process's name; its workers are "DedicatedWorker thread"s
const PAGE_THREAD = 'renderer chromium'
const WORKER_THREAD = 'renderer DedicatedWorker'

/**
 * Each thread's ticks since `before` (all of them for a thread started since), summed by name, over `runs` runs. A
 * thread that ended during the batch is not counted; the others are counted whatever ended beside them.
 */
export function cpuPerRun(before: ThreadTimes, after: ThreadTimes, runs: number): ThreadCpu {
  const us = (ms: number) => (ms / runs) * 1000
  const byName = new Map<string, number>()
  const workerMs: number[] = []
  for (const [id, { name, ticks }] of after) {
    const ms = (ticks - (before.get(id)?.ticks ?? 0)) * 10
    byName.set(name, (byName.get(name) ?? 0) + ms)
    if (name === WORKER_THREAD && ms > 0) workerMs.push(ms)
  }
  const rows = [...byName].filter(([, ms]) => ms > 0).sort((a, b) => b[1] - a[1])
  const totalMs = rows.reduce((sum, [, ms]) => sum + ms, 0)
  const of = (name: string) => byName.get(name) ?? 0
  return {
    totalMs,
    perRun: { total: us(totalMs), main: us(of(PAGE_THREAD)), workers: us(of(WORKER_THREAD)) },
    byName: rows.map(([name, ms]) => ({ name, ms, usPerRun: us(ms) })),
    workerUsPerRun: workerMs.sort((a, b) => b - a).map(us),
  }
}
