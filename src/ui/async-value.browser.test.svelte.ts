import { flushSync } from 'svelte'
import { expect, test } from 'vitest'
import { AsyncValue } from './async-value.svelte'

/** An AsyncValue whose load reads `revision` and answers with what the test resolves each request with. */
function loader<T>(options?: { same?: (shown: T, loaded: T) => boolean }) {
  let revision = $state(0)
  const requests: ((value: T) => void)[] = []
  let value!: AsyncValue<T>
  const stop = $effect.root(() => {
    value = new AsyncValue(() => {
      void revision
      return new Promise<T>((resolve) => requests.push(resolve))
    }, options)
  })
  flushSync()
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))
  return {
    value,
    requests,
    reload: () => {
      revision++
      flushSync()
    },
    settle,
    stop,
  }
}

test('a reload that reads what is shown keeps the shown value when `same` says so, and shows anything else', async () => {
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i])
  const t = loader<number[]>({ same })
  t.requests[0]([1, 2])
  await t.settle()
  const first = t.value.current
  expect(first).toEqual([1, 2])
  t.reload()
  t.requests[1]([1, 2])
  await t.settle()
  expect(t.value.current).toBe(first)
  t.reload()
  t.requests[2]([1, 3])
  await t.settle()
  expect(t.value.current).toEqual([1, 3])
  t.stop()
})

test('without `same` every reload shows its own value; an answer older than the one shown is dropped', async () => {
  const t = loader<number[]>()
  t.requests[0]([1])
  await t.settle()
  const first = t.value.current
  t.reload()
  t.requests[1]([1])
  await t.settle()
  expect(t.value.current).not.toBe(first)
  expect(t.value.current).toEqual([1])
  t.reload()
  t.reload()
  // the newer request answers first; the older answer, landing after it, is dropped
  t.requests[3]([3])
  await t.settle()
  t.requests[2]([2])
  await t.settle()
  expect(t.value.current).toEqual([3])
  t.stop()
})
