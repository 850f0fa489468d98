import { describe, expect, test } from 'vitest'
import { cpuPerRun, type ThreadTimes } from '../../bench/browser-procs'

const times = (threads: Record<string, [name: string, ticks: number]>): ThreadTimes =>
  new Map(Object.entries(threads).map(([id, [name, ticks]]) => [id, { name, ticks }]))

describe('CPU per run of the browser threads (bench:browser)', () => {
  test('a worker that ended during the batch does not hide what the others spent', () => {
    // two engine workers before; the pool is resized to 1, so worker 2/12 is gone when the batch ends
    const before = times({ '2/10': ['renderer chromium', 100], '2/11': ['renderer DedicatedWorker', 5_000], '2/12': ['renderer DedicatedWorker', 4_900] })
    const after = times({ '2/10': ['renderer chromium', 110], '2/11': ['renderer DedicatedWorker', 5_200] })
    const cpu = cpuPerRun(before, after, 1_000)
    // 200 ticks of 10 ms over 1,000 runs: 2,000 µs a run (summed by name before, it came out as nothing)
    expect(cpu.perRun.workers).toBe(2_000)
    expect(cpu.perRun.main).toBe(100)
    expect(cpu.perRun.total).toBe(2_100)
    expect(cpu.totalMs).toBe(2_100)
  })

  test('counts a thread started during the batch whole, sums by name, and lists each worker thread most first', () => {
    const before = times({ '2/11': ['renderer DedicatedWorker', 50] })
    const after = times({
      '2/11': ['renderer DedicatedWorker', 80],
      '2/13': ['renderer DedicatedWorker', 20],
      '2/14': ['renderer DedicatedWorker', 0],
      '1/3': ['browser ThreadPoolForeg', 7],
      '1/4': ['browser ThreadPoolForeg', 3],
    })
    const cpu = cpuPerRun(before, after, 100)
    expect(cpu.byName).toEqual([
      { name: 'renderer DedicatedWorker', ms: 500, usPerRun: 5_000 },
      { name: 'browser ThreadPoolForeg', ms: 100, usPerRun: 1_000 },
    ])
    // the idle worker spent nothing and is not listed
    expect(cpu.workerUsPerRun).toEqual([3_000, 2_000])
  })
})
