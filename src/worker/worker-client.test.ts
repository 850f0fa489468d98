import * as Comlink from 'comlink'
import { afterEach, expect, test, vi } from 'vitest'
import { fakeWorker } from './test-fake-worker'
import { PROBE_MS, WorkerClient, WorkerCrash } from './worker-client'

interface Api {
  echo(value: number): Promise<number>
  // what the worker is doing: the fake answers with the text it is given
  busy(text: string): Promise<string>
}

afterEach(() => vi.useRealTimers())

test('a call not answered within its deadline fails with WorkerCrash, terminates the worker, and the next call starts a fresh one', async () => {
  vi.useFakeTimers()
  const spawned = [fakeWorker(false), fakeWorker(true)]
  let next = 0
  const client = new WorkerClient<Api>(() => spawned[next++].worker, 'storage')
  const stuck = client.call((remote) => remote.echo(1), { deadlineMs: 60_000 })
  const failed = expect(stuck).rejects.toThrow(new WorkerCrash('the storage worker did not answer within 60 s'))
  await vi.advanceTimersByTimeAsync(60_000)
  await failed
  expect(spawned[0].terminated()).toBe(true)
  const answered = client.call((remote) => remote.echo(2), { deadlineMs: 60_000 })
  await vi.advanceTimersByTimeAsync(1)
  expect(await answered).toBe(2)
  expect(next).toBe(2)
  expect(spawned[1].terminated()).toBe(false)
})

test.each([
  ['says what it is busy with', (method: string) => method === 'busy', '; it was busy with a commit for 60.0 s (writing a line file for 59.9 s)'],
  ['cannot say anything', false, `; asked what it was doing, it did not answer within ${PROBE_MS / 1000} s either: its thread was held`],
])('an overdue worker that %s: the crash says so, and it is terminated', async (_, answering, detail) => {
  vi.useFakeTimers()
  const stuck = fakeWorker(answering)
  const client = new WorkerClient<Api>(() => stuck.worker, 'storage')
  const call = client.call((remote) => remote.echo(1), { deadlineMs: 60_000, busyWith: (remote) => remote.busy('a commit for 60.0 s (writing a line file for 59.9 s)') })
  const failed = expect(call).rejects.toThrow(new WorkerCrash(`the storage worker did not answer within 60 s${detail}`))
  await vi.advanceTimersByTimeAsync(60_000)
  expect(stuck.terminated()).toBe(false)
  await vi.advanceTimersByTimeAsync(PROBE_MS)
  await failed
  expect(stuck.terminated()).toBe(true)
})

test('without a deadline a slow answer is waited for', async () => {
  vi.useFakeTimers()
  const worker = fakeWorker(true)
  const client = new WorkerClient<Api>(() => worker.worker, 'analysis')
  const answered = client.call((remote) => remote.echo(3))
  await vi.advanceTimersByTimeAsync(120_000)
  expect(await answered).toBe(3)
  expect(worker.terminated()).toBe(false)
})

// Comlink is what WorkerClient speaks: the fake above must answer in its wire format
test('the fake worker answers as Comlink expects', async () => {
  const { worker } = fakeWorker(true)
  expect(await Comlink.wrap<Api>(worker).echo(4)).toBe(4)
})
