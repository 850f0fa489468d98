import { flushSync } from 'svelte'
import { expect, test } from 'vitest'
import { pageIdle } from './next-frame'
import { ShownAfter } from './shown-after.svelte'

const nextFrameAndTask = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))

test('turns true at the page\'s first idle moment after `before` first held, and stays true', async () => {
  let before = $state(false)
  let shown!: ShownAfter
  const stop = $effect.root(() => {
    shown = new ShownAfter(() => before)
  })
  flushSync()
  await nextFrameAndTask()
  expect(shown.current).toBe(false)
  before = true
  flushSync()
  // not in the task that made `before` hold
  expect(shown.current).toBe(false)
  await pageIdle(1000)
  expect(shown.current).toBe(true)
  before = false
  flushSync()
  expect(shown.current).toBe(true)
  stop()
})

test('a part whose view goes before the idle moment never turns true', async () => {
  let shown!: ShownAfter
  const stop = $effect.root(() => {
    shown = new ShownAfter(() => true)
  })
  flushSync()
  stop()
  await pageIdle(1000)
  await nextFrameAndTask()
  expect(shown.current).toBe(false)
})
